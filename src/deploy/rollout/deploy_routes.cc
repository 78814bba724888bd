#include "deploy/rollout/deploy_routes.h"

#include "absl/time/time.h"
#include "auth/permissions.h"
#include "core/status_macros.h"
#include "deploy/rollout/deploy_routes_internal.h"
#include "deploy/rollout/deploy_schemas.h"
#include "deploy/spec/spec_parser.h"
#include "http/errors.h"
#include "http/json_body.h"

namespace paved::deploy::rollout {
namespace internal {

absl::StatusOr<catalog::Project> RouteDeps::Project(const http::Context& ctx) const {
  ASSIGN_OR_RETURN(auto p, deps.projects->FindBySlug(ctx.Param("slug")));
  if (!p) return absl::NotFoundError("no project " + ctx.Param("slug"));
  return *p;
}

http::Response ErrorWithFindings(const absl::Status& status) {
  http::Response res = http::ErrorFromStatus(status);
  auto findings = status.GetPayload(kFindingsPayload);
  if (!findings) return res;
  auto body = nlohmann::json::parse(res.body, nullptr, false);
  if (body.is_object()) {
    body["error"]["findings"] = nlohmann::json::parse(std::string(*findings), nullptr, false);
    res.body = body.dump();
  }
  return res;
}

}  // namespace internal

namespace {

using http::Access;
using http::Context;
using http::Response;
using internal::RouteDeps;
using json = nlohmann::json;

const http::BodySchema kArtifactBody = {
    {.name = "image", .required = true, .description = "repository without tag"},
    {.name = "digest", .required = true, .description = "sha256: + 64 lowercase hex"},
    {.name = "git_sha", .description = "commit the image was built from"},
    {.name = "commit_time", .description = "RFC 3339 time of that commit"},
    {.name = "built_by", .description = "CI job or person"},
};

const http::BodySchema kDeployBody = {
    {.name = "artifact", .required = true, .description = "digest of a pushed artifact"},
    {.name = "environment", .required = true, .description = "environment name"},
    {.name = "clusters",
     .type = http::FieldType::kArray,
     .description = "cluster names, or \"all\" (the default): the project's targets",
     .shape = http::OneOf({http::Enum({"all"}), http::Array(http::String())})},
    {.name = "reason", .description = "why (shown to approvers)"},
    {.name = "waves",
     .type = http::FieldType::kArray,
     .description = "clusters per wave, e.g. [[\"c1\"],[\"c2\",\"c3\"]]",
     .shape = http::Array(http::Array(http::String()))},
    {.name = "auto_rollback",
     .type = http::FieldType::kBool,
     .description = "roll back to the cluster's previous release when the rollout fails"},
};

const http::BodySchema kDecisionBody = {
    {.name = "comment", .description = "shown in the history"},
};

const http::BodySchema kRollbackBody = {
    {.name = "reason", .required = true, .description = "why"},
    {.name = "emergency",
     .type = http::FieldType::kBool,
     .description = "production without approval, when the platform config allows it"},
};

bool Has(const json& body, const char* key) { return body.contains(key) && !body[key].is_null(); }

absl::StatusOr<Artifact> ArtifactFromBody(const json& body) {
  Artifact a;
  a.image = body["image"];
  a.digest = body["digest"];
  if (!release::IsImageDigest(a.digest)) {
    return http::InvalidField("digest", "digest must be sha256: followed by 64 lowercase hex");
  }
  size_t slash = a.image.rfind('/');
  std::string last = slash == std::string::npos ? a.image : a.image.substr(slash + 1);
  if (a.image.empty() || last.find(':') != std::string::npos ||
      a.image.find('@') != std::string::npos || a.image.find(' ') != std::string::npos) {
    return http::InvalidField("image", "image must be a repository without tag or digest");
  }
  if (Has(body, "git_sha")) a.git_sha = body["git_sha"];
  if (Has(body, "built_by")) a.built_by = body["built_by"];
  if (Has(body, "commit_time")) {
    absl::Time t;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, body["commit_time"].get<std::string>(), &t, &error)) {
      return http::InvalidField("commit_time", "commit_time must be an RFC 3339 time");
    }
    a.commit_time_ms = absl::ToUnixMillis(t);
  }
  return a;
}

absl::StatusOr<std::vector<std::string>> Names(const json& list, const char* field) {
  std::vector<std::string> out;
  for (const auto& c : list) {
    if (!c.is_string() || !http::IsDnsLabel(c.get<std::string>())) {
      return http::InvalidField(field, std::string(field) + " must list cluster names");
    }
    out.push_back(c);
  }
  return out;
}

// The body with "clusters": "all" accepted (read as absent).
absl::StatusOr<json> ParseDeployBody(const http::Request& req) {
  http::Request copy = req;
  auto raw = json::parse(req.body, nullptr, false);
  if (raw.is_object() && raw.contains("clusters") && raw["clusters"].is_string()) {
    if (raw["clusters"] != "all") {
      return http::InvalidField("clusters", "clusters is a list of names or \"all\"");
    }
    raw.erase("clusters");
    copy.body = raw.dump();
  }
  return http::ParseBody(copy, kDeployBody);
}

absl::StatusOr<CreateRequest> CreateFromBody(const std::string& project, const json& body) {
  CreateRequest r{.project = project,
                  .artifact = body["artifact"].get<std::string>(),
                  .environment = body["environment"].get<std::string>()};
  if (Has(body, "clusters")) {
    ASSIGN_OR_RETURN(r.clusters, Names(body["clusters"], "clusters"));
  }
  if (Has(body, "waves")) {
    for (const auto& wave : body["waves"]) {
      if (!wave.is_array() || wave.empty()) {
        return http::InvalidField("waves", "waves is a list of non-empty lists of clusters");
      }
      ASSIGN_OR_RETURN(auto names, Names(wave, "waves"));
      r.waves.push_back(std::move(names));
    }
  }
  if (Has(body, "reason")) r.reason = body["reason"];
  if (Has(body, "auto_rollback")) r.auto_rollback = body["auto_rollback"];
  return r;
}

json DeploymentsJson(const std::vector<Deployment>& list) {
  json items = json::array();
  for (const auto& d : list) items.push_back(DeploymentToJson(d));
  return items;
}

// What a deploy of an artifact of `image` would be refused for, said at push time: the latest
// spec runs other images. Empty when it runs `image`, or there is no spec (yet) to compare with.
absl::StatusOr<json> ImageWarnings(const RouteDeps& d, const catalog::Project& p,
                                   const std::string& image) {
  json warnings = json::array();
  if (d.deps.specs == nullptr) return warnings;
  auto stored = d.deps.specs->Get(p.id, std::nullopt);
  if (absl::IsNotFound(stored.status())) return warnings;
  RETURN_IF_ERROR(stored.status());
  auto app = spec::ParseAppSpec(stored->yaml, nullptr);
  if (!app.ok()) return warnings;
  for (const auto& c : app->components) {
    if (c.image == image) continue;
    warnings.push_back("spec v" + std::to_string(stored->version) + " runs " + c.image +
                       " in component " + c.name + ", not " + image +
                       ": a deploy of this artifact will be refused");
  }
  return warnings;
}

class DeployApi {
 public:
  explicit DeployApi(std::shared_ptr<RouteDeps> d) : d_(std::move(d)) {}

  absl::StatusOr<Response> PushArtifact(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_->Project(ctx));
    RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, p.owner_team_id));
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kArtifactBody));
    ASSIGN_OR_RETURN(Artifact a, ArtifactFromBody(body));
    a.project_id = p.id;
    a.pushed_by = ctx.caller->login;
    bool created = false;
    Artifact stored;
    RETURN_IF_ERROR(d_->deps.store->Transaction([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(stored, d_->service->artifacts().Push(tx, a, &created));
      if (!created) return absl::OkStatus();
      return d_->deps.audit->Append(
          tx, ctx.caller->login, "artifact.push", "project:" + p.slug,
          {{"digest", a.digest}, {"image", a.image}, {"git_sha", a.git_sha}});
    }));
    if (created) d_->deps.audit->Published();
    json out = ArtifactToJson(stored);
    ASSIGN_OR_RETURN(json warnings, ImageWarnings(*d_, p, stored.image));
    if (!warnings.empty()) out["warnings"] = warnings;
    return http::JsonResponse(created ? 201 : 200, out);
  }

  absl::StatusOr<Response> ListArtifacts(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_->Project(ctx));
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    ASSIGN_OR_RETURN(auto list, d_->service->artifacts().List(p.id, page.limit, page.cursor));
    json items = json::array();
    for (const auto& a : list) {
      json j = ArtifactToJson(a);
      ASSIGN_OR_RETURN(j["environments"], Environments(a));
      items.push_back(std::move(j));
    }
    return http::PageResponse(
        items, static_cast<int>(list.size()) == page.limit ? list.back().digest : "");
  }

  absl::StatusOr<Response> GetArtifact(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_->Project(ctx));
    ASSIGN_OR_RETURN(auto a, d_->service->artifacts().Get(p.id, ctx.Param("digest")));
    json j = ArtifactToJson(a);
    ASSIGN_OR_RETURN(j["environments"], Environments(a));
    return http::JsonResponse(200, j);
  }

  absl::StatusOr<Response> Create(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_->Project(ctx));
    RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, p.owner_team_id));
    ASSIGN_OR_RETURN(auto body, ParseDeployBody(ctx.req));
    ASSIGN_OR_RETURN(auto request, CreateFromBody(p.slug, body));
    auto created = d_->service->Create(*ctx.caller, request);
    if (!created.ok()) return internal::ErrorWithFindings(created.status());
    return http::JsonResponse(201, {{"request_id", created->request_id},
                                    {"deployments", DeploymentsJson(created->deployments)}});
  }

  absl::StatusOr<Response> List(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_->Project(ctx));
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    DeploymentFilter f{.project_id = p.id, .limit = page.limit, .cursor = page.cursor};
    f.environment = ctx.req.QueryParam("environment").value_or("");
    f.cluster = ctx.req.QueryParam("cluster").value_or("");
    if (auto s = ctx.req.QueryParam("state"); s && !s->empty()) {
      f.state = ParseState(*s);
      if (!f.state) return http::InvalidField("state", "unknown state " + *s);
    }
    ASSIGN_OR_RETURN(auto list, d_->service->deployments().List(f));
    return http::PageResponse(DeploymentsJson(list),
                              static_cast<int>(list.size()) == page.limit ? list.back().id : "");
  }

  absl::StatusOr<Response> Get(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_->Project(ctx));
    ASSIGN_OR_RETURN(auto d, d_->service->deployments().Get(ctx.Param("id"), p.id));
    return http::JsonResponse(200, DeploymentToJson(d, true));
  }

  // By id alone (ids are global): lets a client find the project of a deployment id.
  absl::StatusOr<Response> GetById(Context& ctx) {
    ASSIGN_OR_RETURN(auto d, d_->service->deployments().Get(ctx.Param("id")));
    return http::JsonResponse(200, DeploymentToJson(d, true));
  }

  absl::StatusOr<Response> Approve(Context& ctx) { return Decide(ctx, true); }
  absl::StatusOr<Response> Reject(Context& ctx) { return Decide(ctx, false); }

  absl::StatusOr<Response> Cancel(Context& ctx) {
    ASSIGN_OR_RETURN(auto d, d_->service->Cancel(*ctx.caller, ctx.Param("slug"), ctx.Param("id")));
    return http::JsonResponse(200, DeploymentToJson(d));
  }

  absl::StatusOr<Response> Rollback(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kRollbackBody));
    bool emergency = Has(body, "emergency") && body["emergency"].get<bool>();
    ASSIGN_OR_RETURN(auto d, d_->service->Rollback(*ctx.caller, ctx.Param("slug"), ctx.Param("id"),
                                                   body["reason"].get<std::string>(), emergency));
    return http::JsonResponse(201, {{"deployments", DeploymentsJson({d})}});
  }

 private:
  absl::StatusOr<Response> Decide(Context& ctx, bool approve) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kDecisionBody));
    std::string comment = Has(body, "comment") ? body["comment"].get<std::string>() : "";
    ASSIGN_OR_RETURN(auto list, d_->service->Decide(*ctx.caller, ctx.Param("slug"), ctx.Param("id"),
                                                    approve, comment));
    return http::JsonResponse(200, {{"deployments", DeploymentsJson(list)}});
  }

  // {"alpha":"succeeded",...}: the latest deployment state of the digest per environment.
  absl::StatusOr<json> Environments(const Artifact& a) {
    ASSIGN_OR_RETURN(auto rs, d_->deps.store->Query(
                                  "SELECT environment, state FROM deployments WHERE project_id = "
                                  "$1 AND digest = $2 ORDER BY created_at, id",
                                  {a.project_id, a.digest}));
    json out = json::object();
    for (const auto& r : rs.rows) out[r.Text("environment")] = r.Text("state");
    return out;
  }

  std::shared_ptr<RouteDeps> d_;
};

}  // namespace

std::vector<http::Route> DeployRoutes(const DeployDeps& deps,
                                      std::shared_ptr<DeployService> service) {
  auto shared = std::make_shared<RouteDeps>(RouteDeps{deps, std::move(service)});
  auto api = std::make_shared<DeployApi>(shared);
  using Api = DeployApi;
  const std::string project = "/api/v1/projects/{slug}";
  const std::string one = project + "/deployments/{id}";
  std::vector<http::Route> routes = {
      {
          .method = "POST",
          .path = project + "/artifacts",
          .access = Access::kDeveloper,
          .summary =
              "Record an artifact built by CI (idempotent per digest: 200 when already recorded)",
          .tag = "deployments",
          .request = kArtifactBody,
          .response = PushedArtifactSchema(),
          .success = 201,
          .handler = http::Bind(api, &Api::PushArtifact),
      },
      {
          .method = "GET",
          .path = project + "/artifacts",
          .access = Access::kViewer,
          .summary = "Artifacts, newest first, with their latest state per environment",
          .tag = "deployments",
          .query = {"limit", "cursor"},
          .response = ArtifactPageSchema(),
          .handler = http::Bind(api, &Api::ListArtifacts),
      },
      {
          .method = "GET",
          .path = project + "/artifacts/{digest}",
          .access = Access::kViewer,
          .summary = "One artifact",
          .tag = "deployments",
          .response = ArtifactSchema(),
          .handler = http::Bind(api, &Api::GetArtifact),
      },
      {
          .method = "POST",
          .path = project + "/deployments",
          .access = Access::kDeveloper,
          .summary = "Deploy an artifact to an environment: one deployment per cluster",
          .tag = "deployments",
          .request = kDeployBody,
          .response = DeployRequestSchema(),
          .success = 201,
          .handler = http::Bind(api, &Api::Create),
      },
      {
          .method = "GET",
          .path = project + "/deployments",
          .access = Access::kViewer,
          .summary = "Deployments, newest first",
          .tag = "deployments",
          .query = {"environment", "cluster", "state", "limit", "cursor"},
          .response = DeploymentPageSchema(),
          .handler = http::Bind(api, &Api::List),
      },
      {
          .method = "GET",
          .path = one,
          .access = Access::kViewer,
          .summary = "One deployment with its manifests and steps",
          .tag = "deployments",
          .response = DeploymentDetailSchema(),
          .handler = http::Bind(api, &Api::Get),
      },
      {
          .method = "GET",
          .path = "/api/v1/deployments/{id}",
          .access = Access::kViewer,
          .summary = "One deployment by id alone (its project is in the answer)",
          .tag = "deployments",
          .response = DeploymentDetailSchema(),
          .handler = http::Bind(api, &Api::GetById),
      },
      {
          .method = "POST",
          .path = one + "/approve",
          .access = Access::kDeveloper,
          .summary = "Approve the request's pending deployments in this region (sre, admin or a "
                     "lead of the owner team; never the requester)",
          .tag = "deployments",
          .request = kDecisionBody,
          .response = DeploymentListSchema(),
          .handler = http::Bind(api, &Api::Approve),
      },
      {
          .method = "POST",
          .path = one + "/reject",
          .access = Access::kDeveloper,
          .summary = "Reject the request's pending deployments in this region",
          .tag = "deployments",
          .request = kDecisionBody,
          .response = DeploymentListSchema(),
          .handler = http::Bind(api, &Api::Reject),
      },
      {
          .method = "POST",
          .path = one + "/cancel",
          .access = Access::kDeveloper,
          .summary = "Cancel a deployment that has not started",
          .tag = "deployments",
          .response = DeploymentSchema(),
          .handler = http::Bind(api, &Api::Cancel),
      },
      {
          .method = "POST",
          .path = one + "/rollback",
          .access = Access::kDeveloper,
          .summary = "Deploy the exact release of this deployment again",
          .tag = "deployments",
          .request = kRollbackBody,
          .response = DeploymentListSchema(),
          .success = 201,
          .handler = http::Bind(api, &Api::Rollback),
      },
  };

  for (http::Route& view : internal::DeployViewRoutes(shared)) routes.push_back(std::move(view));
  return routes;
}

}  // namespace paved::deploy::rollout
