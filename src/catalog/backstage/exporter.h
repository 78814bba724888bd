#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/cloud_resources.h"
#include "catalog/projects.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::catalog::backstage {

struct ExportDeps {
  store::Store* store;
  ProjectStore* projects;
  CloudResourceStore* resources;
  std::string hr_id_annotation = "paved.dev/hr-id";
};

// Turns what Paved holds back into Backstage entity documents: teams → Groups, projects →
// Components, owned cloud resources → Resources (each on top of its imported document, so
// fields Paved does not model come back unchanged), and stored entities of every other kind
// except Location verbatim. Deterministic: importing the result into an empty Paved and
// exporting again yields the same documents.
class Exporter {
 public:
  explicit Exporter(ExportDeps deps) : d_(std::move(deps)) {}

  // Every document, ordered by kind (Group, User, Domain, System, Component, API, Resource,
  // others) then ref.
  absl::StatusOr<std::vector<nlohmann::json>> All();
  // The project's Component followed by the System, APIs and Resources it names that the
  // export holds; nullopt when there is no such project.
  absl::StatusOr<std::optional<std::vector<nlohmann::json>>> Project(const std::string& slug);

 private:
  ExportDeps d_;
};

}  // namespace paved::catalog::backstage
