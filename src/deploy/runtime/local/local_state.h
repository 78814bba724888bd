#pragma once

#include <cstdint>
#include <functional>
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
  // The kernel's start time of `pid` (/proc/<pid>/stat field 22): identifies the process even
  // after it exec'd another program (0 = unknown, re-adoption compares command lines).
  int64_t process_start = 0;
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
  // The sealed env as stored, when it could not be opened: written back unchanged, so the
  // instance recovers once the right key is back.
  std::string unopened_env;
};

// A cron component of the latest Apply: its command runs once per scheduled minute (UTC), one
// run at a time. Runs are InstanceRecords of kind "job" (state running | succeeded | failed |
// unknown), newest last, without env of their own.
struct CronRecord {
  std::string component;
  std::string deployment_id;
  std::string schedule;
  std::vector<std::string> command;        // empty: no local.command, never runs
  std::map<std::string, std::string> env;  // sealed like an instance's
  std::string disabled;                    // why it cannot run (e.g. env not unsealed)
  std::string unopened_env;                // as InstanceRecord::unopened_env
  int64_t checked_minute_ms = 0;           // the last minute whose schedule was looked at
  int64_t last_schedule_ms = 0;
  int64_t last_successful_ms = 0;
  std::vector<InstanceRecord> runs;
};

// Everything the local runtime runs for one project in one cluster.
struct ProjectRecord {
  std::string cluster;
  std::string project;
  uint32_t uid = 0;  // the unprivileged user its isolated processes run as (0: not chosen yet)
  std::string current_deployment_id;   // the last one that became healthy
  std::map<std::string, int> desired;  // by component, from the latest Apply
  std::string latest_deployment_id;    // the latest Apply
  std::vector<CronRecord> crons;       // cron components of the latest Apply
  std::vector<InstanceRecord> instances;
};

// Turns bytes into sealed bytes (encrypt) or back (decrypt); errors are returned as they come.
using SealFunction = std::function<absl::StatusOr<std::string>(std::string)>;

// Without `seal` each instance's env is stored in the clear ("env"); with it, as "sealed_env"
// = base64(seal(env as JSON)), so secret values never reach the disk. Fails when `seal` fails.
absl::StatusOr<nlohmann::json> ProjectRecordToJson(const ProjectRecord& p,
                                                   const SealFunction& seal = nullptr);
// InvalidArgument when `j` is not a project record. A "sealed_env" is opened with `unseal`;
// an instance whose env cannot be opened (no `unseal`, wrong key, tampering) is marked failed
// with the reason in last_exit, so it is never started without it, and keeps the sealed env as
// it was (unopened_env); once it opens again (the right key is back) the instance is "crashed"
// and starts at the next reconcile. A cron whose env cannot be opened is disabled likewise.
absl::StatusOr<ProjectRecord> ProjectRecordFromJson(const nlohmann::json& j,
                                                    const SealFunction& unseal = nullptr);

}  // namespace paved::deploy::runtime::local
