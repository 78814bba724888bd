#include "traffic/sources/traffic_source_config.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "core/paths.h"
#include "core/status_macros.h"

namespace paved::traffic::sources {
namespace {

using nlohmann::json;

absl::StatusOr<std::string> DocumentKey(const json& entry, const char* field,
                                        const std::string& key) {
  ASSIGN_OR_RETURN(std::string value, aws::ConfigString(entry, field, key));
  if (!value.empty() && !PlainRelativePath(value)) {
    return aws::ConfigError(absl::StrCat(key, ".", field), "must be a plain relative path");
  }
  return value;
}

absl::StatusOr<TrafficSourceSpec> ParseSource(const json& entry, const std::string& key,
                                              const aws::EnvLookup& env) {
  TrafficSourceSpec spec;
  ASSIGN_OR_RETURN(spec.where, paved::sources::ParseSourceSpec(entry, key, env));
  ASSIGN_OR_RETURN(spec.cluster, aws::ConfigString(entry, "cluster", key));
  if (spec.cluster.empty()) return aws::ConfigError(key + ".cluster", "is required");
  ASSIGN_OR_RETURN(spec.pods, DocumentKey(entry, "pods", key));
  ASSIGN_OR_RETURN(spec.nodes, DocumentKey(entry, "nodes", key));
  if (spec.pods.empty() != spec.nodes.empty()) {
    return aws::ConfigError(key, "needs both pods and nodes, or neither");
  }
  return spec;
}

}  // namespace

absl::StatusOr<TrafficSourcesConfig> ParseTrafficSources(const json& file,
                                                         const aws::EnvLookup& env) {
  TrafficSourcesConfig config;
  if (!file.is_object() || !file.contains("traffic") || !file["traffic"].is_object()) {
    return config;
  }
  const json& traffic = file["traffic"];
  ASSIGN_OR_RETURN(
      config.every_ms,
      paved::sources::ParsePeriodMs(traffic, "traffic", "sources_every_seconds", config.every_ms));
  if (!traffic.contains("sources") || traffic["sources"].is_null()) return config;
  const json& list = traffic["sources"];
  if (!list.is_array()) return aws::ConfigError("traffic.sources", "must be a list");
  std::set<std::string> names, clusters;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string key = absl::StrCat("traffic.sources[", i, "]");
    ASSIGN_OR_RETURN(TrafficSourceSpec spec, ParseSource(list[i], key, env));
    if (!names.insert(spec.where.name).second) {
      return aws::ConfigError(key + ".name", "'" + spec.where.name + "' is named twice");
    }
    if (!clusters.insert(spec.cluster).second) {
      return aws::ConfigError(key + ".cluster", "'" + spec.cluster +
                                                    "' already has a source: a cluster's flow "
                                                    "logs come from one source");
    }
    config.sources.push_back(std::move(spec));
  }
  return config;
}

}  // namespace paved::traffic::sources
