#include "deploy/render/locality.h"

namespace paved::deploy::render {

ServiceLocality ServiceLocalityFor(platform::KubernetesVersion version) {
  if (version.AtLeast(1, 34)) return {.traffic_distribution = "PreferSameZone"};
  if (version.AtLeast(1, 31)) return {.traffic_distribution = "PreferClose"};
  if (version.AtLeast(1, 27)) {
    return {.annotation = "service.kubernetes.io/topology-mode", .annotation_value = "Auto"};
  }
  return {.annotation = "service.kubernetes.io/topology-aware-hints", .annotation_value = "auto"};
}

void ApplyServiceLocality(const ServiceLocality& l, nlohmann::json* service) {
  if (!l.traffic_distribution.empty()) {
    (*service)["spec"]["trafficDistribution"] = l.traffic_distribution;
  } else {
    (*service)["metadata"]["annotations"][l.annotation] = l.annotation_value;
  }
}

nlohmann::json IstioTrafficPolicy(bool locality) {
  nlohmann::json outlier = {
      {"consecutive5xxErrors", 5}, {"interval", "10s"}, {"baseEjectionTime", "30s"}};
  return {{"loadBalancer", {{"localityLbSetting", {{"enabled", locality}}}}},
          {"outlierDetection", outlier}};
}

bool LocalityOn(const spec::Component& c, const platform::Cluster& cluster) {
  if (c.traffic && c.traffic->locality) return *c.traffic->locality;
  return LocalityByDefault(cluster.mesh);
}

bool LocalityByDefault(const std::string& mesh) { return mesh == "istio"; }

std::vector<std::string> LocalityWarnings(const spec::AppSpec& app, const std::string& environment,
                                          const platform::Cluster& cluster) {
  std::vector<std::string> out;
  const size_t zones = cluster.zones.size();
  for (const spec::Component& c : app.components) {
    if (!c.traffic || c.traffic->locality != true || zones < 2) continue;
    const int replicas = spec::Resolve(c, environment, cluster.name).replicas;
    if (replicas >= static_cast<int>(zones)) continue;
    out.push_back("services." + c.name + ".traffic.locality: " + std::to_string(replicas) +
                  " replicas for the " + std::to_string(zones) + " zones of cluster " +
                  cluster.name +
                  ": calls from a zone without a replica keep crossing zones, and each zone's "
                  "calls go only to its own replicas; run at least one replica per zone");
  }
  return out;
}

}  // namespace paved::deploy::render
