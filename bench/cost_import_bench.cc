// A bill imported as `paved cost import` does it — read, summed by day and owner, one transaction
// into a SQLite store on disk — then the month's cost by team read back from the rollups, 200
// times. Prints MB/s, lines/s, peak RSS, rows kept and the query's p50/p99.
//   build/bench/cost_import_bench FILE [DATA_DIR]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "bench/proc_status.h"
#include "core/clock.h"
#include "cost/bill_import.h"
#include "cost/cost_store.h"
#include "store/migrate.h"
#include "store/store.h"

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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

  // Cost by team for the bill's month, from the rollups.
  const auto& [account, period] = imported->periods.front();
  const std::string from = period + "-01", to = period + "-31";
  std::vector<double> ms;
  size_t teams = 0;
  for (int i = 0; i < 200; ++i) {
    auto t = std::chrono::steady_clock::now();
    auto totals = costs.TotalsByTeamTag(from, to);
    ms.push_back(SecondsSince(t) * 1e3);
    if (!totals.ok()) {
      std::fprintf(stderr, "%s\n", totals.status().ToString().c_str());
      return 1;
    }
    teams = totals->size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf("paved cost by team for %s: %zu groups, p50 %.2f ms, p99 %.2f ms (200 queries)\n",
              period.c_str(), teams, ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
  std::printf("paved_seconds=%.3f\n", seconds);
  fs::remove_all(dir);
  return 0;
}
