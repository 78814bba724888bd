#include "deploy/spec/spec_parser.h"

#include <algorithm>
#include <regex>
#include <tuple>

#include "absl/status/status.h"
#include "core/yaml.h"
#include "deploy/spec/spec_component.h"
#include "deploy/spec/spec_keys.h"
#include "deploy/spec/spec_monitoring.h"
#include "deploy/spec/spec_reader.h"

namespace paved::deploy::spec {
namespace {

using internal::Entries;
using internal::Entry;
using internal::Reader;

constexpr char kApiVersion[] = "paved.dev/v1";

struct KindSection {
  const char* key;
  ComponentKind kind;
};
constexpr KindSection kSections[] = {{"services", ComponentKind::kService},
                                     {"workers", ComponentKind::kWorker},
                                     {"cronjobs", ComponentKind::kCronJob}};

void ReadApiVersion(Reader& r, const YAML::Node& root, const Entries& top) {
  const Entry* e = top.Find("apiVersion");
  if (!e) {
    r.Error(root, "apiVersion", std::string("apiVersion is required: apiVersion: ") + kApiVersion);
    return;
  }
  auto v = r.String(e->value, e->path);
  if (v && *v != kApiVersion) {
    r.Error(e->value, e->path, "must be " + std::string(kApiVersion) + ", not '" + *v + "'");
  }
}

// Reads every component of one kind, refusing a name another section already used.
void ReadSection(Reader& r, const Entry& section, ComponentKind kind, AppSpec* spec,
                 std::map<std::string, std::string>* used) {
  if (section.value.IsNull()) return;  // `workers:` with nothing under it
  if (!r.ExpectMap(section.value, section.path)) return;
  for (const auto& kv : section.value) {
    std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    Entry entry{name, kv.first, kv.second, internal::Join(section.path, name)};
    if (auto prev = used->find(name); prev != used->end()) {
      r.Error(kv.first, entry.path, "name " + name + " is already used by " + prev->second);
      continue;
    }
    (*used)[name] = entry.path;
    Component c;
    internal::ReadComponent(r, entry, kind, &c);
    spec->components.push_back(std::move(c));
  }
}

// `local: {web: {command: [...]}}` — how to run components on the local runtime.
void ReadLocal(Reader& r, const Entry& local, AppSpec* spec) {
  if (local.value.IsNull()) return;
  if (!r.ExpectMap(local.value, local.path)) return;
  for (const auto& kv : local.value) {
    std::string name = kv.first.IsScalar() ? kv.first.Scalar() : "";
    std::string path = internal::Join(local.path, name);
    Entries f = r.Keys(kv.second, path, LocalKeys());
    auto c = std::find_if(spec->components.begin(), spec->components.end(),
                          [&](const Component& x) { return x.name == name; });
    if (c == spec->components.end()) {
      r.Error(kv.first, path, "no service, worker or cronjob named " + name);
      continue;
    }
    const Entry* command = f.Find("command");
    if (!command) {
      if (kv.second.IsMap()) r.Error(kv.second, path + ".command", "command is required");
      continue;
    }
    auto list = r.StringList(command->value, command->path);
    if (list && list->empty()) r.Error(command->value, command->path, "must not be empty");
    if (list) c->local_command = *list;
  }
}

bool IsResourceName(const std::string& s) {
  static const std::regex kName("[a-z]([a-z0-9-]{0,38}[a-z0-9])?");
  return std::regex_match(s, kName);
}

bool IsEnvPrefix(const std::string& s) {
  static const std::regex kPrefix("[A-Z][A-Z0-9_]{0,29}");
  return std::regex_match(s, kPrefix);
}

// `resources: [cache, {name: sessions, prefix: SESSIONS}]` — resources whose connection every
// component gets.
void ReadResources(Reader& r, const Entry& e, AppSpec* spec) {
  if (e.value.IsNull()) return;
  if (!e.value.IsSequence()) {
    r.Error(e.value, e.path, "must be a list of resource names, e.g. resources: [cache]");
    return;
  }
  for (size_t i = 0; i < e.value.size(); ++i) {
    const YAML::Node item = e.value[i];
    std::string path = e.path + "[" + std::to_string(i) + "]";
    ResourceUse use;
    if (item.IsScalar()) {
      use.name = item.Scalar();
    } else {
      Entries f = r.Keys(item, path, ResourceUseKeys());
      const Entry* name = f.Find("name");
      if (!name) {
        if (item.IsMap()) r.Error(item, path + ".name", "name is required");
        continue;
      }
      use.name = r.String(name->value, name->path).value_or("");
      if (const Entry* prefix = f.Find("prefix")) {
        use.prefix = r.String(prefix->value, prefix->path).value_or("");
        if (!IsEnvPrefix(use.prefix)) {
          r.Error(prefix->value, prefix->path,
                  "a prefix is 1-30 of A-Z, 0-9 and _, starting with a letter");
          continue;
        }
      }
    }
    if (!IsResourceName(use.name)) {
      r.Error(item, path, "'" + use.name.substr(0, 40) + "' is not a resource name");
      continue;
    }
    bool twice = std::any_of(spec->resources.begin(), spec->resources.end(),
                             [&](const ResourceUse& u) { return u.name == use.name; });
    if (twice) {
      r.Error(item, path, use.name + " is listed twice");
      continue;
    }
    spec->resources.push_back(std::move(use));
  }
}

int KindOrder(ComponentKind k) { return static_cast<int>(k); }

void Sort(AppSpec* spec) {
  std::stable_sort(spec->components.begin(), spec->components.end(),
                   [](const Component& a, const Component& b) {
                     if (a.kind != b.kind) return KindOrder(a.kind) < KindOrder(b.kind);
                     return a.name < b.name;
                   });
}

// The spec from a loaded document; errors collected in `r`.
AppSpec ReadSpec(Reader& r, const YAML::Node& root) {
  AppSpec spec;
  Entries top = r.Keys(root, "", TopLevelKeys());
  ReadApiVersion(r, root, top);
  std::map<std::string, std::string> used;
  for (const KindSection& s : kSections) {
    if (const Entry* e = top.Find(s.key)) ReadSection(r, *e, s.kind, &spec, &used);
  }
  if (const Entry* e = top.Find("local")) ReadLocal(r, *e, &spec);
  if (const Entry* e = top.Find("resources")) ReadResources(r, *e, &spec);
  if (const Entry* e = top.Find("monitoring")) internal::ReadMonitoring(r, *e, &spec.monitoring);
  Sort(&spec);
  return spec;
}

constexpr size_t kMaxErrors = 100;

SpecError At(const YAML::Mark& m, const std::string& message) {
  return {.line = m.is_null() ? 1 : m.line + 1,
          .column = m.is_null() ? 1 : m.column + 1,
          .field = "",
          .message = message};
}

// Loads the text. Any failure becomes one error at the parser's position.
std::optional<YAML::Node> Load(const std::string& yaml, std::vector<SpecError>* out) {
  YamlError error;
  absl::StatusOr<std::vector<YAML::Node>> loaded = LoadYamlDocuments(yaml, &error);
  if (!loaded.ok()) {
    out->push_back({.line = std::max(error.line, 1),
                    .column = std::max(error.column, 1),
                    .field = "",
                    .message = "invalid YAML: " + error.message});
    return std::nullopt;
  }
  std::vector<YAML::Node> docs = *std::move(loaded);
  if (docs.empty() || docs[0].IsNull()) {
    out->push_back(At(YAML::Mark::null_mark(),
                      "the spec is empty: start with apiVersion: paved.dev/v1 and a services, "
                      "workers or cronjobs section"));
    return std::nullopt;
  }
  if (docs.size() > 1) {
    out->push_back(At(docs[1].Mark(), "paved.yaml must be a single YAML document"));
    return std::nullopt;
  }
  if (!docs[0].IsMap()) {
    out->push_back(At(docs[0].Mark(),
                      "the spec must be a mapping with apiVersion, services, workers, cronjobs, "
                      "local, resources and monitoring"));
    return std::nullopt;
  }
  return docs[0];
}

}  // namespace

std::string SpecError::ToString() const {
  std::string out = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
  if (!field.empty()) out += field + ": ";
  return out + message;
}

nlohmann::json SpecErrorToJson(const SpecError& e) {
  return {{"line", e.line}, {"column", e.column}, {"field", e.field}, {"message", e.message}};
}

absl::StatusOr<AppSpec> ParseAppSpec(const std::string& yaml, std::vector<SpecError>* errors,
                                     const SpecTargets* targets) {
  std::vector<SpecError> found;
  AppSpec spec;
  if (auto root = Load(yaml, &found)) {
    Reader r(targets);
    try {
      spec = ReadSpec(r, *root);
    } catch (const std::exception& e) {  // yaml-cpp on a node it cannot read: cannot happen
      r.errors().push_back(At(YAML::Mark::null_mark(), std::string("invalid spec: ") + e.what()));
    }
    found = std::move(r.errors());
  }
  std::stable_sort(found.begin(), found.end(), [](const SpecError& a, const SpecError& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  // Every error up to a limit: enough to fix a file in one go, without answering megabytes to
  // a file made of mistakes.
  if (found.size() > kMaxErrors) {
    const size_t total = found.size();
    found.resize(kMaxErrors);
    found.push_back(At(YAML::Mark::null_mark(), std::to_string(total - kMaxErrors) +
                                                    " more errors not listed (" +
                                                    std::to_string(total) + " in all)"));
  }
  if (errors) *errors = found;
  if (!found.empty()) return absl::InvalidArgumentError(found.front().ToString());
  return spec;
}

}  // namespace paved::deploy::spec
