#include "catalog/backstage/relations.h"

#include "absl/strings/ascii.h"
#include "catalog/backstage/entity.h"
#include "core/status_macros.h"

namespace paved::catalog::backstage {
namespace {

struct RelationField {
  const char* field;
  const char* default_kind;  // "" = the reference must name its kind
  const char* forward;       // this entity → target
  const char* backward;      // target → this entity
};

const std::vector<RelationField> kFields = {
    {"owner", "group", "ownedBy", "ownerOf"},
    {"system", "system", "partOf", "hasPart"},
    {"domain", "domain", "partOf", "hasPart"},
    {"subcomponentOf", "component", "partOf", "hasPart"},
    {"dependsOn", "", "dependsOn", "dependencyOf"},
    {"dependencyOf", "", "dependencyOf", "dependsOn"},
    {"providesApis", "api", "providesApi", "apiProvidedBy"},
    {"consumesApis", "api", "consumesApi", "apiConsumedBy"},
    {"parent", "group", "childOf", "parentOf"},
    {"children", "group", "parentOf", "childOf"},
    {"members", "user", "hasMember", "memberOf"},
    {"memberOf", "group", "memberOf", "hasMember"},
};

std::string NamespaceOf(const nlohmann::json& doc) {
  const nlohmann::json& md = doc["metadata"];
  auto it = md.find("namespace");
  return it != md.end() && it->is_string() ? it->get<std::string>() : "default";
}

}  // namespace

std::string RefOfDocument(const nlohmann::json& doc) {
  return absl::AsciiStrToLower(doc["kind"].get<std::string>()) + ":" + NamespaceOf(doc) + "/" +
         doc["metadata"]["name"].get<std::string>();
}

std::vector<Relation> RelationsOf(const nlohmann::json& doc) {
  std::vector<Relation> out;
  auto spec = doc.find("spec");
  if (spec == doc.end() || !spec->is_object()) return out;
  std::string self = RefOfDocument(doc);
  std::string ns = NamespaceOf(doc);
  for (const RelationField& f : kFields) {
    auto v = spec->find(f.field);
    if (v == spec->end()) continue;
    std::vector<nlohmann::json> items =
        v->is_array() ? v->get<std::vector<nlohmann::json>>() : std::vector<nlohmann::json>{*v};
    for (const auto& item : items) {
      auto ref = ParseRef(item, f.default_kind, ns);
      if (!ref.ok()) continue;
      out.push_back({self, f.forward, ref->String()});
      out.push_back({ref->String(), f.backward, self});
    }
  }
  return out;
}

absl::Status InsertRelations(store::Tx& tx, const std::vector<Relation>& relations) {
  for (const Relation& r : relations) {
    RETURN_IF_ERROR(tx.Query("INSERT INTO catalog_relations (source_ref, type, target_ref) "
                             "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                             {r.source_ref, r.type, r.target_ref})
                        .status());
  }
  return absl::OkStatus();
}

}  // namespace paved::catalog::backstage
