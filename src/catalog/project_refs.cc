#include "catalog/project_refs.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "store/in_list.h"

namespace paved::catalog {

namespace {

absl::StatusOr<std::map<std::string, ProjectRef>> Refs(store::Store& store, const char* column,
                                                       std::vector<std::string> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::map<std::string, ProjectRef> refs;
  // A plain read: no write lock, so a page of resources never waits behind a saga's writes.
  RETURN_IF_ERROR(store::QueryInChunks(
      store,
      absl::StrCat("SELECT p.id, p.slug, p.owner_team_id, t.slug AS owner_slug FROM projects p "
                   "JOIN teams t ON t.id = p.owner_team_id WHERE p.",
                   column, " IN ("),
      keys, ")", [&](const store::Row& row) {
        refs[row.Text(column)] = ProjectRef{.id = row.Text("id"),
                                            .slug = row.Text("slug"),
                                            .owner_team_id = row.Text("owner_team_id"),
                                            .owner_team = row.Text("owner_slug")};
      }));
  return refs;
}

}  // namespace

absl::StatusOr<std::map<std::string, ProjectRef>> ProjectRefs(store::Store& store,
                                                              const std::vector<std::string>& ids) {
  return Refs(store, "id", ids);
}

absl::StatusOr<std::map<std::string, ProjectRef>> ProjectRefsBySlug(
    store::Store& store, const std::vector<std::string>& slugs) {
  return Refs(store, "slug", slugs);
}

}  // namespace paved::catalog
