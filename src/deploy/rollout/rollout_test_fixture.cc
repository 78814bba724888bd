#include "deploy/rollout/rollout_test_fixture.h"

#include "absl/strings/escaping.h"

namespace paved::deploy::rollout::testing {

using json = nlohmann::json;

void RolloutFixture::SetUp() {
  auto opened = test_support::NewMigratedStore(GetParam());
  ASSERT_OK(opened);  // PostgreSQL must start: never skip
  store_ = std::move(*opened);
  audit_ = std::make_unique<audit::AuditLog>(store_.get(), &clock_);
  teams_ = std::make_unique<catalog::TeamStore>(store_.get(), &clock_);
  projects_ = std::make_unique<catalog::ProjectStore>(store_.get(), &clock_);
  platform_ = std::make_unique<platform::PlatformStore>(store_.get(), &clock_);
  specs_ = std::make_unique<spec::SpecStore>(store_.get(), &clock_);
  config_ = std::make_unique<ConfigStore>(store_.get(), &clock_);
  auto keys = KeyRing::FromText("k1:" + absl::Base64Escape(std::string(32, 'k')) + "\n");
  ASSERT_OK(keys);
  keys_ = std::move(*keys);
  secrets_ = std::make_unique<SecretStore>(store_.get(), keys_.get(), &clock_);
  releases_ =
      std::make_unique<release::ReleaseBuilder>(release::ReleaseDeps{.projects = projects_.get(),
                                                                     .specs = specs_.get(),
                                                                     .platform = platform_.get(),
                                                                     .config = config_.get(),
                                                                     .secrets = secrets_.get(),
                                                                     .standards = &standards_,
                                                                     .policy = &policy_,
                                                                     .clock = &clock_});
  runtimes_.Add("local", std::make_unique<FakeRuntime>(&runtime_state_));
  runtimes_.Add("fake", std::make_unique<FakeRuntime>(&runtime_state_));
  queue_ = std::make_unique<jobs::JobQueue>(store_.get(), &clock_);
  workers_ = std::make_unique<jobs::WorkerPool>(queue_.get(), jobs::WorkerPoolOptions{});

  ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    catalog::Team t{.slug = "chat", .name = "Chat"};
    if (auto s = teams_->Create(tx, t); !s.ok()) return s;
    team_id_ = t.id;
    catalog::Project p{.slug = "chat-gateway", .name = "Chat gateway"};
    p.owner_team_id = team_id_;
    p.created_by = "admin";
    if (auto s = projects_->Create(tx, p); !s.ok()) return s;
    project_id_ = p.id;
    bool created = false;
    if (auto s = specs_->Put(tx, p.id, kSpec, "dev", "v1", &created); !s.ok()) return s.status();
    if (auto s = platform_->PutCluster(
            tx, {.name = "alpha-2", .region = "local", .environment = "alpha", .runtime = "fake"});
        !s.ok()) {
      return s;
    }
    for (const char* region : {"kr1", "jp1", "us1", "eu1"}) {
      platform::Cluster c{.name = std::string("prod-") + region,
                          .region = region,
                          .environment = "production",
                          .runtime = "fake"};
      if (auto s = platform_->PutCluster(tx, c); !s.ok()) return s;
    }
    return platform_->SetTargets(
        tx, p.id, {"local-alpha", "alpha-2", "prod-kr1", "prod-jp1", "prod-us1", "prod-eu1"});
  }));
  PutConfig("alpha", "hello alpha");
  PutConfig("production", "hello production");

  DeployDeps deps = Deps(workers_.get(), &config_file_);
  service_ = std::make_shared<DeployService>(
      deps, DeployConfig{.emergency_rollback = true, .poll_interval_ms = 0});
  engine_ = std::make_unique<RolloutEngine>(deps, service_.get());
  router_.Add(DeployRoutes(deps, service_));
}

DeployDeps RolloutFixture::Deps(jobs::WorkerPool* workers, const nlohmann::json* config,
                                jobs::Scheduler* scheduler) {
  return {.store = store_.get(),
          .clock = &clock_,
          .audit = audit_.get(),
          .projects = projects_.get(),
          .teams = teams_.get(),
          .platform = platform_.get(),
          .releases = releases_.get(),
          .runtimes = &runtimes_,
          .job_queue = queue_.get(),
          .workers = workers,
          .config = config,
          .specs = specs_.get(),
          .scheduler = scheduler};
}

void RolloutFixture::PutConfig(const std::string& env, const std::string& greeting) {
  ASSERT_OK(
      config_
          ->Put(project_id_, env, "app-config", {.data = {{"GREETING", greeting}}}, "dev", "config")
          .status());
}

RolloutFixture::Reply RolloutFixture::Call(const std::string& method, const std::string& target,
                                           const http::Caller& caller, const json& body) {
  return test_support::CallRoute(router_, method, target, caller,
                                 body.is_null() ? "" : body.dump());
}

void RolloutFixture::PushArtifact(const std::string& digest) {
  Reply r = Call("POST", "/api/v1/projects/chat-gateway/artifacts", Developer(),
                 json{{"image", "registry.example.com/chat-gateway"},
                      {"digest", digest},
                      {"git_sha", "abc123"}});
  ASSERT_EQ(r.status, 201) << r.body;
}

RolloutFixture::Reply RolloutFixture::Deploy(const std::string& digest, const std::string& env,
                                             json clusters, json extra) {
  clock_.AdvanceMs(1);  // ids made in one millisecond have no order
  json body = extra;
  body["artifact"] = digest;
  body["environment"] = env;
  if (!clusters.is_null()) body["clusters"] = clusters;
  body["reason"] = "test";
  return Call("POST", "/api/v1/projects/chat-gateway/deployments", Developer(), body);
}

int RolloutFixture::RunJobs() {
  int ran = 0;
  for (int i = 0; i < 100; ++i) {
    auto claimed = queue_->Claim("test-worker", 30'000, {kRolloutJobKind});
    EXPECT_TRUE(claimed.ok()) << claimed.status();
    if (!claimed.ok() || !*claimed) break;
    const jobs::Job& job = **claimed;
    jobs::JobContext ctx{job, [] { return true; }};
    absl::Status s = engine_->Handle(ctx);
    ++ran;
    if (s.ok()) {
      EXPECT_OK(queue_->Complete(job.id, "test-worker"));
    } else {
      EXPECT_OK(queue_->Fail(job.id, "test-worker", std::string(s.message())));
    }
  }
  return ran;
}

Deployment RolloutFixture::Get(const std::string& id) {
  auto d = service_->deployments().Get(id);
  EXPECT_TRUE(d.ok()) << d.status();
  return d.value_or(Deployment{});
}

std::vector<std::string> RolloutFixture::Actions() {
  auto events = audit_->List({.limit = 500});
  EXPECT_TRUE(events.ok()) << events.status();
  std::vector<std::string> out;
  for (const auto& e : events.value_or(std::vector<audit::Event>{})) out.push_back(e.action);
  return out;
}

std::string RolloutFixture::SucceedInAlpha(const std::string& digest) {
  Reply r = Deploy(digest, "alpha", json{"local-alpha"});
  EXPECT_EQ(r.status, 201) << r.body;
  if (r.status != 201) return "";
  std::string id = r.json["deployments"][0]["id"];
  RunJobs();
  EXPECT_EQ(Get(id).state, State::kSucceeded) << Get(id).error;
  return id;
}

}  // namespace paved::deploy::rollout::testing
