#include "resources/connection.h"

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/random.h"
#include "core/status_macros.h"

namespace paved::resources {
namespace {

using nlohmann::json;

std::string OutputText(const Resource& r, const std::string& key) {
  auto it = r.outputs.find(key);
  if (it == r.outputs.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "";
}

std::string DefaultPrefix(Kind kind) {
  switch (kind) {
    case Kind::kRedis:
      return "REDIS";
    case Kind::kStaticSite:
      return "STATIC_SITE";
    case Kind::kDynamoDb:
      return "DYNAMODB";
  }
  return "RESOURCE";
}

bool TransitEncrypted(const Resource& r) {
  const json& v = EffectiveValue(r, "encryption_in_transit");
  return v.is_boolean() && v.get<bool>();
}

}  // namespace

std::string ConnectionSecrets::TokenSecret(const std::string& resource_name) {
  return "resource." + resource_name + ".auth-token";
}

std::string ConnectionSecrets::UrlSecret(const std::string& resource_name) {
  return "resource." + resource_name + ".url";
}

absl::Status ConnectionSecrets::PutToken(store::Tx& tx, const Resource& r,
                                         const std::string& token) {
  return secrets_
      ->Put(tx, r.project_id, r.environment, TokenSecret(r.name), token, "paved",
            "auth token of " + KindName(r.kind) + " " + r.name + " (" + r.id + ")")
      .status();
}

absl::StatusOr<std::string> ConnectionSecrets::Token(const Resource& r) {
  ASSIGN_OR_RETURN(std::vector<deploy::SecretVersionInfo> history,
                   secrets_->History(r.project_id, r.environment, TokenSecret(r.name)));
  if (history.empty()) return absl::NotFoundError(r.name + " has no auth token");
  return secrets_->Resolve(r.project_id, r.environment, TokenSecret(r.name),
                           history.front().version);
}

absl::Status ConnectionSecrets::PutUrl(store::Tx& tx, const Resource& r) {
  if (r.kind != Kind::kRedis) return absl::OkStatus();
  std::string token = r.auth_token;
  if (token.empty()) {
    ASSIGN_OR_RETURN(token, Token(r));
  }
  std::string url = absl::StrCat(TransitEncrypted(r) ? "rediss" : "redis", "://:", token, "@",
                                 OutputText(r, "host"), ":", OutputText(r, "port"));
  return secrets_
      ->Put(tx, r.project_id, r.environment, UrlSecret(r.name), url, "paved",
            "connection URL of redis " + r.name + " (" + r.id + ")")
      .status();
}

std::string NewAuthToken() { return RandomToken(32); }

ConnectionEnv EnvFor(const Resource& r, const std::string& prefix) {
  std::string p = prefix.empty() ? DefaultPrefix(r.kind) : prefix;
  ConnectionEnv env;
  auto add = [&](const std::string& suffix, const std::string& value) {
    if (!value.empty()) env.values[p + "_" + suffix] = value;
  };
  switch (r.kind) {
    case Kind::kRedis:
      // An imported Redis keeps its own AUTH token, which Paved does not know: no URL secret.
      if (!r.outputs.value("imported", false)) {
        env.secrets[p + "_URL"] = ConnectionSecrets::UrlSecret(r.name);
      }
      add("HOST", OutputText(r, "host"));
      add("PORT", OutputText(r, "port"));
      break;
    case Kind::kStaticSite:
      add("DOMAIN", EffectiveValue(r, "domain").is_string()
                        ? EffectiveValue(r, "domain").get<std::string>()
                        : "");
      add("URL", OutputText(r, "url"));
      add("BUCKET", OutputText(r, "bucket"));
      break;
    case Kind::kDynamoDb:
      add("TABLE", OutputText(r, "table"));
      add("ENDPOINT", OutputText(r, "endpoint"));
      add("REGION", OutputText(r, "region"));
      break;
  }
  return env;
}

absl::StatusOr<ConnectionEnv> DeployEnv(ResourceStore& store, const std::string& project_id,
                                        const std::string& environment, const std::string& name,
                                        const std::string& prefix) {
  ASSIGN_OR_RETURN(std::optional<Resource> r, store.FindByName(project_id, environment, name));
  if (!r) {
    return DomainError(absl::StatusCode::kInvalidArgument, "unresolved_reference",
                       absl::StrCat("resources: the project has no resource ", name, " in ",
                                    environment, "; create it with `paved resources create <kind> ",
                                    name, " --env ", environment, "`"),
                       "spec");
  }
  if (r->status != Status::kReady) {
    return DomainError(absl::StatusCode::kFailedPrecondition, "resource_not_ready",
                       absl::StrCat("resources: ", name, " in ", environment, " is ",
                                    StatusName(r->status), ", not ready"),
                       "spec");
  }
  return EnvFor(*r, prefix);
}

json ConnectionInfo(const Resource& r) {
  if (r.status != Status::kReady) return nullptr;
  ConnectionEnv env = EnvFor(r);
  json vars = json::array();
  for (const auto& entry : env.secrets) vars.push_back({{"name", entry.first}, {"secret", true}});
  for (const auto& [name, value] : env.values) vars.push_back({{"name", name}, {"value", value}});
  json out = {{"env", vars}};
  if (!OutputText(r, "host").empty()) out["host"] = OutputText(r, "host");
  if (r.outputs.contains("port")) out["port"] = r.outputs["port"];
  if (r.kind == Kind::kDynamoDb && !OutputText(r, "table").empty()) {
    out["command"] = absl::StrCat(
        "aws dynamodb describe-table --table-name ", OutputText(r, "table"),
        OutputText(r, "endpoint").empty() ? "" : " --endpoint-url " + OutputText(r, "endpoint"),
        OutputText(r, "region").empty() ? "" : " --region " + OutputText(r, "region"));
  }
  if (r.kind == Kind::kStaticSite && !OutputText(r, "url").empty()) {
    out["url"] = OutputText(r, "url");
  }
  if (r.kind == Kind::kStaticSite && r.provider == "local") {
    out["command"] = absl::StrCat("paved resources upload ", r.name, " ./dist -p ", r.project,
                                  " --env ", r.environment);
  }
  if (r.kind == Kind::kRedis) {
    out["command"] =
        absl::StrCat("redis-cli -h ", OutputText(r, "host"), " -p ", OutputText(r, "port"),
                     TransitEncrypted(r) ? " --tls" : "", " --askpass");
  }
  return out;
}

}  // namespace paved::resources
