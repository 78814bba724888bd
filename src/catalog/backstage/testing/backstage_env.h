#pragma once

#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "catalog/backstage/entity.h"
#include "catalog/backstage/exporter.h"
#include "catalog/backstage/importer.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "store/store.h"

namespace paved::catalog::backstage::testing {

// A migrated store of one engine with the catalog stores and an importer/exporter over it.
struct Env {
  // `url` "" = a fresh SQLite database in a temp directory.
  static absl::StatusOr<std::unique_ptr<Env>> Open(store::Engine engine);

  std::unique_ptr<store::Store> store;
  FakeClock clock;
  std::unique_ptr<TeamStore> teams;
  std::unique_ptr<ProjectStore> projects;
  std::unique_ptr<CloudResourceStore> resources;
  std::unique_ptr<audit::AuditLog> audit;
  std::string hr_id_annotation = "example.com/hr-id";

  Importer MakeImporter();
  Exporter MakeExporter();
  // Parses `yaml` (origin "") and imports it.
  absl::StatusOr<ImportResult> ImportYaml(const std::string& yaml, ImportOptions options = {});
  // Export as YAML text.
  absl::StatusOr<std::string> ExportYaml();
  int64_t Count(const std::string& sql);
  // Creates a team directly; returns its id.
  std::string AddTeam(const std::string& slug, const std::string& hr_id = "");
  // Creates a developer user directly; returns its id.
  std::string AddUser(const std::string& login);
  // Adds a member to a team directly, with the given source ("paved", "hr", "backstage").
  void AddMember(const std::string& team_id, const std::string& user_id,
                 const std::string& source = "paved");
  // Logins of the team's members, "login:source", sorted.
  std::vector<std::string> Members(const std::string& team_slug);
};

// The sample shipped with the project (shared/data/catalog/catalog-info.yaml).
std::string SampleYaml();

}  // namespace paved::catalog::backstage::testing
