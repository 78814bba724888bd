// Catalog at scale, in process: 20,000 teams and 100,000 projects in SQLite, then owner lookups
// and filtered project lists through App::Handle (routing, auth and JSON included, no sockets).
// Prints p50/p99 latency and requests/s per query. Bounded: a fixed number of requests each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>

#include "bench/app_support.h"
#include "server/app.h"

namespace {

using paved::server::App;
using Clock = std::chrono::steady_clock;

constexpr int kTeams = 20'000;
constexpr int kProjects = 100'000;
constexpr int kRequests = 500;

void Seed(paved::store::Store& store) {
  const char* lifecycles[] = {"experimental", "production", "deprecated"};
  auto status = store.Transaction([&](paved::store::Tx& tx) -> absl::Status {
    for (int i = 0; i < kTeams; ++i) {
      auto s = tx.Query(
          "INSERT INTO teams (id, slug, name, created_at, updated_at) "
          "VALUES ($1, $2, $3, 0, 0)",
          {"t" + std::to_string(i), "team-" + std::to_string(i), "Team " + std::to_string(i)});
      if (!s.ok()) return s.status();
    }
    for (int i = 0; i < kProjects; ++i) {
      std::string id = "p" + std::to_string(i);
      auto s = tx.Query(
          "INSERT INTO projects (id, slug, name, description, owner_team_id, created_by, "
          "created_at, updated_at, lifecycle, system) VALUES ($1, $2, $3, $4, $5, 'bench', 0, 0, "
          "$6, $7)",
          {id, "svc-" + std::to_string(i), "Service " + std::to_string(i),
           "Handles part " + std::to_string(i) + " of the checkout flow",
           "t" + std::to_string(i % kTeams), std::string(lifecycles[i % 3]),
           "system-" + std::to_string(i % 500)});
      if (!s.ok()) return s.status();
      s = tx.Query("INSERT INTO project_tags (project_id, tag) VALUES ($1, $2)",
                   {id, "tag-" + std::to_string(i % 1000)});
      if (!s.ok()) return s.status();
    }
    return absl::OkStatus();
  });
  if (!status.ok()) {
    std::fprintf(stderr, "seed: %s\n", status.ToString().c_str());
    std::exit(1);
  }
}

struct Result {
  double p50_ms, p99_ms, per_s;
  int errors;
};

template <typename MakeTarget>
Result Measure(App& app, const std::string& token, MakeTarget make_target) {
  std::vector<double> ms;
  int errors = 0;
  auto start = Clock::now();
  for (int i = 0; i < kRequests; ++i) {
    paved::http::Request req = paved::http::MakeRequest("GET", make_target(i));
    req.headers["Authorization"] = "Bearer " + token;
    auto t0 = Clock::now();
    auto r = app.Handle(req);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    errors += r.status != 200;
  }
  double total = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 99 / 100], kRequests / total, errors};
}

}  // namespace

int main() {
  std::string dir;
  auto app = paved::bench::NewBenchApp(&dir);
  if (!app.ok()) return 1;
  auto t0 = Clock::now();
  Seed((*app)->store());
  std::printf("seeded %d teams, %d projects in %.1f s\n", kTeams, kProjects,
              std::chrono::duration<double>(Clock::now() - t0).count());
  absl::StatusOr<std::string> minted = paved::bench::AdminToken(**app);
  if (!minted.ok()) return 1;
  std::string token = *minted;

  std::mt19937 rng(42);
  auto n = [&](int mod) { return std::to_string(rng() % mod); };
  struct Case {
    const char* name;
    std::function<std::string(int)> target;
    double target_p99_ms;
  };
  std::vector<Case> cases = {
      {"owner lookup by namespace",
       [&](int) { return "/api/v1/catalog/owner?namespace=svc-" + n(kProjects) + "&cluster=prod"; },
       2},
      {"owner lookup by project",
       [&](int) { return "/api/v1/catalog/owner?project=svc-" + n(kProjects); }, 2},
      {"single project", [&](int) { return "/api/v1/projects/svc-" + n(kProjects); }, 2},
      {"list by owner", [&](int) { return "/api/v1/projects?owner=team-" + n(kTeams); }, 20},
      {"list by tag", [&](int) { return "/api/v1/projects?tag=tag-" + n(1000); }, 20},
      {"list by lifecycle", [&](int) { return "/api/v1/projects?lifecycle=production"; }, 20},
      {"text search", [&](int) { return "/api/v1/projects?q=service%20" + n(kProjects); }, 20},
      {"first page, no filter", [&](int) { return "/api/v1/projects"; }, 20},
  };
  std::printf("\n%-28s %10s %10s %10s %8s %s\n", "query (SQLite, in process)", "p50 ms", "p99 ms",
              "req/s", "errors", "target p99");
  for (const Case& c : cases) {
    Result r = Measure(**app, token, c.target);
    std::printf("%-28s %10.3f %10.3f %10.0f %8d < %.0f ms %s\n", c.name, r.p50_ms, r.p99_ms,
                r.per_s, r.errors, c.target_p99_ms, r.p99_ms < c.target_p99_ms ? "ok" : "MISSED");
  }
  app->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
