#include "audit/audit_log.h"

#include <memory>

#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::audit {
namespace {

class AuditLogTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto s = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(s);
    store_ = std::move(*s);
    log_ = std::make_unique<AuditLog>(store_.get(), &clock_);
  }

  void Append(const std::string& subject) {
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      return log_->Append(tx, "dev", "thing.update", subject, {{"n", subject}});
    }));
    clock_.AdvanceMs(1000);
  }

  // Subjects returned by List, newest first.
  std::vector<std::string> Listed(const EventFilter& f) {
    auto events = log_->List(f);
    EXPECT_OK(events);
    std::vector<std::string> out;
    if (events.ok()) {
      for (const auto& e : *events) out.push_back(e.subject);
    }
    return out;
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AuditLog> log_;
};

using Subjects = std::vector<std::string>;

TEST_P(AuditLogTest, ExactSubjectAndActorAsBefore) {
  Append("project:a");
  Append("project:ab");
  Append("project:a");
  EXPECT_EQ(Listed({.subject = "project:a"}), (Subjects{"project:a", "project:a"}));
  EXPECT_EQ(Listed({.actor = "dev", .limit = 2}), (Subjects{"project:a", "project:ab"}));
  EXPECT_EQ(Listed({.actor = "nobody"}), Subjects{});
  EXPECT_EQ(Listed({}).size(), 3u);
}

TEST_P(AuditLogTest, PrefixesAreAlternativesToTheSubject) {
  Append("project:a");
  Append("config:a/alpha/web");
  Append("config:ab/alpha/web");
  Append("secret:a/production/DB");
  Append("project:ab");
  Append("config:a");  // the prefix itself without the slash
  EventFilter f{.subject = "project:a", .subject_prefixes = {"config:a/", "secret:a/"}};
  EXPECT_EQ(Listed(f), (Subjects{"secret:a/production/DB", "config:a/alpha/web", "project:a"}));
  EXPECT_EQ(Listed({.subject_prefixes = {"config:a/"}}), Subjects{"config:a/alpha/web"});
  EXPECT_EQ(Listed({.subject_prefixes = {"config:"}}),
            (Subjects{"config:a", "config:ab/alpha/web", "config:a/alpha/web"}));
  // Paging through the union keeps working.
  f.limit = 2;
  EXPECT_EQ(Listed(f), (Subjects{"secret:a/production/DB", "config:a/alpha/web"}));
  auto first = log_->List(f);
  ASSERT_OK(first);
  f.before_seq = first->back().seq;
  EXPECT_EQ(Listed(f), Subjects{"project:a"});
}

TEST_P(AuditLogTest, WildcardsInAPrefixAreLiteral) {
  Append("config:a_b/alpha/web");
  Append("config:axb/alpha/web");
  Append("config:a%b/alpha/web");
  Append("config:a%%/alpha/web");
  Append("config:a!b/alpha/web");
  Append("config:a\\b/alpha/web");
  EXPECT_EQ(Listed({.subject_prefixes = {"config:a_b/"}}), Subjects{"config:a_b/alpha/web"});
  EXPECT_EQ(Listed({.subject_prefixes = {"config:a%"}}),
            (Subjects{"config:a%%/alpha/web", "config:a%b/alpha/web"}));
  EXPECT_EQ(Listed({.subject_prefixes = {"config:a!"}}), Subjects{"config:a!b/alpha/web"});
  EXPECT_EQ(Listed({.subject_prefixes = {"config:a\\"}}), Subjects{"config:a\\b/alpha/web"});
  EXPECT_EQ(Listed({.subject_prefixes = {"%"}}), Subjects{});
}

TEST_P(AuditLogTest, PrefixEndingInNonAsciiAndEmptyPrefix) {
  Append("project:café/x");
  Append("project:cafe/x");
  Append("project:caféine");
  EXPECT_EQ(Listed({.subject_prefixes = {"project:café"}}),
            (Subjects{"project:caféine", "project:café/x"}));
  EXPECT_EQ(Listed({.subject = "project:cafe/x", .subject_prefixes = {""}}).size(), 3u);
}

TEST_P(AuditLogTest, SinceBoundsTheTime) {
  int64_t start = clock_.NowMs();
  Append("project:a");
  Append("config:a/alpha/web");
  Append("project:a");
  EventFilter f{
      .subject = "project:a", .subject_prefixes = {"config:a/"}, .since_ms = start + 1000};
  EXPECT_EQ(Listed(f), (Subjects{"project:a", "config:a/alpha/web"}));
  f.since_ms = start + 2000;  // inclusive
  EXPECT_EQ(Listed(f), Subjects{"project:a"});
  f.since_ms = start + 3000;
  EXPECT_EQ(Listed(f), Subjects{});
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditLogTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::audit
