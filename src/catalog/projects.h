#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::catalog {

struct Project {
  std::string id;
  std::string slug;
  std::string name;
  std::string description;
  std::string owner_team_id;
  std::string owner_team;  // slug, filled on reads
  std::string created_by;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

nlohmann::json ProjectToJson(const Project& p);

struct ProjectQuery {
  std::string text;        // matches slug, name, description (case-insensitive)
  std::string owner_slug;  // team slug; empty = any
  std::string after_slug;  // cursor
  int limit = 50;
};

// Projects (table projects), each owned by one team.
class ProjectStore {
 public:
  ProjectStore(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // AlreadyExists when the slug is taken. REQUIRES: owner_team_id set.
  absl::Status Create(store::Tx& tx, Project& project);
  absl::StatusOr<std::optional<Project>> FindBySlug(const std::string& slug);
  absl::StatusOr<std::optional<Project>> FindBySlugTx(store::Tx& tx, const std::string& slug);
  absl::StatusOr<std::vector<Project>> List(const ProjectQuery& q);
  absl::Status Update(store::Tx& tx, const Project& project);
  absl::Status Delete(store::Tx& tx, const Project& project);

 private:
  store::Store* store_;
  const Clock* clock_;
};

}  // namespace paved::catalog
