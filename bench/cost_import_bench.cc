// A bill imported as `paved cost import` does it — read, summed by day and owner, one transaction
// into a SQLite store on disk — then the month's cost by team read back, once the month is over
// (from the monthly rollup) and on its last day (per day). Prints MB/s, lines/s, peak RSS, rows
// kept and the queries' p50 and max.
//   build/bench/cost_import_bench FILE [DATA_DIR]   (a DATA_DIR given is kept)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "bench/proc_status.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "cost/bill_import.h"
#include "cost/cost_store.h"
#include "cost/cost_views.h"
#include "cost/owners.h"
#include "store/migrate.h"
#include "store/store.h"

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

constexpr int kQueries = 20;

struct ViewTimes {
  size_t groups = 0;
  double p50_ms = 0, max_ms = 0;
};

// kQueries answers of `query`, each with its own resolver as a request has.
absl::StatusOr<ViewTimes> TimeView(paved::cost::CostStore& costs, paved::store::Store& db,
                                   const paved::cost::CostQuery& query) {
  std::vector<double> ms;
  ViewTimes out;
  for (int i = 0; i < kQueries; ++i) {
    auto t = std::chrono::steady_clock::now();
    paved::cost::OwnerResolver owners(&db);
    auto view = paved::cost::CostView(costs, owners, query);
    ms.push_back(SecondsSince(t) * 1e3);
    if (!view.ok()) return view.status();
    out.groups = (*view)["groups"].size();
  }
  std::sort(ms.begin(), ms.end());
  out.p50_ms = ms[ms.size() / 2];
  out.max_ms = ms.back();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  using namespace paved;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s BILL [DATA_DIR]\n", argv[0]);
    return 2;
  }
  const std::string bill = argv[1];
  const fs::path dir =
      argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "paved-cost-bench";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto db = store::OpenStore("sqlite://" + (dir / "paved.db").string());
  if (!db.ok() || !store::Migrate(**db, store::AllMigrations()).ok()) {
    std::fprintf(stderr, "cannot open the store in %s\n", dir.c_str());
    return 1;
  }
  // The generator's 200 teams exist in the catalog, so tagged cost lands on them.
  catalog::TeamStore teams(db->get(), SystemClock::Get());
  absl::Status seeded = (*db)->Transaction([&](store::Tx& tx) -> absl::Status {
    for (int i = 0; i < 200; ++i) {
      char slug[16];
      std::snprintf(slug, sizeof(slug), "team-%03d", i);
      catalog::Team team{.slug = slug, .name = slug};
      if (absl::Status s = teams.Create(tx, team); !s.ok()) return s;
    }
    return absl::OkStatus();
  });
  if (!seeded.ok()) {
    std::fprintf(stderr, "%s\n", seeded.ToString().c_str());
    return 1;
  }
  cost::CostStore costs(db->get());
  audit::AuditLog audit(db->get(), SystemClock::Get());
  cost::BillImportDeps deps{
      .store = db->get(), .costs = &costs, .audit = &audit, .clock = SystemClock::Get()};

  auto start = std::chrono::steady_clock::now();
  auto imported = cost::ImportBill(deps, bill, fs::path(bill).filename().string(), "bench");
  double seconds = SecondsSince(start);
  if (!imported.ok()) {
    std::fprintf(stderr, "%s\n", imported.status().ToString().c_str());
    return 1;
  }
  double mb = static_cast<double>(fs::file_size(bill)) / 1e6;
  std::printf(
      "paved import: %s, %lld lines, %.0f MB (file) in %.2f s: %.0f MB/s, %.2f M lines/s, "
      "%lld rows kept, peak RSS %.1f MiB\n",
      imported->format.c_str(), static_cast<long long>(imported->lines), mb, seconds, mb / seconds,
      imported->lines / seconds / 1e6, static_cast<long long>(imported->rows_kept),
      paved::bench::ProcStatusKb("VmHWM:") / 1024.0);

  // GET /api/v1/cost?group_by=team for the bill's month, as the route answers it: owners
  // resolved per request, month-to-date and forecast included. Once the month is over (today a
  // week into the next) it is read from the monthly rollup; on its last day, per day.
  const std::string& period = imported->periods.front().second;
  const std::string last_day = MonthDays(period)->second;
  for (const auto& [label, today] :
       {std::pair<std::string, std::string>{"closed month", AddDays(last_day, 7)},
        {"current month, on its last day", last_day}}) {
    auto timed =
        TimeView(costs, *db->get(),
                 {.from = period + "-01", .to = last_day, .today = today, .group_by = {"team"}});
    if (!timed.ok()) {
      std::fprintf(stderr, "%s\n", timed.status().ToString().c_str());
      return 1;
    }
    std::printf(
        "paved cost by team for %s (%s): %zu groups, p50 %.1f ms, max %.1f ms (%d "
        "queries)\n",
        period.c_str(), label.c_str(), timed->groups, timed->p50_ms, timed->max_ms, kQueries);
  }
  std::printf("paved_seconds=%.3f\n", seconds);
  // A data directory named on the command line is kept to be looked into.
  if (argc <= 2) fs::remove_all(dir);
  return 0;
}
