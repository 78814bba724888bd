#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/days.h"
#include "nlohmann/json.hpp"
#include "traffic/edges/traffic_store.h"
#include "traffic/edges/workload_owners.h"

namespace paved::traffic::edges {

// What a traffic view covers and who asks.
struct TrafficQuery {
  std::string from, to;  // UTC days, inclusive
  std::string cluster;   // "" for every cluster
  // Team slugs the caller may see; nullopt: every team (sre, admin).
  std::optional<std::set<std::string>> visible_teams;
};

// A stored edge with the owners of both ends.
struct OwnedEdge {
  EdgeRow row;
  WorkloadOwner src, dst;
};

// The rows of `q`'s days with their owners, keeping those the caller may see: with
// visible_teams, an edge whose source or destination belongs to one of them, or whose source is
// unowned. A cross-zone edge's cost (both sides' charges) counts to its source's owner.
absl::StatusOr<std::vector<OwnedEdge>> OwnedEdges(TrafficStore& traffic, WorkloadOwners& owners,
                                                  const TrafficQuery& q);

// The dimensions of the ranking: "team", "project", "workload", "edge".
inline const std::vector<std::string> kTrafficGroupings = {"team", "project", "workload", "edge"};

// The platform ranking: groups of `group_by` (of the edges' sources; "edge" = cluster, src,
// dst) with bytes, cross-zone bytes, the share crossing zones and the cost, most costly first;
// the unowned groups are always in. docs/traffic.md has the shape.
nlohmann::json RankingView(const std::vector<OwnedEdge>& edges, const TrafficQuery& q,
                           const std::string& group_by);

// What a proposal for one edge is made from.
struct EdgeFacts {
  std::string cluster, src, dst;  // workloads "namespace/workload"
  std::string dst_project;        // "" when the destination is no project
  int64_t cross_zone_bytes = 0;   // over the window
  int64_t window_seconds = 0;
  // The zones the source sent from, with the cross-zone bytes from each.
  std::vector<std::pair<std::string, int64_t>> source_zones;
  // The zones the destination received in over the window (any edge to it), with bytes.
  std::vector<std::pair<std::string, int64_t>> destination_zones;
};

// The fix for an edge as JSON (see docs/traffic.md), nullopt when there is none to propose.
// Empty (no advisor) gives every edge the proposal null.
using EdgeAdvisor = std::function<absl::StatusOr<std::optional<nlohmann::json>>(const EdgeFacts&)>;

// Which workloads a scope view is about: a project's, or every project of a team.
struct Scope {
  enum class Kind { kProject, kTeam } kind = Kind::kProject;
  std::string slug;
  bool Holds(const WorkloadOwner& o) const {
    return kind == Kind::kProject ? o.project == slug : o.team == slug;
  }
};

// The Traffic tab of a project or team for [q.from, q.to]: top cross-zone edges in and out (at
// most `top`, each with a proposal from `advisor`), each workload's share of its traffic that
// crosses zones, cost per day and for the month to date of q.to, and the trend against the
// period of the same length before. `edges` must cover from the earlier of the previous
// period's first day and the month's first day up to q.to.
absl::StatusOr<nlohmann::json> ScopeView(const std::vector<OwnedEdge>& edges, const TrafficQuery& q,
                                         const Scope& scope, const EdgeAdvisor& advisor,
                                         int top = 20);

// The first day a scope view needs.
std::string ScopeFirstDay(const TrafficQuery& q);

// Cost in nano-dollars of `cross_zone_bytes` (kCrossZoneUsdPerGb) and as "12.34".
int64_t CostNanos(int64_t cross_zone_bytes);
std::string UsdText(int64_t nanos);

}  // namespace paved::traffic::edges
