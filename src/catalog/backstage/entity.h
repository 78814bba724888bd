#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "yaml-cpp/yaml.h"

namespace paved::catalog::backstage {

// One problem in an import, pointing at the document (1-based within its file), the entity,
// the line (1-based, 0 = unknown) and the field.
struct CatalogError {
  std::string origin;  // file or URL the document came from; "" for the request body
  int document = 0;
  std::string entity;  // "Component chat-gateway", "" when the document has no kind/name yet
  int line = 0;
  std::string field;  // "spec.owner"
  std::string text;   // "spec.owner is required"

  // "document 3 (Component chat-gateway), line 14: spec.owner is required", prefixed with
  // "ORIGIN: " when the document came from a file or URL.
  std::string ToString() const;
  // {"document","entity","line","field","message","origin"?}; message = ToString().
  nlohmann::json ToJson() const;
};

// A reference to an entity: kind lowercased, namespace and name as written.
struct EntityRef {
  std::string kind;
  std::string ns = "default";
  std::string name;
  // "component:default/chat-gateway"
  std::string String() const;
  bool operator==(const EntityRef&) const = default;
};

// Parses "kind:namespace/name", "[kind:][namespace/]name" or an object {kind, namespace, name}.
// `default_kind` "" means the kind is required. InvalidArgument with a reason otherwise.
absl::StatusOr<EntityRef> ParseRef(const nlohmann::json& value, const std::string& default_kind,
                                   const std::string& default_ns);

// Whether `name` is a valid Backstage entity name (also used for namespaces).
bool IsEntityName(const std::string& name);

// One YAML document of a catalog file, as parsed.
struct Entity {
  std::string origin;  // as CatalogError::origin
  int document = 0;    // 1-based within its origin
  nlohmann::json doc;  // the whole document, unknown fields included
  YAML::Node node;     // the same document, for line numbers
  std::string kind;    // as written, e.g. "Component"
  std::string ns = "default";
  std::string name;

  EntityRef Ref() const;  // kind lowercased
  // "Component chat-gateway"
  std::string Label() const;
  // Line of the deepest existing node on `path` ("spec.owner" → spec's line when owner is absent).
  int LineOf(const std::string& path) const;
  CatalogError Error(const std::string& field, const std::string& text) const;
  // Annotation value or "".
  std::string Annotation(const std::string& key) const;
  // doc["spec"][key] when it is a string, else "".
  std::string SpecString(const std::string& key) const;
};

// Splits `text` into documents and converts each to JSON; empty documents are skipped.
// A YAML syntax error becomes one CatalogError (with its line) and no entities.
void ParseDocuments(const std::string& text, const std::string& origin,
                    std::vector<Entity>& entities, std::vector<CatalogError>& errors);

// Checks one entity against the Backstage descriptor rules (required fields, names, refs) and
// fills kind/ns/name. Appends errors; returns whether it is valid.
bool ValidateEntity(Entity& entity, std::vector<CatalogError>& errors);

}  // namespace paved::catalog::backstage
