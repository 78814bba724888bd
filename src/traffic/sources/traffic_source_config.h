#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "providers/aws/account_config.h"
#include "sources/source_spec.h"

namespace paved::traffic::sources {

// One flow-log source of the config: where its files arrive, the cluster they are of, and where
// its pod history comes from.
struct TrafficSourceSpec {
  paved::sources::SourceSpec where;  // where.name is the source's name
  std::string cluster;
  // Keys (paths below the directory, or keys of the bucket) of `kubectl get pods -A -o json`
  // and `kubectl get nodes -o json` documents, re-read when they change; both "" when the pod
  // history comes from the job's provider instead.
  std::string pods, nodes;
};

struct TrafficSourcesConfig {
  std::vector<TrafficSourceSpec> sources;
  int64_t every_ms = 3'600'000;
};

// `traffic.sources` of a config file (`file` is the whole file; absent: no sources):
//   traffic:
//     sources_every_seconds: 3600
//     sources:
//       - {name: prod-eu-flows, cluster: prod-eu, directory: /var/lib/paved/flows,
//          pods: k8s/pods.json, nodes: k8s/nodes.json}
//       - {name: prod-us-flows, cluster: prod-us, bucket: acme-flow-logs, prefix: AWSLogs/,
//          region: us-east-1}          # S3 options as cost.bill_sources takes them
// InvalidArgument "config traffic.sources[1].cluster: ..." for a mistake: anything
// sources::ParseSourceSpec refuses, a repeated name, a missing cluster or one named by two
// sources (each run replaces the cluster's days it reads), only one of pods and nodes, a key
// that is not a plain relative path.
absl::StatusOr<TrafficSourcesConfig> ParseTrafficSources(const nlohmann::json& file,
                                                         const aws::EnvLookup& env);

}  // namespace paved::traffic::sources
