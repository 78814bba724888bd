#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::runtime::local {

// One supervised process of a component, as the local runtime records it.
struct InstanceRecord {
  std::string name;  // <component>-<first 6 of deployment id>-<index>
  std::string component;
  std::string kind;  // service | worker
  std::string deployment_id;
  std::vector<std::string> command;        // local.command before substitution
  std::map<std::string, std::string> env;  // without PORT (set at each start)
  std::string health_path;                 // "" = healthy after staying up 1 s
  std::vector<std::string> argv;           // what was started last (for re-adoption)
  int port = 0;
  int pid = 0;  // 0 when not running
  // starting | ready | crashed (restart scheduled) | failed (gave up) | stopped
  std::string state = "starting";
  int starts = 0;
  int restarts = 0;
  int crashes_before_ready = 0;  // while never ready
  int consecutive_crashes = 0;   // since it was last ready
  bool ever_ready = false;
  int64_t started_at_ms = 0;
  int64_t next_start_ms = 0;  // when state is crashed
  std::string last_exit;      // e.g. "exited with code 3"
};

// Everything the local runtime runs for one project in one cluster.
struct ProjectRecord {
  std::string cluster;
  std::string project;
  std::string current_deployment_id;   // the last one that became healthy
  std::map<std::string, int> desired;  // by component, from the latest Apply
  std::string latest_deployment_id;    // the latest Apply
  std::vector<InstanceRecord> instances;
};

nlohmann::json ProjectRecordToJson(const ProjectRecord& p);
// InvalidArgument when `j` is not a project record.
absl::StatusOr<ProjectRecord> ProjectRecordFromJson(const nlohmann::json& j);

}  // namespace paved::deploy::runtime::local
