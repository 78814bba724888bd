#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "deploy/rollout/deployment.h"
#include "store/store.h"

namespace paved::deploy::rollout {

// Artifacts of a project (table artifacts): immutable, identified by digest.
class ArtifactStore {
 public:
  ArtifactStore(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // Records `a` (project_id, digest, image, git_sha, commit_time, built_by, pushed_by) with
  // created_at now. Idempotent: pushing the same fields again returns the stored artifact and
  // sets *created to false. AlreadyExists when the digest exists with other fields.
  absl::StatusOr<Artifact> Push(store::Tx& tx, const Artifact& a, bool* created);

  // NotFound when the project has no such artifact.
  absl::StatusOr<Artifact> Get(const std::string& project_id, const std::string& digest);
  absl::StatusOr<Artifact> Get(store::Tx& tx, const std::string& project_id,
                               const std::string& digest);

  // Newest first; `cursor` = digest of the last artifact of the previous page.
  absl::StatusOr<std::vector<Artifact>> List(const std::string& project_id, int limit,
                                             const std::string& cursor);

 private:
  store::Store* store_;
  const Clock* clock_;
};

}  // namespace paved::deploy::rollout
