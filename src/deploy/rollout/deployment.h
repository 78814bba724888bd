#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace paved::deploy::rollout {

// An image built once by CI (table artifacts). Immutable; identified by digest per project.
struct Artifact {
  std::string project_id;
  std::string project;  // slug, filled on reads
  std::string digest;   // sha256:<64 hex>
  std::string image;    // repository, e.g. registry.example.com/chat-gateway
  std::string git_sha;
  std::optional<int64_t> commit_time_ms;
  std::string built_by;   // CI job or person
  std::string pushed_by;  // the caller of the API
  int64_t created_at_ms = 0;
};

nlohmann::json ArtifactToJson(const Artifact& a);

// pending_approval → queued → rolling_out → succeeded | failed; cancelled and rejected end a
// deployment before it rolls out; rolled_back marks a succeeded one that a rollback replaced.
// waiting: a later wave of a progressive rollout, queued when the previous wave is healthy.
enum class State {
  kPendingApproval,
  kWaiting,
  kQueued,
  kRollingOut,
  kSucceeded,
  kFailed,
  kCancelled,
  kRejected,
  kRolledBack,
};
const char* StateName(State s);
std::optional<State> ParseState(const std::string& name);
bool IsFinal(State s);  // succeeded, failed, cancelled, rejected, rolled_back

struct Step {
  std::string name;  // render | apply | wait_healthy | prune
  int64_t done_at_ms = 0;
  std::string detail;
};

// One release going to one cluster (table deployments).
struct Deployment {
  std::string id;
  std::string request_id;  // the POST that created it (one deployment per cluster)
  std::string project_id;
  std::string project;  // slug, filled on reads
  std::string environment;
  std::string cluster;
  std::string region;
  std::string digest;
  std::string image;    // of the artifact, filled on reads
  std::string git_sha;  // of the artifact, filled on reads
  int64_t spec_version = 0;
  std::map<std::string, int64_t> config_versions;
  std::map<std::string, int64_t> secret_versions;
  std::string namespace_name;
  std::string manifests;  // YAML, secret values redacted
  std::string manifest_hash;
  State state = State::kQueued;
  int wave = 0;
  std::string requester;
  std::string approver;
  std::string reason;
  std::string rollback_of;  // id of the deployment whose release this one re-applies
  bool emergency = false;   // a production rollback without approval, allowed by config
  bool auto_rollback = false;
  std::string error;
  int64_t created_at_ms = 0;
  std::optional<int64_t> approved_at_ms, queued_at_ms, started_at_ms, finished_at_ms;
  std::vector<Step> steps;  // filled by Get
};

// Without `manifests` unless `with_manifests` (lists stay small).
nlohmann::json DeploymentToJson(const Deployment& d, bool with_manifests = false);

// What the audit log records about a deployment: one shape for every deployment.* event, with
// the state it is in after the change the event names.
nlohmann::json AuditSummary(const Deployment& d);

}  // namespace paved::deploy::rollout
