#include <set>

#include "auth/permissions.h"
#include "catalog/catalog_routes.h"
#include "catalog/scorecards.h"
#include "core/status_macros.h"
#include "http/errors.h"

namespace paved::catalog {
namespace {

using http::Access;
using http::Context;
using http::Response;

const http::BodySchema kTransfer = {
    {.name = "to_team", .required = true, .description = "slug of the new owner team"},
    {.name = "reason", .required = true, .description = "why; kept in the ownership history"},
};

// Relation types and how they read from the other side.
const std::map<std::string, std::string>& Inverse() {
  static const std::map<std::string, std::string> kInverse = {
      {"dependsOn", "dependencyOf"},
      {"dependencyOf", "dependsOn"},
      {"providesApi", "apiProvidedBy"},
      {"apiProvidedBy", "providesApi"},
      {"consumesApi", "apiConsumedBy"},
      {"apiConsumedBy", "consumesApi"},
      {"partOf", "hasPart"},
      {"hasPart", "partOf"},
      {"ownedBy", "ownerOf"},
      {"ownerOf", "ownedBy"},
  };
  return kInverse;
}

class OwnershipApi {
 public:
  explicit OwnershipApi(const CatalogDeps& d) : d_(d) {}

  absl::StatusOr<Response> Transfer(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kTransfer));
    std::string reason = body["reason"];
    if (reason.empty() || reason.size() > 1000) {
      return http::InvalidField("reason", "reason must be 1 to 1000 characters");
    }
    Project p;
    RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(auto found, d_.projects->FindBySlugTx(tx, ctx.Param("slug")));
      if (!found) return absl::NotFoundError("no project " + ctx.Param("slug"));
      p = *found;
      ASSIGN_OR_RETURN(auto to, d_.teams->FindBySlugTx(tx, body["to_team"]));
      if (!to)
        return http::InvalidField("to_team", "no team " + body["to_team"].get<std::string>());
      if (to->status == "dissolved") {
        return http::InvalidField("to_team", "team " + to->slug + " is dissolved");
      }
      if (to->id == p.owner_team_id && !p.orphaned_at_ms) {
        return http::InvalidField("to_team", "project already belongs to " + to->slug);
      }
      RETURN_IF_ERROR(auth::CheckProjectTransfer(*ctx.caller, p.owner_team_id,
                                                 !p.OrphanReason().empty(), to->id));
      RETURN_IF_ERROR(
          RecordOwnershipChange(tx, p, *to, ctx.caller->login, reason, d_.clock->NowMs()));
      std::string from = p.owner_team;
      bool was_orphan = !p.OrphanReason().empty();
      p.owner_team_id = to->id;
      p.owner_team = to->slug;
      p.owner_status = to->status;
      p.orphaned_at_ms.reset();  // someone owns it now
      p.owners.erase(std::remove(p.owners.begin(), p.owners.end(), to->slug), p.owners.end());
      RETURN_IF_ERROR(d_.projects->Update(tx, p));
      return d_.audit->Append(
          tx, ctx.caller->login, "project.transfer", "project:" + p.slug,
          {{"from", from}, {"to", to->slug}, {"reason", reason}, {"was_orphan", was_orphan}});
    }));
    d_.audit->Published();
    ASSIGN_OR_RETURN(auto fresh, d_.projects->FindBySlug(p.slug));
    return http::JsonResponse(200, ProjectToJson(fresh.value_or(p)));
  }

  absl::StatusOr<Response> History(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_.projects->FindBySlug(ctx.Param("slug")));
    if (!p) return absl::NotFoundError("no project " + ctx.Param("slug"));
    ASSIGN_OR_RETURN(auto changes, OwnershipHistory(*d_.store, p->id));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& c : changes) items.push_back(OwnershipChangeToJson(c));
    return http::PageResponse(items, "");
  }

  absl::StatusOr<Response> Relations(Context& ctx) {
    ASSIGN_OR_RETURN(auto p, d_.projects->FindBySlug(ctx.Param("slug")));
    if (!p) return absl::NotFoundError("no project " + ctx.Param("slug"));
    std::string ref = "component:default/" + p->slug;
    ASSIGN_OR_RETURN(auto out, d_.store->Query("SELECT type, target_ref FROM catalog_relations "
                                               "WHERE source_ref = $1 ORDER BY type, target_ref",
                                               {ref}));
    ASSIGN_OR_RETURN(auto in, d_.store->Query("SELECT type, source_ref FROM catalog_relations "
                                              "WHERE target_ref = $1 ORDER BY type, source_ref",
                                              {ref}));
    std::set<std::pair<std::string, std::string>> seen;
    nlohmann::json items = nlohmann::json::array();
    auto add = [&](const std::string& type, const std::string& target) {
      if (!seen.insert({type, target}).second) return;
      auto colon = target.find(':');
      auto slash = target.rfind('/');
      items.push_back(
          {{"type", type},
           {"target", target},
           {"target_kind", target.substr(0, colon)},
           {"target_name", target.substr(slash == std::string::npos ? colon + 1 : slash + 1)}});
    };
    // Ownership comes from the project as it is now, not from the imported document, so a
    // transfer shows at once.
    add("ownedBy", "group:default/" + p->owner_team);
    for (const auto& extra : p->owners) add("ownedBy", "group:default/" + extra);
    for (const auto& r : out.rows) {
      if (r.Text("type") != "ownedBy") add(r.Text("type"), r.Text("target_ref"));
    }
    for (const auto& r : in.rows) {
      auto inv = Inverse().find(r.Text("type"));
      if (inv != Inverse().end()) add(inv->second, r.Text("source_ref"));
    }
    return http::PageResponse(items, "");
  }

  absl::StatusOr<Response> Orphans(Context& ctx) {
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    ASSIGN_OR_RETURN(auto orphans, ListOrphans(*d_.store, page.limit));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& o : orphans) items.push_back(OrphanToJson(o));
    return http::PageResponse(items, "");
  }

  absl::StatusOr<Response> Owner(Context& ctx) {
    auto ns = ctx.req.QueryParam("namespace");
    auto project = ctx.req.QueryParam("project");
    auto resource = ctx.req.QueryParam("resource");
    if (!!ns + !!project + !!resource != 1) {
      return http::InvalidField("namespace", "give exactly one of namespace, project, resource");
    }
    std::optional<OwnerInfo> info;
    if (ns) {
      ASSIGN_OR_RETURN(info,
                       d_.owners->ByNamespace(*ns, ctx.req.QueryParam("cluster").value_or("")));
    } else if (project) {
      ASSIGN_OR_RETURN(info, d_.owners->ByProject(*project));
    } else {
      ASSIGN_OR_RETURN(info, d_.owners->ByResource(*resource));
    }
    if (!info) return absl::NotFoundError("nobody owns that");
    return http::JsonResponse(200, OwnerInfoToJson(*info));
  }

  absl::StatusOr<Response> Scores(Context& ctx) {
    ASSIGN_OR_RETURN(auto json,
                     Scorecards(*d_.store, *d_.projects, ctx.req.QueryParam("team").value_or("")));
    return http::JsonResponse(200, json);
  }

 private:
  CatalogDeps d_;
};

}  // namespace

std::vector<http::Route> OwnershipRoutes(const CatalogDeps& deps) {
  auto api = std::make_shared<OwnershipApi>(deps);
  return {
      {
          .method = "POST",
          .path = "/api/v1/projects/{slug}/transfer",
          .access = Access::kDeveloper,
          .summary = "Transfer a project to another team, with a reason",
          .tag = "catalog",
          .request = kTransfer,
          .handler = http::Bind(api, &OwnershipApi::Transfer),
      },
      {
          .method = "GET",
          .path = "/api/v1/projects/{slug}/ownership-history",
          .access = Access::kViewer,
          .summary = "Who owned a project, newest first",
          .tag = "catalog",
          .handler = http::Bind(api, &OwnershipApi::History),
      },
      {
          .method = "GET",
          .path = "/api/v1/projects/{slug}/relations",
          .access = Access::kViewer,
          .summary = "A project's relations in both directions",
          .tag = "catalog",
          .handler = http::Bind(api, &OwnershipApi::Relations),
      },
      {
          .method = "GET",
          .path = "/api/v1/catalog/orphans",
          .access = Access::kViewer,
          .summary = "Projects and cloud resources that need an owner, oldest first",
          .tag = "catalog",
          .query = {"limit"},
          .handler = http::Bind(api, &OwnershipApi::Orphans),
      },
      {
          .method = "GET",
          .path = "/api/v1/catalog/owner",
          .access = Access::kViewer,
          .summary = "Who owns a namespace, project or cloud resource",
          .tag = "catalog",
          .query = {"namespace", "cluster", "project", "resource"},
          .handler = http::Bind(api, &OwnershipApi::Owner),
      },
      {
          .method = "GET",
          .path = "/api/v1/catalog/scorecards",
          .access = Access::kViewer,
          .summary = "Scorecards per project and team",
          .tag = "catalog",
          .query = {"team"},
          .handler = http::Bind(api, &OwnershipApi::Scores),
      },
  };
}

}  // namespace paved::catalog
