// How much of an edge's cross-zone traffic locality could keep in zone, and what that saves.
#include <cstdio>

#include "absl/strings/str_join.h"
#include "traffic/advice/advice_internal.h"

namespace paved::traffic::advice::internal {
namespace {

constexpr double kBytesPerGb = 1e9;

bool HasReplica(const AdviceInput& in, const std::string& zone) {
  auto it = in.destination_replicas.find(zone);
  return it != in.destination_replicas.end() && it->second > 0;
}

// The share of the edge's bytes sent from zones with a destination replica: by the zones'
// bytes, or by their count when no zone's bytes are known.
double KeepableShare(const AdviceInput& in, bool* by_count) {
  uint64_t all = 0, kept = 0;
  size_t zones_kept = 0;
  for (const SourceZone& z : in.source_zones) {
    all += z.cross_zone_bytes;
    if (HasReplica(in, z.zone)) {
      kept += z.cross_zone_bytes;
      ++zones_kept;
    }
  }
  *by_count = all == 0;
  if (in.source_zones.empty()) return 0;
  if (*by_count) return static_cast<double>(zones_kept) / in.source_zones.size();
  return static_cast<double>(kept) / all;
}

// The window's cost, or its bytes at the list price when the edge carries no cost.
double WindowCost(const Edge& e, bool* priced) {
  *priced = e.cross_zone_cost_usd == 0 && e.cross_zone_bytes > 0;
  if (*priced) return e.cross_zone_bytes / kBytesPerGb * kUsdPerCrossZoneGb;
  return e.cross_zone_cost_usd;
}

std::string Hours(int64_t seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f h", seconds / 3600.0);
  return buf;
}

std::vector<std::string> KeptZones(const AdviceInput& in) {
  std::vector<std::string> out;
  for (const SourceZone& z : in.source_zones) {
    if (HasReplica(in, z.zone)) out.push_back(z.zone);
  }
  return out;
}

std::string Reasoning(const AdviceInput& in, double share, double window_cost, const Proposal& p) {
  const Edge& e = in.edge;
  std::vector<std::string> kept = KeptZones(in), lost = ZonesWithoutReplica(in);
  char pct[16];
  std::snprintf(pct, sizeof pct, "%.0f%%", share * 100);
  std::string out = e.source + " sent " + Gb(e.cross_zone_bytes) + " across zones to " +
                    e.destination + " in " + Hours(e.window_seconds) + " (" + Usd(window_cost) +
                    "). ";
  out += kept.empty()
             ? "No source zone has a replica of the destination"
             : "Sent from " + absl::StrJoin(kept, ", ") + ", where the destination has replicas";
  if (!lost.empty() && !kept.empty())
    out += " (not from " + absl::StrJoin(lost, ", ") + ", where it has none)";
  out += ": " + std::string(pct) + " of it, " + Gb(p.keepable_bytes) + ", could stay in zone, " +
         Usd(window_cost * share) + " in the window, × " + Hours(kHoursPerMonth * 3600) + " / " +
         Hours(e.window_seconds) + " = " + Usd(p.monthly_saving_usd) + " a month.";
  return out;
}

std::vector<std::string> Assumptions(bool by_count, bool priced) {
  std::vector<std::string> out = {
      "traffic in the coming month is like the window's (a month is 730 hours)",
      "calls from a zone with a ready replica of the destination all stay in that zone; calls "
      "from zones without one keep crossing",
      "the replicas in each zone can serve that zone's calls"};
  if (by_count) {
    out.push_back(
        "the source zones' own byte counts are unknown: the bytes are taken as spread "
        "evenly over them");
  }
  if (priced) {
    out.push_back(
        "the edge carries no cost: priced at 0.02 USD per GB (10^9 bytes), AWS's "
        "0.01 USD per GB in each direction");
  }
  return out;
}

}  // namespace

std::vector<std::string> ZonesWithoutReplica(const AdviceInput& in) {
  std::vector<std::string> out;
  for (const SourceZone& z : in.source_zones) {
    if (!HasReplica(in, z.zone)) out.push_back(z.zone);
  }
  return out;
}

std::string Gb(double bytes) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f GB", bytes / kBytesPerGb);
  return buf;
}

std::string Usd(double usd) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f USD", usd);
  return buf;
}

void EstimateSaving(const AdviceInput& in, Proposal* p) {
  bool by_count = false, priced = false;
  const double share = KeepableShare(in, &by_count);
  const double window_cost = WindowCost(in.edge, &priced);
  p->keepable_bytes = static_cast<uint64_t>(in.edge.cross_zone_bytes * share + 0.5);
  const double months = in.edge.window_seconds / (kHoursPerMonth * 3600);
  p->monthly_saving_usd = window_cost * share / months;
  p->reasoning = Reasoning(in, share, window_cost, *p);
  p->assumptions = Assumptions(by_count, priced);
}

}  // namespace paved::traffic::advice::internal
