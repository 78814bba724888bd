#include "absl/strings/str_cat.h"
#include "auth/permissions.h"
#include "catalog/catalog_routes.h"
#include "catalog/catalog_schemas.h"
#include "catalog/facets_cache.h"
#include "catalog/ownership.h"
#include "catalog/project_fields.h"
#include "core/status_macros.h"
#include "http/errors.h"

namespace paved::catalog {
namespace {

using http::Access;
using http::Context;
using http::Response;

// Fields shared by create and update; create adds slug and makes name and owner required.
http::BodySchema ProjectFields(bool create) {
  http::BodySchema s = {
      {.name = "name", .required = create},
      {.name = "description"},
      {.name = "owner_team", .required = create, .description = "slug of the owning team"},
      {.name = "lifecycle", .one_of = kLifecycles},
      {.name = "type", .description = "Backstage spec.type, e.g. service, website, library"},
      {.name = "system"},
      {.name = "repo_url"},
      {.name = "oncall", .description = "on-call contact, e.g. a rotation name or handle"},
      {.name = "tags", .type = http::FieldType::kArray, .description = "list of tags"},
      {.name = "links",
       .type = http::FieldType::kArray,
       .description = "list of {url, title, icon}"},
      {.name = "owners",
       .type = http::FieldType::kArray,
       .description = "additional owner team slugs"},
      {.name = "namespaces",
       .type = http::FieldType::kArray,
       .description = "list of {cluster, namespace}; cluster \"\" means every cluster"},
  };
  if (create) {
    s.insert(s.begin(), {.name = "slug",
                         .required = true,
                         .description = "DNS label, unique; the default namespace"});
  }
  return s;
}
const http::BodySchema kCreateProject = ProjectFields(true);
const http::BodySchema kUpdateProject = ProjectFields(false);

class ProjectsApi {
 public:
  explicit ProjectsApi(const CatalogDeps& d) : d_(d), facets_(d.store, d.projects, d.clock) {}

  absl::StatusOr<Response> Create(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kCreateProject));
    RETURN_IF_ERROR(http::CheckSlug("slug", body["slug"]));
    Project p{.slug = body["slug"], .created_by = ctx.caller->login};
    RETURN_IF_ERROR(Audited([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(Team owner, OwnerTx(tx, body["owner_team"]));
      RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, owner.id));
      p.owner_team_id = owner.id;
      p.owner_team = owner.slug;
      p.owner_status = owner.status;
      nlohmann::json ignored;
      RETURN_IF_ERROR(ApplyProjectFields(tx, *d_.teams, body, p, ignored));
      ASSIGN_OR_RETURN(auto existing, d_.projects->FindBySlugTx(tx, p.slug));
      if (existing) {
        return http::ApiError(absl::StatusCode::kAlreadyExists, "conflict",
                              "project " + p.slug + " already exists", "slug");
      }
      RETURN_IF_ERROR(d_.projects->Create(tx, p));
      return d_.audit->Append(tx, ctx.caller->login, "project.create", "project:" + p.slug,
                              {{"name", p.name}, {"owner_team", p.owner_team}});
    }));
    ASSIGN_OR_RETURN(auto fresh, d_.projects->FindBySlug(p.slug));
    return http::JsonResponse(201, ProjectToJson(fresh.value_or(p)));
  }

  absl::StatusOr<Response> List(Context& ctx) {
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    ProjectQuery q{.text = ctx.req.QueryParam("q").value_or(""),
                   .owner_slug = ctx.req.QueryParam("owner").value_or(""),
                   .lifecycle = ctx.req.QueryParam("lifecycle").value_or(""),
                   .tag = ctx.req.QueryParam("tag").value_or(""),
                   .system = ctx.req.QueryParam("system").value_or(""),
                   .after_slug = page.cursor,
                   .limit = page.limit + 1};
    ASSIGN_OR_RETURN(auto projects, d_.projects->List(q));
    std::optional<std::string> facets;
    if (ctx.req.QueryParam("facets").value_or("") == "true") {
      ASSIGN_OR_RETURN(facets, facets_.FacetsJson(q));
    }
    std::string next;
    if (static_cast<int>(projects.size()) > page.limit) {
      projects.resize(page.limit);
      next = projects.back().slug;
    }
    nlohmann::json items = nlohmann::json::array();
    for (const Project& p : projects) items.push_back(ProjectToJson(p));
    Response r = http::PageResponse(items, next);
    if (facets && !r.body.empty() && r.body.back() == '}') {
      // Spliced in as text: the catalog's counts are kept serialised (FacetsCache).
      r.body.pop_back();
      absl::StrAppend(&r.body, ",\"facets\":", *facets, "}");
    }
    return r;
  }

  absl::StatusOr<Response> Get(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_.projects->FindBySlug(ctx.Param("slug")));
    if (!p) return absl::NotFoundError("no project " + ctx.Param("slug"));
    return http::JsonResponse(200, ProjectToJson(*p));
  }

  absl::StatusOr<Response> Update(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kUpdateProject));
    Project p;
    RETURN_IF_ERROR(Audited([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(p, LoadTx(tx, ctx.Param("slug")));
      RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, p.owner_team_id));
      nlohmann::json summary = nlohmann::json::object();
      if (body.contains("owner_team") && body["owner_team"] != p.owner_team) {
        ASSIGN_OR_RETURN(Team owner, OwnerTx(tx, body["owner_team"]));
        RETURN_IF_ERROR(auth::CheckProjectWrite(*ctx.caller, owner.id));
        RETURN_IF_ERROR(RecordOwnershipChange(tx, p, owner, ctx.caller->login, "edited", NowMs()));
        summary["owner_team"] = {{"from", p.owner_team}, {"to", owner.slug}};
        p.owner_team_id = owner.id;
        p.owner_team = owner.slug;
      }
      RETURN_IF_ERROR(ApplyProjectFields(tx, *d_.teams, body, p, summary));
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
  int64_t NowMs() const { return d_.clock->NowMs(); }
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
  FacetsCache facets_;  // the whole catalog's counts, between changes
};

}  // namespace

std::vector<http::Route> ProjectRoutes(const CatalogDeps& deps) {
  auto api = std::make_shared<ProjectsApi>(deps);
  return {
      {
          .method = "POST",
          .path = "/api/v1/projects",
          .access = Access::kDeveloper,
          .summary = "Create a project owned by a team (developers: only their teams)",
          .tag = "projects",
          .request = kCreateProject,
          .response = ProjectSchema(),
          .success = 201,
          .handler = http::Bind(api, &ProjectsApi::Create),
      },
      {
          .method = "GET",
          .path = "/api/v1/projects",
          .access = Access::kViewer,
          .summary = "List projects, filtered by text and owner team",
          .tag = "projects",
          .query = {"q", "owner", "lifecycle", "tag", "system", "facets", "limit", "cursor"},
          .response = ProjectPageSchema(),
          .handler = http::Bind(api, &ProjectsApi::List),
      },
      {
          .method = "GET",
          .path = "/api/v1/projects/{slug}",
          .access = Access::kViewer,
          .summary = "A project",
          .tag = "projects",
          .response = ProjectSchema(),
          .handler = http::Bind(api, &ProjectsApi::Get),
      },
      {
          .method = "PATCH",
          .path = "/api/v1/projects/{slug}",
          .access = Access::kDeveloper,
          .summary = "Change a project (developers: only their teams' projects)",
          .tag = "projects",
          .request = kUpdateProject,
          .response = ProjectSchema(),
          .handler = http::Bind(api, &ProjectsApi::Update),
      },
      {
          .method = "DELETE",
          .path = "/api/v1/projects/{slug}",
          .access = Access::kDeveloper,
          .summary = "Delete a project",
          .tag = "projects",
          .success = 204,
          .handler = http::Bind(api, &ProjectsApi::Delete),
      },
  };
}

}  // namespace paved::catalog
