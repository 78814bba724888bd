#include "deploy/rollout/deploy_routes.h"

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/status_macros.h"
#include "deploy/release/shadow_warnings.h"
#include "deploy/rollout/testing/rollout_test_fixture.h"
#include "deploy/spec/spec_parser.h"
#include "gmock/gmock.h"

namespace paved::deploy::rollout {
namespace {

using json = nlohmann::json;
using testing::Digest;
using testing::EngineParamName;
using testing::RolloutFixture;

constexpr char kDeployments[] = "/api/v1/projects/chat-gateway/deployments";

class DeployRoutesTest : public RolloutFixture {
 protected:
  std::string Path(const std::string& id, const std::string& action = "") {
    return std::string(kDeployments) + "/" + id + (action.empty() ? "" : "/" + action);
  }
  void AddPromotionException() {
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      return platform_
          ->AddException(tx, project_id_,
                         {.rule = "promotion-order",
                          .reason = "hotfix",
                          .approved_by = "sre",
                          .expires_at_ms = clock_.NowMs() + 86'400'000})
          .status();
    }));
  }
};

TEST_P(DeployRoutesTest, ArtifactPushIsIdempotentPerDigest) {
  const char* path = "/api/v1/projects/chat-gateway/artifacts";
  json body = {{"image", "registry.example.com/chat-gateway"},
               {"digest", Digest('a')},
               {"git_sha", "abc"},
               {"commit_time", "2026-11-24T10:00:00Z"}};
  Reply first = Call("POST", path, Developer(), body);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json["pushed_by"], "dev");
  EXPECT_EQ(Call("POST", path, Developer(), body).status, 200);
  body["git_sha"] = "def";
  EXPECT_EQ(Call("POST", path, Developer(), body).status, 409);
  body["digest"] = "sha256:nothex";
  EXPECT_EQ(Call("POST", path, Developer(), body).status, 422);
  EXPECT_EQ(Call("POST", path, Viewer(), body).status, 403);
  Reply got = Call("GET", std::string(path) + "/" + Digest('a'), Viewer());
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json["git_sha"], "abc");
  Reply list = Call("GET", path, Viewer());
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["items"].size(), 1u);
}

TEST_P(DeployRoutesTest, AnArtifactOfAnotherImageIsFlaggedAtPushAndRefusedAtDeploy) {
  const char* path = "/api/v1/projects/chat-gateway/artifacts";
  Reply pushed = Call("POST", path, Developer(),
                      json{{"image", "registry.example.com/other-image"}, {"digest", Digest('e')}});
  ASSERT_EQ(pushed.status, 201) << pushed.body;
  ASSERT_EQ(pushed.json["warnings"].size(), 1u) << pushed.body;
  EXPECT_NE(pushed.json["warnings"][0].get<std::string>().find(
                "runs registry.example.com/chat-gateway in component web"),
            std::string::npos)
      << pushed.body;
  Reply deploy = Deploy(Digest('e'), "alpha", json{"local-alpha"});
  EXPECT_EQ(deploy.status, 422) << deploy.body;
  EXPECT_EQ(deploy.json["error"]["code"], "image_mismatch");
  EXPECT_EQ(deploy.json["error"]["field"], "artifact");
  EXPECT_TRUE(service_->deployments().List({.project_id = project_id_})->empty());
  // The spec's own image pushes without a warning and deploys.
  Reply ok = Call("POST", path, Developer(),
                  json{{"image", "registry.example.com/chat-gateway"}, {"digest", Digest('f')}});
  EXPECT_FALSE(ok.json.contains("warnings")) << ok.body;
  EXPECT_EQ(Deploy(Digest('f'), "alpha", json{"local-alpha"}).status, 201);
}

TEST_P(DeployRoutesTest, AConfigSetBeatsTheSpecEnvAndEveryPlaceSaysSo) {
  // The spec sets GREETING itself; app-config (alpha and production) sets it too.
  const std::string yaml = std::string(testing::kSpec) + "    env: {GREETING: from-the-spec}\n";
  auto app = spec::ParseAppSpec(yaml, nullptr);
  ASSERT_OK(app);
  ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    bool created = false;
    return specs_->Put(tx, project_id_, yaml, "dev", "env", &created).status();
  }));
  auto pushed = release::SpecPushWarnings(*platform_, *config_, project_id_, *app);
  ASSERT_OK(pushed);
  EXPECT_EQ(*pushed, (std::vector<std::string>{
                         "services.web.env.GREETING: config set app-config in alpha sets "
                         "GREETING, which replaces the spec's value",
                         "services.web.env.GREETING: config set app-config in production sets "
                         "GREETING, which replaces the spec's value"}));
  auto written = release::ConfigWriteWarnings(*specs_, project_id_, "alpha", "app-config",
                                              {{"GREETING", "hi"}});
  ASSERT_OK(written);
  EXPECT_EQ(written->size(), 1u);
  auto unrelated =
      release::ConfigWriteWarnings(*specs_, project_id_, "alpha", "app-config", {{"OTHER", "hi"}});
  ASSERT_OK(unrelated);
  EXPECT_TRUE(unrelated->empty());
  auto rendered = releases_->Build({.project = "chat-gateway", .environment = "alpha"});
  ASSERT_OK(rendered);
  EXPECT_EQ(rendered->warnings.size(), 1u);
  // And the rollout runs with the config set's value.
  PushArtifact(Digest('a'));
  SucceedInAlpha(Digest('a'));
  EXPECT_EQ(runtime_state_.last_env["web"], "hello alpha");
}

TEST_P(DeployRoutesTest, OneDeploymentByIdAloneNamesItsProject) {
  PushArtifact(Digest('a'));
  Reply created = Deploy(Digest('a'), "alpha", "all");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json["deployments"][0]["id"];
  Reply got = Call("GET", "/api/v1/deployments/" + id, Viewer());
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json["project"], "chat-gateway");
  EXPECT_EQ(got.json["id"], id);
  EXPECT_EQ(Call("GET", "/api/v1/deployments/no-such-id", Viewer()).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/deployments/overview", Viewer()).status, 200);
}

TEST_P(DeployRoutesTest, ViewerCannotDeploy) {
  PushArtifact(Digest('a'));
  Reply r = Call("POST", kDeployments, Viewer(),
                 json{{"artifact", Digest('a')}, {"environment", "alpha"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(service_->deployments().List({.project_id = project_id_})->empty());
}

TEST_P(DeployRoutesTest, ProductionNeedsAlphaFirstUnlessExcepted) {
  PushArtifact(Digest('a'));
  Reply refused = Deploy(Digest('a'), "production", "all");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.json["error"]["code"], "promotion_required");

  AddPromotionException();
  Reply allowed = Deploy(Digest('a'), "production", "all");
  ASSERT_EQ(allowed.status, 201) << allowed.body;
  ASSERT_EQ(allowed.json["deployments"].size(), 4u);
  for (const auto& d : allowed.json["deployments"]) EXPECT_EQ(d["state"], "pending_approval");
}

TEST_P(DeployRoutesTest, AlphaThenProductionWithOneApprovalPerRegion) {
  PushArtifact(Digest('a'));
  SucceedInAlpha(Digest('a'));
  Reply created = Deploy(Digest('a'), "production", "all");
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(created.json["deployments"].size(), 4u);
  std::vector<std::string> ids;
  for (const auto& d : created.json["deployments"]) ids.push_back(d["id"]);

  Reply self = Call("POST", Path(ids[0], "approve"), Developer(), json::object());
  EXPECT_EQ(self.status, 403);
  EXPECT_EQ(self.json["error"]["code"], "self_approval");
  EXPECT_EQ(Call("POST", Path(ids[0], "approve"), Viewer(), json::object()).status, 403);
  http::Caller other_dev = Developer();
  other_dev.login = "dev2";
  other_dev.user_id = "u-dev2";
  EXPECT_EQ(Call("POST", Path(ids[0], "approve"), other_dev, json::object()).status, 403);

  Reply inbox = Call("GET", "/api/v1/approvals", Sre());
  ASSERT_EQ(inbox.status, 200);
  EXPECT_EQ(inbox.json["items"].size(), 4u);

  Reply one = Call("POST", Path(ids[0], "approve"), Sre(), json{{"comment", "ok"}});
  ASSERT_EQ(one.status, 200) << one.body;
  ASSERT_EQ(one.json["deployments"].size(), 1u);  // one region only
  EXPECT_EQ(one.json["deployments"][0]["state"], "queued");
  EXPECT_EQ(one.json["deployments"][0]["approver"], "sre");
  EXPECT_EQ(Get(ids[1]).state, State::kPendingApproval);
  EXPECT_EQ(Call("POST", Path(ids[0], "approve"), Sre(), json::object()).status, 409);
  for (size_t i = 1; i < ids.size(); ++i) {
    EXPECT_EQ(Call("POST", Path(ids[i], "approve"), Sre(), json::object()).status, 200);
  }
  RunJobs();
  for (const auto& id : ids) EXPECT_EQ(Get(id).state, State::kSucceeded) << Get(id).error;
  Reply got = Call("GET", Path(ids[0]), Viewer());
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json["steps"].size(), 4u);
  EXPECT_FALSE(got.json["manifests"].get<std::string>().empty());
  EXPECT_EQ(runtime_state_.last_env["web"], "hello production");

  auto actions = Actions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "deployment.approve"), 4);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "deployment.succeeded"), 5);
  Reply timeline =
      Call("GET", "/api/v1/projects/chat-gateway/timeline?environment=production", Viewer());
  ASSERT_EQ(timeline.status, 200);
  EXPECT_EQ(timeline.json["items"][0]["kind"], "deployment.succeeded");
  Reply overview = Call("GET", "/api/v1/deployments/overview?team=chat", Viewer());
  ASSERT_EQ(overview.status, 200);
  EXPECT_EQ(overview.json["items"].size(), 5u);
}

TEST_P(DeployRoutesTest, TimelineShowsConfigAndSecretChangesWithoutValues) {
  const std::string kValue = "hunter2-secret-value";
  auto append = [&](const std::string& action, const std::string& subject, json summary) {
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      return audit_->Append(tx, "dev", action, subject, summary);
    }));
    clock_.AdvanceMs(1000);
  };
  append("config.update", "config:chat-gateway/alpha/app-config",
         {{"changed", {"GREETING"}}, {"version", 2}});
  std::string since = FormatTimeMs(clock_.NowMs());
  append("config.update", "config:chat-gateway/production/app-config",
         {{"changed", {"GREETING"}}, {"version", 3}});
  ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto info, secrets_->Put(tx, project_id_, "production", "DB_PASSWORD", kValue,
                                              "dev", "rotate"));
    return audit_->Append(tx, "dev", "secret.update",
                          "secret:chat-gateway/" + info.environment + "/" + info.name,
                          {{"name", info.name}, {"version", info.version}});
  }));
  clock_.AdvanceMs(1000);
  append("config.update", "config:chat-gateway-two/production/app-config",
         {{"changed", {"OTHER"}}, {"version", 1}});

  const std::string path = "/api/v1/projects/chat-gateway/timeline";
  Reply all = Call("GET", path, Viewer());
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_GE(all.json["items"].size(), 3u);
  EXPECT_EQ(all.json["items"][0]["kind"], "secret.update");
  EXPECT_EQ(all.json["items"][0]["summary"],
            "secret.update environment=production name=DB_PASSWORD version=1");
  EXPECT_EQ(all.json["items"][1]["summary"],
            "config.update environment=production set=app-config version=3");
  EXPECT_EQ(all.json["items"][2]["summary"],
            "config.update environment=alpha set=app-config version=2");
  EXPECT_EQ(all.body.find(kValue), std::string::npos);
  EXPECT_EQ(all.body.find("OTHER"), std::string::npos);
  EXPECT_EQ(all.body.find("chat-gateway-two"), std::string::npos);

  Reply production = Call("GET", path + "?environment=production&since=" + since, Viewer());
  ASSERT_EQ(production.status, 200) << production.body;
  ASSERT_EQ(production.json["items"].size(), 2u) << production.body;
  EXPECT_EQ(production.json["items"][0]["kind"], "secret.update");
  EXPECT_EQ(production.json["items"][1]["kind"], "config.update");
  EXPECT_EQ(production.body.find(kValue), std::string::npos);

  Reply alpha = Call("GET", path + "?environment=alpha", Viewer());
  ASSERT_EQ(alpha.status, 200) << alpha.body;
  for (const auto& item : alpha.json["items"]) {
    EXPECT_EQ(item["summary"].get<std::string>().find("environment=production"), std::string::npos);
  }
  EXPECT_NE(alpha.body.find("config.update environment=alpha set=app-config"), std::string::npos);
}

TEST_P(DeployRoutesTest, ALeadOfTheOwnerTeamMayApprove) {
  ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    for (const char* id : {"u-lead", "u-member"}) {
      auto s = tx.Query(
          "INSERT INTO users (id, login, password_hash, role, created_at, updated_at) "
          "VALUES ($1, $1, 'x', 'developer', 0, 0)",
          {std::string(id)});
      if (!s.ok()) return s.status();
    }
    return tx
        .Query(
            "INSERT INTO team_members (team_id, user_id, added_at, lead) VALUES "
            "($1, 'u-lead', 0, 1), ($1, 'u-member', 0, 0)",
            {team_id_})
        .status();
  }));
  PushArtifact(Digest('a'));
  AddPromotionException();
  Reply created = Deploy(Digest('a'), "production", json{"prod-kr1"});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json["deployments"][0]["id"];
  http::Caller member = Developer(), lead = Developer();
  member.user_id = member.login = "u-member";
  lead.user_id = lead.login = "u-lead";
  EXPECT_EQ(Call("POST", Path(id, "approve"), member, json::object()).status, 403);
  Reply inbox = Call("GET", "/api/v1/approvals", lead);
  ASSERT_EQ(inbox.status, 200);
  EXPECT_EQ(inbox.json["items"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/approvals", member).json["items"].size(), 0u);
  Reply approved = Call("POST", Path(id, "approve"), lead, json::object());
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json["deployments"][0]["approver"], "u-lead");
}

TEST_P(DeployRoutesTest, RejectEndsTheRegionsDeployments) {
  PushArtifact(Digest('a'));
  AddPromotionException();
  Reply created = Deploy(Digest('a'), "production", json{"prod-kr1"});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json["deployments"][0]["id"];
  Reply rejected = Call("POST", Path(id, "reject"), Admin(), json{{"comment", "no"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(Get(id).state, State::kRejected);
}

// Approvers racing on one pending deployment: one wins, every other gets 409 naming the state
// the winner left, and only the winner's decision is recorded.
TEST_P(DeployRoutesTest, ConcurrentDecisionsHaveOneWinnerAndConflictsForTheRest) {
  PushArtifact(Digest('a'));
  AddPromotionException();
  constexpr int kRounds = 4;
  constexpr int kCallers = 6;
  for (int round = 0; round < kRounds; ++round) {
    Reply created = Deploy(Digest('a'), "production", json{"prod-kr1"});
    ASSERT_EQ(created.status, 201) << created.body;
    std::string id = created.json["deployments"][0]["id"];
    std::vector<Reply> replies(kCallers);
    std::atomic<int> ready{0};
    std::vector<std::thread> callers;
    for (int i = 0; i < kCallers; ++i) {
      callers.emplace_back([&, i] {
        ++ready;
        while (ready.load() < kCallers) std::this_thread::yield();
        bool approve = i % 2 == 0;
        replies[i] = Call("POST", Path(id, approve ? "approve" : "reject"),
                          approve ? Sre() : Admin(), json::object());
      });
    }
    for (auto& t : callers) t.join();
    int winners = 0;
    std::string won_state;
    for (const Reply& r : replies) {
      if (r.status == 200) {
        ++winners;
        ASSERT_EQ(r.json["deployments"].size(), 1u) << r.body;
        won_state = r.json["deployments"][0]["state"];
        continue;
      }
      EXPECT_EQ(r.status, 409) << r.body;
      EXPECT_EQ(r.json["error"]["code"], "conflict") << r.body;
    }
    ASSERT_EQ(winners, 1);
    EXPECT_EQ(StateName(Get(id).state), won_state);
    for (const Reply& r : replies) {
      if (r.status != 409) continue;
      EXPECT_NE(r.json["error"]["message"].get<std::string>().find(won_state), std::string::npos)
          << r.body;
    }
  }
  auto actions = Actions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "deployment.approve") +
                std::count(actions.begin(), actions.end(), "deployment.reject"),
            kRounds);
}

TEST_P(DeployRoutesTest, CancelOnlyBeforeTheRollout) {
  PushArtifact(Digest('a'));
  Reply created = Deploy(Digest('a'), "alpha", json::array({"local-alpha"}));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json["deployments"][0]["id"];
  Reply cancelled = Call("POST", Path(id, "cancel"), Developer());
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json["state"], "cancelled");
  EXPECT_EQ(Call("POST", Path(id, "cancel"), Developer()).status, 409);
  RunJobs();
  EXPECT_EQ(runtime_state_.AppliesOf(id), 0);
}

TEST_P(DeployRoutesTest, RollbackPinsTheEarlierVersions) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  std::string first = SucceedInAlpha(Digest('a'));
  PutConfig("alpha", "hello again");
  std::string second = SucceedInAlpha(Digest('b'));
  EXPECT_EQ(Get(second).config_versions.at("app-config"), 2);

  Reply rb = Call("POST", Path(first, "rollback"), Developer(), json{{"reason", "bad b"}});
  ASSERT_EQ(rb.status, 201) << rb.body;
  const json& d = rb.json["deployments"][0];
  EXPECT_EQ(d["rollback_of"], first);
  EXPECT_EQ(d["artifact"]["digest"], Digest('a'));
  EXPECT_EQ(d["config_versions"]["app-config"], 1);
  EXPECT_EQ(d["state"], "queued");
  RunJobs();
  EXPECT_EQ(Get(d["id"]).state, State::kSucceeded);
  EXPECT_EQ(Get(second).state, State::kRolledBack);
  EXPECT_EQ(Get(first).state, State::kSucceeded);
  EXPECT_EQ(runtime_state_.last_env["web"], "hello alpha");

  Reply diff = Call("GET", Path(second, "diff") + "?against=" + first, Viewer());
  ASSERT_EQ(diff.status, 200) << diff.body;
  EXPECT_EQ(diff.json["digest"]["from"], Digest('a'));
  EXPECT_EQ(diff.json["digest"]["to"], Digest('b'));
  EXPECT_EQ(diff.json["config"][0], (json{{"set", "app-config"}, {"from", 1}, {"to", 2}}));
  EXPECT_NE(diff.json["manifests"].get<std::string>().find(Digest('b')), std::string::npos);
}

TEST_P(DeployRoutesTest, AFirstDeployDiffsAgainstNothing) {
  PushArtifact(Digest('a'));
  AddPromotionException();
  Reply created = Deploy(Digest('a'), "production", json{"prod-kr1"});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json["deployments"][0]["id"];

  // What an approver reads before approving the first production deploy.
  Reply diff = Call("GET", Path(id, "diff"), Viewer());
  ASSERT_EQ(diff.status, 200) << diff.body;
  EXPECT_TRUE(diff.json["from"].is_null());
  EXPECT_EQ(diff.json["to"], id);
  EXPECT_TRUE(diff.json["digest"]["from"].is_null());
  EXPECT_EQ(diff.json["digest"]["to"], Digest('a'));
  EXPECT_TRUE(diff.json["spec"]["from"].is_null());
  const std::string manifests = diff.json["manifests"];
  EXPECT_NE(manifests.find("+kind: Deployment"), std::string::npos) << manifests;
  EXPECT_EQ(manifests.find("\n-"), std::string::npos) << manifests;
}

TEST_P(DeployRoutesTest, RollbackToTheRunningReleaseIsRefused) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  std::string first = SucceedInAlpha(Digest('a'));
  std::string second = SucceedInAlpha(Digest('b'));
  const size_t deployments = Call("GET", kDeployments, Viewer()).json["items"].size();

  Reply running = Call("POST", Path(second, "rollback"), Developer(), json{{"reason", "r"}});
  EXPECT_EQ(running.status, 409) << running.body;
  EXPECT_EQ(running.json["error"]["code"], "already_running");
  EXPECT_EQ(running.json["error"]["message"],
            "the release of deployment " + second +
                " is the one running in alpha / local-alpha now; roll back to an earlier release");
  EXPECT_EQ(Call("GET", kDeployments, Viewer()).json["items"].size(), deployments);

  // Once rolled back to the first release, that release is the running one.
  Reply back = Call("POST", Path(first, "rollback"), Developer(), json{{"reason", "bad b"}});
  ASSERT_EQ(back.status, 201) << back.body;
  RunJobs();
  EXPECT_EQ(Call("POST", Path(first, "rollback"), Developer(), json{{"reason", "r"}}).status, 409);
  EXPECT_EQ(Call("POST", Path(second, "rollback"), Developer(), json{{"reason", "r"}}).status, 201);
}

TEST_P(DeployRoutesTest, ProductionRollbackNeedsApprovalUnlessEmergency) {
  PushArtifact(Digest('a'));
  AddPromotionException();
  Reply created = Deploy(Digest('a'), "production", json{"prod-kr1"});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = created.json["deployments"][0]["id"];
  ASSERT_EQ(Call("POST", Path(id, "approve"), Sre(), json::object()).status, 200);
  RunJobs();
  ASSERT_EQ(Get(id).state, State::kSucceeded);
  PushArtifact(Digest('b'));
  Reply second = Deploy(Digest('b'), "production", json{"prod-kr1"});
  ASSERT_EQ(second.status, 201) << second.body;
  std::string second_id = second.json["deployments"][0]["id"];
  ASSERT_EQ(Call("POST", Path(second_id, "approve"), Sre(), json::object()).status, 200);
  RunJobs();
  ASSERT_EQ(Get(second_id).state, State::kSucceeded);
  Reply normal = Call("POST", Path(id, "rollback"), Developer(), json{{"reason", "r"}});
  ASSERT_EQ(normal.status, 201) << normal.body;
  EXPECT_EQ(normal.json["deployments"][0]["state"], "pending_approval");
  Reply emergency =
      Call("POST", Path(id, "rollback"), Developer(), json{{"reason", "r"}, {"emergency", true}});
  ASSERT_EQ(emergency.status, 201) << emergency.body;
  EXPECT_EQ(emergency.json["deployments"][0]["state"], "queued");
  EXPECT_EQ(emergency.json["deployments"][0]["emergency"], true);
}

TEST_P(DeployRoutesTest, WavesStartWhenThePreviousWaveSucceeded) {
  PushArtifact(Digest('a'));
  Reply created = Deploy(Digest('a'), "alpha", nullptr,
                         json{{"waves", json{json{"local-alpha"}, json{"alpha-2"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string first = created.json["deployments"][0]["id"];
  std::string second = created.json["deployments"][1]["id"];
  EXPECT_EQ(Get(second).state, State::kWaiting);
  RunJobs();
  EXPECT_EQ(Get(first).state, State::kSucceeded);
  EXPECT_EQ(Get(second).state, State::kSucceeded);
}

TEST_P(DeployRoutesTest, AFailedWaveCancelsTheNext) {
  PushArtifact(Digest('a'));
  runtime_state_.failing_clusters = {"local-alpha"};
  Reply created = Deploy(Digest('a'), "alpha", nullptr,
                         json{{"waves", json{json{"local-alpha"}, json{"alpha-2"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  RunJobs();
  Deployment first = Get(created.json["deployments"][0]["id"]);
  EXPECT_EQ(first.state, State::kFailed);
  EXPECT_EQ(first.error, "web: CrashLoopBackOff");
  EXPECT_EQ(Get(created.json["deployments"][1]["id"]).state, State::kCancelled);
}

TEST_P(DeployRoutesTest, WorkloadsAndLogsAskTheRuntime) {
  Reply w = Call("GET", "/api/v1/projects/chat-gateway/workloads?cluster=local-alpha", Viewer());
  ASSERT_EQ(w.status, 200) << w.body;
  ASSERT_EQ(w.json["items"].size(), 1u);
  EXPECT_EQ(w.json["items"][0]["workloads"][0]["component"], "web");
  Reply logs = Call("GET", "/api/v1/projects/chat-gateway/workloads/local-alpha/web-1/logs?tail=5",
                    Viewer());
  ASSERT_EQ(logs.status, 200);
  EXPECT_EQ(logs.body, "chat-gateway/web-1 tail=5\n");
}

// A runtime with only the required calls, like the GitOps one: no logs, no stop.
class BareRuntime : public runtime::Runtime {
 public:
  explicit BareRuntime(absl::Status logs = absl::OkStatus()) : logs_(std::move(logs)) {}
  absl::Status Apply(const runtime::RolloutTarget&) override { return absl::OkStatus(); }
  absl::StatusOr<runtime::HealthReport> Check(const runtime::RolloutTarget&) override {
    return runtime::HealthReport{.health = runtime::Health::kHealthy};
  }
  absl::Status Prune(const runtime::RolloutTarget&) override { return absl::OkStatus(); }
  absl::StatusOr<std::vector<runtime::Workload>> Workloads(const platform::Cluster&,
                                                           const std::string&,
                                                           const std::string&) override {
    return std::vector<runtime::Workload>{};
  }
  absl::StatusOr<std::string> Logs(const platform::Cluster& c, const std::string& project,
                                   const std::string& instance, int tail) override {
    if (logs_.ok()) return Runtime::Logs(c, project, instance, tail);
    return logs_;
  }

 private:
  absl::Status logs_;
};

TEST_P(DeployRoutesTest, LogsFromARuntimeWithoutLogsAreNotSupportedNotAServerError) {
  runtimes_.Add("bare", std::make_unique<BareRuntime>());
  // The cluster's API server refusing Paved's own credentials is not the caller's 401.
  runtimes_.Add("refusing", std::make_unique<BareRuntime>(
                                absl::UnauthenticatedError("pods/web-1/log: 401 Unauthorized")));
  ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(platform_->PutCluster(
        tx, {.name = "git-1", .region = "local", .environment = "alpha", .runtime = "bare"}));
    return platform_->PutCluster(
        tx, {.name = "kube-1", .region = "local", .environment = "alpha", .runtime = "refusing"});
  }));
  Reply logs = Call("GET", "/api/v1/projects/chat-gateway/workloads/git-1/web-1/logs", Viewer());
  EXPECT_EQ(logs.status, 400) << logs.body;
  EXPECT_EQ(logs.json["error"]["code"], "not_supported");
  EXPECT_NE(logs.json["error"]["message"].get<std::string>().find("git-1"), std::string::npos);
  Reply refused =
      Call("GET", "/api/v1/projects/chat-gateway/workloads/kube-1/web-1/logs", Viewer());
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(refused.json["error"]["code"], "unavailable");
}

// A cluster that is no longer a target still runs what was deployed there: it stays listed.
TEST_P(DeployRoutesTest, WorkloadsIncludeClustersDeployedToThatAreNoLongerTargets) {
  PushArtifact(Digest('a'));
  ASSERT_EQ(Deploy(Digest('a'), "alpha", nullptr).status, 201);
  RunJobs();
  ASSERT_OK(store_->Transaction(
      [&](store::Tx& tx) { return platform_->SetTargets(tx, project_id_, {"local-alpha"}); }));
  Reply w = Call("GET", "/api/v1/projects/chat-gateway/workloads", Viewer());
  ASSERT_EQ(w.status, 200) << w.body;
  std::set<std::string> clusters;
  for (const auto& item : w.json["items"]) clusters.insert(item["cluster"].get<std::string>());
  EXPECT_EQ(clusters, (std::set<std::string>{"local-alpha", "alpha-2"}));
}

// A cluster whose platform config names other teams takes no deployment of this project, also
// when it was a target before the restriction.
TEST_P(DeployRoutesTest, ClustersOfOtherTeamsTakeNoDeployment) {
  PushArtifact(Digest('a'));
  auto cluster = platform_->GetCluster("alpha-2");
  ASSERT_OK(cluster);
  cluster->teams = {"someone-else"};
  ASSERT_OK(
      store_->Transaction([&](store::Tx& tx) { return platform_->PutCluster(tx, *cluster); }));
  Reply refused = Deploy(Digest('a'), "alpha", nullptr);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.json["error"]["field"], "clusters");
  EXPECT_TRUE(service_->deployments().List({.project_id = project_id_})->empty());
  Reply named = Deploy(Digest('a'), "alpha", json::array({"alpha-2"}));
  EXPECT_EQ(named.status, 403) << named.body;
  EXPECT_EQ(Deploy(Digest('a'), "alpha", json::array({"local-alpha"})).status, 201);
}

// A project without a target in the environment hears which command gives it one, naming the
// clusters its team may use there (not an API path).
TEST_P(DeployRoutesTest, NoTargetNamesTheCommandThatSetsOne) {
  PushArtifact(Digest('a'));
  ASSERT_OK(store_->Transaction(
      [&](store::Tx& tx) { return platform_->SetTargets(tx, project_id_, {"prod-kr1"}); }));
  Reply r = Deploy(Digest('a'), "alpha", nullptr);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json["error"]["field"], "clusters");
  EXPECT_EQ(r.json["error"]["message"],
            "project chat-gateway has no target cluster in alpha (its clusters: alpha-2, "
            "local-alpha); add one to the project's targets, e.g. `paved targets set -p "
            "chat-gateway prod-kr1 alpha-2`");

  for (const char* name : {"local-alpha", "alpha-2"}) {
    auto cluster = platform_->GetCluster(name);
    ASSERT_OK(cluster);
    cluster->teams = {"someone-else"};
    ASSERT_OK(
        store_->Transaction([&](store::Tx& tx) { return platform_->PutCluster(tx, *cluster); }));
  }
  Reply none = Deploy(Digest('a'), "alpha", nullptr);
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_THAT(none.json["error"]["message"].get<std::string>(),
              ::testing::HasSubstr("no cluster in alpha accepts team chat"));
  EXPECT_TRUE(service_->deployments().List({.project_id = project_id_})->empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, DeployRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::deploy::rollout
