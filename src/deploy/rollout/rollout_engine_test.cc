#include "deploy/rollout/rollout_engine.h"

#include <chrono>
#include <thread>

#include "deploy/rollout/deploy_routes.h"
#include "deploy/rollout/install.h"
#include "deploy/rollout/rollout_jobs.h"
#include "deploy/rollout/rollout_test_fixture.h"

namespace paved::deploy::rollout {
namespace {

using json = nlohmann::json;
using testing::Digest;
using testing::EngineParamName;
using testing::RolloutFixture;

class RolloutEngineTest : public RolloutFixture {
 protected:
  std::string DeployAlpha(const std::string& digest, json extra = json::object()) {
    Reply r = Deploy(digest, "alpha", json{"local-alpha"}, std::move(extra));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json["deployments"][0]["id"].get<std::string>() : "";
  }
};

TEST_P(RolloutEngineTest, ASecondDeploymentWaitsForTheFirstAndApplyRunsOnce) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  std::string first = DeployAlpha(Digest('a'));
  std::string second = DeployAlpha(Digest('b'));
  // The first rollout dies after apply: its health check cannot reach the runtime.
  runtime_state_.check_errors = 1;
  RunJobs();
  EXPECT_EQ(Get(first).state, State::kRollingOut);
  EXPECT_EQ(Get(second).state, State::kQueued);
  EXPECT_EQ(runtime_state_.AppliesOf(first), 1);

  clock_.AdvanceMs(60'000);  // past the job's retry backoff
  RunJobs();
  EXPECT_EQ(Get(first).state, State::kSucceeded);
  EXPECT_EQ(Get(second).state, State::kSucceeded);
  EXPECT_EQ(runtime_state_.AppliesOf(first), 1);  // resumed, never applied twice
  EXPECT_EQ(runtime_state_.AppliesOf(second), 1);
  EXPECT_EQ(runtime_state_.applies, (std::vector<std::string>{first, second}));
  EXPECT_GE(*Get(second).started_at_ms, *Get(first).finished_at_ms);
}

TEST_P(RolloutEngineTest, ANamespaceTheProjectNoLongerHoldsIsNeverAppliedTo) {
  PushArtifact(Digest('a'));
  std::string id = DeployAlpha(Digest('a'));
  ASSERT_FALSE(id.empty());
  // The namespace (the project's slug) ends up held by another project while the rollout is
  // queued, as data written before namespace claims were enforced could have it.
  ASSERT_OK(store_->Query("DELETE FROM project_namespaces WHERE project_id = $1", {project_id_}));
  catalog::Project other{.slug = "other",
                         .name = "Other",
                         .owner_team_id = team_id_,
                         .namespaces = {{"", "chat-gateway"}},
                         .created_by = "test"};
  ASSERT_OK(store_->Transaction([&](store::Tx& tx) { return projects_->Create(tx, other); }));
  RunJobs();
  EXPECT_EQ(Get(id).state, State::kFailed);
  EXPECT_NE(Get(id).error.find("belongs to project other"), std::string::npos) << Get(id).error;
  EXPECT_EQ(runtime_state_.AppliesOf(id), 0);
  Reply again = Deploy(Digest('a'), "alpha", json{"local-alpha"});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.json["error"]["field"], "namespace");
}

TEST_P(RolloutEngineTest, RunningTheStepsAgainSkipsRecordedSteps) {
  PushArtifact(Digest('a'));
  std::string id = DeployAlpha(Digest('a'));
  RunJobs();
  ASSERT_EQ(Get(id).state, State::kSucceeded);
  ASSERT_OK(store_->Query("UPDATE deployments SET state = 'rolling_out' WHERE id = $1", {id}));
  ASSERT_OK(engine_->Drain(project_id_, "local-alpha", [] { return true; }));
  EXPECT_EQ(runtime_state_.AppliesOf(id), 1);
  EXPECT_EQ(Get(id).steps.size(), 4u);
  EXPECT_EQ(Get(id).state, State::kSucceeded);
}

TEST_P(RolloutEngineTest, AFailedRolloutRollsBackAutomatically) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  std::string good = SucceedInAlpha(Digest('a'));
  std::string bad = DeployAlpha(Digest('b'), json{{"auto_rollback", true}});
  runtime_state_.failing_clusters = {"local-alpha"};
  runtime_state_.progressing = 0;
  RunJobs();
  EXPECT_EQ(Get(bad).state, State::kFailed);
  EXPECT_EQ(Get(bad).error, "web: CrashLoopBackOff");
  auto list = service_->deployments().List({.project_id = project_id_});
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 3u);
  auto it = std::find_if(list->begin(), list->end(),
                         [](const Deployment& d) { return !d.rollback_of.empty(); });
  ASSERT_NE(it, list->end());
  const Deployment& rollback = *it;
  EXPECT_EQ(rollback.rollback_of, good);
  EXPECT_EQ(rollback.digest, Digest('a'));
  EXPECT_EQ(rollback.requester, "system");
  EXPECT_EQ(rollback.state, State::kFailed);  // the cluster still fails in this test
  EXPECT_EQ(runtime_state_.AppliesOf(rollback.id), 1);
  auto actions = Actions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "deployment.failed"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "deployment.rollback"), actions.end());
}

TEST_P(RolloutEngineTest, AnAutomaticRollbackLeavesTheHistoryBeforeItAlone) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  PushArtifact(Digest('c'));
  std::string older = SucceedInAlpha(Digest('a'));
  clock_.AdvanceMs(1'000);
  std::string running = SucceedInAlpha(Digest('b'));
  const Deployment older_before = Get(older), running_before = Get(running);
  clock_.AdvanceMs(1'000);
  runtime_state_.failing_digests = {Digest('c')};
  std::string bad = DeployAlpha(Digest('c'), json{{"auto_rollback", true}});
  RunJobs();
  clock_.AdvanceMs(600'000);  // the rollback finishes long after the failure
  RunJobs();
  ASSERT_EQ(Get(bad).state, State::kFailed);
  const int64_t bad_finished = *Get(bad).finished_at_ms;
  auto list = service_->deployments().List({.project_id = project_id_});
  ASSERT_OK(list);
  auto rollback = std::find_if(list->begin(), list->end(),
                               [](const Deployment& d) { return !d.rollback_of.empty(); });
  ASSERT_NE(rollback, list->end());
  EXPECT_EQ(rollback->rollback_of, running);
  EXPECT_EQ(rollback->state, State::kSucceeded);
  // The older, unrelated release and the one rolled back to are untouched; the failed one keeps
  // its state and its finish.
  EXPECT_EQ(Get(older).state, State::kSucceeded);
  EXPECT_EQ(Get(older).finished_at_ms, older_before.finished_at_ms);
  EXPECT_EQ(Get(running).state, State::kSucceeded);
  EXPECT_EQ(Get(running).finished_at_ms, running_before.finished_at_ms);
  EXPECT_EQ(Get(bad).state, State::kFailed);
  EXPECT_EQ(Get(bad).finished_at_ms, bad_finished);
  auto actions = Actions();
  EXPECT_EQ(std::find(actions.begin(), actions.end(), "deployment.rolled_back"), actions.end());
}

TEST_P(RolloutEngineTest, AManualRollbackMarksOnlyTheRunningReleaseAndKeepsItsFinish) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  PushArtifact(Digest('c'));
  std::string first = SucceedInAlpha(Digest('a'));
  clock_.AdvanceMs(1'000);
  std::string second = SucceedInAlpha(Digest('b'));
  clock_.AdvanceMs(1'000);
  std::string third = SucceedInAlpha(Digest('c'));
  const int64_t third_finished = *Get(third).finished_at_ms;
  clock_.AdvanceMs(3'600'000);  // an hour later someone rolls back to the first release
  Reply rb = Call("POST", "/api/v1/projects/chat-gateway/deployments/" + first + "/rollback",
                  Developer(), json{{"reason", "c is bad"}});
  ASSERT_EQ(rb.status, 201) << rb.body;
  RunJobs();
  EXPECT_EQ(Get(rb.json["deployments"][0]["id"]).state, State::kSucceeded);
  EXPECT_EQ(Get(third).state, State::kRolledBack);
  EXPECT_EQ(Get(third).finished_at_ms, third_finished);  // not the time of the rollback
  EXPECT_EQ(Get(second).state, State::kSucceeded);
  EXPECT_EQ(Get(first).state, State::kSucceeded);
}

TEST_P(RolloutEngineTest, FailedWithoutAutoRollbackStartsNothing) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  SucceedInAlpha(Digest('a'));
  runtime_state_.failing_clusters = {"local-alpha"};
  std::string bad = DeployAlpha(Digest('b'));
  RunJobs();
  EXPECT_EQ(Get(bad).state, State::kFailed);
  EXPECT_EQ(service_->deployments().List({.project_id = project_id_})->size(), 2u);
}

TEST_P(RolloutEngineTest, TwoWorkersNeverBothStartADeployment) {
  PushArtifact(Digest('a'));
  std::string id = DeployAlpha(Digest('a'));
  int moved = 0;
  for (int i = 0; i < 2; ++i) {
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      auto m = service_->deployments().Transition(tx, id, State::kQueued, State::kRollingOut);
      if (!m.ok()) return m.status();
      moved += *m ? 1 : 0;
      return absl::OkStatus();
    }));
  }
  EXPECT_EQ(moved, 1);
}

TEST_P(RolloutEngineTest, InstallRegistersRoutesAndRefusesABadConfig) {
  http::Router router;
  jobs::WorkerPool workers(queue_.get(), {});
  json file = {{"deploy", {{"emergency_rollback", true}}}};
  DeployDeps deps = Deps(&workers, &file);
  auto service = InstallDeployments(deps);
  ASSERT_OK(service);
  router.Add(DeployRoutes(deps, *service));
  EXPECT_NE(router.Find("POST", "/api/v1/projects/p/deployments/d/approve").route, nullptr);
  EXPECT_NE(router.Find("GET", "/api/v1/deployments/overview").route, nullptr);
  json bad = {{"deploy", {{"emergency_rollback", "yes"}}}};
  deps.config = &bad;
  EXPECT_FALSE(InstallDeployments(deps).ok());
}

TEST(DeployConfigTest, ParsesTheDeploySection) {
  auto c = ParseDeployConfig(json{{"emergency_rollback", true}, {"rollout_timeout_seconds", 30}});
  ASSERT_OK(c);
  EXPECT_TRUE(c->emergency_rollback);
  EXPECT_EQ(c->rollout_timeout_ms, 30'000);
  EXPECT_EQ(ParseDeployConfig(nullptr)->rollout_timeout_ms, 600'000);
  EXPECT_FALSE(ParseDeployConfig(json{{"rollout_timeout_seconds", "x"}}).ok());
}

TEST_P(RolloutEngineTest, TheSweepRollsOutAQueuedDeploymentThatLostItsJob) {
  PushArtifact(Digest('a'));
  std::string id = DeployAlpha(Digest('a'));
  ASSERT_EQ(Get(id).state, State::kQueued);
  // Its rollout job was deduplicated against one that was just finishing: no job is left.
  ASSERT_OK(store_->Query("DELETE FROM jobs WHERE kind = $1", {std::string(kRolloutJobKind)}));
  EXPECT_EQ(RunJobs(), 0);
  EXPECT_EQ(Get(id).state, State::kQueued);

  auto swept = SweepStalledQueues(*store_, *queue_);
  ASSERT_OK(swept);
  EXPECT_EQ(*swept, 1);
  EXPECT_EQ(RunJobs(), 1);
  EXPECT_EQ(Get(id).state, State::kSucceeded);

  auto again = SweepStalledQueues(*store_, *queue_);  // nothing queued any more
  ASSERT_OK(again);
  EXPECT_EQ(*again, 0);
}

TEST_P(RolloutEngineTest, TheSweepLeavesQueuesBehindARolloutAlone) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  std::string first = DeployAlpha(Digest('a'));
  std::string second = DeployAlpha(Digest('b'));
  runtime_state_.check_errors = 1;  // the first stays rolling_out, its job retried later
  RunJobs();
  ASSERT_EQ(Get(first).state, State::kRollingOut);
  ASSERT_EQ(Get(second).state, State::kQueued);
  auto swept = SweepStalledQueues(*store_, *queue_);
  ASSERT_OK(swept);
  EXPECT_EQ(*swept, 0);
}

TEST_P(RolloutEngineTest, InstalledSweepRunsOnTheSchedulerAndRollsOut) {
  PushArtifact(Digest('a'));
  std::string id = DeployAlpha(Digest('a'));
  ASSERT_OK(store_->Query("DELETE FROM jobs WHERE kind = $1", {std::string(kRolloutJobKind)}));
  jobs::WorkerPool pool(queue_.get(), jobs::WorkerPoolOptions{});
  jobs::Scheduler scheduler(queue_.get());
  DeployDeps deps = Deps(&pool, &config_file_, &scheduler);
  ASSERT_OK(InstallDeployments(deps));
  pool.Start();
  scheduler.Start();  // enqueues the first deploy.sweep at once
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Get(id).state != State::kSucceeded && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  scheduler.Stop();
  pool.Stop();
  EXPECT_EQ(Get(id).state, State::kSucceeded);
}

INSTANTIATE_TEST_SUITE_P(Engines, RolloutEngineTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::deploy::rollout
