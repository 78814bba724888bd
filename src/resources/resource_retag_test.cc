// The reconciler that keeps the owner tags of resources' pieces in step with the catalog, with
// a provider that records what it was asked to tag.
#include "resources/resource_retag.h"

#include <map>
#include <set>

#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/status_macros.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::resources {
namespace {

using nlohmann::json;

class TaggingProvider : public Provider {
 public:
  explicit TaggingProvider(std::string name, bool tags = true)
      : name_(std::move(name)), tags_(tags) {}
  std::string Name() const override { return name_; }
  bool Supports(Kind) const override { return true; }
  std::vector<std::unique_ptr<Step>> Steps(const Resource&) override { return {}; }
  absl::StatusOr<json> LiveStatus(const Resource&) override { return json::object(); }
  bool Tags() const override { return tags_; }
  absl::Status Retag(const Resource& r) override {
    calls.push_back(r.name + "=" + r.owner_team);
    if (failing.count(r.name)) return absl::UnavailableError("AWS is throttling");
    return absl::OkStatus();
  }
  std::vector<std::string> calls;
  std::set<std::string> failing;

 private:
  std::string name_;
  bool tags_;
};

class RetaggerTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    teams_ = std::make_unique<catalog::TeamStore>(db_.get(), &clock_);
    projects_ = std::make_unique<catalog::ProjectStore>(db_.get(), &clock_);
    store_ = std::make_unique<ResourceStore>(db_.get(), &clock_);
    audit_ = std::make_unique<audit::AuditLog>(db_.get(), &clock_);
    retagger_ = std::make_unique<Retagger>(
        store_.get(), audit_.get(), [this](const std::string& name) -> Provider* {
          return name == "aws" ? &aws_ : name == "local" ? &local_ : nullptr;
        });
    ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
      for (const char* slug : {"chat", "payments"}) {
        catalog::Team team{.slug = slug, .name = slug};
        RETURN_IF_ERROR(teams_->Create(tx, team));
        team_ids_[slug] = team.id;
      }
      project_ = catalog::Project{.slug = "gateway", .name = "Gateway"};
      project_.owner_team_id = team_ids_["chat"];
      return projects_->Create(tx, project_);
    }));
  }

  // A resource of the project whose pieces were tagged with `tagged` ("" : not recorded).
  std::string Add(const std::string& name, Status status, const std::string& tagged,
                  const std::string& provider = "aws") {
    Resource r{.id = "res-" + name,
               .project_id = project_.id,
               .name = name,
               .kind = Kind::kDynamoDb,
               .environment = "production",
               .account = "123456789012",
               .provider = provider,
               .status = status,
               .created_by = "dev"};
    if (!tagged.empty()) r.outputs[kTaggedTeamOutput] = tagged;
    EXPECT_OK(db_->Transaction([&](store::Tx& tx) { return store_->Insert(tx, r); }));
    return r.id;
  }

  void TransferTo(const std::string& team) {
    ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
      project_.owner_team_id = team_ids_[team];
      return projects_->Update(tx, project_);
    }));
  }

  Resource MustGet(const std::string& id) {
    auto r = store_->Get(id);
    EXPECT_OK(r);
    return r.ok() && *r ? **r : Resource{};
  }

  std::vector<std::string> RetagJournal(const std::string& id) {
    std::vector<std::string> out;
    auto journal = store_->Journal(id);
    EXPECT_OK(journal);
    if (!journal.ok()) return out;
    for (const JournalEntry& e : *journal) {
      if (e.saga == "retag") out.push_back(e.step + " " + e.event + " " + e.detail);
    }
    return out;
  }

  SystemClock clock_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<catalog::TeamStore> teams_;
  std::unique_ptr<catalog::ProjectStore> projects_;
  std::unique_ptr<ResourceStore> store_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<Retagger> retagger_;
  TaggingProvider aws_{"aws"};
  TaggingProvider local_{"local", false};
  std::map<std::string, std::string> team_ids_;
  catalog::Project project_;
};

TEST_P(RetaggerTest, ATransferRetagsEveryReadyResourceOnceAndRecordsIt) {
  std::string cache = Add("cache", Status::kReady, "chat");
  std::string table = Add("table", Status::kReady, "chat");
  Add("gone", Status::kDeleted, "chat");
  Add("broken", Status::kFailed, "chat");
  Add("busy", Status::kUpdating, "chat");
  Add("here", Status::kReady, "", "local");  // the local provider tags nothing

  auto round = retagger_->RunOnce();
  ASSERT_OK(round);
  EXPECT_EQ(aws_.calls, std::vector<std::string>{});  // every piece carries its owner already
  EXPECT_EQ(round->retagged, 0);

  TransferTo("payments");
  aws_.failing = {"table"};
  round = retagger_->RunOnce();
  ASSERT_OK(round);
  EXPECT_EQ(aws_.calls, (std::vector<std::string>{"cache=payments", "table=payments"}));
  EXPECT_EQ(round->retagged, 1);
  EXPECT_EQ(round->failed, 1);  // and it did not stop the other resource
  EXPECT_EQ(MustGet(cache).outputs[kTaggedTeamOutput], "payments");
  EXPECT_EQ(MustGet(table).outputs[kTaggedTeamOutput], "chat");
  EXPECT_EQ(RetagJournal(cache), std::vector<std::string>{"retag done chat -> payments"});
  EXPECT_EQ(RetagJournal(table), std::vector<std::string>{});
  auto events = audit_->List({.subject = "resource:" + cache});
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "resource.retag");
  EXPECT_EQ((*events)[0].actor, "paved");
  EXPECT_EQ((*events)[0].summary["from"], "chat");
  EXPECT_EQ((*events)[0].summary["to"], "payments");

  // The next round tries the failed one again and leaves the retagged one alone.
  aws_.calls.clear();
  aws_.failing.clear();
  round = retagger_->RunOnce();
  ASSERT_OK(round);
  EXPECT_EQ(aws_.calls, std::vector<std::string>{"table=payments"});
  EXPECT_EQ(MustGet(table).outputs[kTaggedTeamOutput], "payments");
  EXPECT_EQ(RetagJournal(cache).size(), 1u);
}

TEST_P(RetaggerTest, AResourceWithoutARecordedTeamIsRetaggedOnce) {
  std::string old = Add("old", Status::kReady, "");
  ASSERT_OK(retagger_->RunOnce());
  ASSERT_OK(retagger_->RunOnce());
  EXPECT_EQ(aws_.calls, std::vector<std::string>{"old=chat"});
  EXPECT_EQ(RetagJournal(old), std::vector<std::string>{"retag done  -> chat"});
}

INSTANTIATE_TEST_SUITE_P(Engines, RetaggerTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::resources
