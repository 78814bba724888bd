// 100 local Redis resources created concurrently and then deleted, in process: the real
// ResourceService and SagaRunner over SQLite (a temporary file) and a jobs::WorkerPool (2 threads,
// as `paved serve`), with the embedded local provider starting a real redis-server per resource
// (in the local runtime's sandbox when it can run here). The provider is wrapped in a decorator
// that times every step's Apply and Undo, and the saga jobs' handlers are timed, so the saga's own
// cost — journal writes, loading the resource and its token, status, audit, chat notice — is the
// handler time minus the provider time. Prints create → ready and delete → deleted p50/p99,
// Paved's overhead per journaled step (target < 5 ms) and the process's RSS (VmRSS/VmHWM).
// Every redis-server is stopped at the end, also on failure or Ctrl-C (by process group, from
// <root>/<id>/process.json). Bounded: 120 s per phase.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "audit/audit_log.h"
#include "bench/bench_support.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "deploy/runtime/local/sandbox.h"
#include "deploy/secrets/secret_store.h"
#include "jobs/worker_pool.h"
#include "resources/connection.h"
#include "resources/local/local_provider.h"
#include "resources/notify.h"
#include "resources/resource_service.h"
#include "resources/saga.h"

namespace {

namespace fs = std::filesystem;
namespace res = paved::resources;
using nlohmann::json;
using paved::Role;

constexpr int kProjects = 10;
constexpr int64_t kPhaseLimitUs = 120'000'000;

int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string g_root;                   // <data dir>/resources, set before any process starts
std::atomic<bool> g_stopping{false};  // set on Ctrl-C: no step starts another redis-server

// Kills the process group of every <root>/<id>/process.json, and of every process whose command
// line names <root> (one spawned a moment before its process.json was written). Returns how
// many groups were still there.
int StopEveryRedis() {
  std::set<int> groups;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(g_root, ec)) {
    std::ifstream in(entry.path() / "process.json");
    json j = json::parse(in, nullptr, false);
    int pid = j.is_object() ? j.value("pid", 0) : 0;
    if (pid > 0) groups.insert(pid);
  }
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    int pid = std::atoi(entry.path().filename().c_str());
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (pid > 0 && cmdline.find(g_root + "/") != std::string::npos) groups.insert(getpgid(pid));
  }
  int killed = 0;
  for (int group : groups) killed += group > 1 && kill(-group, SIGKILL) == 0;
  return killed;
}

// Waits for Ctrl-C or SIGTERM (blocked in every other thread), then stops every redis-server.
void WatchSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set] {
    int sig = 0;
    sigwait(&set, &sig);
    g_stopping = true;
    StopEveryRedis();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a step that was starting one
    StopEveryRedis();
    std::error_code ec;
    fs::remove_all(fs::path(g_root).parent_path(), ec);
    std::fprintf(stderr, "interrupted: every redis-server stopped\n");
    _exit(128 + sig);
  }).detach();
}

[[noreturn]] void Die(const char* what, const absl::Status& s) {
  std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
  StopEveryRedis();
  std::exit(1);
}

// Wall time spent inside the provider, and how many calls; per "apply <step>" / "undo <step>".
struct ProviderClock {
  std::atomic<int64_t> apply_us{0}, undo_us{0}, steps_us{0};
  std::atomic<int> applies{0}, undos{0};
  std::mutex mu;
  std::map<std::string, std::vector<double>> by_step_ms;
  void Add(const std::string& what, int64_t us) {
    std::lock_guard<std::mutex> lock(mu);
    by_step_ms[what].push_back(us / 1e3);
  }
};

// Times one step of the local provider.
class TimedStep : public res::Step {
 public:
  TimedStep(std::unique_ptr<res::Step> inner, ProviderClock* clock)
      : inner_(std::move(inner)), clock_(clock) {}
  std::string Name() const override { return inner_->Name(); }
  std::string IdempotencyKey(const res::Resource& r) const override {
    return inner_->IdempotencyKey(r);
  }
  absl::StatusOr<res::StepOutcome> Apply(const res::Resource& r, const json& outputs) override {
    if (g_stopping) return absl::UnavailableError("the benchmark is stopping");
    int64_t t0 = NowUs();
    absl::StatusOr<res::StepOutcome> out = inner_->Apply(r, outputs);
    int64_t took = NowUs() - t0;
    clock_->apply_us += took;
    ++clock_->applies;
    clock_->Add("apply " + Name(), took);
    return out;
  }
  absl::Status Undo(const res::Resource& r, const std::string& provider_id) override {
    int64_t t0 = NowUs();
    absl::Status s = inner_->Undo(r, provider_id);
    int64_t took = NowUs() - t0;
    clock_->undo_us += took;
    ++clock_->undos;
    clock_->Add("undo " + Name(), took);
    return s;
  }

 private:
  std::unique_ptr<res::Step> inner_;
  ProviderClock* clock_;
};

// A Provider that delegates to another and times each of its steps.
class TimedProvider : public res::Provider {
 public:
  TimedProvider(res::Provider* inner, ProviderClock* clock) : inner_(inner), clock_(clock) {}
  std::string Name() const override { return inner_->Name(); }
  bool Supports(res::Kind kind) const override { return inner_->Supports(kind); }
  std::vector<std::unique_ptr<res::Step>> Steps(const res::Resource& r) override {
    int64_t t0 = NowUs();
    std::vector<std::unique_ptr<res::Step>> timed;
    for (auto& step : inner_->Steps(r)) {
      timed.push_back(std::make_unique<TimedStep>(std::move(step), clock_));
    }
    clock_->steps_us += NowUs() - t0;
    return timed;
  }
  absl::StatusOr<json> LiveStatus(const res::Resource& r) override { return inner_->LiveStatus(r); }

 private:
  res::Provider* inner_;
  ProviderClock* clock_;
};

// When each resource was asked for and when its saga's end was committed.
struct Timeline {
  std::mutex mu;
  std::map<std::string, int64_t> asked_us, ended_us;
  void Asked(const std::string& id, int64_t at) {
    std::lock_guard<std::mutex> lock(mu);
    asked_us[id] = at;
  }
  void Ended(const std::string& id, int64_t at) {
    std::lock_guard<std::mutex> lock(mu);
    ended_us[id] = at;
  }
  bool HasEnded(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu);
    return ended_us.count(id) > 0;
  }
  size_t EndedCount() {
    std::lock_guard<std::mutex> lock(mu);
    return ended_us.size();
  }
  std::vector<double> LatenciesMs() {
    std::lock_guard<std::mutex> lock(mu);
    std::vector<double> ms;
    for (const auto& [id, at] : ended_us) {
      if (auto it = asked_us.find(id); it != asked_us.end()) ms.push_back((at - it->second) / 1e3);
    }
    return ms;
  }
};

// Wall time inside the saga jobs' handlers (every run of a job: polls and retries included),
// and when each resource's job first ran.
struct SagaClock {
  std::atomic<int64_t> handler_us{0};
  std::atomic<int> runs{0};
  Timeline first_run;
};

// VmRSS and VmHWM of this process in kB, sampled every 20 ms; the peak VmRSS per phase.
class RssSampler {
 public:
  static std::pair<int64_t, int64_t> Now() {
    std::ifstream in("/proc/self/status");
    int64_t rss = 0, hwm = 0;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("VmRSS:", 0) == 0) rss = std::atoll(line.c_str() + 6);
      if (line.rfind("VmHWM:", 0) == 0) hwm = std::atoll(line.c_str() + 6);
    }
    return {rss, hwm};
  }
  void Start() {
    thread_ = std::thread([this] {
      while (!stop_) {
        int64_t rss = Now().first;
        int64_t seen = peak_.load();
        while (rss > seen && !peak_.compare_exchange_weak(seen, rss)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
  }
  int64_t TakePeak() { return peak_.exchange(Now().first); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> peak_{0};
  std::thread thread_;
};

bool HasFlag(int argc, char** argv, const std::string& name) {
  for (int i = 1; i < argc; ++i) {
    if (argv[i] == name) return true;
  }
  return false;
}

// Everything the resources domain runs on, as install.cc wires it, but with the local provider
// behind the timing decorator and the saga handlers timed.
struct Domain {
  paved::SystemClock clock;
  std::unique_ptr<paved::store::Store> store;
  std::unique_ptr<paved::audit::AuditLog> audit;
  std::unique_ptr<paved::catalog::TeamStore> teams;
  std::unique_ptr<paved::catalog::ProjectStore> projects;
  std::unique_ptr<paved::deploy::KeyRing> keys;
  std::unique_ptr<paved::deploy::SecretStore> secrets;
  std::unique_ptr<res::ConnectionSecrets> connections;
  std::unique_ptr<res::ResourceStore> resources;
  std::unique_ptr<paved::jobs::JobQueue> queue;
  std::unique_ptr<paved::jobs::WorkerPool> workers;
  std::unique_ptr<res::local::LocalProvider> local;
  std::unique_ptr<TimedProvider> timed;
  std::unique_ptr<res::SagaRunner> runner;
  std::unique_ptr<res::ResourceService> service;
  ProviderClock provider_clock;
  SagaClock create_clock, delete_clock;
  Timeline created, deleted;
};

void OpenStores(Domain& d, const std::string& url, int threads) {
  auto opened = paved::bench::OpenMigratedStore(url);
  if (!opened.ok()) Die("open", opened.status());
  d.store = std::move(*opened);
  d.audit = std::make_unique<paved::audit::AuditLog>(d.store.get(), &d.clock);
  d.teams = std::make_unique<paved::catalog::TeamStore>(d.store.get(), &d.clock);
  d.projects = std::make_unique<paved::catalog::ProjectStore>(d.store.get(), &d.clock);
  auto keys = paved::bench::BenchKeyRing();
  if (!keys.ok()) Die("keys", keys.status());
  d.keys = std::move(*keys);
  d.secrets = std::make_unique<paved::deploy::SecretStore>(d.store.get(), d.keys.get(), &d.clock);
  d.connections = std::make_unique<res::ConnectionSecrets>(d.secrets.get());
  d.resources = std::make_unique<res::ResourceStore>(d.store.get(), &d.clock);
  d.queue = std::make_unique<paved::jobs::JobQueue>(d.store.get(), &d.clock);
  d.workers = std::make_unique<paved::jobs::WorkerPool>(
      d.queue.get(), paved::jobs::WorkerPoolOptions{.threads = threads});
}

// The saga's end: the service's audit event and chat notice in the ending transaction, and the
// time it committed (thread-local: `committed` runs on the thread that ran `ended`).
res::SagaListener Listener(Domain& d) {
  static thread_local std::string ending_id;
  static thread_local res::Status ending_status;
  return res::SagaListener{
      .ended = [&d](paved::store::Tx& tx, const res::Resource& r, res::Status ended,
                    const std::string& why) -> absl::Status {
        ending_id = r.id;
        ending_status = ended;
        return d.service->RecordEnd(tx, r, ended, why);
      },
      .committed =
          [&d] {
            int64_t now = NowUs();
            d.audit->Published();
            if (ending_status == res::Status::kDeleted) {
              d.deleted.Ended(ending_id, now);
            } else {
              d.created.Ended(ending_id, now);
            }
          }};
}

void RegisterSagaJobs(Domain& d) {
  auto timed = [](SagaClock* clock, auto run) {
    return [clock, run](paved::jobs::JobContext& ctx) {
      int64_t t0 = NowUs();
      std::string id = ctx.job.payload.value("resource_id", "");
      if (!clock->first_run.HasEnded(id)) clock->first_run.Ended(id, t0);
      absl::Status s = run(ctx.job);
      clock->handler_us += NowUs() - t0;
      ++clock->runs;
      return s;
    };
  };
  res::SagaRunner* runner = d.runner.get();
  d.workers->Register(res::kCreateJobKind,
                      timed(&d.create_clock, [runner](const paved::jobs::Job& job) {
                        return runner->RunCreate(job);
                      }));
  d.workers->Register(res::kDeleteJobKind,
                      timed(&d.delete_clock, [runner](const paved::jobs::Job& job) {
                        return runner->RunDelete(job);
                      }));
  res::RegisterNotifier(
      *d.workers, [&d](const std::string& id) { return d.service->Get(id); },
      [](const std::string&, const std::string&) { return absl::OkStatus(); },
      "http://127.0.0.1:0");
}

void Wire(Domain& d, const paved::deploy::runtime::local::Sandbox& sandbox) {
  d.local = std::make_unique<res::local::LocalProvider>(
      res::local::LocalOptions{.root = g_root, .sandbox = sandbox});
  d.timed = std::make_unique<TimedProvider>(d.local.get(), &d.provider_clock);
  d.runner = std::make_unique<res::SagaRunner>(
      d.resources.get(), d.queue.get(),
      std::map<std::string, res::Provider*>{{"local", d.timed.get()}}, Listener(d));
  d.runner->SetConnections(d.connections.get());
  d.service = std::make_unique<res::ResourceService>(
      res::ResourceServiceDeps{.store = d.store.get(),
                               .resources = d.resources.get(),
                               .runner = d.runner.get(),
                               .projects = d.projects.get(),
                               .teams = d.teams.get(),
                               .audit = d.audit.get(),
                               .workers = d.workers.get(),
                               .connections = d.connections.get(),
                               .queue = d.queue.get()});
  RegisterSagaJobs(d);
}

// Team "bench" owning projects bench-0..9, and the local standard of environment "alpha" (no
// deletion protection there). Returns the team id.
std::string Seed(Domain& d) {
  absl::StatusOr<res::Profile> profile =
      res::ParseProfile({{"account", "local"}, {"environment", "alpha"}, {"provider", "local"}});
  if (!profile.ok()) Die("profile", profile.status());
  profile->updated_by = "bench";
  std::string team_id;
  absl::Status s = d.store->Transaction([&](paved::store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(d.resources->PutProfile(tx, *profile));
    paved::catalog::Team t{.slug = "bench", .name = "Bench"};
    RETURN_IF_ERROR(d.teams->Create(tx, t));
    team_id = t.id;
    for (int i = 0; i < kProjects; ++i) {
      paved::catalog::Project p{.slug = "bench-" + std::to_string(i), .name = "bench"};
      p.owner_team_id = team_id;
      p.created_by = "bench";
      RETURN_IF_ERROR(d.projects->Create(tx, p));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) Die("seed", s);
  return team_id;
}

// Runs `call(i)` for i in [0, n) on `clients` threads at once; returns the requests' own
// latencies (ms).
template <typename Call>
std::vector<double> Concurrently(int n, int clients, Call call) {
  std::atomic<int> next{0};
  std::mutex mu;
  std::vector<double> ms;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      for (int i; (i = next.fetch_add(1)) < n;) {
        int64_t t0 = NowUs();
        call(i);
        double took = (NowUs() - t0) / 1e3;
        std::lock_guard<std::mutex> lock(mu);
        ms.push_back(took);
      }
    });
  }
  for (auto& t : threads) t.join();
  return ms;
}

// Waits until `n` sagas of `timeline` ended or the phase's time is up; returns seconds taken.
double AwaitEnded(Timeline& timeline, size_t n, int64_t since_us) {
  while (timeline.EndedCount() < n && NowUs() - since_us < kPhaseLimitUs) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return (NowUs() - since_us) / 1e6;
}

int CountStatus(Domain& d, const std::string& status) {
  auto list = d.resources->List({.status = status, .limit = 100000});
  return list.ok() ? static_cast<int>(list->size()) : -1;
}

void PrintLatency(const char* what, const std::vector<double>& ms) {
  paved::bench::Percentiles p = paved::bench::Summarise(ms);
  std::printf("%-34s n=%3zu  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms\n", what, ms.size(), p.p50,
              p.p99, p.max);
}

// Saga time outside the provider, per step and per job run.
void PrintOverhead(const char* saga, const SagaClock& saga_clock, int64_t provider_us, int steps) {
  double handler_ms = saga_clock.handler_us / 1e3;
  double outside_ms = handler_ms - provider_us / 1e3;
  std::printf(
      "%s: handlers %.0f ms over %d job runs, provider %.0f ms, Paved %.0f ms → "
      "%.2f ms per journaled step (%d steps), %.2f ms per job run\n",
      saga, handler_ms, saga_clock.runs.load(), provider_us / 1e3, outside_ms, outside_ms / steps,
      steps, outside_ms / std::max(1, saga_clock.runs.load()));
}

paved::deploy::runtime::local::Sandbox ChooseSandbox(bool shared_host, const std::string& dir) {
  using paved::deploy::runtime::local::Sandbox;
  Sandbox sandbox;
  sandbox.hidden_paths.push_back(dir);
  if (shared_host) sandbox.mode = Sandbox::Mode::kSharedHost;
  if (sandbox.mode == Sandbox::Mode::kIsolated) {
    if (absl::Status s = paved::deploy::runtime::local::CheckSandbox(sandbox); !s.ok()) {
      std::printf("sandbox unavailable (%s): running redis-server as this user\n",
                  std::string(s.message()).c_str());
      sandbox.mode = Sandbox::Mode::kSharedHost;
    }
  }
  std::printf("sandbox: %s\n", sandbox.mode == Sandbox::Mode::kIsolated
                                   ? "isolated (bwrap, a user per resource)"
                                   : "shared host");
  return sandbox;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = std::min(paved::bench::IntFlag(argc, argv, "--resources", 100), 1000);
  const int threads = paved::bench::IntFlag(argc, argv, "--threads", 2);
  const int clients = paved::bench::IntFlag(argc, argv, "--clients", 8);
  std::string dir = fs::temp_directory_path() / ("paved-resources-bench-" + paved::NewId());
  fs::create_directories(dir + "/resources");
  g_root = dir + "/resources";
  WatchSignals();

  Domain d;
  OpenStores(d, "sqlite://" + dir + "/paved.db", threads);
  Wire(d, ChooseSandbox(HasFlag(argc, argv, "--shared-host"), dir));
  std::string team_id = Seed(d);
  paved::Caller dev{
      .user_id = "u-dev", .login = "dev", .role = Role::kDeveloper, .team_ids = {team_id}};
  RssSampler rss;
  int64_t rss_start = RssSampler::Now().first;
  rss.Start();
  d.workers->Start();

  std::vector<std::string> ids(n);
  int64_t create_start = NowUs();
  std::vector<double> create_call_ms = Concurrently(n, clients, [&](int i) {
    int64_t asked = NowUs();
    auto r = d.service->Create(dev, "bench-" + std::to_string(i % kProjects),
                               {.kind = "redis",
                                .name = "cache-" + std::to_string(i / kProjects),
                                .environment = "alpha",
                                .spec = {{"size", "s"}}});
    if (!r.ok()) Die("create", r.status());
    ids[i] = r->id;
    d.created.Asked(r->id, asked);
    d.create_clock.first_run.Asked(r->id, asked);
  });
  double create_s = AwaitEnded(d.created, n, create_start);
  int ready = CountStatus(d, "ready");
  int64_t rss_create_peak = rss.TakePeak();
  int64_t rss_after_create = RssSampler::Now().first;
  ProviderClock& pc = d.provider_clock;
  int64_t create_provider_us = pc.apply_us + pc.steps_us;

  int64_t delete_start = NowUs();
  int64_t steps_us_before = pc.steps_us;
  std::vector<double> delete_call_ms = Concurrently(n, clients, [&](int i) {
    int64_t asked = NowUs();
    auto r = d.service->Delete(dev, ids[i], "cache-" + std::to_string(i / kProjects));
    if (!r.ok()) Die("delete", r.status());
    d.deleted.Asked(ids[i], asked);
    d.delete_clock.first_run.Asked(ids[i], asked);
  });
  double delete_s = AwaitEnded(d.deleted, n, delete_start);
  int64_t delete_provider_us = pc.undo_us + (pc.steps_us - steps_us_before);
  int deleted = CountStatus(d, "deleted");
  int64_t rss_delete_peak = rss.TakePeak();
  d.workers->Stop();
  rss.Stop();
  auto [rss_end, hwm_end] = RssSampler::Now();
  int left = StopEveryRedis();

  std::printf("\n%d local Redis, %d worker threads, %d concurrent clients, SQLite (in process)\n",
              n, threads, clients);
  std::printf("created: %d/%d ready in %.2f s; deleted: %d/%d in %.2f s\n", ready, n, create_s,
              deleted, n, delete_s);
  PrintLatency("create request (Service::Create)", create_call_ms);
  PrintLatency("create request → ready", d.created.LatenciesMs());
  PrintLatency("create request → job's first run", d.create_clock.first_run.LatenciesMs());
  PrintLatency("delete request (Service::Delete)", delete_call_ms);
  PrintLatency("delete request → deleted", d.deleted.LatenciesMs());
  PrintLatency("delete request → job's first run", d.delete_clock.first_run.LatenciesMs());
  std::printf("provider: %d Apply calls %.0f ms, %d Undo calls %.0f ms\n", pc.applies.load(),
              pc.apply_us / 1e3, pc.undos.load(), pc.undo_us / 1e3);
  for (const auto& [what, ms] : pc.by_step_ms) PrintLatency(("  " + what).c_str(), ms);
  PrintOverhead("create", d.create_clock, create_provider_us, 2 * n);
  PrintOverhead("delete", d.delete_clock, delete_provider_us, 2 * n);
  double per_step = (d.create_clock.handler_us + d.delete_clock.handler_us - create_provider_us -
                     delete_provider_us) /
                    1e3 / (4.0 * n);
  std::printf("Paved overhead per journaled step: %.2f ms (target < 5 ms: %.2fx, %s)\n", per_step,
              per_step / 5.0, per_step < 5.0 ? "ok" : "MISSED");
  std::printf(
      "RSS (MiB): start %.1f, peak while creating %.1f, after creating %.1f, peak while deleting "
      "%.1f, end %.1f; VmHWM %.1f\n",
      rss_start / 1024.0, rss_create_peak / 1024.0, rss_after_create / 1024.0,
      rss_delete_peak / 1024.0, rss_end / 1024.0, hwm_end / 1024.0);
  std::printf("redis-server process groups left at the end and killed: %d\n", left);

  d.workers.reset();
  d.store.reset();
  fs::remove_all(dir);
  return ready == n && deleted == n && left == 0 ? 0 : 1;
}
