#include "deploy/platform/platform_routes.h"

#include <set>

#include "auth/permissions.h"
#include "core/status_macros.h"
#include "deploy/platform/kubernetes_version.h"
#include "deploy/platform/platform_routes_internal.h"
#include "deploy/platform/platform_schemas.h"
#include "deploy/platform/platform_store.h"
#include "http/errors.h"

namespace paved::deploy::platform {
namespace {

using http::Access;
using http::Context;
using http::Response;
using internal::Has;
using json = nlohmann::json;

constexpr int64_t kMaxPosition = 1'000'000;
constexpr size_t kMaxReference = 2048;  // endpoint and credentials
constexpr size_t kMaxZones = 32;

const http::BodySchema kEnvironmentBody = {
    {.name = "position",
     .type = http::FieldType::kInteger,
     .description = "promotion order, ascending; required when creating"},
    {.name = "production",
     .type = http::FieldType::kBool,
     .description = "production rules apply (approvals, replicas >= 2, PDB)"},
};

const http::BodySchema kClusterBody = {
    {.name = "region", .description = "e.g. eu-west-1; \"local\" for the local runtime"},
    {.name = "environment", .description = "an environment's name; required when creating"},
    {.name = "runtime",
     .description = "required when creating",
     .one_of = {"local", "kubernetes", "gitops"}},
    {.name = "endpoint", .description = "API server URL or git remote; empty for local"},
    {.name = "credentials",
     .description = "a reference, never a secret: env:PAVED_CLUSTER_<NAME>, file:<path> or a "
                    "kubeconfig path inside the server's cluster_credentials_dir; admin only, "
                    "like endpoint"},
    {.name = "mesh", .one_of = {"", "istio"}},
    {.name = "zones",
     .type = http::FieldType::kArray,
     .description = "availability zones (DNS labels)",
     .shape = http::Array(http::String())},
    {.name = "teams",
     .type = http::FieldType::kArray,
     .description = "slugs of the teams whose projects may target it; empty = every team",
     .shape = http::Array(http::String())},
    {.name = "kubernetes_version",
     .description = "the API server's version, e.g. 1.33 (a patch level is dropped); empty = "
                    "unknown, rendered as 1.33"},
};

// A single-line reference: no spaces or control characters.
absl::Status CheckReference(const json& body, const char* field) {
  if (!Has(body, field)) return absl::OkStatus();
  std::string v = body[field];
  if (v.size() > kMaxReference) {
    return http::InvalidField(field, std::string(field) + " is too long");
  }
  for (char c : v) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return http::InvalidField(field, std::string(field) +
                                           " must not contain spaces or "
                                           "control characters");
    }
  }
  return absl::OkStatus();
}

// A list of distinct DNS labels (zones, team slugs) under body[field].
absl::StatusOr<std::vector<std::string>> Labels(const json& body, const char* field,
                                                const std::string& example) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  const std::string name = field;
  for (const auto& z : body[field]) {
    if (!z.is_string() || !http::IsDnsLabel(z.get<std::string>())) {
      return http::InvalidField(field, name + " must be DNS labels, e.g. " + example);
    }
    if (!seen.insert(z.get<std::string>()).second) {
      return http::InvalidField(field, z.get<std::string>() + " is listed twice");
    }
    out.push_back(z);
  }
  if (out.size() > kMaxZones) return http::InvalidField(field, "at most 32 " + name);
  return out;
}

absl::StatusOr<std::vector<std::string>> Zones(const json& body) {
  return Labels(body, "zones", "eu-west-1a");
}

// body["kubernetes_version"] as stored: "" (unknown) or "1.<minor>".
absl::StatusOr<std::string> KubernetesVersionText(const json& body) {
  const std::string text = body["kubernetes_version"];
  if (text.empty()) return text;
  auto version = ParseKubernetesVersion(text);
  if (!version.ok())
    return http::InvalidField("kubernetes_version", std::string(version.status().message()));
  return version->ToString();
}

// Checks the fields given, before any database work.
absl::Status CheckClusterBody(const json& body, const CredentialsPolicy& credentials) {
  if (Has(body, "region")) RETURN_IF_ERROR(http::CheckSlug("region", body["region"]));
  if (Has(body, "environment")) {
    RETURN_IF_ERROR(http::CheckSlug("environment", body["environment"]));
  }
  RETURN_IF_ERROR(CheckReference(body, "endpoint"));
  if (Has(body, "credentials")) {
    // First: a pasted secret hears that it is one and what to give instead.
    absl::Status allowed = CheckCredentialsReference(body["credentials"], credentials);
    if (!allowed.ok()) return http::InvalidField("credentials", std::string(allowed.message()));
  }
  RETURN_IF_ERROR(CheckReference(body, "credentials"));
  if (Has(body, "zones")) RETURN_IF_ERROR(Zones(body).status());
  if (Has(body, "teams")) RETURN_IF_ERROR(Labels(body, "teams", "payments").status());
  if (Has(body, "kubernetes_version")) RETURN_IF_ERROR(KubernetesVersionText(body).status());
  return absl::OkStatus();
}

// `c` with the given fields applied; a new cluster needs region, environment and runtime.
absl::Status MergeCluster(const json& body, bool creating, Cluster* c) {
  auto set = [&](const char* key, std::string* field) -> absl::Status {
    if (Has(body, key)) {
      *field = body[key];
    } else if (creating && field->empty()) {
      return http::MissingField(key);
    }
    return absl::OkStatus();
  };
  RETURN_IF_ERROR(set("region", &c->region));
  RETURN_IF_ERROR(set("environment", &c->environment));
  RETURN_IF_ERROR(set("runtime", &c->runtime));
  if (Has(body, "endpoint")) c->endpoint = body["endpoint"];
  if (Has(body, "credentials")) c->credentials = body["credentials"];
  if (Has(body, "mesh")) c->mesh = body["mesh"];
  if (Has(body, "zones")) {
    ASSIGN_OR_RETURN(c->zones, Zones(body));
  }
  if (Has(body, "teams")) {
    ASSIGN_OR_RETURN(c->teams, Labels(body, "teams", "payments"));
  }
  if (Has(body, "kubernetes_version")) {
    ASSIGN_OR_RETURN(c->kubernetes_version, KubernetesVersionText(body));
  }
  return absl::OkStatus();
}

// What the audit log keeps of a cluster: everything but the credentials reference.
json ClusterSummary(const Cluster& c, const Cluster& before, bool created) {
  json j = ClusterToJson(c, /*with_credentials=*/false);
  j.erase("name");
  j["created"] = created;
  j["endpoint_changed"] = c.endpoint != before.endpoint;
  j["credentials_changed"] = c.credentials != before.credentials;
  return j;
}

// Where Paved sends a cluster's secret is the admins' decision (a new cluster starts empty).
absl::Status CheckConnectionChange(const http::Caller& caller, const Cluster& c,
                                   const Cluster& before) {
  if (c.endpoint == before.endpoint && c.credentials == before.credentials) {
    return absl::OkStatus();
  }
  if (auth::CanChangeClusterCredentials(caller)) return absl::OkStatus();
  return http::ApiError(absl::StatusCode::kPermissionDenied, "forbidden",
                        "only admins may set a cluster's endpoint or credentials",
                        c.endpoint != before.endpoint ? "endpoint" : "credentials");
}

class InfraApi {
 public:
  explicit InfraApi(const PlatformDeps& d) : d_(d), platform_(d.store, d.clock) {}

  absl::StatusOr<Response> ListEnvironments(Context&) {
    ASSIGN_OR_RETURN(auto list, platform_.Environments());
    json items = json::array();
    for (const auto& e : list) items.push_back(EnvironmentToJson(e));
    return http::PageResponse(items, "");
  }

  absl::StatusOr<Response> PutEnvironment(Context& ctx) {
    const std::string& name = ctx.Param("name");
    RETURN_IF_ERROR(http::CheckSlug("name", name));
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kEnvironmentBody));
    if (Has(body, "position")) {
      int64_t position = body["position"];
      if (position < 0 || position > kMaxPosition) {
        return http::InvalidField("position", "position must be 0 to 1000000");
      }
    }
    Environment env{.name = name};
    RETURN_IF_ERROR(internal::Audited(d_, [&](store::Tx& tx) -> absl::Status {
      auto existing = platform_.GetEnvironment(tx, name);
      if (!existing.ok() && !absl::IsNotFound(existing.status())) return existing.status();
      bool created = !existing.ok();
      if (!created) env = *existing;
      if (created && !Has(body, "position")) return http::MissingField("position");
      if (Has(body, "position")) env.position = body["position"].get<int>();
      if (Has(body, "production")) env.production = body["production"];
      RETURN_IF_ERROR(platform_.PutEnvironment(tx, env));
      json summary = EnvironmentToJson(env);
      summary.erase("name");
      summary["created"] = created;
      return d_.audit->Append(tx, ctx.caller->login, "environment.put", "environment:" + name,
                              summary);
    }));
    return http::JsonResponse(200, EnvironmentToJson(env));
  }

  absl::StatusOr<Response> DeleteEnvironment(Context& ctx) {
    const std::string& name = ctx.Param("name");
    RETURN_IF_ERROR(internal::Audited(d_, [&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto env, platform_.GetEnvironment(tx, name));
      RETURN_IF_ERROR(platform_.DeleteEnvironment(tx, name));
      return d_.audit->Append(tx, ctx.caller->login, "environment.delete", "environment:" + name,
                              {{"position", env.position}, {"production", env.production}});
    }));
    return http::NoContent();
  }

  absl::StatusOr<Response> ListClusters(Context& ctx) {
    ASSIGN_OR_RETURN(auto list, platform_.Clusters());
    json items = json::array();
    for (const auto& c : list) items.push_back(internal::ClusterJsonFor(c, *ctx.caller));
    return http::PageResponse(items, "");
  }

  absl::StatusOr<Response> GetCluster(Context& ctx) {
    ASSIGN_OR_RETURN(auto c, platform_.GetCluster(ctx.Param("name")));
    return http::JsonResponse(200, internal::ClusterJsonFor(c, *ctx.caller));
  }

  absl::StatusOr<Response> PutCluster(Context& ctx) {
    const std::string& name = ctx.Param("name");
    RETURN_IF_ERROR(http::CheckSlug("name", name));
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kClusterBody));
    RETURN_IF_ERROR(CheckClusterBody(body, d_.credentials));
    Cluster c{.name = name};
    RETURN_IF_ERROR(internal::Audited(d_, [&](store::Tx& tx) -> absl::Status {
      auto existing = platform_.GetCluster(tx, name);
      if (!existing.ok() && !absl::IsNotFound(existing.status())) return existing.status();
      bool created = !existing.ok();
      if (!created) c = *existing;
      const Cluster before = c;
      RETURN_IF_ERROR(MergeCluster(body, created, &c));
      RETURN_IF_ERROR(CheckConnectionChange(*ctx.caller, c, before));
      absl::Status put = platform_.PutCluster(tx, c);
      if (absl::IsNotFound(put))
        return http::InvalidField("environment", std::string(put.message()));
      RETURN_IF_ERROR(put);
      return d_.audit->Append(tx, ctx.caller->login, "cluster.put", "cluster:" + name,
                              ClusterSummary(c, before, created));
    }));
    return http::JsonResponse(200, internal::ClusterJsonFor(c, *ctx.caller));
  }

  absl::StatusOr<Response> DeleteCluster(Context& ctx) {
    const std::string& name = ctx.Param("name");
    RETURN_IF_ERROR(internal::Audited(d_, [&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto c, platform_.GetCluster(tx, name));
      RETURN_IF_ERROR(platform_.DeleteCluster(tx, name));
      return d_.audit->Append(tx, ctx.caller->login, "cluster.delete", "cluster:" + name,
                              {{"environment", c.environment}, {"runtime", c.runtime}});
    }));
    return http::NoContent();
  }

 private:
  PlatformDeps d_;
  PlatformStore platform_;
};

std::vector<http::Route> InfraRoutes(const PlatformDeps& deps) {
  auto api = std::make_shared<InfraApi>(deps);
  const std::string envs = "/api/v1/environments";
  const std::string clusters = "/api/v1/clusters";
  return {
      {
          .method = "GET",
          .path = envs,
          .access = Access::kViewer,
          .summary = "Environments in promotion order",
          .tag = "platform",
          .response = EnvironmentPageSchema(),
          .handler = http::Bind(api, &InfraApi::ListEnvironments),
      },
      {
          .method = "PUT",
          .path = envs + "/{name}",
          .access = Access::kSre,
          .summary = "Create an environment or change its position or production flag",
          .tag = "platform",
          .request = kEnvironmentBody,
          .response = EnvironmentSchema(),
          .handler = http::Bind(api, &InfraApi::PutEnvironment),
      },
      {
          .method = "DELETE",
          .path = envs + "/{name}",
          .access = Access::kSre,
          .summary = "Delete an environment (409 while a cluster belongs to it)",
          .tag = "platform",
          .success = 204,
          .handler = http::Bind(api, &InfraApi::DeleteEnvironment),
      },
      {
          .method = "GET",
          .path = clusters,
          .access = Access::kViewer,
          .summary = "Clusters, by environment then name",
          .tag = "platform",
          .response = ClusterPageSchema(),
          .handler = http::Bind(api, &InfraApi::ListClusters),
      },
      {
          .method = "GET",
          .path = clusters + "/{name}",
          .access = Access::kViewer,
          .summary = "One cluster",
          .tag = "platform",
          .response = ClusterSchema(),
          .handler = http::Bind(api, &InfraApi::GetCluster),
      },
      {
          .method = "PUT",
          .path = clusters + "/{name}",
          .access = Access::kSre,
          .summary =
              "Create a cluster or change the fields given (endpoint and credentials: admin)",
          .tag = "platform",
          .request = kClusterBody,
          .response = ClusterSchema(),
          .handler = http::Bind(api, &InfraApi::PutCluster),
      },
      {
          .method = "DELETE",
          .path = clusters + "/{name}",
          .access = Access::kSre,
          .summary = "Delete a cluster (409 while a project targets it)",
          .tag = "platform",
          .success = 204,
          .handler = http::Bind(api, &InfraApi::DeleteCluster),
      },
  };
}

}  // namespace

namespace internal {

json ClusterJsonFor(const Cluster& c, const http::Caller& caller) {
  return ClusterToJson(c, auth::CanSeeClusterCredentials(caller));
}

absl::Status Audited(const PlatformDeps& deps, absl::FunctionRef<absl::Status(store::Tx&)> fn) {
  RETURN_IF_ERROR(deps.store->Transaction(fn));
  deps.audit->Published();
  return absl::OkStatus();
}

}  // namespace internal

std::vector<http::Route> PlatformRoutes(const PlatformDeps& deps) {
  std::vector<http::Route> routes = InfraRoutes(deps);
  for (http::Route& r : internal::ProjectPlatformRoutes(deps)) routes.push_back(std::move(r));
  return routes;
}

}  // namespace paved::deploy::platform
