// How fast a bill is read: every line of the files given parsed by cost::BillReader (format,
// amounts, owner tags) and summed by owner. Prints MB/s, lines/s, RSS and the totals.
//   build/bench/cost_read_bench FILE...
#include <chrono>
#include <cstdio>
#include <map>
#include <string>

#include "bench/proc_status.h"
#include "cost/bill_reader.h"

int main(int argc, char** argv) {
  using paved::cost::BillLine;
  using paved::cost::BillReader;
  for (int f = 1; f < argc; ++f) {
    auto start = std::chrono::steady_clock::now();
    auto reader = BillReader::Open(argv[f]);
    if (!reader.ok()) {
      std::fprintf(stderr, "%s\n", reader.status().ToString().c_str());
      return 1;
    }
    std::map<std::string, paved::cost::Money, std::less<>> by_team;
    BillLine line;
    int64_t lines = 0;
    while (true) {
      auto more = (*reader)->Next(line);
      if (!more.ok()) {
        std::fprintf(stderr, "%s\n", more.status().ToString().c_str());
        return 1;
      }
      if (!*more) break;
      auto it = by_team.find(line.team);
      if (it == by_team.end())
        it = by_team.emplace(std::string(line.team), paved::cost::Money{}).first;
      it->second += line.billed;
      ++lines;
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double mb = static_cast<double>((*reader)->bytes()) / 1e6;
    std::printf(
        "%s: %s, %lld lines, %.1f MB in %.2f s: %.0f MB/s, %.2f M lines/s, RSS %.1f MiB (peak "
        "%.1f)\n",
        argv[f], paved::cost::BillFormatName((*reader)->format()).c_str(),
        static_cast<long long>(lines), mb, seconds, mb / seconds, lines / seconds / 1e6,
        paved::bench::ProcStatusKb("VmRSS:") / 1024.0,
        paved::bench::ProcStatusKb("VmHWM:") / 1024.0);
    for (const auto& [team, m] : by_team) {
      std::printf("  %-12s %s\n", team.empty() ? "(unowned)" : team.c_str(),
                  paved::cost::FormatMoney(m, 2).c_str());
    }
  }
  return 0;
}
