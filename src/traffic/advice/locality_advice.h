#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace paved::traffic::advice {

// One edge of the traffic report: a source workload calling a destination's Service across
// availability zones. Bytes and cost cover the window.
struct Edge {
  std::string source;       // "namespace/workload"
  std::string destination;  // "namespace/workload"
  std::string service;      // the destination's Service, in `service_namespace`
  std::string service_namespace;
  uint64_t cross_zone_bytes = 0;
  double cross_zone_cost_usd = 0;  // both directions; 0 = price it at kUsdPerCrossZoneGb
  int64_t window_seconds = 0;      // > 0
};

// The cluster the destination runs on.
struct DestinationCluster {
  std::string mesh;                // "" | "istio"
  std::string kubernetes_version;  // "1.33", "v1.30.2"; "" = unknown (assumed 1.33)
  std::vector<std::string> zones;  // the cluster's availability zones
};

// A zone the source sends from, with the cross-zone bytes it sent from there in the window.
// When every zone's bytes are 0 the edge's bytes are taken as spread evenly over the zones.
struct SourceZone {
  std::string zone;
  uint64_t cross_zone_bytes = 0;
};

// The destination as a Paved project's service, when it is one.
struct PavedService {
  std::string project;           // slug
  std::string service;           // the service's name in the project's paved.yaml
  std::optional<bool> locality;  // its traffic.locality today; absent = not written
};

struct AdviceInput {
  Edge edge;
  DestinationCluster cluster;
  std::vector<SourceZone> source_zones;
  std::map<std::string, int> destination_replicas;  // zone → ready replicas there
  // False when destination_replicas only says where replicas are (each zone 1), not how many:
  // then nothing is said about a single replica.
  bool replica_counts_known = true;
  std::optional<PavedService> paved;
};

enum class ProposalKind { kDestinationRule, kServicePatch };
const char* ProposalKindName(ProposalKind k);  // "DestinationRule" | "ServicePatch"

// Something the team should know before applying the proposal. Codes: "not_spread" (source
// zones without a destination replica, named), "single_replica", "no_traffic_distribution"
// (Kubernetes < 1.31: topology-aware routing proposed instead), "version_unknown",
// "already_applied" (Paved renders it already for this service).
struct Warning {
  std::string code;
  std::string message;
};

struct Proposal {
  ProposalKind kind = ProposalKind::kServicePatch;
  nlohmann::json object;      // the DestinationRule, or the Service with only what changes
  std::string yaml;           // `object` as YAML
  std::string apply_command;  // how to apply `yaml` (kubectl apply, or a merge patch)
  // What could stay in zone: the bytes sent from source zones where the destination has a
  // replica, over the window, and their cost for a month (730 hours) at the window's rate.
  uint64_t keepable_bytes = 0;
  double monthly_saving_usd = 0;
  std::string reasoning;                 // how the saving was computed, with the figures
  std::vector<std::string> assumptions;  // what the estimate takes for granted
  std::vector<Warning> warnings;
  // For a Paved project: the paved.yaml change that applies the fix (empty otherwise).
  std::string app_spec_change;
};

// AWS bills cross-zone traffic 0.01 USD/GB in each direction.
inline constexpr double kUsdPerCrossZoneGb = 0.02;
inline constexpr double kHoursPerMonth = 730;

// The fix for one edge: for an Istio cluster a DestinationRule with locality load balancing and
// outlier detection, otherwise the Service's trafficDistribution (or the topology-mode
// annotation before Kubernetes 1.31), the monthly saving and the warnings. InvalidArgument
// naming the field for input that cannot describe an edge (names not "namespace/workload", no
// Service, window <= 0, negative cost or replicas, unknown mesh or version, a zone twice).
absl::StatusOr<Proposal> ProposeLocality(const AdviceInput& in);

// {"kind","object","yaml","apply_command","keepable_bytes","monthly_saving_usd","reasoning","assumptions",
//  "warnings":[{"code","message"}],"app_spec_change"}.
nlohmann::json ProposalToJson(const Proposal& p);

}  // namespace paved::traffic::advice
