// The traffic views at a large cluster's scale, in process on a SQLite store on disk: 200 teams
// with 5 projects each (namespace = project), 30 days of an analysis with EDGES workload → workload
// edges a day (default 20,000: 600,000 rows), stored through StoreAnalysis; then the platform
// ranking by team and one project's tab, 20 times each. Prints rows/s stored, p50/p99 per view,
// peak RSS, and the ranking's total against the report's own total (they must match).
//   build/bench/traffic_views_bench [EDGES] [DATA_DIR]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "bench/bench_support.h"
#include "bench/proc_status.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "store/migrate.h"
#include "store/store.h"
#include "traffic/edges/store_analysis.h"
#include "traffic/edges/traffic_views.h"

namespace {

using namespace paved;
using traffic::edges::TrafficQuery;

constexpr int kTeams = 200, kProjectsPerTeam = 5, kDays = 30;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string Project(int i) { return "p-" + std::to_string(i); }

absl::Status SeedCatalog(store::Store& db) {
  catalog::TeamStore teams(&db, SystemClock::Get());
  catalog::ProjectStore projects(&db, SystemClock::Get());
  return db.Transaction([&](store::Tx& tx) -> absl::Status {
    for (int t = 0; t < kTeams; ++t) {
      catalog::Team team{.slug = "team-" + std::to_string(t), .name = "t"};
      if (absl::Status s = teams.Create(tx, team); !s.ok()) return s;
      for (int p = 0; p < kProjectsPerTeam; ++p) {
        catalog::Project project{.slug = Project(t * kProjectsPerTeam + p), .name = "p"};
        project.owner_team_id = team.id;
        project.created_by = "bench";
        if (absl::Status s = projects.Create(tx, project); !s.ok()) return s;
      }
    }
    return absl::OkStatus();
  });
}

// `edges` edges between 1,000 projects' workloads (a tenth to unowned namespaces), each on
// every one of 30 November days, a third of them across zones.
traffic::TrafficReport MakeReport(int edges) {
  traffic::TrafficReport report;
  const int projects = kTeams * kProjectsPerTeam;
  for (int e = 0; e < edges; ++e) {
    int src = (e * 7919) % (projects + projects / 10), dst = (e * 104729 + 13) % projects;
    std::string src_ns = src < projects ? Project(src) : "unowned-" + std::to_string(src);
    traffic::TrafficEdge edge{.src = src_ns + "/wl-" + std::to_string(e % 3),
                              .dst = Project(dst) + "/wl-" + std::to_string(e % 5),
                              .src_zone = "az" + std::to_string(e % 3),
                              .dst_zone = "az" + std::to_string(e % 3 == 0 ? 1 : e % 3)};
    for (int d = 1; d <= kDays; ++d) {
      char day[11];
      std::snprintf(day, sizeof(day), "2026-11-%02d", d);
      edge.bytes_by_day[day] = 1'000'000 + e + d;
      edge.bytes += 1'000'000 + e + d;
    }
    edge.cross_zone_bytes = edge.src_zone != edge.dst_zone ? edge.bytes : 0;
    report.total_bytes += edge.bytes;
    report.total_cross_zone_bytes += edge.cross_zone_bytes;
    report.flows.push_back(std::move(edge));
  }
  return report;
}

// p50 and p99 in ms of `runs` calls of `fn`; the first failure ends them.
template <typename Fn>
absl::StatusOr<bench::Percentiles> Time(int runs, Fn fn) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    RETURN_IF_ERROR(fn());
    ms.push_back(SecondsSince(start) * 1000);
  }
  return bench::Summarise(ms);
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const int edges = argc > 1 ? std::atoi(argv[1]) : 20'000;
  // A directory of its own inside the one given: only that is removed at the end.
  const fs::path dir = (argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path()) /
                       ("paved-traffic-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  auto db = bench::OpenMigratedStore("sqlite://" + (dir / "paved.db").string());
  if (!db.ok() || !SeedCatalog(**db).ok()) {
    std::fprintf(stderr, "cannot prepare the store in %s\n", dir.c_str());
    return 1;
  }
  traffic::edges::TrafficStore traffic(db->get());
  audit::AuditLog audit(db->get(), SystemClock::Get());
  traffic::TrafficReport report = MakeReport(edges);
  auto start = std::chrono::steady_clock::now();
  auto stored = traffic::edges::StoreAnalysis(
      {.store = db->get(), .traffic = &traffic, .audit = &audit, .clock = SystemClock::Get()},
      "bench", "bench.json", "bench", report);
  double seconds = SecondsSince(start);
  if (!stored.ok()) {
    std::fprintf(stderr, "%s\n", stored.status().ToString().c_str());
    return 1;
  }
  std::printf("stored %lld rows (%d edges x %d days) in %.2f s: %.0f rows/s\n",
              static_cast<long long>(stored->edges), edges, kDays, seconds,
              stored->edges / seconds);
  TrafficQuery q{.from = "2026-11-01", .to = "2026-11-30"};
  nlohmann::json ranking;
  auto rank = Time(20, [&]() -> absl::Status {
    traffic::edges::WorkloadOwners owners(db->get());
    ASSIGN_OR_RETURN(auto owned, traffic::edges::OwnedEdges(traffic, owners, q));
    ranking = traffic::edges::RankingView(owned, q, "team");
    return absl::OkStatus();
  });
  if (!rank.ok()) {
    std::fprintf(stderr, "%s\n", rank.status().ToString().c_str());
    return 1;
  }
  std::printf("ranking by team over %lld rows: p50 %.0f ms, p99 %.0f ms; %zu groups\n",
              static_cast<long long>(stored->edges), rank->p50, rank->p99,
              ranking["groups"].size());
  std::printf("ranking total cross-zone bytes %lld, report's %lld: %s\n",
              ranking["total"]["cross_zone_bytes"].get<long long>(),
              static_cast<long long>(report.total_cross_zone_bytes),
              ranking["total"]["cross_zone_bytes"].get<int64_t>() == report.total_cross_zone_bytes
                  ? "equal"
                  : "DIFFERENT");
  auto tab = Time(20, [&]() -> absl::Status {
    TrafficQuery load = q;
    load.from = traffic::edges::ScopeFirstDay(q);
    traffic::edges::WorkloadOwners owners(db->get());
    ASSIGN_OR_RETURN(auto owned, traffic::edges::OwnedEdges(traffic, owners, load));
    return traffic::edges::ScopeView(owned, q, {traffic::edges::Scope::Kind::kProject, "p-7"},
                                     nullptr)
        .status();
  });
  if (!tab.ok()) {
    std::fprintf(stderr, "%s\n", tab.status().ToString().c_str());
    return 1;
  }
  std::printf("project tab: p50 %.0f ms, p99 %.0f ms; peak RSS %.1f MiB\n", tab->p50, tab->p99,
              bench::ProcStatusKb("VmHWM:") / 1024.0);
  fs::remove_all(dir);
  return 0;
}
