#include "deploy/rollout/recent_changes.h"

#include "deploy/rollout/testing/rollout_test_fixture.h"

namespace paved::deploy::rollout {
namespace {

using json = nlohmann::json;
using testing::Digest;
using testing::EngineParamName;
using testing::RolloutFixture;

class RecentChangesTest : public RolloutFixture {
 protected:
  void SetUp() override {
    RolloutFixture::SetUp();
    reader_ = std::make_unique<RecentChangesReader>(store_.get(), &clock_, audit_.get());
  }

  void Audit(const std::string& actor, const std::string& action, const std::string& subject,
             json summary) {
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      return audit_->Append(tx, actor, action, subject, summary);
    }));
  }

  std::vector<ProjectChange> Changes(const std::string& cluster, int64_t since_ms) {
    auto got = reader_->Since("chat-gateway", cluster, since_ms);
    EXPECT_OK(got);
    return got.ok() ? *got : std::vector<ProjectChange>{};
  }

  std::string Rollback(const std::string& id) {
    Reply r = Call("POST", "/api/v1/projects/chat-gateway/deployments/" + id + "/rollback",
                   Developer(), json{{"reason", "bad"}});
    EXPECT_EQ(r.status, 201) << r.body;
    RunJobs();
    return r.status == 201 ? r.json["deployments"][0]["id"].get<std::string>() : "";
  }

  std::unique_ptr<RecentChangesReader> reader_;
};

TEST(ShortDigestTest, KeepsTwelveHexDigits) {
  EXPECT_EQ(ShortDigest(Digest('a')), "sha256:aaaaaaaaaaaa");
  EXPECT_EQ(ShortDigest("sha256:ab12"), "sha256:ab12");
  EXPECT_EQ(ShortDigest("latest"), "latest");
}

TEST_P(RecentChangesTest, DeploysShowThePreviousDigestOfTheSameCluster) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  SucceedInAlpha(Digest('a'));
  clock_.AdvanceMs(60'000);
  std::string second = SucceedInAlpha(Digest('b'));

  auto changes = Changes("local-alpha", 0);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind, "deploy");
  EXPECT_EQ(changes[0].text, "sha256:aaaaaaaaaaaa → sha256:bbbbbbbbbbbb");
  EXPECT_EQ(changes[0].actor, "dev");  // the requester, not "system"
  EXPECT_EQ(changes[0].cluster, "local-alpha");
  EXPECT_EQ(changes[0].environment, "alpha");
  EXPECT_EQ(changes[0].deployment_id, second);
  EXPECT_EQ(changes[1].text, "sha256:aaaaaaaaaaaa");  // first deploy: nothing before it
  EXPECT_GT(changes[0].at_ms, changes[1].at_ms);      // newest first
}

TEST_P(RecentChangesTest, OtherClustersAndOlderEventsAreLeftOut) {
  PushArtifact(Digest('a'));
  SucceedInAlpha(Digest('a'));
  clock_.AdvanceMs(3'600'000);
  int64_t since = clock_.NowMs();
  Reply r = Deploy(Digest('a'), "alpha", json{"alpha-2"});
  ASSERT_EQ(r.status, 201) << r.body;
  RunJobs();

  EXPECT_TRUE(Changes("local-alpha", since).empty());
  auto other = Changes("alpha-2", since);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].cluster, "alpha-2");
  EXPECT_EQ(Changes("", 0).size(), 2u);  // every cluster
  EXPECT_TRUE(reader_->Since("no-such-project", "", 0)->empty());
}

TEST_P(RecentChangesTest, RollbackAndFailure) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  PushArtifact(Digest('c'));
  std::string first = SucceedInAlpha(Digest('a'));
  SucceedInAlpha(Digest('b'));
  Rollback(first);
  runtime_state_.failing_clusters.insert("local-alpha");
  Reply r = Deploy(Digest('c'), "alpha", json{"local-alpha"});
  ASSERT_EQ(r.status, 201) << r.body;
  RunJobs();

  auto changes = Changes("local-alpha", 0);
  ASSERT_GE(changes.size(), 4u);
  EXPECT_EQ(changes[0].kind, "deploy_failed");
  bool saw_rollback = false, saw_failure = false;
  for (const auto& c : changes) {
    if (c.kind == "rollback") {
      saw_rollback = true;
      EXPECT_EQ(c.text, "sha256:bbbbbbbbbbbb → sha256:aaaaaaaaaaaa");
    }
    if (c.kind == "deploy_failed" && c.text.rfind("sha256:cccccccccccc", 0) == 0) {
      saw_failure = true;
      EXPECT_NE(c.text.find("CrashLoopBackOff"), std::string::npos) << c.text;
    }
  }
  EXPECT_TRUE(saw_rollback);
  EXPECT_TRUE(saw_failure);
}

TEST_P(RecentChangesTest, ConfigSecretSpecAndExceptions) {
  Audit("mina.kim", "config.update", "config:chat-gateway/alpha/app-config",
        {{"added", {"NEW"}}, {"removed", {"OLD"}}, {"changed", {"LOG_LEVEL"}}, {"version", 2}});
  clock_.AdvanceMs(1000);
  Audit("mina.kim", "secret.update", "secret:chat-gateway/production/DB_PASSWORD",
        {{"name", "DB_PASSWORD"}, {"version", 3}});
  clock_.AdvanceMs(1000);
  Audit("dev", "spec.push", "project:chat-gateway", "spec v2 pushed: more replicas");
  clock_.AdvanceMs(1000);
  Audit("sre", "policy.exception.add", "project:chat-gateway",
        {{"id", "e1"}, {"rule", "promotion-order"}, {"reason", "hotfix"}, {"expires_at", "x"}});
  Audit("dev", "config.update", "config:other-project/alpha/app-config",
        {{"changed", {"A"}}, {"version", 1}});

  auto all = Changes("", 0);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].kind, "exception");
  EXPECT_EQ(all[0].text, "rule promotion-order until x: hotfix");
  EXPECT_EQ(all[1].kind, "spec");
  EXPECT_EQ(all[1].text, "spec v2 pushed: more replicas");
  EXPECT_EQ(all[2].kind, "secret");
  EXPECT_EQ(all[2].text, "secret DB_PASSWORD (v3)");
  EXPECT_EQ(all[2].environment, "production");
  EXPECT_EQ(all[3].kind, "config");
  EXPECT_EQ(all[3].text, "config set app-config: LOG_LEVEL, +NEW, -OLD");
  EXPECT_EQ(all[3].actor, "mina.kim");

  // An alpha cluster sees alpha's config change, not production's secret.
  auto alpha = Changes("local-alpha", 0);
  ASSERT_EQ(alpha.size(), 3u);
  EXPECT_EQ(alpha[2].kind, "config");
}

TEST_P(RecentChangesTest, SinceLeavesOutOlderConfigAndSecretChanges) {
  Audit("mina.kim", "config.update", "config:chat-gateway/alpha/app-config",
        {{"changed", {"LOG_LEVEL"}}, {"version", 2}});
  clock_.AdvanceMs(1000);
  int64_t since = clock_.NowMs();
  Audit("mina.kim", "secret.update", "secret:chat-gateway/alpha/DB_PASSWORD",
        {{"name", "DB_PASSWORD"}, {"version", 3}});
  Audit("dev", "secret.update", "secret:chat-gateway-two/alpha/DB_PASSWORD",
        {{"name", "DB_PASSWORD"}, {"version", 1}});
  auto recent = Changes("", since);
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0].kind, "secret");
  EXPECT_EQ(recent[0].text, "secret DB_PASSWORD (v3)");
  EXPECT_EQ(recent[0].environment, "alpha");
}

INSTANTIATE_TEST_SUITE_P(Engines, RecentChangesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::deploy::rollout
