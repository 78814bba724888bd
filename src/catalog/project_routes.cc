#include "auth/permissions.h"
#include "catalog/catalog_routes.h"
#include "core/status_macros.h"
#include "http/errors.h"

namespace paved::catalog {
namespace {

using http::Access;
using http::Context;
using http::Response;

const http::BodySchema kCreateProject = {
    {.name = "slug", .required = true, .description = "DNS label, unique; the default namespace"},
    {.name = "name", .required = true},
    {.name = "description"},
    {.name = "owner_team", .required = true, .description = "slug of the owning team"},
};
const http::BodySchema kUpdateProject = {
    {.name = "name"}, {.name = "description"}, {.name = "owner_team"}};

absl::Status CheckText(const nlohmann::json& body) {
  if (body.contains("name")) {
    std::string name = body["name"];
    if (name.empty() || name.size() > 200) {
      return http::InvalidField("name", "name must be 1 to 200 characters");
    }
  }
  if (body.contains("description") && body["description"].get<std::string>().size() > 4000) {
    return http::InvalidField("description", "description must be at most 4000 characters");
  }
  return absl::OkStatus();
}

class ProjectsApi {
 public:
  explicit ProjectsApi(const CatalogDeps& d) : d_(d) {}

  absl::StatusOr<Response> Create(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kCreateProject));
    RETURN_IF_ERROR(http::CheckSlug("slug", body["slug"]));
    RETURN_IF_ERROR(CheckText(body));
    Project p{.slug = body["slug"],
              .name = body["name"],
              .description = body.value("description", ""),
              .created_by = ctx.caller->login};
    RETURN_IF_ERROR(Audited([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(Team owner, OwnerTx(tx, body["owner_team"]));
      RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, owner.id));
      p.owner_team_id = owner.id;
      p.owner_team = owner.slug;
      absl::Status s = d_.projects->Create(tx, p);
      if (absl::IsAlreadyExists(s)) {
        return http::ApiError(absl::StatusCode::kAlreadyExists, "conflict",
                              "project " + p.slug + " already exists", "slug");
      }
      RETURN_IF_ERROR(s);
      return d_.audit->Append(tx, ctx.caller->login, "project.create", "project:" + p.slug,
                              {{"name", p.name}, {"owner_team", p.owner_team}});
    }));
    return http::JsonResponse(201, ProjectToJson(p));
  }

  absl::StatusOr<Response> List(Context& ctx) {
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    ProjectQuery q{.text = ctx.req.QueryParam("q").value_or(""),
                   .owner_slug = ctx.req.QueryParam("owner").value_or(""),
                   .after_slug = page.cursor,
                   .limit = page.limit + 1};
    ASSIGN_OR_RETURN(auto projects, d_.projects->List(q));
    std::string next;
    if (static_cast<int>(projects.size()) > page.limit) {
      projects.resize(page.limit);
      next = projects.back().slug;
    }
    nlohmann::json items = nlohmann::json::array();
    for (const Project& p : projects) items.push_back(ProjectToJson(p));
    return http::PageResponse(items, next);
  }

  absl::StatusOr<Response> Get(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_.projects->FindBySlug(ctx.Param("slug")));
    if (!p) return absl::NotFoundError("no project " + ctx.Param("slug"));
    return http::JsonResponse(200, ProjectToJson(*p));
  }

  absl::StatusOr<Response> Update(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kUpdateProject));
    RETURN_IF_ERROR(CheckText(body));
    Project p;
    RETURN_IF_ERROR(Audited([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(p, LoadTx(tx, ctx.Param("slug")));
      RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, p.owner_team_id));
      nlohmann::json summary = nlohmann::json::object();
      if (body.contains("owner_team") && body["owner_team"] != p.owner_team) {
        ASSIGN_OR_RETURN(Team owner, OwnerTx(tx, body["owner_team"]));
        RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, owner.id));
        summary["owner_team"] = {{"from", p.owner_team}, {"to", owner.slug}};
        p.owner_team_id = owner.id;
        p.owner_team = owner.slug;
      }
      for (const char* key : {"name", "description"}) {
        std::string& field = std::string(key) == "name" ? p.name : p.description;
        if (!body.contains(key) || body[key] == field) continue;
        summary[key] = {{"from", field}, {"to", body[key]}};
        field = body[key];
      }
      RETURN_IF_ERROR(d_.projects->Update(tx, p));
      return d_.audit->Append(tx, ctx.caller->login, "project.update", "project:" + p.slug,
                              summary);
    }));
    ASSIGN_OR_RETURN(auto fresh, d_.projects->FindBySlug(p.slug));
    return http::JsonResponse(200, ProjectToJson(fresh.value_or(p)));
  }

  absl::StatusOr<Response> Delete(Context& ctx) {
    RETURN_IF_ERROR(Audited([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(Project p, LoadTx(tx, ctx.Param("slug")));
      RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, p.owner_team_id));
      RETURN_IF_ERROR(d_.projects->Delete(tx, p));
      return d_.audit->Append(tx, ctx.caller->login, "project.delete", "project:" + p.slug,
                              {{"name", p.name}, {"owner_team", p.owner_team}});
    }));
    return http::NoContent();
  }

 private:
  absl::Status Audited(absl::FunctionRef<absl::Status(store::Tx&)> fn) {
    RETURN_IF_ERROR(d_.store->Transaction(fn));
    d_.audit->Published();
    return absl::OkStatus();
  }
  absl::StatusOr<Team> OwnerTx(store::Tx& tx, const std::string& slug) {
    ASSIGN_OR_RETURN(auto team, d_.teams->FindBySlugTx(tx, slug));
    if (!team) return http::InvalidField("owner_team", "no team " + slug);
    return *team;
  }
  absl::StatusOr<Project> LoadTx(store::Tx& tx, const std::string& slug) {
    ASSIGN_OR_RETURN(auto p, d_.projects->FindBySlugTx(tx, slug));
    if (!p) return absl::NotFoundError("no project " + slug);
    return *p;
  }
  CatalogDeps d_;
};

}  // namespace

void RegisterProjectRoutes(http::Router& router, const CatalogDeps& deps) {
  auto api = std::make_shared<ProjectsApi>(deps);
  auto bind = [api](absl::StatusOr<Response> (ProjectsApi::*fn)(Context&)) {
    return http::Handle([api, fn](Context& ctx) { return ((*api).*fn)(ctx); });
  };
  router.Add({"POST",
              "/api/v1/projects",
              Access::kDeveloper,
              "Create a project owned by a team (developers: only their teams)",
              "projects",
              kCreateProject,
              {},
              bind(&ProjectsApi::Create)});
  router.Add({"GET",
              "/api/v1/projects",
              Access::kViewer,
              "List projects, filtered by text and owner team",
              "projects",
              std::nullopt,
              {"q", "owner", "limit", "cursor"},
              bind(&ProjectsApi::List)});
  router.Add({"GET",
              "/api/v1/projects/{slug}",
              Access::kViewer,
              "A project",
              "projects",
              std::nullopt,
              {},
              bind(&ProjectsApi::Get)});
  router.Add({"PATCH",
              "/api/v1/projects/{slug}",
              Access::kDeveloper,
              "Change a project (developers: only their teams' projects)",
              "projects",
              kUpdateProject,
              {},
              bind(&ProjectsApi::Update)});
  router.Add({"DELETE",
              "/api/v1/projects/{slug}",
              Access::kDeveloper,
              "Delete a project",
              "projects",
              std::nullopt,
              {},
              bind(&ProjectsApi::Delete)});
}

}  // namespace paved::catalog
