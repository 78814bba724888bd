// What an edge must look like before any advice is given.
#include <regex>
#include <set>

#include "core/error.h"
#include "http/json_body.h"
#include "traffic/advice/advice_internal.h"

namespace paved::traffic::advice::internal {
namespace {

constexpr size_t kMaxName = 253;

// "namespace/workload": two DNS labels (a workload name may be a longer DNS subdomain).
bool IsWorkloadRef(const std::string& s) {
  static const std::regex kRef("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?");
  return s.size() <= kMaxName && std::regex_match(s, kRef);
}

absl::Status Bad(const std::string& field, const std::string& message) {
  return InvalidField(field, field + ": " + message);
}

absl::Status CheckEdge(const Edge& e) {
  if (!IsWorkloadRef(e.source)) return Bad("edge.source", "must be namespace/workload");
  if (!IsWorkloadRef(e.destination)) return Bad("edge.destination", "must be namespace/workload");
  if (!http::IsDnsLabel(e.service)) return Bad("edge.service", "must be a Service name");
  if (!http::IsDnsLabel(e.service_namespace)) {
    return Bad("edge.service_namespace", "must be a namespace name");
  }
  if (e.window_seconds <= 0) return Bad("edge.window_seconds", "must be positive");
  if (!(e.cross_zone_cost_usd >= 0)) return Bad("edge.cross_zone_cost_usd", "must be >= 0");
  return absl::OkStatus();
}

absl::Status CheckZones(const AdviceInput& in) {
  std::set<std::string> seen;
  for (const SourceZone& z : in.source_zones) {
    if (z.zone.empty() || !seen.insert(z.zone).second) {
      return Bad("source_zones", "each zone once, by name ('" + z.zone + "')");
    }
  }
  for (const auto& [zone, replicas] : in.destination_replicas) {
    if (zone.empty() || replicas < 0) {
      return Bad("destination_replicas", "zone names with replica counts >= 0");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckCluster(const DestinationCluster& c) {
  if (c.mesh != "" && c.mesh != "istio") return Bad("cluster.mesh", "must be \"\" or istio");
  if (!c.kubernetes_version.empty() &&
      !deploy::platform::ParseKubernetesVersion(c.kubernetes_version).ok()) {
    return Bad("cluster.kubernetes_version", "must look like 1.33");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckInput(const AdviceInput& in) {
  if (absl::Status s = CheckEdge(in.edge); !s.ok()) return s;
  if (absl::Status s = CheckCluster(in.cluster); !s.ok()) return s;
  if (in.paved && (in.paved->project.empty() || !http::IsDnsLabel(in.paved->service))) {
    return Bad("paved", "a project slug and a service name");
  }
  return CheckZones(in);
}

}  // namespace paved::traffic::advice::internal
