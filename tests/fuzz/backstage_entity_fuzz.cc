// Backstage catalog-info.yaml documents, as imported from a request body, a file or a URL:
// split, converted to JSON, validated, and their refs parsed. Checks: nothing throws; a valid
// entity has a kind and a name and every error points at a document of the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/backstage/entity.h"
#include "tests/fuzz/fuzz_check.h"

namespace paved::catalog::backstage {
namespace {

void UseEntity(const Entity& e) {
  fuzz::Check(!e.kind.empty() && IsEntityName(e.name), "valid entity without kind or name");
  e.Ref().String();
  e.Label();
  e.LineOf("spec.owner");
  e.LineOf("metadata.annotations.backstage.io/source-location");
  e.Annotation("backstage.io/source-location");
  for (const char* key : {"owner", "system", "type", "lifecycle"}) e.SpecString(key);
  const nlohmann::json* spec = e.doc.contains("spec") ? &e.doc["spec"] : nullptr;
  if (spec && spec->is_object() && spec->contains("dependsOn") && (*spec)["dependsOn"].is_array()) {
    for (const auto& ref : (*spec)["dependsOn"]) (void)ParseRef(ref, "", e.ns);
  }
}

void FuzzOne(const std::string& text) {
  std::vector<Entity> entities;
  std::vector<CatalogError> errors;
  ParseDocuments(text, "catalog-info.yaml", entities, errors);
  for (Entity& e : entities) {
    if (ValidateEntity(e, errors)) UseEntity(e);
  }
  for (const CatalogError& e : errors) {
    fuzz::Check(e.document >= 0 && e.line >= 0, "negative position: " + e.ToString());
    e.ToJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  (void)ParseRef(nlohmann::json(text), "", "default");
}

}  // namespace
}  // namespace paved::catalog::backstage

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paved::catalog::backstage::FuzzOne(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
