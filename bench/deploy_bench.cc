// A production deploy of N projects (default 200) × 8 clusters, in process on SQLite (temp file):
// 8 production clusters (regions r1..r8) on an in-bench runtime that records when Apply is called
// and reports healthy at once. Times DeployService::Create (all clusters), the per-region
// approvals by an sre, then the rollout engine on a WorkerPool (2 threads) until every deployment
// succeeded. Prints platform overhead per deployment (queued_at / started_at → Runtime::Apply)
// and the whole fleet's time against the targets (< 20 ms per deployment; 1,600 queued in < 5 s).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.h"
#include "core/status_macros.h"
#include "deploy/rollout/deploy_service.h"
#include "deploy/rollout/rollout_engine.h"
#include "deploy/secrets/key_ring.h"

namespace {

namespace rollout = paved::deploy::rollout;
namespace runtime = paved::deploy::runtime;
namespace platform = paved::deploy::platform;
using paved::Role;

constexpr int kClusters = 8;

int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double Seconds(int64_t us) { return static_cast<double>(us) / 1e6; }

// Records the wall time of each Apply (by deployment id); healthy at the first Check.
class BenchRuntime : public runtime::Runtime {
 public:
  absl::Status Apply(const runtime::RolloutTarget& t) override {
    int64_t now = NowUs();
    std::lock_guard<std::mutex> lock(mu_);
    applied_us_.emplace(t.deployment_id, now);
    return absl::OkStatus();
  }
  absl::StatusOr<runtime::HealthReport> Check(const runtime::RolloutTarget&) override {
    return runtime::HealthReport{.health = runtime::Health::kHealthy, .message = "2/2 ready"};
  }
  absl::Status Prune(const runtime::RolloutTarget&) override {
    ++pruned_;
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<runtime::Workload>> Workloads(const platform::Cluster&,
                                                           const std::string&,
                                                           const std::string&) override {
    return std::vector<runtime::Workload>{};
  }

  int pruned() const { return pruned_.load(); }
  std::map<std::string, int64_t> applied() {
    std::lock_guard<std::mutex> lock(mu_);
    return applied_us_;
  }

 private:
  std::mutex mu_;
  std::map<std::string, int64_t> applied_us_;
  std::atomic<int> pruned_{0};
};

std::string Spec(const std::string& slug) {
  return "apiVersion: paved.dev/v1\nservices:\n  web:\n    image: registry.example.com/" + slug +
         "\n    port: 8080\n    replicas: 2\n    resources: {cpu: 250m, memory: 256Mi}\n"
         "    health: {path: /healthz}\n";
}

std::string Digest(int i) {
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016x", i);
  return "sha256:" + std::string(48, 'a') + hex;
}

void Die(const char* what, const absl::Status& s) {
  std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
  std::exit(1);
}

// Everything DeployDeps points at, on a migrated SQLite file.
struct Platform {
  paved::SystemClock clock;
  paved::deploy::policy::PolicyConfig policy;
  paved::deploy::render::Standards standards;
  std::unique_ptr<paved::store::Store> store;
  std::unique_ptr<paved::audit::AuditLog> audit;
  std::unique_ptr<paved::catalog::TeamStore> teams;
  std::unique_ptr<paved::catalog::ProjectStore> projects;
  std::unique_ptr<platform::PlatformStore> platform;
  std::unique_ptr<paved::deploy::spec::SpecStore> specs;
  std::unique_ptr<paved::deploy::ConfigStore> config;
  std::unique_ptr<paved::deploy::KeyRing> keys;
  std::unique_ptr<paved::deploy::SecretStore> secrets;
  std::unique_ptr<paved::deploy::release::ReleaseBuilder> releases;
  runtime::RuntimeRegistry runtimes;
  BenchRuntime* bench_runtime = nullptr;
  std::unique_ptr<paved::jobs::JobQueue> queue;
  std::unique_ptr<paved::jobs::WorkerPool> workers;
  nlohmann::json config_file = nlohmann::json::object();
};

void Open(Platform& p, const std::string& url, int threads) {
  auto opened = paved::bench::OpenMigratedStore(url);
  if (!opened.ok()) Die("open", opened.status());
  p.store = std::move(*opened);
  p.audit = std::make_unique<paved::audit::AuditLog>(p.store.get(), &p.clock);
  p.teams = std::make_unique<paved::catalog::TeamStore>(p.store.get(), &p.clock);
  p.projects = std::make_unique<paved::catalog::ProjectStore>(p.store.get(), &p.clock);
  p.platform = std::make_unique<platform::PlatformStore>(p.store.get(), &p.clock);
  p.specs = std::make_unique<paved::deploy::spec::SpecStore>(p.store.get(), &p.clock);
  p.config = std::make_unique<paved::deploy::ConfigStore>(p.store.get(), &p.clock);
  auto keys = paved::bench::BenchKeyRing();
  if (!keys.ok()) Die("keys", keys.status());
  p.keys = std::move(*keys);
  p.secrets = std::make_unique<paved::deploy::SecretStore>(p.store.get(), p.keys.get(), &p.clock);
  p.releases = std::make_unique<paved::deploy::release::ReleaseBuilder>(
      paved::deploy::release::ReleaseDeps{.projects = p.projects.get(),
                                          .specs = p.specs.get(),
                                          .platform = p.platform.get(),
                                          .config = p.config.get(),
                                          .secrets = p.secrets.get(),
                                          .standards = &p.standards,
                                          .policy = &p.policy,
                                          .clock = &p.clock});
  auto rt = std::make_unique<BenchRuntime>();
  p.bench_runtime = rt.get();
  p.runtimes.Add("bench", std::move(rt));
  p.queue = std::make_unique<paved::jobs::JobQueue>(p.store.get(), &p.clock);
  p.workers = std::make_unique<paved::jobs::WorkerPool>(
      p.queue.get(), paved::jobs::WorkerPoolOptions{.threads = threads, .poll_interval_ms = 5});
}

// Team "bench" owning projects bench-0..N-1, each with a spec, targets on the 8 clusters, its
// artifact and a promotion-order exception. Returns the team id.
std::string Seed(Platform& p, int n_projects, rollout::DeployService& service) {
  std::string team_id;
  absl::Status s = p.store->Transaction([&](paved::store::Tx& tx) -> absl::Status {
    std::vector<std::string> clusters;
    for (int c = 1; c <= kClusters; ++c) {
      platform::Cluster cl{.name = "prod-r" + std::to_string(c),
                           .region = "r" + std::to_string(c),
                           .environment = "production",
                           .runtime = "bench"};
      RETURN_IF_ERROR(p.platform->PutCluster(tx, cl));
      clusters.push_back(cl.name);
    }
    paved::catalog::Team t{.slug = "bench", .name = "Bench"};
    RETURN_IF_ERROR(p.teams->Create(tx, t));
    team_id = t.id;
    for (int i = 0; i < n_projects; ++i) {
      std::string slug = "bench-" + std::to_string(i);
      paved::catalog::Project pr{.slug = slug, .name = slug};
      pr.owner_team_id = team_id;
      pr.created_by = "admin";
      RETURN_IF_ERROR(p.projects->Create(tx, pr));
      bool created = false;
      RETURN_IF_ERROR(p.specs->Put(tx, pr.id, Spec(slug), "dev", "v1", &created).status());
      RETURN_IF_ERROR(p.platform->SetTargets(tx, pr.id, clusters));
      rollout::Artifact a{.project_id = pr.id,
                          .digest = Digest(i),
                          .image = "registry.example.com/" + slug,
                          .git_sha = "abc123",
                          .built_by = "ci",
                          .pushed_by = "dev"};
      RETURN_IF_ERROR(service.artifacts().Push(tx, a, &created).status());
      paved::deploy::policy::PolicyException e{.rule = "promotion-order",
                                               .reason = "benchmark",
                                               .approved_by = "sre",
                                               .expires_at_ms = p.clock.NowMs() + 86'400'000};
      RETURN_IF_ERROR(p.platform->AddException(tx, pr.id, e).status());
    }
    return absl::OkStatus();
  });
  if (!s.ok()) Die("seed", s);
  return team_id;
}

}  // namespace

int main(int argc, char** argv) {
  const int n_projects = paved::bench::IntFlag(argc, argv, "--projects", 200);
  const int threads = paved::bench::IntFlag(argc, argv, "--threads", 2);
  const int total = n_projects * kClusters;
  std::filesystem::path db = std::filesystem::temp_directory_path() /
                             ("paved-deploy-bench-" + std::to_string(NowUs()) + ".db");
  Platform p;
  Open(p, "sqlite://" + db.string(), threads);
  rollout::DeployDeps deps{.store = p.store.get(),
                           .clock = &p.clock,
                           .audit = p.audit.get(),
                           .projects = p.projects.get(),
                           .teams = p.teams.get(),
                           .platform = p.platform.get(),
                           .releases = p.releases.get(),
                           .runtimes = &p.runtimes,
                           .job_queue = p.queue.get(),
                           .workers = p.workers.get(),
                           .config = &p.config_file,
                           .specs = p.specs.get()};
  rollout::DeployService service(deps, rollout::DeployConfig{.poll_interval_ms = 0});
  rollout::RolloutEngine engine(deps, &service);
  p.workers->Register(rollout::kRolloutJobKind,
                      [&](paved::jobs::JobContext& ctx) { return engine.Handle(ctx); });

  int64_t t0 = NowUs();
  std::string team_id = Seed(p, n_projects, service);
  std::printf("seeded %d projects × %d clusters in %.2f s\n", n_projects, kClusters,
              Seconds(NowUs() - t0));

  paved::Caller dev{
      .user_id = "u-dev", .login = "dev", .role = Role::kDeveloper, .team_ids = {team_id}};
  paved::Caller sre{.user_id = "u-sre", .login = "sre", .role = Role::kSre};

  // (a) Plan: one Create per project (all 8 clusters) → pending_approval.
  std::vector<rollout::Deployment> planned;
  std::vector<std::string> slugs;  // of planned[i]
  int64_t create_start = NowUs();
  for (int i = 0; i < n_projects; ++i) {
    auto r = service.Create(dev, {.project = "bench-" + std::to_string(i),
                                  .artifact = Digest(i),
                                  .environment = "production",
                                  .reason = "bench"});
    if (!r.ok()) Die("create", r.status());
    for (auto& d : r->deployments) {
      planned.push_back(std::move(d));
      slugs.push_back("bench-" + std::to_string(i));
    }
  }
  int64_t create_us = NowUs() - create_start;
  if (static_cast<int>(planned.size()) != total) {
    std::fprintf(stderr, "planned %zu deployments, expected %d\n", planned.size(), total);
    return 1;
  }
  // Approvals: one per (request, region) → queued with a rollout job each.
  int64_t approve_start = NowUs();
  for (size_t i = 0; i < planned.size(); ++i) {
    auto r = service.Decide(sre, slugs[i], planned[i].id, true, "ok");
    if (!r.ok()) Die("approve", r.status());
  }
  int64_t approve_us = NowUs() - approve_start;

  // (b) Roll out on `threads` workers until every deployment succeeded (bounded at 100 s).
  int64_t fleet_start = NowUs();
  p.workers->Start();
  while (p.bench_runtime->pruned() < total && NowUs() - fleet_start < 100'000'000) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int succeeded = 0;
  std::vector<double> queued_to_apply_ms, started_to_apply_ms;
  std::map<std::string, int64_t> applied = p.bench_runtime->applied();
  int64_t last_finish_ms = 0;
  for (const auto& planned_d : planned) {
    absl::StatusOr<rollout::Deployment> d = service.deployments().Get(planned_d.id);
    for (int tries = 0; d.ok() && d->state != rollout::State::kSucceeded && tries < 200; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      d = service.deployments().Get(planned_d.id);
    }
    if (!d.ok() || d->state != rollout::State::kSucceeded) continue;
    ++succeeded;
    last_finish_ms = std::max(last_finish_ms, d->finished_at_ms.value_or(0));
    auto it = applied.find(d->id);
    if (it == applied.end()) continue;
    if (d->queued_at_ms) queued_to_apply_ms.push_back(it->second / 1e3 - *d->queued_at_ms);
    if (d->started_at_ms) started_to_apply_ms.push_back(it->second / 1e3 - *d->started_at_ms);
  }
  int64_t fleet_us = last_finish_ms * 1000 - fleet_start;
  p.workers->Stop();

  paved::bench::Percentiles q = paved::bench::Summarise(queued_to_apply_ms);
  paved::bench::Percentiles s = paved::bench::Summarise(started_to_apply_ms);
  double queued_s = Seconds(create_us + approve_us);
  std::printf("\n%d projects × %d clusters = %d deployments (SQLite, in process)\n", n_projects,
              kClusters, total);
  std::printf(
      "plan (Create, all clusters):  %.2f s  (%.2f ms per project, %.2f ms per deployment)\n",
      Seconds(create_us), create_us / 1e3 / n_projects, create_us / 1e3 / total);
  std::printf("approve (per region, sre):    %.2f s  (%.2f ms per approval)\n", Seconds(approve_us),
              approve_us / 1e3 / total);
  std::printf("queued: %d in %.2f s (target < 5 s for 1,600: %.2fx of target%s)\n", total, queued_s,
              queued_s / 5.0 * 1600.0 / total, total == 1600 ? "" : ", scaled");
  std::printf("rollout: %d/%d succeeded, fleet time %.2f s (%.1f deployments/s, %d workers)\n",
              succeeded, total, Seconds(fleet_us), total / std::max(1e-9, Seconds(fleet_us)),
              threads);
  std::printf("started_at → Apply (per deployment): p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", s.p50,
              s.p99, s.max);
  std::printf("queued_at → Apply (incl. waiting behind the fleet): p50 %.0f ms  p99 %.0f ms\n",
              q.p50, q.p99);
  double per_deploy_ms = fleet_us / 1e3 / total * threads;  // worker-ms per deployment
  std::printf("worker time per deployment (fleet time × workers / n): %.2f ms\n", per_deploy_ms);
  std::printf("platform overhead vs target 20 ms: started→Apply p99 %.2fx; worker time %.2fx\n",
              s.p99 / 20.0, per_deploy_ms / 20.0);

  p.store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(db.string() + suffix);
  }
  return succeeded == total ? 0 : 1;
}
