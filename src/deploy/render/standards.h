#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::render {

// Company standards: the `standards:` section of the platform config, owned by the SRE team.
// Every rendered object gets them; a spec can change only what `overridable` lists.
//   standards:
//     labels: {company.example/cost-center: platform}   # added to every object
//     resources:
//       defaults: {cpu: 100m, memory: 128Mi}
//       ceilings: {cpu: "4", memory: 8Gi}               # a spec asking for more is an error
//       cpu_limit: equal | none                         # CPU limit = request (default), or none
//     probes: {initial_delay_seconds: 5, period_seconds: 10, failure_threshold: 3}
//     topology_spread: {max_skew: 1, when_unsatisfiable: ScheduleAnyway}
//     security_context: {run_as_user: 10001}
//     image_pull_secrets: [registry-credentials]
//     prometheus: {scrape: true, path: /metrics}
//     pdb: {min_available_percent: 50}
//     writable_paths: [/tmp]                            # emptyDir mounts (root fs is read-only)
//     overridable: [resources, replicas, env, autoscale, probes.path]
struct Standards {
  std::map<std::string, std::string> labels;
  std::string default_cpu = "100m";
  std::string default_memory = "128Mi";
  std::string ceiling_cpu = "4";
  std::string ceiling_memory = "8Gi";
  bool cpu_limit_equal_request = true;  // the resources-required rule asks for a CPU limit
  int probe_initial_delay_seconds = 5;
  int probe_period_seconds = 10;
  int probe_failure_threshold = 3;
  int topology_max_skew = 1;
  std::string topology_when_unsatisfiable = "ScheduleAnyway";
  int64_t run_as_user = 10001;
  std::vector<std::string> image_pull_secrets;
  bool prometheus_scrape = true;
  std::string prometheus_path = "/metrics";
  int pdb_min_available_percent = 50;
  std::vector<std::string> writable_paths = {"/tmp"};
  std::vector<std::string> overridable = {"resources", "replicas", "env", "autoscale",
                                          "probes.path"};

  bool Overridable(const std::string& what) const;
};

// Parses the section (null → defaults). InvalidArgument naming the key on an unknown key, a
// wrong type or a bad quantity.
absl::StatusOr<Standards> ParseStandards(const nlohmann::json& section);

// The effective standards as JSON, for the admin page and GET /api/v1/platform/standards.
nlohmann::json StandardsToJson(const Standards& s);

}  // namespace paved::deploy::render
