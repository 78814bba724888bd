#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "cli/api_client.h"
#include "cli/context.h"
#include "nlohmann/json.hpp"

namespace paved::cli {

// "sha256:0123456789ab" (the first 12 hex digits) of a digest; other text unchanged.
std::string ShortDigest(const std::string& digest);

// Deployments as a table: ID, ENV, CLUSTER, REGION, DIGEST, STATE, WAVE, REQUESTER, AGE.
std::string RenderDeployments(const nlohmann::json& items, absl::Time now);

// `paved approvals`: ID, PROJECT, ENV, CLUSTER, REGION, DIGEST, REQUESTER, REASON, AGE.
std::string RenderApprovals(const nlohmann::json& items, absl::Time now);

// `paved deployments show`: the deployment's fields, then its steps (STEP, DONE, DETAIL).
std::string RenderDeployment(const nlohmann::json& deployment);

// `paved deployments diff`: digest and spec version changes, config keys (SET, KEY, FROM, TO),
// secret names (never values), then the unified manifest diff.
std::string RenderDeploymentDiff(const nlohmann::json& diff);

// Fills `project` (when empty) with the project of deployment `id` (GET /deployments/{id}):
// deployment ids are global, so commands on one deployment need no -p.
absl::Status ResolveDeploymentProject(ApiClient& api, const std::string& id, std::string& project);

// Whether `state` ends a deployment (succeeded, failed, cancelled, rejected, rolled_back).
bool IsFinalState(const std::string& state);

// `--wait`: polls GET /projects/{project}/deployments/{id} for each of `deployments` every
// `interval` until every one is final, printing as it happens (on stderr with --json, which
// prints the final deployments as JSON): "CLUSTER ID: FROM -> TO" on each state change,
// "CLUSTER ID: step NAME done (DETAIL)" on each finished step (render, apply, wait_healthy,
// prune), once per region who must approve while all unfinished ones wait for approval (it
// keeps waiting), and for a failed rollout the last log lines of the cluster's instances and
// the automatic rollback the server started (which it then follows too). At the end the URLs of
// the instances in the clusters that succeeded. OK only when all succeeded; FailedPrecondition
// naming the ones that failed, were cancelled, rejected or rolled back.
// `--wait` and `--interval SECONDS` (poll period, default 0.1).
struct WaitArgs {
  bool wait = false;
  double interval_seconds = 0.1;
  std::chrono::milliseconds interval() const {
    return std::chrono::milliseconds(static_cast<int64_t>(interval_seconds * 1000));
  }
};
void AddWaitOptions(CLI::App& command, WaitArgs& args);

absl::Status WaitForDeployments(Context& ctx, ApiClient& api, const std::string& project,
                                const nlohmann::json& deployments,
                                std::chrono::milliseconds interval);

}  // namespace paved::cli
