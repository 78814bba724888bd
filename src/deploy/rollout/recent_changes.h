#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "deploy/platform/platform_store.h"
#include "deploy/rollout/deployment_store.h"
#include "store/store.h"

namespace paved::deploy::rollout {

// One change of a project that matters when something breaks: a deploy, a rollback, a failed
// deploy, a config or secret change, a spec push, a policy exception. Built from the audit log.
struct ProjectChange {
  int64_t at_ms = 0;
  std::string kind;   // deploy | rollback | deploy_failed | config | secret | spec | exception
  std::string actor;  // who asked for it (a deployment's requester, not "system")
  std::string environment, cluster;  // "" when the change is not tied to one
  // deploy/rollback: "sha256:ab12… → sha256:cd34…" (previous digest = the latest earlier
  // succeeded deployment of that cluster; only the new digest on a first deploy);
  // deploy_failed: "sha256:cd34…: <error>"; config: "config set web: LOG_LEVEL, +NEW, -OLD";
  // secret: "secret DB_PASSWORD (v3)"; spec: "spec v3 pushed: <message>";
  // exception: "rule <rule> until <time>: <reason>" or "revoked rule <rule>".
  std::string text;
  std::string deployment_id;  // deploy kinds only
  int64_t seq = 0;            // audit sequence (ties)
};

// "sha256:" followed by the first 12 hex digits of the digest; other text unchanged.
std::string ShortDigest(const std::string& digest);

// Reads a project's recent changes. Thread-safe (stateless apart from the stores).
class RecentChangesReader {
 public:
  RecentChangesReader(store::Store* store, const Clock* clock, audit::AuditLog* audit)
      : store_(store), audit_(audit), deployments_(store, clock), platform_(store, clock) {}

  // Changes of project `project_slug` at or after `since_ms`, newest first, at most `limit`.
  // With `cluster` set, deployment events of other clusters are left out, and config/secret
  // changes of environments other than the cluster's (when the cluster is known); spec pushes
  // and policy exceptions concern every cluster and are always kept. Unknown project: empty.
  absl::StatusOr<std::vector<ProjectChange>> Since(const std::string& project_slug,
                                                   const std::string& cluster, int64_t since_ms,
                                                   int limit = 50);

 private:
  // The project's own events and its config and secret changes (of environment `env` only,
  // unless empty), at or after `since_ms`, newest first.
  absl::StatusOr<std::vector<audit::Event>> Events(const std::string& slug, const std::string& env,
                                                   int64_t since_ms);
  absl::StatusOr<std::optional<ProjectChange>> FromDeploymentEvent(const audit::Event& e);
  absl::StatusOr<std::string> PreviousDigest(const Deployment& d);

  store::Store* store_;  // previous digests
  audit::AuditLog* audit_;
  DeploymentStore deployments_;
  platform::PlatformStore platform_;
};

}  // namespace paved::deploy::rollout
