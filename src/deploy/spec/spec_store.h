#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/score_check.h"
#include "core/clock.h"
#include "store/store.h"

namespace paved::deploy::spec {

// One immutable version of a project's spec (table spec_versions, migration 5).
struct SpecVersion {
  std::string project_id;
  int64_t version = 0;  // 1, 2, ... per project
  std::string yaml;     // exactly as pushed
  std::string author;   // login
  std::string message;
  int64_t created_at_ms = 0;
};

// Versions of each project's app spec. Versions start at 1 and only grow; a version never
// changes. Callers validate the YAML (ParseAppSpec) before Put.
class SpecStore {
 public:
  SpecStore(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // The ids of the projects with at least one spec version.
  absl::StatusOr<std::set<std::string>> ProjectsWithSpec();

  // Writes the next version inside `tx`, unless the latest version's YAML is identical: then
  // returns that version and sets *created to false. Serialised per project.
  absl::StatusOr<SpecVersion> Put(store::Tx& tx, const std::string& project_id,
                                  const std::string& yaml, const std::string& author,
                                  const std::string& message, bool* created);

  // `version` nullopt = latest. NotFound when the project has no spec or no such version.
  absl::StatusOr<SpecVersion> Get(const std::string& project_id,
                                  std::optional<int64_t> version = {});

  // The latest version of every project that has one, by project id (one query).
  absl::StatusOr<std::vector<SpecVersion>> LatestOfEach();

  // Newest first, at most `limit`, versions below `before` when given (paging).
  absl::StatusOr<std::vector<SpecVersion>> List(const std::string& project_id, int limit,
                                                std::optional<int64_t> before = {});

 private:
  store::Store* store_;
  const Clock* clock_;
};

// The scorecard check "has_app_spec": the project describes its app in a paved.yaml spec.
catalog::ContributedScoreCheck AppSpecScoreCheck(SpecStore* specs);

}  // namespace paved::deploy::spec
