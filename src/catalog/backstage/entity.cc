#include "catalog/backstage/entity.h"

#include <regex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "catalog/backstage/yaml_json.h"
#include "core/yaml.h"

namespace paved::catalog::backstage {
namespace {

const std::regex kName("[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?");

bool IsNonEmptyString(const nlohmann::json& j) {
  return j.is_string() && !j.get<std::string>().empty();
}

// Fields each known kind requires under spec, and whether the kind is known at all.
struct KindRules {
  const char* kind;
  std::vector<const char*> required_strings;
  std::vector<const char*> required_arrays;
};
const std::vector<KindRules>& Rules() {
  static const std::vector<KindRules> kRules = {
      {"component", {"type", "lifecycle", "owner"}, {}},
      {"api", {"type", "lifecycle", "owner", "definition"}, {}},
      {"resource", {"type", "owner"}, {}},
      {"group", {"type"}, {"children"}},
      {"system", {"owner"}, {}},
      {"domain", {"owner"}, {}},
      {"user", {}, {}},
      {"location", {}, {}},
  };
  return kRules;
}
const KindRules* RulesFor(const std::string& kind) {
  for (const KindRules& r : Rules()) {
    if (kind == r.kind) return &r;
  }
  return nullptr;
}

// Reference fields checked for syntax: field, default kind ("" = kind required), is a list.
struct RefField {
  const char* field;
  const char* default_kind;
  bool list;
};
const std::vector<RefField> kRefFields = {
    {"owner", "group", false},     {"system", "system", false},
    {"domain", "domain", false},   {"subcomponentOf", "component", false},
    {"dependsOn", "", true},       {"dependencyOf", "", true},
    {"providesApis", "api", true}, {"consumesApis", "api", true},
    {"parent", "group", false},    {"children", "group", true},
    {"members", "user", true},     {"memberOf", "group", true},
};

void CheckMetadata(Entity& e, std::vector<CatalogError>& errors) {
  const nlohmann::json& md = e.doc["metadata"];
  if (md.contains("tags")) {
    bool ok = md["tags"].is_array();
    for (const auto& t : ok ? md["tags"] : nlohmann::json::array()) ok = ok && IsNonEmptyString(t);
    if (!ok) errors.push_back(e.Error("metadata.tags", "metadata.tags must be a list of strings"));
  }
  if (md.contains("links")) {
    bool ok = md["links"].is_array();
    for (const auto& l : ok ? md["links"] : nlohmann::json::array()) {
      ok = ok && l.is_object() && l.contains("url") && IsNonEmptyString(l["url"]);
    }
    if (!ok) errors.push_back(e.Error("metadata.links", "metadata.links must be a list of {url}"));
  }
  for (const char* key : {"annotations", "labels"}) {
    if (!md.contains(key)) continue;
    bool ok = md[key].is_object();
    if (ok) {
      for (const auto& [k, v] : md[key].items()) ok = ok && v.is_string();
    }
    std::string field = std::string("metadata.") + key;
    if (!ok) errors.push_back(e.Error(field, field + " must map strings to strings"));
  }
  for (const char* key : {"title", "description"}) {
    if (md.contains(key) && !md[key].is_string()) {
      std::string field = std::string("metadata.") + key;
      errors.push_back(e.Error(field, field + " must be a string"));
    }
  }
}

void CheckRefs(Entity& e, std::vector<CatalogError>& errors) {
  const nlohmann::json& spec = e.doc["spec"];
  for (const RefField& f : kRefFields) {
    if (!spec.contains(f.field)) continue;
    std::string field = std::string("spec.") + f.field;
    const nlohmann::json& v = spec[f.field];
    if (f.list && !v.is_array()) {
      errors.push_back(e.Error(field, field + " must be a list of entity references"));
      continue;
    }
    std::vector<nlohmann::json> items =
        f.list ? v.get<std::vector<nlohmann::json>>() : std::vector<nlohmann::json>{v};
    for (const auto& item : items) {
      auto ref = ParseRef(item, f.default_kind, e.ns);
      if (!ref.ok())
        errors.push_back(e.Error(field, field + ": " + std::string(ref.status().message())));
    }
  }
}

}  // namespace

std::string CatalogError::ToString() const {
  std::string out = origin.empty() ? "" : origin + ": ";
  if (document == 0) return out + text;  // the source itself could not be read
  out += "document " + std::to_string(document);
  if (!entity.empty()) out += " (" + entity + ")";
  if (line > 0) out += ", line " + std::to_string(line);
  return out + ": " + text;
}

nlohmann::json CatalogError::ToJson() const {
  nlohmann::json j = {{"document", document},
                      {"entity", entity},
                      {"line", line},
                      {"field", field},
                      {"message", ToString()}};
  if (!origin.empty()) j["origin"] = origin;
  return j;
}

std::string EntityRef::String() const { return kind + ":" + ns + "/" + name; }

bool IsEntityName(const std::string& name) {
  return name.size() <= 63 && std::regex_match(name, kName);
}

absl::StatusOr<EntityRef> ParseRef(const nlohmann::json& value, const std::string& default_kind,
                                   const std::string& default_ns) {
  EntityRef ref{.kind = default_kind, .ns = default_ns};
  if (value.is_object()) {
    if (value.contains("kind") && value["kind"].is_string()) ref.kind = value["kind"];
    if (value.contains("namespace") && value["namespace"].is_string()) ref.ns = value["namespace"];
    if (value.contains("name") && value["name"].is_string()) ref.name = value["name"];
  } else if (value.is_string()) {
    std::string s = value;
    size_t colon = s.find(':');
    if (colon != std::string::npos) {
      ref.kind = s.substr(0, colon);
      s = s.substr(colon + 1);
    }
    size_t slash = s.find('/');
    if (slash != std::string::npos) {
      ref.ns = s.substr(0, slash);
      s = s.substr(slash + 1);
    }
    ref.name = s;
  } else {
    return absl::InvalidArgumentError("an entity reference must be a string or {kind, name}");
  }
  // YAML strings need not be UTF-8; dump() would throw on them.
  std::string shown = value.is_string()
                          ? value.get<std::string>()
                          : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (ref.kind.empty()) {
    return absl::InvalidArgumentError("reference " + shown + " needs a kind (kind:name)");
  }
  if (!IsEntityName(ref.name) || !IsEntityName(ref.ns)) {
    return absl::InvalidArgumentError("invalid entity reference " + shown);
  }
  ref.kind = absl::AsciiStrToLower(ref.kind);
  return ref;
}

EntityRef Entity::Ref() const { return {absl::AsciiStrToLower(kind), ns, name}; }

std::string Entity::Label() const {
  if (kind.empty() && name.empty()) return "";
  return kind + " " + name;
}

int Entity::LineOf(const std::string& path) const {
  YAML::Node cur = node;
  int line = node.Mark().line + 1;
  for (const auto& part : absl::StrSplit(path, '.')) {
    if (!cur.IsMap()) break;
    YAML::Node next;
    bool found = false;
    for (const auto& kv : cur) {
      if (kv.first.IsScalar() && kv.first.Scalar() == part) {
        line = kv.first.Mark().line + 1;
        next = kv.second;
        found = true;
        break;
      }
    }
    if (!found) break;
    cur = next;
    if (!cur.IsMap() && cur.Mark().line >= 0) line = cur.Mark().line + 1;
  }
  return line;
}

CatalogError Entity::Error(const std::string& field, const std::string& text) const {
  return {origin, document, Label(), LineOf(field), field, text};
}

std::string Entity::Annotation(const std::string& key) const {
  if (!doc.is_object() || !doc.contains("metadata")) return "";
  const nlohmann::json& md = doc["metadata"];
  if (!md.is_object() || !md.contains("annotations") || !md["annotations"].is_object()) return "";
  auto it = md["annotations"].find(key);
  return it != md["annotations"].end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Entity::SpecString(const std::string& key) const {
  if (!doc.contains("spec") || !doc["spec"].is_object()) return "";
  auto it = doc["spec"].find(key);
  return it != doc["spec"].end() && it->is_string() ? it->get<std::string>() : "";
}

namespace {

// The document of `text` holding `line`: one more than the separators above it.
int DocumentAtLine(const std::string& text, int line) {
  int doc = 1;
  int current = 1;
  for (size_t pos = 0; pos < text.size() && current < line; ++pos) {
    if (text[pos] != '\n') continue;
    ++current;
    if (text.compare(pos + 1, 3, "---") == 0 && current < line) ++doc;
  }
  return doc;
}

}  // namespace

void ParseDocuments(const std::string& text, const std::string& origin,
                    std::vector<Entity>& entities, std::vector<CatalogError>& errors) {
  YamlError error;
  absl::StatusOr<std::vector<YAML::Node>> nodes = LoadYamlDocuments(text, &error);
  if (!nodes.ok()) {
    errors.push_back({origin, DocumentAtLine(text, error.line), "", error.line, "",
                      "invalid YAML: " + error.message});
    return;
  }
  std::vector<Entity> parsed;
  for (size_t i = 0; i < nodes->size(); ++i) {
    const YAML::Node& node = (*nodes)[i];
    if (node.IsNull()) continue;
    Entity e{.origin = origin, .document = static_cast<int>(i + 1), .node = node};
    try {
      e.doc = YamlNodeToJson(node);
    } catch (const YAML::Exception& ex) {  // a mapping key that is not a scalar
      int line = ex.mark.is_null() ? 0 : ex.mark.line + 1;
      errors.push_back({origin, e.document, "", line, "", "invalid YAML: keys must be strings"});
      return;
    }
    parsed.push_back(std::move(e));
  }
  for (Entity& e : parsed) entities.push_back(std::move(e));
}

bool ValidateEntity(Entity& e, std::vector<CatalogError>& errors) {
  size_t before = errors.size();
  if (!e.doc.is_object()) {
    errors.push_back(e.Error("", "a catalog document must be a mapping"));
    return false;
  }
  const nlohmann::json& d = e.doc;
  if (d.contains("kind") && d["kind"].is_string()) e.kind = d["kind"];
  if (d.contains("metadata") && d["metadata"].is_object()) {
    const nlohmann::json& md = d["metadata"];
    if (md.contains("name") && md["name"].is_string()) e.name = md["name"];
    if (md.contains("namespace") && md["namespace"].is_string()) e.ns = md["namespace"];
  }
  if (!IsNonEmptyString(d.value("apiVersion", nlohmann::json()))) {
    errors.push_back(e.Error("apiVersion", "apiVersion is required"));
  }
  if (e.kind.empty()) errors.push_back(e.Error("kind", "kind is required"));
  if (!d.contains("metadata") || !d["metadata"].is_object()) {
    errors.push_back(e.Error("metadata", "metadata is required"));
    return false;
  }
  if (e.name.empty()) {
    errors.push_back(e.Error("metadata.name", "metadata.name is required"));
  } else if (!IsEntityName(e.name)) {
    errors.push_back(e.Error("metadata.name",
                             "metadata.name must be 1-63 letters, digits, '-', '_' or '.', "
                             "starting and ending with a letter or digit"));
  }
  if (!IsEntityName(e.ns)) errors.push_back(e.Error("metadata.namespace", "invalid namespace"));
  if (d.contains("spec") && !d["spec"].is_object()) {
    errors.push_back(e.Error("spec", "spec must be a mapping"));
    return false;
  }
  if (errors.size() > before) return false;
  CheckMetadata(e, errors);
  const KindRules* rules = RulesFor(absl::AsciiStrToLower(e.kind));
  if (rules == nullptr) return errors.size() == before;  // kinds Paved does not model: kept
  std::string api = d["apiVersion"];
  if (api != "backstage.io/v1alpha1" && api != "backstage.io/v1beta1") {
    errors.push_back(e.Error("apiVersion",
                             "apiVersion must be backstage.io/v1alpha1 or "
                             "backstage.io/v1beta1 for kind " +
                                 e.kind));
  }
  nlohmann::json spec = d.value("spec", nlohmann::json::object());
  for (const char* f : rules->required_strings) {
    if (!spec.contains(f) || !IsNonEmptyString(spec[f])) {
      if (std::string(f) == "owner" && spec.contains(f) && spec[f].is_object()) continue;
      errors.push_back(
          e.Error(std::string("spec.") + f, std::string("spec.") + f + " is required"));
    }
  }
  for (const char* f : rules->required_arrays) {
    if (!spec.contains(f) || !spec[f].is_array()) {
      errors.push_back(
          e.Error(std::string("spec.") + f, std::string("spec.") + f + " is required (a list)"));
    }
  }
  if (errors.size() == before && d.contains("spec")) CheckRefs(e, errors);
  return errors.size() == before;
}

}  // namespace paved::catalog::backstage
