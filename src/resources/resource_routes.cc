#include "resources/resource_routes.h"

#include "absl/strings/numbers.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "http/json_body.h"
#include "resources/resource_schemas.h"
#include "resources/resource_watch.h"

namespace paved::resources {
namespace {

using http::Access;
using http::Context;
using http::FieldSpec;
using http::FieldType;
using http::Response;
using nlohmann::json;

const http::BodySchema kCreate = {
    {.name = "kind", .required = true, .one_of = {"redis", "static-site", "dynamodb"}},
    {.name = "name", .required = true, .description = "1-40 of a-z, 0-9, '-'"},
    {.name = "environment", .required = true},
    {.name = "account", .description = "the cloud account; needed when several have a standard"},
    {.name = "spec", .type = FieldType::kObject, .description = "the kind's fields"},
    {.name = "overrides",
     .type = FieldType::kObject,
     .description = "platform settings the standard lets teams change"},
};

const http::BodySchema kImport = {
    {.name = "kind", .required = true, .one_of = {"redis", "static-site", "dynamodb"}},
    {.name = "name", .required = true, .description = "Paved's name for it: 1-40 of a-z, 0-9, '-'"},
    {.name = "project", .required = true, .description = "the project's slug"},
    {.name = "environment", .required = true},
    {.name = "account", .description = "the cloud account; needed when several have a standard"},
    {.name = "id",
     .required = true,
     .description = "the provider's id: replication group id, bucket name or table name"},
    {.name = "distribution_id",
     .description = "a static site's CloudFront distribution, when it has one"},
};

const http::BodySchema kUpdate = {
    {.name = "spec",
     .type = FieldType::kObject,
     .description = "the kind's fields to change; null removes one"},
    {.name = "overrides",
     .type = FieldType::kObject,
     .description = "platform settings the standard lets teams change"},
};

const http::BodySchema kProtection = {
    {.name = "enabled", .type = FieldType::kBool, .required = true},
    {.name = "reason", .description = "why (required to lift it)"},
};

const http::BodySchema kProfile = {
    {.name = "provider", .one_of = {"local", "aws"}},
    {.name = "region"},
    {.name = "defaults", .type = FieldType::kObject, .description = "settings by kind and common"},
    {.name = "overridable", .type = FieldType::kArray, .description = "settings teams may change"},
    {.name = "prices", .type = FieldType::kObject, .description = "USD per month by kind and size"},
};

std::string Param(const Context& ctx, const std::string& name) {
  auto it = ctx.req.path_params.find(name);
  return it == ctx.req.path_params.end() ? "" : it->second;
}

class ResourcesApi {
 public:
  ResourcesApi(std::shared_ptr<ResourceService> service, ResourceStore* store, SagaRunner* runner)
      : service_(std::move(service)),
        store_(store),
        runner_(runner),
        watch_({.read = [this](const std::string& id) { return Detail(id); },
                .decorate = [this](json& r) { r["live"] = Live(r["id"].get<std::string>()); }}) {}

  absl::StatusOr<Response> List(Context& ctx) {
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    ListRequest req{.team = ctx.req.QueryParam("team").value_or(""),
                    .project = ctx.req.QueryParam("project").value_or(""),
                    .kind = ctx.req.QueryParam("kind").value_or(""),
                    .environment = ctx.req.QueryParam("environment").value_or(""),
                    .status = ctx.req.QueryParam("status").value_or(""),
                    .after_id = page.cursor,
                    .limit = page.limit + 1};
    ASSIGN_OR_RETURN(std::vector<Resource> found, service_->List(req));
    std::string next;
    if (static_cast<int>(found.size()) > page.limit) {
      found.resize(page.limit);
      next = found.back().id;
    }
    json items = json::array();
    for (const Resource& r : found) items.push_back(ResourceToJson(r));
    return http::PageResponse(items, next);
  }

  absl::StatusOr<Response> Create(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kCreate));
    CreateRequest req{.kind = body["kind"],
                      .name = body["name"],
                      .environment = body["environment"],
                      .account = body.value("account", ""),
                      .spec = body.value("spec", json::object()),
                      .overrides = body.value("overrides", json::object())};
    ASSIGN_OR_RETURN(Resource r, service_->Create(*ctx.caller, Param(ctx, "slug"), req));
    json out = ResourceToJson(r);
    if (!r.auth_token.empty()) out["auth_token"] = r.auth_token;  // shown this once
    return http::JsonResponse(202, out);
  }

  absl::StatusOr<Response> Import(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kImport));
    ImportRequest req{.kind = body["kind"],
                      .name = body["name"],
                      .project = body["project"],
                      .environment = body["environment"],
                      .account = body.value("account", ""),
                      .id = body["id"],
                      .distribution_id = body.value("distribution_id", "")};
    ASSIGN_OR_RETURN(Resource r, service_->Import(*ctx.caller, req));
    return http::JsonResponse(201, ResourceToJson(r));
  }

  absl::StatusOr<Response> Get(Context& ctx) {
    ASSIGN_OR_RETURN(Resource r, service_->Get(Param(ctx, "id")));
    ASSIGN_OR_RETURN(json out, WithJournal(r));
    out["live"] = Live(r);
    return http::JsonResponse(200, out);
  }

  absl::StatusOr<Response> Stream(Context& ctx) {
    Response r;
    ASSIGN_OR_RETURN(r.stream, watch_.Follow(Param(ctx, "id")));
    return r;
  }

  absl::StatusOr<Response> Delete(Context& ctx) {
    std::string confirm = ctx.req.QueryParam("confirm").value_or("");
    std::string keep = ctx.req.QueryParam("keep").value_or("");
    if (keep != "" && keep != "true" && keep != "false") {
      return InvalidField("keep", "keep is true or false");
    }
    ASSIGN_OR_RETURN(Resource r, keep == "true"
                                     ? service_->Forget(*ctx.caller, Param(ctx, "id"), confirm)
                                     : service_->Delete(*ctx.caller, Param(ctx, "id"), confirm));
    return http::JsonResponse(202, ResourceToJson(r));
  }

  absl::StatusOr<Response> Update(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kUpdate));
    UpdateRequest req{.spec = body.value("spec", json::object()),
                      .overrides = body.value("overrides", json::object())};
    ASSIGN_OR_RETURN(Resource r, service_->Update(*ctx.caller, Param(ctx, "id"), req));
    return http::JsonResponse(202, ResourceToJson(r));
  }

  absl::StatusOr<Response> Protect(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kProtection));
    ASSIGN_OR_RETURN(Resource r, service_->SetDeletionProtection(*ctx.caller, Param(ctx, "id"),
                                                                 body["enabled"].get<bool>(),
                                                                 body.value("reason", "")));
    return http::JsonResponse(200, ResourceToJson(r));
  }

  absl::StatusOr<Response> Profiles(Context&) {
    ASSIGN_OR_RETURN(std::vector<Profile> all, store_->Profiles());
    json items = json::array();
    for (const Profile& p : all) items.push_back(ProfileToJson(p));
    return http::JsonResponse(200, {{"items", items}});
  }

  absl::StatusOr<Response> PutProfile(Context& ctx) {
    ASSIGN_OR_RETURN(json body, http::ParseBody(ctx.req, kProfile));
    body["account"] = Param(ctx, "account");
    body["environment"] = Param(ctx, "environment");
    ASSIGN_OR_RETURN(Profile parsed, ParseProfile(body));
    ASSIGN_OR_RETURN(Profile stored, service_->PutProfile(*ctx.caller, parsed));
    return http::JsonResponse(200, ProfileToJson(stored));
  }

  absl::StatusOr<Response> DeleteProfile(Context& ctx) {
    RETURN_IF_ERROR(
        service_->DeleteProfile(*ctx.caller, Param(ctx, "account"), Param(ctx, "environment")));
    return http::NoContent();
  }

 private:
  absl::StatusOr<json> WithJournal(const Resource& r) {
    json out = ResourceToJson(r);
    ASSIGN_OR_RETURN(std::vector<JournalEntry> journal, store_->Journal(r.id));
    out["journal"] = json::array();
    for (const JournalEntry& e : journal) out["journal"].push_back(JournalEntryToJson(e));
    return out;
  }

  absl::StatusOr<json> Detail(const std::string& id) {
    ASSIGN_OR_RETURN(Resource r, service_->Get(id));
    return WithJournal(r);
  }

  json Live(const std::string& id) {
    absl::StatusOr<Resource> r = service_->Get(id);
    if (!r.ok()) return {{"state", "unknown"}, {"error", std::string(r.status().message())}};
    return Live(*r);
  }

  // What the provider says now; a provider that cannot be asked is reported, not an error.
  json Live(const Resource& r) {
    if (r.status == Status::kDeleted || r.status == Status::kFailed) return {{"state", "none"}};
    Provider* provider = runner_->ProviderFor(r.provider);
    if (!provider) return {{"state", "unknown"}, {"error", "no provider " + r.provider}};
    absl::StatusOr<json> live = provider->LiveStatus(r);
    if (!live.ok()) return {{"state", "unknown"}, {"error", std::string(live.status().message())}};
    return *live;
  }

  std::shared_ptr<ResourceService> service_;
  ResourceStore* store_;
  SagaRunner* runner_;
  ResourceWatch watch_;  // last: its thread reads through the members above
};

}  // namespace

std::vector<http::Route> ResourceRoutes(std::shared_ptr<ResourceService> service,
                                        ResourceStore* store, SagaRunner* runner) {
  auto api = std::make_shared<ResourcesApi>(std::move(service), store, runner);
  return {
      {
          .method = "GET",
          .path = "/api/v1/resources",
          .access = Access::kViewer,
          .summary = "List resources across projects",
          .tag = "resources",
          .query = {"team", "project", "kind", "environment", "status", "limit", "cursor"},
          .response = ResourcePageSchema(),
          .handler = http::Bind(api, &ResourcesApi::List),
      },
      {
          .method = "POST",
          .path = "/api/v1/projects/{slug}/resources",
          .access = Access::kDeveloper,
          .summary = "Create a resource with the company standard (answers at once; the "
                     "creation runs as a journaled job)",
          .tag = "resources",
          .request = kCreate,
          .response = CreatedResourceSchema(),
          .success = 202,
          .handler = http::Bind(api, &ResourcesApi::Create),
      },
      {
          .method = "POST",
          .path = "/api/v1/resources/import",
          .access = Access::kDeveloper,
          .summary = "Import an existing cloud resource by its provider id into a project "
                     "(tagged as Paved's, recorded ready with settings as found)",
          .tag = "resources",
          .request = kImport,
          .response = ResourceSchema(),
          .success = 201,
          .handler = http::Bind(api, &ResourcesApi::Import),
      },
      {
          .method = "GET",
          .path = "/api/v1/resources/{id}",
          .access = Access::kViewer,
          .summary = "A resource with its journal and the provider's live status",
          .tag = "resources",
          .response = ResourceDetailSchema(),
          .handler = http::Bind(api, &ResourcesApi::Get),
      },
      {
          .method = "GET",
          .path = "/api/v1/resources/{id}/stream",
          .access = Access::kViewer,
          .summary = "A resource with its journal as it changes (server-sent events `resource`, "
                     "each a ResourceDetail); ends once it is ready, failed or deleted",
          .tag = "resources",
          .produces = "text/event-stream",
          .handler = http::Bind(api, &ResourcesApi::Stream),
      },
      {
          .method = "DELETE",
          .path = "/api/v1/resources/{id}",
          .access = Access::kDeveloper,
          .summary = "Delete a resource (?confirm= repeats its name; ?keep=true forgets an "
                     "imported one and leaves it in the cloud without Paved's tags)",
          .tag = "resources",
          .query = {"confirm", "keep"},
          .response = ResourceSchema(),
          .success = 202,
          .handler = http::Bind(api, &ResourcesApi::Delete),
      },
      {
          .method = "PATCH",
          .path = "/api/v1/resources/{id}",
          .access = Access::kDeveloper,
          .summary = "Change a ready resource's settings (it is `updating` while the provider "
                     "applies them, and stays `ready` when nothing changes)",
          .tag = "resources",
          .request = kUpdate,
          .response = ResourceSchema(),
          .success = 202,
          .handler = http::Bind(api, &ResourcesApi::Update),
      },
      {
          .method = "PUT",
          .path = "/api/v1/resources/{id}/deletion-protection",
          .access = Access::kDeveloper,
          .summary = "Turn deletion protection on, or (sre, admin) off with a reason",
          .tag = "resources",
          .request = kProtection,
          .response = ResourceSchema(),
          .handler = http::Bind(api, &ResourcesApi::Protect),
      },
      {
          .method = "GET",
          .path = "/api/v1/resource-profiles",
          .access = Access::kViewer,
          .summary = "The resource standard of every (account, environment)",
          .tag = "resources",
          .response = ResourceProfileListSchema(),
          .handler = http::Bind(api, &ResourcesApi::Profiles),
      },
      {
          .method = "PUT",
          .path = "/api/v1/resource-profiles/{account}/{environment}",
          .access = Access::kSre,
          .summary = "Set the resource standard of an (account, environment)",
          .tag = "resources",
          .request = kProfile,
          .response = ResourceProfileSchema(),
          .handler = http::Bind(api, &ResourcesApi::PutProfile),
      },
      {
          .method = "DELETE",
          .path = "/api/v1/resource-profiles/{account}/{environment}",
          .access = Access::kSre,
          .summary = "Remove the resource standard of an (account, environment)",
          .tag = "resources",
          .success = 204,
          .produces = "",
          .handler = http::Bind(api, &ResourcesApi::DeleteProfile),
      },
  };
}

}  // namespace paved::resources
