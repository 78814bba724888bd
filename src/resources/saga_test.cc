// The saga runner against an in-test cloud: a map of named pieces with tags, where each step
// makes one piece. What is checked is the cloud's state afterwards — nothing left behind,
// nothing doubled, nothing foreign touched — and the journal.
#include "resources/saga.h"

#include <map>

#include "core/status_macros.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::resources {
namespace {

using nlohmann::json;
using store::Engine;

struct Piece {
  std::string owner_tag;  // paved-resource-id
  int created = 0;        // how many times it was created (must stay 1)
};

struct CrashNow {};  // thrown to stop a run the way kill -9 would: nothing after it happens

// A cloud with a few ways to misbehave, set per step name.
struct Cloud {
  std::map<std::string, Piece> pieces;
  std::map<std::string, absl::Status> apply_fails;  // step -> error (every call)
  std::map<std::string, int> transient_fails;       // step -> how many calls fail first
  std::map<std::string, int> waits;                 // step -> polls before ready
  std::map<std::string, absl::Status> undo_fails;
  int crash_after_changes = -1;  // crash right after the n-th change to the cloud (0-based)
  int changes = 0;

  void Changed() {
    if (changes++ == crash_after_changes) throw CrashNow{};
  }
};

class PieceStep : public Step {
 public:
  PieceStep(Cloud* cloud, std::string name) : cloud_(cloud), name_(std::move(name)) {}
  std::string Name() const override { return name_; }
  std::string IdempotencyKey(const Resource& r) const override {
    return "paved-" + r.id + "-" + name_;
  }
  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json& outputs) override {
    if (auto it = cloud_->apply_fails.find(name_); it != cloud_->apply_fails.end()) {
      return it->second;
    }
    if (int& n = cloud_->transient_fails[name_]; n > 0) {
      --n;
      return absl::UnavailableError("throttled");
    }
    std::string key = IdempotencyKey(r);
    if (auto it = cloud_->pieces.find(key); it != cloud_->pieces.end()) {
      if (it->second.owner_tag != r.id) {
        return absl::AlreadyExistsError(key + " exists and is not Paved's (not_ours)");
      }
    } else {
      cloud_->pieces[key] = Piece{.owner_tag = r.id, .created = 1};
      cloud_->Changed();
    }
    if (int& n = cloud_->waits[name_]; n > 0) {
      --n;
      return StepOutcome::Waiting(30'000, name_ + " to become available");
    }
    json out = outputs;
    return StepOutcome::Done("id-" + key, {{name_, true}, {"seen_before", out.size()}});
  }
  absl::Status Undo(const Resource& r, const std::string& provider_id) override {
    if (auto it = cloud_->undo_fails.find(name_); it != cloud_->undo_fails.end()) {
      return it->second;
    }
    std::string key = IdempotencyKey(r);
    EXPECT_TRUE(provider_id.empty() || provider_id == "id-" + key) << provider_id;
    auto it = cloud_->pieces.find(key);
    if (it == cloud_->pieces.end()) return absl::OkStatus();    // already gone
    if (it->second.owner_tag != r.id) return absl::OkStatus();  // someone else's: left alone
    cloud_->pieces.erase(it);
    cloud_->Changed();
    return absl::OkStatus();
  }

 private:
  Cloud* cloud_;
  std::string name_;
};

class PieceProvider : public Provider {
 public:
  explicit PieceProvider(Cloud* cloud) : cloud_(cloud) {}
  std::string Name() const override { return "test"; }
  bool Supports(Kind) const override { return true; }
  std::vector<std::unique_ptr<Step>> Steps(const Resource&) override {
    std::vector<std::unique_ptr<Step>> steps;
    for (const char* name : {"subnet-group", "parameter-group", "replication-group", "tags"}) {
      steps.push_back(std::make_unique<PieceStep>(cloud_, name));
    }
    return steps;
  }
  absl::StatusOr<json> LiveStatus(const Resource&) override { return json::object(); }

 private:
  Cloud* cloud_;
};

class SagaTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    store_ = std::make_unique<ResourceStore>(db_.get(), &clock_);
    queue_ = std::make_unique<jobs::JobQueue>(db_.get(), &clock_);
    runner_ = std::make_unique<SagaRunner>(
        store_.get(), queue_.get(), std::map<std::string, Provider*>{{"test", &provider_}},
        SagaListener{
            .ended = [this](store::Tx&, const Resource&, Status s, const std::string& why) {
              ended_.push_back(std::string(StatusName(s)) + (why.empty() ? "" : ": " + why));
              return absl::OkStatus();
            }});
  }

  std::string NewResource(Status status = Status::kCreating) {
    Resource r{.id = "res-" + std::to_string(++count_),
               .project_id = "p1",
               .name = "cache" + std::to_string(count_),
               .environment = "production",
               .account = "acct",
               .provider = "test",
               .status = status,
               .created_by = "dev"};
    EXPECT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(store_->Insert(tx, r));
      return runner_->EnqueueCreate(tx, r.id);
    }));
    return r.id;
  }

  jobs::Job JobFor(const std::string& id) { return jobs::Job{.payload = {{"resource_id", id}}}; }

  // Runs the creation job until it ends, as the queue would (polls and retries included).
  void CreateUntilEnded(const std::string& id, int max_runs = 50) {
    for (int run = 0; run < max_runs; ++run) {
      absl::Status s = runner_->RunCreate(JobFor(id));
      if (s.ok()) return;
    }
    ADD_FAILURE() << "creation did not end";
  }

  Resource MustGet(const std::string& id) {
    auto r = store_->Get(id);
    EXPECT_OK(r);
    return r.ok() && *r ? **r : Resource{};
  }

  std::vector<std::string> Events(const std::string& id) {
    std::vector<std::string> out;
    auto journal = store_->Journal(id);
    EXPECT_OK(journal);
    for (const auto& e : *journal) out.push_back(e.saga + " " + e.step + " " + e.event);
    return out;
  }

  FakeClock clock_;
  Cloud cloud_;
  PieceProvider provider_{&cloud_};
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<ResourceStore> store_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<SagaRunner> runner_;
  std::vector<std::string> ended_;
  int count_ = 0;
};

TEST_P(SagaTest, EveryStepIsJournaledBeforeAndAfterAndTheResourceIsReady) {
  std::string id = NewResource();
  CreateUntilEnded(id);
  Resource r = MustGet(id);
  EXPECT_EQ(r.status, Status::kReady);
  EXPECT_EQ(cloud_.pieces.size(), 4u);
  EXPECT_EQ(r.outputs["replication-group"], true);
  EXPECT_EQ(r.outputs["seen_before"], 4);  // each step saw what the earlier ones produced
  EXPECT_EQ(Events(id), (std::vector<std::string>{
                            "create subnet-group started", "create subnet-group done",
                            "create parameter-group started", "create parameter-group done",
                            "create replication-group started", "create replication-group done",
                            "create tags started", "create tags done"}));
  auto journal = store_->Journal(id);
  ASSERT_OK(journal);
  EXPECT_EQ((*journal)[1].provider_id, "id-paved-" + id + "-subnet-group");
  EXPECT_EQ((*journal)[0].idempotency_key, "paved-" + id + "-subnet-group");
  EXPECT_EQ(ended_, std::vector<std::string>{"ready"});
  ASSERT_OK(runner_->RunCreate(JobFor(id)));  // a stray second run changes nothing
  EXPECT_EQ(Events(id).size(), 8u);
}

TEST_P(SagaTest, AStepThatFailsForGoodUndoesWhatWasMadeInReverse) {
  cloud_.apply_fails["replication-group"] =
      absl::InvalidArgumentError("InvalidParameterValue: node type not offered");
  std::string id = NewResource();
  CreateUntilEnded(id);
  Resource r = MustGet(id);
  EXPECT_EQ(r.status, Status::kFailed);
  EXPECT_NE(r.status_detail.find("replication-group failed: InvalidParameterValue"),
            std::string::npos)
      << r.status_detail;
  EXPECT_TRUE(cloud_.pieces.empty());
  EXPECT_EQ(Events(id),
            (std::vector<std::string>{
                "create subnet-group started", "create subnet-group done",
                "create parameter-group started", "create parameter-group done",
                "create replication-group started", "create replication-group failed",
                "create replication-group undo-started", "create replication-group undone",
                "create parameter-group undo-started", "create parameter-group undone",
                "create subnet-group undo-started", "create subnet-group undone"}));
  EXPECT_EQ(ended_.size(), 1u);
  EXPECT_EQ(ended_[0].rfind("failed: replication-group failed", 0), 0u) << ended_[0];
}

TEST_P(SagaTest, AKillAtAnyPointEndsCompleteOrFullyUndoneWithNothingDoubled) {
  // Crash after every possible change to the cloud, in a creation that succeeds and in one
  // whose third step fails for good (so the crashes also hit the undo).
  for (bool failing : {false, true}) {
    for (int crash_at = 0; crash_at < 4; ++crash_at) {  // 4 changes: creates, or creates + undos
      SCOPED_TRACE(testing::Message() << "failing=" << failing << " crash_at=" << crash_at);
      cloud_ = Cloud{};
      if (failing) cloud_.apply_fails["replication-group"] = absl::InvalidArgumentError("no");
      cloud_.crash_after_changes = crash_at;
      std::string id = NewResource();
      bool crashed = false;
      try {
        runner_->RunCreate(JobFor(id)).IgnoreError();
      } catch (const CrashNow&) {
        crashed = true;
      }
      cloud_.crash_after_changes = -1;
      CreateUntilEnded(id);  // the restarted server claims the job again
      Resource r = MustGet(id);
      EXPECT_TRUE(crashed);
      if (failing) {
        EXPECT_EQ(r.status, Status::kFailed);
        EXPECT_TRUE(cloud_.pieces.empty());
      } else {
        EXPECT_EQ(r.status, Status::kReady);
        EXPECT_EQ(cloud_.pieces.size(), 4u);
        for (const auto& [key, piece] : cloud_.pieces) EXPECT_EQ(piece.created, 1) << key;
      }
    }
  }
}

TEST_P(SagaTest, APieceSomeoneElseMadeIsNeverAdoptedNorDeleted) {
  std::string id = NewResource();
  std::string foreign = "paved-" + id + "-parameter-group";
  cloud_.pieces[foreign] = Piece{.owner_tag = "someone-else", .created = 1};
  CreateUntilEnded(id);
  EXPECT_EQ(MustGet(id).status, Status::kFailed);
  EXPECT_NE(MustGet(id).status_detail.find("not_ours"), std::string::npos);
  ASSERT_EQ(cloud_.pieces.size(), 1u);  // the subnet group was undone, the foreign piece kept
  EXPECT_EQ(cloud_.pieces.begin()->first, foreign);
  EXPECT_EQ(cloud_.pieces.begin()->second.owner_tag, "someone-else");
}

TEST_P(SagaTest, TransientErrorsAreRetriedAndThenGivenUp) {
  cloud_.transient_fails["tags"] = 2;
  std::string ok = NewResource();
  CreateUntilEnded(ok);
  EXPECT_EQ(MustGet(ok).status, Status::kReady);
  int retries = 0;
  for (const std::string& e : Events(ok)) retries += e == "create tags retry";
  EXPECT_EQ(retries, 2);

  cloud_.transient_fails["tags"] = 100;
  std::string given_up = NewResource();
  CreateUntilEnded(given_up);
  EXPECT_EQ(MustGet(given_up).status, Status::kFailed);
  EXPECT_EQ(cloud_.pieces.size(), 4u);  // only the first resource's pieces
}

TEST_P(SagaTest, WaitingReschedulesTheJobAndJournalsTheWaitOnce) {
  cloud_.waits["replication-group"] = 3;
  std::string id = NewResource();
  absl::Status first = runner_->RunCreate(JobFor(id));
  EXPECT_EQ(jobs::PollDelayMs(first), 30'000);
  CreateUntilEnded(id);
  EXPECT_EQ(MustGet(id).status, Status::kReady);
  int waits = 0;
  for (const std::string& e : Events(id)) waits += e == "create replication-group waiting";
  EXPECT_EQ(waits, 1);
}

TEST_P(SagaTest, DeletingUndoesEveryPieceInReverse) {
  std::string id = NewResource();
  CreateUntilEnded(id);
  ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(store_->SetStatus(tx, id, Status::kDeleting, ""));
    return runner_->EnqueueDelete(tx, id);
  }));
  cloud_.crash_after_changes = cloud_.changes + 1;  // die after the second removal
  EXPECT_THROW(runner_->RunDelete(JobFor(id)).IgnoreError(), CrashNow);
  cloud_.crash_after_changes = -1;
  ASSERT_OK(runner_->RunDelete(JobFor(id)));
  EXPECT_EQ(MustGet(id).status, Status::kDeleted);
  EXPECT_TRUE(cloud_.pieces.empty());
  std::vector<std::string> events = Events(id);
  EXPECT_EQ(events[8], "delete tags undo-started");
  EXPECT_EQ(events.back(), "delete subnet-group undone");
  EXPECT_EQ(ended_.back(), "deleted");
}

TEST_P(SagaTest, AnUndoThatFailsForGoodSaysWhatIsLeft) {
  cloud_.apply_fails["tags"] = absl::InvalidArgumentError("bad tag");
  cloud_.undo_fails["parameter-group"] =
      absl::FailedPreconditionError("InvalidCacheParameterGroupState");
  std::string id = NewResource();
  CreateUntilEnded(id);
  Resource r = MustGet(id);
  EXPECT_EQ(r.status, Status::kFailed);
  EXPECT_NE(r.status_detail.find("could not remove parameter-group"), std::string::npos);
  EXPECT_EQ(Events(id).back(), "create parameter-group undo-failed");
  EXPECT_EQ(cloud_.pieces.size(), 2u);  // the parameter group, and the subnet group under it
}

TEST_P(SagaTest, AnUnknownProviderFailsTheResourceInsteadOfTheJob) {
  Resource r{.id = "odd",
             .project_id = "p1",
             .name = "odd",
             .environment = "alpha",
             .account = "acct",
             .provider = "gcp",
             .created_by = "dev"};
  ASSERT_OK(db_->Transaction([&](store::Tx& tx) { return store_->Insert(tx, r); }));
  ASSERT_OK(runner_->RunCreate(JobFor("odd")));
  EXPECT_EQ(MustGet("odd").status, Status::kFailed);
  EXPECT_OK(runner_->RunCreate(JobFor("no-such-resource")));
}

TEST_P(SagaTest, ANameIsUniqueAmongTheLiveResourcesOfAProjectAndEnvironment) {
  std::string id = NewResource();
  Resource again = MustGet(id);
  again.id = "other";
  absl::Status s = db_->Transaction([&](store::Tx& tx) { return store_->Insert(tx, again); });
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  again.environment = "alpha";
  EXPECT_OK(db_->Transaction([&](store::Tx& tx) { return store_->Insert(tx, again); }));
}

INSTANTIATE_TEST_SUITE_P(Engines, SagaTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::resources
