// What a team should know before turning locality on for an edge.
#include "absl/strings/str_join.h"
#include "deploy/render/locality.h"
#include "traffic/advice/advice_internal.h"

namespace paved::traffic::advice::internal {
namespace {

using deploy::platform::KubernetesVersion;

int TotalReplicas(const AdviceInput& in) {
  int n = 0;
  for (const auto& [zone, replicas] : in.destination_replicas) n += replicas;
  return n;
}

std::optional<Warning> NotSpread(const AdviceInput& in) {
  std::vector<std::string> missing = ZonesWithoutReplica(in);
  if (missing.empty()) return std::nullopt;
  return Warning{
      "not_spread",
      in.edge.destination + " has no replica in " + absl::StrJoin(missing, ", ") + ", where " +
          in.edge.source +
          " sends from: those calls keep crossing zones, and locality sends each other zone's "
          "calls only to that zone's replicas, which can overload them when callers are uneven "
          "(istio#39477). Spread the replicas over the source's zones (topologySpreadConstraints "
          "on topology.kubernetes.io/zone, at least one replica per zone)."};
}

std::optional<Warning> SingleReplica(const AdviceInput& in) {
  if (!in.replica_counts_known || TotalReplicas(in) != 1) return std::nullopt;
  return Warning{"single_replica",
                 in.edge.destination +
                     " runs one replica: locality keeps only its own zone's calls local, and "
                     "that replica has no neighbour to share a zone's load with. Run at least "
                     "one replica per zone first."};
}

std::optional<Warning> NoTrafficDistribution(const AdviceInput& in, KubernetesVersion v) {
  if (in.cluster.mesh == "istio" || v.AtLeast(1, 31)) return std::nullopt;
  return Warning{"no_traffic_distribution",
                 "Kubernetes " + v.ToString() +
                     " has no spec.trafficDistribution (on by default from 1.31): proposing "
                     "topology-aware routing's annotation instead. It gives each zone endpoints "
                     "in proportion to its nodes' CPU and falls back to cluster-wide routing "
                     "when a zone has too few endpoints, so it may keep less in zone than "
                     "estimated."};
}

std::optional<Warning> VersionUnknown(const AdviceInput& in, bool known) {
  if (in.cluster.mesh == "istio" || known) return std::nullopt;
  return Warning{"version_unknown",
                 "the cluster's Kubernetes version is not recorded: the proposal assumes " +
                     deploy::platform::kDefaultKubernetesVersion.ToString() +
                     " (PreferClose, accepted from 1.31 on). Record the version on the cluster "
                     "for an exact proposal."};
}

std::optional<Warning> AlreadyApplied(const AdviceInput& in) {
  if (!in.paved) return std::nullopt;
  const std::optional<bool>& written = in.paved->locality;
  const bool on = written ? *written : deploy::render::LocalityByDefault(in.cluster.mesh);
  if (!on) return std::nullopt;
  return Warning{"already_applied",
                 "Paved already renders locality for service " + in.paved->service +
                     " of project " + in.paved->project +
                     ": the cross-zone bytes left come from zones without a ready replica, or "
                     "from a release deployed before the change."};
}

}  // namespace

std::vector<Warning> Warnings(const AdviceInput& in, bool version_known, KubernetesVersion v) {
  std::vector<Warning> out;
  for (auto w : {AlreadyApplied(in), NotSpread(in), SingleReplica(in), NoTrafficDistribution(in, v),
                 VersionUnknown(in, version_known)}) {
    if (w) out.push_back(std::move(*w));
  }
  return out;
}

}  // namespace paved::traffic::advice::internal
