#pragma once

// Test-only: a migrated store on either engine with team "chat" owning project "chat-gateway"
// (spec with one service and config set app-config), clusters local-alpha and alpha-2 (alpha)
// and prod-kr1, prod-jp1, prod-us1, prod-eu1 (production, one region each) as its targets, an
// in-test runtime serving every cluster, the deployments routes on a Router, and a helper that
// runs due rollout jobs the way the worker pool does.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "auth/permissions.h"
#include "deploy/render/standards.h"
#include "deploy/rollout/deploy_routes.h"
#include "deploy/rollout/rollout_engine.h"
#include "deploy/secrets/key_ring.h"
#include "http/message.h"
#include "tests/support/route_fixture.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::deploy::rollout::testing {

inline constexpr char kSpec[] = R"(apiVersion: paved.dev/v1
services:
  web:
    image: registry.example.com/chat-gateway
    port: 8080
    replicas: {alpha: 1, production: 2}
    resources: {cpu: 250m, memory: 256Mi}
    health: {path: /}
    config: [app-config]
)";

inline std::string Digest(char c) { return "sha256:" + std::string(64, c); }

// What the in-test runtime saw and how it answers. Thread-safe.
struct FakeRuntimeState {
  std::mutex mu;
  std::vector<std::string> applies;  // deployment ids, in call order
  std::vector<std::string> prunes;
  std::map<std::string, int> checks;       // by deployment id
  int progressing = 2;                     // Check answers progressing this many times, then...
  std::set<std::string> failing_clusters;  // ...failed on these clusters, healthy elsewhere
  std::set<std::string> failing_digests;   // ...and failed for these artifacts anywhere
  int check_errors = 0;                    // the next N Check calls return Unavailable
  std::map<std::string, std::string> last_env;  // component → GREETING of the last Apply

  int AppliesOf(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu);
    return static_cast<int>(std::count(applies.begin(), applies.end(), id));
  }
};

class FakeRuntime : public runtime::Runtime {
 public:
  explicit FakeRuntime(FakeRuntimeState* s) : s_(s) {}
  absl::Status Apply(const runtime::RolloutTarget& t) override {
    std::lock_guard<std::mutex> lock(s_->mu);
    s_->applies.push_back(t.deployment_id);
    for (const auto& [component, env] : t.component_env) {
      auto it = env.find("GREETING");
      s_->last_env[component] = it == env.end() ? "" : it->second;
    }
    return absl::OkStatus();
  }
  absl::StatusOr<runtime::HealthReport> Check(const runtime::RolloutTarget& t) override {
    std::lock_guard<std::mutex> lock(s_->mu);
    if (s_->check_errors > 0) {
      --s_->check_errors;
      return absl::UnavailableError("runtime unreachable");
    }
    int n = ++s_->checks[t.deployment_id];
    if (n <= s_->progressing) return runtime::HealthReport{};
    if (s_->failing_clusters.count(t.cluster.name) || s_->failing_digests.count(t.digest)) {
      return runtime::HealthReport{.health = runtime::Health::kFailed,
                                   .message = "web: CrashLoopBackOff"};
    }
    return runtime::HealthReport{.health = runtime::Health::kHealthy, .message = "2/2 ready"};
  }
  absl::Status Prune(const runtime::RolloutTarget& t) override {
    std::lock_guard<std::mutex> lock(s_->mu);
    s_->prunes.push_back(t.deployment_id);
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<runtime::Workload>> Workloads(const platform::Cluster&,
                                                           const std::string&,
                                                           const std::string&) override {
    return std::vector<runtime::Workload>{
        {.component = "web", .kind = "process", .desired = 1, .ready = 1}};
  }
  absl::StatusOr<std::string> Logs(const platform::Cluster&, const std::string& project,
                                   const std::string& instance, int tail) override {
    return project + "/" + instance + " tail=" + std::to_string(tail) + "\n";
  }

 private:
  FakeRuntimeState* s_;
};

class RolloutFixture : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override;

  using Reply = test_support::RouteReply;
  Reply Call(const std::string& method, const std::string& target, const http::Caller& caller,
             const nlohmann::json& body = nullptr);

  http::Caller Admin() const {
    return {.user_id = "u-admin", .login = "admin", .role = Role::kAdmin};
  }
  http::Caller Sre() const { return {.user_id = "u-sre", .login = "sre", .role = Role::kSre}; }
  http::Caller Viewer() const {
    return {.user_id = "u-viewer", .login = "viewer", .role = Role::kViewer};
  }
  http::Caller Developer() const {
    return {.user_id = "u-dev", .login = "dev", .role = Role::kDeveloper, .team_ids = {team_id_}};
  }

  // The fixture's stores and runtimes with these workers and config file.
  DeployDeps Deps(jobs::WorkerPool* workers, const nlohmann::json* config,
                  jobs::Scheduler* scheduler = nullptr);

  // Pushes artifact `digest` (201).
  void PushArtifact(const std::string& digest);
  // POST .../deployments as Developer(); returns the reply.
  Reply Deploy(const std::string& digest, const std::string& env, nlohmann::json clusters,
               nlohmann::json extra = nlohmann::json::object());
  // Claims and runs due deploy.rollout jobs until none is due; returns how many ran.
  int RunJobs();
  Deployment Get(const std::string& id);
  std::vector<std::string> Actions();
  // Deploys `digest` to local-alpha and runs it to success; returns the deployment id.
  std::string SucceedInAlpha(const std::string& digest);
  void PutConfig(const std::string& env, const std::string& greeting);

  FakeClock clock_;
  policy::PolicyConfig policy_;
  render::Standards standards_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<catalog::TeamStore> teams_;
  std::unique_ptr<catalog::ProjectStore> projects_;
  std::unique_ptr<platform::PlatformStore> platform_;
  std::unique_ptr<spec::SpecStore> specs_;
  std::unique_ptr<ConfigStore> config_;
  std::unique_ptr<KeyRing> keys_;
  std::unique_ptr<SecretStore> secrets_;
  std::unique_ptr<release::ReleaseBuilder> releases_;
  runtime::RuntimeRegistry runtimes_;
  FakeRuntimeState runtime_state_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<jobs::WorkerPool> workers_;
  http::Router router_;
  nlohmann::json config_file_ = nlohmann::json::object();
  std::shared_ptr<DeployService> service_;
  std::unique_ptr<RolloutEngine> engine_;
  std::string team_id_;
  std::string project_id_;
};

inline std::string EngineParamName(const ::testing::TestParamInfo<store::Engine>& info) {
  return test_support::EngineName(info.param);
}

}  // namespace paved::deploy::rollout::testing
