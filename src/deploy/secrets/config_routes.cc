#include "deploy/secrets/config_routes.h"

#include "absl/strings/numbers.h"
#include "auth/permissions.h"
#include "core/status_macros.h"
#include "deploy/platform/known_names.h"
#include "deploy/secrets/config_schemas.h"
#include "deploy/secrets/config_store.h"
#include "deploy/secrets/secret_store.h"
#include "http/errors.h"

namespace paved::deploy {
namespace {

using http::Access;
using http::Context;
using http::Response;
using json = nlohmann::json;

constexpr size_t kMaxConfigBytes = 1 << 20;  // one set, keys and values together
constexpr size_t kMaxSecretBytes = 64 << 10;
constexpr size_t kMaxMessage = 1000;

const http::BodySchema kConfigBody = {
    {.name = "data",
     .type = http::FieldType::kObject,
     .description = "key/value pairs; values are strings",
     .shape = http::Map(http::String())},
    {.name = "files",
     .type = http::FieldType::kObject,
     .description = "file name → content; mounted from the config set",
     .shape = http::Map(http::String())},
    {.name = "message", .description = "why; kept in the history"},
    {.name = "expected_version",
     .type = http::FieldType::kInteger,
     .description = "the version this write is based on (0: a new set); 409 version_conflict "
                    "when the set has moved on"},
};
const http::BodySchema kSecretBody = {
    {.name = "value", .required = true, .description = "the secret; never returned"},
    {.name = "message", .description = "why; kept in the history"},
};

// A config key or file name: what a ConfigMap accepts.
bool IsConfigKey(const std::string& k) {
  if (k.empty() || k.size() > 253 || k == "." || k == "..") return false;
  for (char c : k) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::map<std::string, std::string>> StringMap(const json& body,
                                                             const std::string& field,
                                                             size_t* bytes) {
  std::map<std::string, std::string> out;
  if (!body.contains(field) || body[field].is_null()) return out;
  for (const auto& [key, value] : body[field].items()) {
    if (!IsConfigKey(key)) {
      return http::InvalidField(
          field, field + " key '" + key + "' must be 1-253 of A-Z, a-z, 0-9, '-', '_', '.'");
    }
    if (!value.is_string()) {
      return http::InvalidField(field, field + "." + key + " must be a string");
    }
    out[key] = value.get<std::string>();
    *bytes += key.size() + out[key].size();
  }
  return out;
}

absl::StatusOr<std::string> Message(const json& body) {
  std::string m = body.value("message", "");
  if (m.size() > kMaxMessage) return http::InvalidField("message", "message is too long");
  return m;
}

json ConfigToJson(const std::string& slug, const ConfigVersion& v) {
  return {{"project", slug},
          {"environment", v.environment},
          {"set", v.set},
          {"version", v.version},
          {"data", v.content.data},
          {"files", v.content.files},
          {"changes", KeyChangesToJson(v.changes)},
          {"author", v.author},
          {"message", v.message},
          {"created_at", FormatTimeMs(v.created_at_ms)}};
}

// Metadata only: there is deliberately no field for the value.
json SecretInfoToJson(const std::string& slug, const SecretVersionInfo& s) {
  return {{"project", slug},
          {"environment", s.environment},
          {"name", s.name},
          {"version", s.version},
          {"author", s.author},
          {"message", s.message},
          {"changed", true},
          {"key_id", s.key_id},
          {"created_at", FormatTimeMs(s.created_at_ms)}};
}

json DiffToJson(const KeyDiff& d) {
  json j = {{"key", d.key}, {"change", d.change}};
  j["from"] = d.from ? json(*d.from) : json(nullptr);
  j["to"] = d.to ? json(*d.to) : json(nullptr);
  return j;
}

class ConfigApi {
 public:
  explicit ConfigApi(const ConfigDeps& d)
      : d_(d), configs_(d.store, d.clock), secrets_(d.store, d.keys, d.clock) {}

  absl::StatusOr<Response> PutConfig(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, WritableProject(ctx, "set"));
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kConfigBody));
    size_t bytes = 0;
    ConfigData content;
    ASSIGN_OR_RETURN(content.data, StringMap(body, "data", &bytes));
    ASSIGN_OR_RETURN(content.files, StringMap(body, "files", &bytes));
    if (bytes > kMaxConfigBytes) return http::InvalidField("data", "config set exceeds 1 MiB");
    ASSIGN_OR_RETURN(auto message, Message(body));
    std::optional<int64_t> expected;
    if (body.contains("expected_version") && !body["expected_version"].is_null()) {
      expected = body["expected_version"].get<int64_t>();
      if (*expected < 0) return http::InvalidField("expected_version", "must be 0 or more");
    }
    ConfigVersion v;
    bool created = false;
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(v, configs_.Put(tx, p.id, Env(ctx), ctx.Param("set"), content,
                                       ctx.caller->login, message, expected, &created));
      if (!created) return absl::OkStatus();
      json summary = KeyChangesToJson(v.changes);
      summary["version"] = v.version;
      return d_.audit->Append(tx, ctx.caller->login, "config.update",
                              "config:" + p.slug + "/" + v.environment + "/" + v.set, summary);
    }));
    if (created) d_.audit->Published();
    json out = ConfigToJson(p.slug, v);
    out["warnings"] = json::array();
    if (d_.write_warnings) {
      ASSIGN_OR_RETURN(auto warnings, d_.write_warnings(p.id, Env(ctx), v.set, v.content.data));
      out["warnings"] = warnings;
    }
    return http::JsonResponse(created ? 201 : 200, out);
  }

  absl::StatusOr<Response> GetConfig(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, ReadableProject(ctx, "set"));
    std::optional<int64_t> version;
    if (ctx.req.QueryParam("version")) {
      ASSIGN_OR_RETURN(version, http::VersionQuery(ctx.req, "version"));
    }
    ASSIGN_OR_RETURN(auto v, configs_.Get(p.id, Env(ctx), ctx.Param("set"), version));
    return http::JsonResponse(200, ConfigToJson(p.slug, v));
  }

  absl::StatusOr<Response> ConfigHistory(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, ReadableProject(ctx, "set"));
    ASSIGN_OR_RETURN(auto versions, configs_.History(p.id, Env(ctx), ctx.Param("set")));
    if (versions.empty()) return absl::NotFoundError("no config set " + ctx.Param("set"));
    json items = json::array();
    for (const auto& v : versions) {
      items.push_back({{"version", v.version},
                       {"author", v.author},
                       {"message", v.message},
                       {"created_at", FormatTimeMs(v.created_at_ms)},
                       {"changes", KeyChangesToJson(v.changes)}});
    }
    return http::PageResponse(items, "");
  }

  absl::StatusOr<Response> ConfigDiff(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, ReadableProject(ctx, "set"));
    ASSIGN_OR_RETURN(int64_t from, http::VersionQuery(ctx.req, "from"));
    ASSIGN_OR_RETURN(int64_t to, http::VersionQuery(ctx.req, "to"));
    ASSIGN_OR_RETURN(auto diff, configs_.Diff(p.id, Env(ctx), ctx.Param("set"), from, to));
    json items = json::array();
    for (const auto& d : diff) items.push_back(DiffToJson(d));
    return http::JsonResponse(200, {{"from", from}, {"to", to}, {"changes", items}});
  }

  absl::StatusOr<Response> ConfigSets(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, ReadableProject(ctx, ""));
    ASSIGN_OR_RETURN(auto sets, configs_.Sets(p.id, Env(ctx)));
    json items = json::array();
    for (const auto& s : sets) {
      items.push_back({{"set", s.set},
                       {"version", s.version},
                       {"author", s.author},
                       {"updated_at", FormatTimeMs(s.updated_at_ms)}});
    }
    return http::PageResponse(items, "");
  }

  absl::StatusOr<Response> PutSecret(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, WritableProject(ctx, "name"));
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kSecretBody));
    std::string value = body["value"];
    if (value.empty() || value.size() > kMaxSecretBytes) {
      return http::InvalidField("value", "value must be 1 to 65536 bytes");
    }
    ASSIGN_OR_RETURN(auto message, Message(body));
    SecretVersionInfo info;
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(info, secrets_.Put(tx, p.id, Env(ctx), ctx.Param("name"), value,
                                          ctx.caller->login, message));
      return d_.audit->Append(tx, ctx.caller->login, "secret.update",
                              "secret:" + p.slug + "/" + info.environment + "/" + info.name,
                              {{"name", info.name}, {"version", info.version}});
    }));
    d_.audit->Published();
    return http::JsonResponse(201, SecretInfoToJson(p.slug, info));
  }

  absl::StatusOr<Response> ListSecrets(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, ReadableProject(ctx, ""));
    ASSIGN_OR_RETURN(auto list, secrets_.List(p.id, Env(ctx)));
    json items = json::array();
    for (const auto& s : list) items.push_back(SecretInfoToJson(p.slug, s));
    return http::PageResponse(items, "");
  }

  absl::StatusOr<Response> SecretHistory(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, ReadableProject(ctx, "name"));
    ASSIGN_OR_RETURN(auto list, secrets_.History(p.id, Env(ctx), ctx.Param("name")));
    if (list.empty()) return absl::NotFoundError("no secret " + ctx.Param("name"));
    json items = json::array();
    for (const auto& s : list) items.push_back(SecretInfoToJson(p.slug, s));
    return http::PageResponse(items, "");
  }

 private:
  static const std::string& Env(const Context& ctx) { return ctx.Param("env"); }

  // The project named in the path, after checking {env} and, when given, the name parameter.
  absl::StatusOr<catalog::Project> ReadableProject(const Context& ctx,
                                                   const std::string& name_param) {
    RETURN_IF_ERROR(http::CheckSlug("env", Env(ctx)));
    if (!name_param.empty()) RETURN_IF_ERROR(http::CheckSlug(name_param, ctx.Param(name_param)));
    ASSIGN_OR_RETURN(auto p, d_.projects->FindBySlug(ctx.Param("slug")));
    if (!p) return absl::NotFoundError("no project " + ctx.Param("slug"));
    // A value written to an environment that does not exist would land nowhere.
    if (d_.platform)
      RETURN_IF_ERROR(platform::RequireEnvironment(*d_.platform, Env(ctx), "env").status());
    return *p;
  }

  absl::StatusOr<catalog::Project> WritableProject(const Context& ctx,
                                                   const std::string& name_param) {
    ASSIGN_OR_RETURN(auto p, ReadableProject(ctx, name_param));
    RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, p.owner_team_id));
    return p;
  }

  ConfigDeps d_;
  ConfigStore configs_;
  SecretStore secrets_;
};

}  // namespace

std::vector<http::Route> ConfigRoutes(const ConfigDeps& deps) {
  auto api = std::make_shared<ConfigApi>(deps);
  const std::string config = "/api/v1/projects/{slug}/config/{env}";
  const std::string secrets = "/api/v1/projects/{slug}/secrets/{env}";
  return {
      {
          .method = "PUT",
          .path = config + "/{set}",
          .access = Access::kDeveloper,
          .summary =
              "Write a new version of a config set (key/values and files); content identical to "
              "the latest version is no change: 200 with that version",
          .tag = "config",
          .request = kConfigBody,
          .response = ConfigWriteSchema(),
          .success = 201,
          .handler = http::Bind(api, &ConfigApi::PutConfig),
      },
      {
          .method = "GET",
          .path = config + "/{set}",
          .access = Access::kViewer,
          .summary = "A config set: the latest version, or ?version=",
          .tag = "config",
          .query = {"version"},
          .response = ConfigVersionSchema(),
          .handler = http::Bind(api, &ConfigApi::GetConfig),
      },
      {
          .method = "GET",
          .path = config + "/{set}/history",
          .access = Access::kViewer,
          .summary = "Versions of a config set with the keys each changed, newest first",
          .tag = "config",
          .response = ConfigHistorySchema(),
          .handler = http::Bind(api, &ConfigApi::ConfigHistory),
      },
      {
          .method = "GET",
          .path = config + "/{set}/diff",
          .access = Access::kViewer,
          .summary = "Key-level difference between two versions of a config set",
          .tag = "config",
          .query = {"from", "to"},
          .response = ConfigDiffSchema(),
          .handler = http::Bind(api, &ConfigApi::ConfigDiff),
      },
      {
          .method = "GET",
          .path = config,
          .access = Access::kViewer,
          .summary = "Config sets of one environment",
          .tag = "config",
          .response = ConfigSetsSchema(),
          .handler = http::Bind(api, &ConfigApi::ConfigSets),
      },
      {
          .method = "PUT",
          .path = secrets + "/{name}",
          .access = Access::kDeveloper,
          .summary = "Write a new version of a secret (write-only: the value is never returned)",
          .tag = "config",
          .request = kSecretBody,
          .response = SecretInfoSchema(),
          .success = 201,
          .handler = http::Bind(api, &ConfigApi::PutSecret),
      },
      {
          .method = "GET",
          .path = secrets,
          .access = Access::kViewer,
          .summary = "Secrets of one environment: names, latest version, who and when (no values)",
          .tag = "config",
          .response = SecretPageSchema(),
          .handler = http::Bind(api, &ConfigApi::ListSecrets),
      },
      {
          .method = "GET",
          .path = secrets + "/{name}/history",
          .access = Access::kViewer,
          .summary = "Versions of a secret: who, when, why (never the value)",
          .tag = "config",
          .response = SecretPageSchema(),
          .handler = http::Bind(api, &ConfigApi::SecretHistory),
      },
  };
}

}  // namespace paved::deploy
