#include "catalog/backstage/testing/backstage_env.h"

#include <cstdlib>

#include <fstream>
#include <sstream>

#include "catalog/backstage/yaml_json.h"
#include "core/status_macros.h"
#include "store/migrate.h"
#include "tests/support/test_databases.h"

namespace paved::catalog::backstage::testing {

absl::StatusOr<std::unique_ptr<Env>> Env::Open(store::Engine engine) {
  auto env = std::make_unique<Env>();
  ASSIGN_OR_RETURN(env->store, test_support::NewMigratedStore(engine));
  env->teams = std::make_unique<TeamStore>(env->store.get(), &env->clock);
  env->projects = std::make_unique<ProjectStore>(env->store.get(), &env->clock);
  env->resources = std::make_unique<CloudResourceStore>(env->store.get(), &env->clock);
  env->audit = std::make_unique<audit::AuditLog>(env->store.get(), &env->clock);
  return env;
}

Importer Env::MakeImporter() {
  return Importer({store.get(), teams.get(), projects.get(), resources.get(), audit.get(), &clock,
                   hr_id_annotation});
}

Exporter Env::MakeExporter() {
  return Exporter({store.get(), projects.get(), resources.get(), hr_id_annotation});
}

absl::StatusOr<ImportResult> Env::ImportYaml(const std::string& yaml, ImportOptions options) {
  std::vector<Entity> entities;
  std::vector<CatalogError> errors;
  ParseDocuments(yaml, "", entities, errors);
  if (!errors.empty()) {
    ImportResult r;
    r.errors = errors;
    return r;
  }
  return MakeImporter().Import(std::move(entities), options);
}

absl::StatusOr<std::string> Env::ExportYaml() {
  ASSIGN_OR_RETURN(auto docs, MakeExporter().All());
  return EmitDocuments(docs);
}

int64_t Env::Count(const std::string& sql) {
  auto rs = store->Query(sql);
  return rs.ok() && !rs->empty() ? rs->front().Int("n") : -1;
}

std::string Env::AddTeam(const std::string& slug, const std::string& hr_id) {
  Team t{.slug = slug, .name = slug};
  absl::Status s = store->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(teams->Create(tx, t));
    if (hr_id.empty()) return absl::OkStatus();
    return tx.Query("UPDATE teams SET hr_id = $1, source = 'hr' WHERE id = $2", {hr_id, t.id})
        .status();
  });
  return s.ok() ? t.id : "";
}

std::string Env::AddUser(const std::string& login) {
  std::string id = "u-" + login;
  absl::Status s = store
                       ->Query(
                           "INSERT INTO users (id, login, password_hash, role, created_at, "
                           "updated_at) VALUES ($1, $2, 'x', 'developer', 0, 0)",
                           {id, login})
                       .status();
  return s.ok() ? id : "";
}

void Env::AddMember(const std::string& team_id, const std::string& user_id,
                    const std::string& source) {
  absl::Status s = store
                       ->Query(
                           "INSERT INTO team_members (team_id, user_id, added_at, lead, "
                           "source) VALUES ($1, $2, 0, 0, $3)",
                           {team_id, user_id, source})
                       .status();
  if (!s.ok()) std::abort();  // test setup: cannot happen
}

std::vector<std::string> Env::Members(const std::string& team_slug) {
  std::vector<std::string> out;
  auto rs = store->Query(
      "SELECT u.login, m.source FROM team_members m JOIN users u ON u.id = "
      "m.user_id JOIN teams t ON t.id = m.team_id WHERE t.slug = $1 "
      "ORDER BY u.login",
      {team_slug});
  if (!rs.ok()) return out;
  for (const auto& row : rs->rows) out.push_back(row.Text("login") + ":" + row.Text("source"));
  return out;
}

std::string SampleYaml() {
  for (const char* path : {"src/catalog/backstage/testdata/catalog-info.yaml",
                           "/work/shared/data/catalog/catalog-info.yaml"}) {
    std::ifstream in(path);
    if (!in) continue;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  return "";
}

}  // namespace paved::catalog::backstage::testing
