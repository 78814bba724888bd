#include "catalog/project_refs.h"

#include "core/status_macros.h"
#include "store/in_list.h"

namespace paved::catalog {

absl::StatusOr<std::map<std::string, ProjectRef>> ProjectRefs(store::Store& store,
                                                              const std::vector<std::string>& ids) {
  std::map<std::string, ProjectRef> refs;
  // A plain read: no write lock, so a page of resources never waits behind a saga's writes.
  RETURN_IF_ERROR(store::QueryInChunks(
      store,
      "SELECT p.id, p.slug, p.owner_team_id, t.slug AS owner_slug FROM projects p "
      "JOIN teams t ON t.id = p.owner_team_id WHERE p.id IN (",
      ids, ")", [&](const store::Row& row) {
        refs[row.Text("id")] = ProjectRef{.id = row.Text("id"),
                                          .slug = row.Text("slug"),
                                          .owner_team_id = row.Text("owner_team_id"),
                                          .owner_team = row.Text("owner_slug")};
      }));
  return refs;
}

}  // namespace paved::catalog
