#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::catalog::backstage {

struct Relation {
  std::string source_ref;
  std::string type;  // ownedBy, ownerOf, partOf, hasPart, dependsOn, ...
  std::string target_ref;
};

// The entity ref "kind:namespace/name" (kind lowercased) of a validated document.
std::string RefOfDocument(const nlohmann::json& doc);

// Relations a validated entity document declares, both directions (dependsOn and dependencyOf).
// Unparseable references are skipped (validation reports them).
std::vector<Relation> RelationsOf(const nlohmann::json& doc);

// Inserts relations, ignoring ones already stored.
absl::Status InsertRelations(store::Tx& tx, const std::vector<Relation>& relations);

}  // namespace paved::catalog::backstage
