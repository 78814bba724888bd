#include "deploy/rollout/deployment.h"

#include <array>
#include <utility>

#include "core/clock.h"

namespace paved::deploy::rollout {
namespace {

constexpr std::array<std::pair<State, const char*>, 9> kStateNames = {{
    {State::kPendingApproval, "pending_approval"},
    {State::kWaiting, "waiting"},
    {State::kQueued, "queued"},
    {State::kRollingOut, "rolling_out"},
    {State::kSucceeded, "succeeded"},
    {State::kFailed, "failed"},
    {State::kCancelled, "cancelled"},
    {State::kRejected, "rejected"},
    {State::kRolledBack, "rolled_back"},
}};

nlohmann::json OptTime(const std::optional<int64_t>& ms) {
  return ms ? nlohmann::json(FormatTimeMs(*ms)) : nlohmann::json(nullptr);
}

nlohmann::json Versions(const std::map<std::string, int64_t>& v) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, n] : v) out[k] = n;
  return out;
}

}  // namespace

const char* StateName(State s) {
  for (const auto& [state, name] : kStateNames) {
    if (state == s) return name;
  }
  return "unknown";  // unreachable: every enumerator is listed
}

std::optional<State> ParseState(const std::string& name) {
  for (const auto& [state, n] : kStateNames) {
    if (name == n) return state;
  }
  return std::nullopt;
}

bool IsFinal(State s) {
  return s == State::kSucceeded || s == State::kFailed || s == State::kCancelled ||
         s == State::kRejected || s == State::kRolledBack;
}

nlohmann::json ArtifactToJson(const Artifact& a) {
  return {{"project", a.project},
          {"digest", a.digest},
          {"image", a.image},
          {"git_sha", a.git_sha},
          {"commit_time", OptTime(a.commit_time_ms)},
          {"built_by", a.built_by},
          {"pushed_by", a.pushed_by},
          {"created_at", FormatTimeMs(a.created_at_ms)}};
}

nlohmann::json AuditSummary(const Deployment& d) {
  return {{"deployment_id", d.id},
          {"request_id", d.request_id},
          {"environment", d.environment},
          {"cluster", d.cluster},
          {"region", d.region},
          {"digest", d.digest},
          {"state", StateName(d.state)},
          {"reason", d.reason},
          {"rollback_of", d.rollback_of},
          {"emergency", d.emergency},
          {"error", d.error}};
}

nlohmann::json DeploymentToJson(const Deployment& d, bool with_manifests) {
  nlohmann::json j = {
      {"id", d.id},
      {"request_id", d.request_id},
      {"project", d.project},
      {"environment", d.environment},
      {"cluster", d.cluster},
      {"region", d.region},
      {"artifact", {{"digest", d.digest}, {"image", d.image}, {"git_sha", d.git_sha}}},
      {"spec_version", d.spec_version},
      {"config_versions", Versions(d.config_versions)},
      {"secret_versions", Versions(d.secret_versions)},
      {"namespace", d.namespace_name},
      {"manifest_hash", d.manifest_hash},
      {"state", StateName(d.state)},
      {"wave", d.wave},
      {"requester", d.requester},
      {"approver", d.approver},
      {"reason", d.reason},
      {"rollback_of", d.rollback_of},
      {"emergency", d.emergency},
      {"auto_rollback", d.auto_rollback},
      {"error", d.error},
      {"created_at", FormatTimeMs(d.created_at_ms)},
      {"approved_at", OptTime(d.approved_at_ms)},
      {"queued_at", OptTime(d.queued_at_ms)},
      {"started_at", OptTime(d.started_at_ms)},
      {"finished_at", OptTime(d.finished_at_ms)}};
  if (with_manifests) {
    j["manifests"] = d.manifests;
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : d.steps) {
      steps.push_back(
          {{"name", s.name}, {"done_at", FormatTimeMs(s.done_at_ms)}, {"detail", s.detail}});
    }
    j["steps"] = std::move(steps);
  }
  return j;
}

}  // namespace paved::deploy::rollout
