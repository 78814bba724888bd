// 1,000 resources listed and filtered through the API, in process: a real App (SQLite in a
// temporary directory) with 10 teams owning 50 projects and 1,000 resource rows stored through
// ResourceStore::Insert (redis, static sites and DynamoDB tables across the platform's
// environments; 9 in 10 ready, the rest failed), then GET /api/v1/resources with each filter
// (team, kind, environment, status, and all four at once) through App::Handle — routing,
// bearer-token auth, SQL, the catalog's project refs and JSON included, no sockets — on one
// thread. Prints p50/p99, requests/s and items per answer against the target (p99 < 10 ms).
// Bounded: a fixed number of requests per filter; no redis-server is started.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>

#include "bench/app_support.h"
#include "bench/bench_support.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "resources/profiles.h"
#include "resources/resource_store.h"

namespace {

namespace res = paved::resources;
using nlohmann::json;
using paved::server::App;
using Clock = std::chrono::steady_clock;

constexpr int kTeams = 10;
constexpr int kProjects = 50;
constexpr int kResources = 1000;
constexpr int kRequests = 500;
constexpr double kTargetP99Ms = 10;

[[noreturn]] void Die(const char* what, const absl::Status& s) {
  std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
  std::exit(1);
}

// Resource i: its kind and the spec a developer would give.
std::pair<res::Kind, json> KindAndSpec(int i) {
  switch (i % 4) {
    case 0:
    case 1:
      return {res::Kind::kRedis, {{"size", std::string(1, "sml"[i % 3])}}};
    case 2:
      return {res::Kind::kStaticSite, {{"domain", "site" + std::to_string(i) + ".example.com"}}};
    default:
      return {res::Kind::kDynamoDb, {{"partition_key", {{"name", "id"}, {"type", "S"}}}}};
  }
}

res::Resource MakeResource(int i, const std::string& project_id, const res::Profile& profile) {
  auto [kind, spec] = KindAndSpec(i);
  absl::StatusOr<json> effective = res::Resolve(profile, kind, spec, json::object());
  res::Resource r{.id = paved::NewId(),
                  .project_id = project_id,
                  .name = "res-" + std::to_string(i),
                  .kind = kind,
                  .environment = profile.environment,
                  .account = profile.account,
                  .provider = profile.provider,
                  .spec = spec,
                  .effective = effective.ok() ? *effective : json::object(),
                  .status = i % 10 == 9 ? res::Status::kFailed : res::Status::kReady,
                  .deletion_protection = profile.environment == "production",
                  .created_by = "bench"};
  if (kind == res::Kind::kRedis) {
    r.outputs = {{"host", "127.0.0.1"}, {"port", 20000 + i}, {"estimated_monthly_usd", 23.36}};
  }
  return r;
}

// Teams team-0..9, projects svc-0..49 (project p owned by team p % 10), and 1,000 resources
// (resource i in project i % 50, environment of the i-th profile in turn). Returns the
// environments used.
std::vector<std::string> Seed(App& app) {
  paved::SystemClock clock;
  paved::catalog::TeamStore teams(&app.store(), &clock);
  paved::catalog::ProjectStore projects(&app.store(), &clock);
  res::ResourceStore resources(&app.store(), &clock);
  absl::StatusOr<std::vector<res::Profile>> profiles = resources.Profiles();
  if (!profiles.ok() || profiles->empty()) Die("profiles", profiles.status());
  std::vector<std::string> environments;
  for (const res::Profile& p : *profiles) environments.push_back(p.environment);
  absl::Status s = app.store().Transaction([&](paved::store::Tx& tx) -> absl::Status {
    std::vector<std::string> team_ids, project_ids;
    for (int t = 0; t < kTeams; ++t) {
      paved::catalog::Team team{.slug = "team-" + std::to_string(t), .name = "Team"};
      RETURN_IF_ERROR(teams.Create(tx, team));
      team_ids.push_back(team.id);
    }
    for (int p = 0; p < kProjects; ++p) {
      paved::catalog::Project project{.slug = "svc-" + std::to_string(p), .name = "Service"};
      project.owner_team_id = team_ids[p % kTeams];
      project.created_by = "bench";
      RETURN_IF_ERROR(projects.Create(tx, project));
      project_ids.push_back(project.id);
    }
    for (int i = 0; i < kResources; ++i) {
      const res::Profile& profile = (*profiles)[i % profiles->size()];
      RETURN_IF_ERROR(resources.Insert(tx, MakeResource(i, project_ids[i % kProjects], profile)));
    }
    return absl::OkStatus();
  });
  if (!s.ok()) Die("seed", s);
  return environments;
}

// CPU time of this thread, ms: a request's own work, without the time other processes held
// the cores.
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct Result {
  paved::bench::Percentiles ms;
  paved::bench::Percentiles cpu_ms;
  double per_s = 0;
  int errors = 0;
  size_t items = 0;  // in the first answer
};

Result Measure(App& app, const std::string& token, const std::function<std::string(int)>& target) {
  std::vector<double> ms, cpu_ms;
  Result out;
  auto start = Clock::now();
  for (int i = 0; i < kRequests; ++i) {
    paved::http::Request req = paved::http::MakeRequest("GET", target(i));
    req.headers["Authorization"] = "Bearer " + token;
    auto t0 = Clock::now();
    double cpu0 = ThreadCpuMs();
    paved::http::Response r = app.Handle(req);
    cpu_ms.push_back(ThreadCpuMs() - cpu0);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    out.errors += r.status != 200;
    if (i > 0) continue;  // items counted once: parsing every answer would load the profile
    json page = json::parse(r.body, nullptr, false);
    if (page.is_object() && page["items"].is_array()) out.items = page["items"].size();
  }
  out.per_s = kRequests / std::chrono::duration<double>(Clock::now() - start).count();
  out.ms = paved::bench::Summarise(ms);
  out.cpu_ms = paved::bench::Summarise(cpu_ms);
  return out;
}

}  // namespace

int main() {
  std::string dir;
  auto app = paved::bench::NewBenchApp(&dir);
  if (!app.ok()) Die("app", app.status());
  auto t0 = Clock::now();
  std::vector<std::string> envs = Seed(**app);
  std::printf("seeded %d teams, %d projects, %d resources (environments:", kTeams, kProjects,
              kResources);
  for (const std::string& e : envs) std::printf(" %s", e.c_str());
  std::printf(") in %.2f s\n", std::chrono::duration<double>(Clock::now() - t0).count());
  absl::StatusOr<std::string> token = paved::bench::AdminToken(**app);
  if (!token.ok()) Die("token", token.status());

  std::mt19937 rng(42);
  auto team = [&] { return "team-" + std::to_string(rng() % kTeams); };
  auto env = [&] { return envs[rng() % envs.size()]; };
  const char* kinds[] = {"redis", "static-site", "dynamodb"};
  const std::string base = "/api/v1/resources";
  std::vector<std::pair<const char*, std::function<std::string(int)>>> cases = {
      {"no filter (first page)", [&](int) { return base; }},
      {"team", [&](int) { return base + "?team=" + team(); }},
      {"kind", [&](int i) { return base + "?kind=" + kinds[i % 3]; }},
      {"environment", [&](int) { return base + "?environment=" + env(); }},
      {"status=ready", [&](int) { return base + "?status=ready"; }},
      {"status=failed", [&](int) { return base + "?status=failed"; }},
      {"team+kind+environment+status",
       [&](int) {
         return base + "?team=" + team() + "&kind=redis&environment=" + env() + "&status=ready";
       }},
      {"team, limit=500", [&](int) { return base + "?limit=500&team=" + team(); }},
  };
  std::printf("\n%-30s %8s %8s %8s %9s %9s %7s %6s %6s  target p99 < %.0f ms\n",
              "GET /api/v1/resources", "p50 ms", "p99 ms", "max ms", "cpu p50", "cpu p99", "req/s",
              "items", "errors", kTargetP99Ms);
  int missed = 0;
  for (const auto& [name, target] : cases) {
    Result r = Measure(**app, *token, target);
    bool ok = r.ms.p99 < kTargetP99Ms && r.errors == 0;
    missed += !ok;
    std::printf("%-30s %8.3f %8.3f %8.3f %9.3f %9.3f %7.0f %6zu %6d  %.2fx %s\n", name, r.ms.p50,
                r.ms.p99, r.ms.max, r.cpu_ms.p50, r.cpu_ms.p99, r.per_s, r.items, r.errors,
                r.ms.p99 / kTargetP99Ms, ok ? "ok" : "MISSED");
  }
  app->reset();
  std::filesystem::remove_all(dir);
  return missed == 0 ? 0 : 1;
}
