#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace paved::catalog {

// What another domain shows next to its own rows that only keep a project id: the project's
// slug and its owner team.
struct ProjectRef {
  std::string id;
  std::string slug;
  std::string owner_team_id;
  std::string owner_team;  // slug
};

// The projects among `ids` that exist, by id (one statement per 16 distinct ids).
absl::StatusOr<std::map<std::string, ProjectRef>> ProjectRefs(store::Store& store,
                                                              const std::vector<std::string>& ids);
// The same by slug, keyed by slug.
absl::StatusOr<std::map<std::string, ProjectRef>> ProjectRefsBySlug(
    store::Store& store, const std::vector<std::string>& slugs);

}  // namespace paved::catalog
