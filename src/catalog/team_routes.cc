#include "absl/strings/str_cat.h"
#include "auth/team_members.h"
#include "catalog/catalog_routes.h"
#include "catalog/catalog_schemas.h"
#include "core/status_macros.h"
#include "http/errors.h"

namespace paved::catalog {
namespace {

using http::Access;
using http::Context;
using http::Response;

const http::BodySchema kCreateTeam = {
    {.name = "slug", .required = true, .description = "DNS label, unique"},
    {.name = "name", .required = true},
    {.name = "description"},
    {.name = "chat_channel", .description = "e.g. #chat-platform"},
};
const http::BodySchema kUpdateTeam = {
    {.name = "name"}, {.name = "description"}, {.name = "chat_channel"}};
const http::BodySchema kAddMember = {{.name = "login", .required = true}};

absl::Status CheckName(const nlohmann::json& body) {
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

class TeamsApi {
 public:
  explicit TeamsApi(const CatalogDeps& d) : d_(d) {}

  absl::StatusOr<Response> Create(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kCreateTeam));
    RETURN_IF_ERROR(http::CheckSlug("slug", body["slug"]));
    RETURN_IF_ERROR(CheckName(body));
    Team team{.slug = body["slug"],
              .name = body["name"],
              .description = body.value("description", ""),
              .chat_channel = body.value("chat_channel", "")};
    RETURN_IF_ERROR(Audited(ctx, [&](store::Tx& tx) -> absl::Status {
      absl::Status s = d_.teams->Create(tx, team);
      if (absl::IsAlreadyExists(s)) {
        return http::ApiError(absl::StatusCode::kAlreadyExists, "conflict",
                              "team " + team.slug + " already exists", "slug");
      }
      RETURN_IF_ERROR(s);
      return d_.audit->Append(tx, ctx.caller->login, "team.create", "team:" + team.slug,
                              {{"name", team.name}});
    }));
    return http::JsonResponse(201, TeamToJson(team));
  }

  absl::StatusOr<Response> List(Context& ctx) {
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    TeamQuery q{.text = ctx.req.QueryParam("q").value_or(""),
                .after_slug = page.cursor,
                .limit = page.limit + 1};
    ASSIGN_OR_RETURN(auto teams, d_.teams->List(q));
    std::string next;
    if (static_cast<int>(teams.size()) > page.limit) {
      teams.resize(page.limit);
      next = teams.back().slug;
    }
    nlohmann::json items = nlohmann::json::array();
    for (const Team& t : teams) items.push_back(TeamToJson(t));
    return http::PageResponse(items, next);
  }

  absl::StatusOr<Response> Get(Context& ctx) {
    ASSIGN_OR_RETURN(Team team, Load(ctx.Param("slug")));
    nlohmann::json out = TeamToJson(team);
    ASSIGN_OR_RETURN(auto members, auth::TeamMembers::OfTeam(*d_.store, team.id));
    out["members"] = nlohmann::json::array();
    for (const auto& m : members) out["members"].push_back({{"login", m.login}, {"role", m.role}});
    ASSIGN_OR_RETURN(auto projects, d_.projects->List({.owner_slug = team.slug, .limit = 500}));
    out["projects"] = nlohmann::json::array();
    for (const Project& p : projects) {
      out["projects"].push_back({{"slug", p.slug}, {"name", p.name}});
    }
    return http::JsonResponse(200, out);
  }

  absl::StatusOr<Response> Update(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kUpdateTeam));
    RETURN_IF_ERROR(CheckName(body));
    Team team;
    RETURN_IF_ERROR(Audited(ctx, [&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(team, LoadTx(tx, ctx.Param("slug")));
      nlohmann::json summary = nlohmann::json::object();
      auto change = [&](const char* key, std::string& field) {
        if (!body.contains(key) || body[key] == field) return;
        summary[key] = {{"from", field}, {"to", body[key]}};
        field = body[key];
      };
      change("name", team.name);
      change("description", team.description);
      change("chat_channel", team.chat_channel);
      RETURN_IF_ERROR(d_.teams->Update(tx, team));
      return d_.audit->Append(tx, ctx.caller->login, "team.update", "team:" + team.slug, summary);
    }));
    ASSIGN_OR_RETURN(team, Load(team.slug));
    return http::JsonResponse(200, TeamToJson(team));
  }

  absl::StatusOr<Response> Delete(Context& ctx) {
    RETURN_IF_ERROR(Audited(ctx, [&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(Team team, LoadTx(tx, ctx.Param("slug")));
      RETURN_IF_ERROR(d_.teams->Delete(tx, team));
      return d_.audit->Append(tx, ctx.caller->login, "team.delete", "team:" + team.slug,
                              {{"name", team.name}});
    }));
    return http::NoContent();
  }

  absl::StatusOr<Response> AddMember(Context& ctx) {
    ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kAddMember));
    std::string login = body["login"];
    std::string role;
    RETURN_IF_ERROR(Audited(ctx, [&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(Team team, LoadTx(tx, ctx.Param("slug")));
      ASSIGN_OR_RETURN(auto user, d_.users->FindByLoginTx(tx, login));
      if (!user) return http::InvalidField("login", "no user " + login);
      role = std::string(RoleName(user->role));
      absl::Status s = d_.users->AddMember(tx, team.id, user->id);
      if (absl::IsAlreadyExists(s)) {
        return http::ApiError(absl::StatusCode::kAlreadyExists, "conflict",
                              login + " is already a member of " + team.slug, "login");
      }
      RETURN_IF_ERROR(s);
      return d_.audit->Append(tx, ctx.caller->login, "team.member_add", "team:" + team.slug,
                              {{"login", login}});
    }));
    return http::JsonResponse(201, {{"login", login}, {"role", role}});
  }

  absl::StatusOr<Response> RemoveMember(Context& ctx) {
    std::string login = ctx.Param("login");
    RETURN_IF_ERROR(Audited(ctx, [&](store::Tx& tx) -> absl::Status {
      ASSIGN_OR_RETURN(Team team, LoadTx(tx, ctx.Param("slug")));
      ASSIGN_OR_RETURN(auto user, d_.users->FindByLoginTx(tx, login));
      if (!user) return absl::NotFoundError("no user " + login);
      RETURN_IF_ERROR(d_.users->RemoveMember(tx, team.id, user->id));
      return d_.audit->Append(tx, ctx.caller->login, "team.member_remove", "team:" + team.slug,
                              {{"login", login}});
    }));
    return http::NoContent();
  }

 private:
  absl::Status Audited(Context& ctx, absl::FunctionRef<absl::Status(store::Tx&)> fn) {
    RETURN_IF_ERROR(d_.store->Transaction(fn));
    d_.audit->Published();
    return absl::OkStatus();
  }
  absl::StatusOr<Team> Load(const std::string& slug) {
    ASSIGN_OR_RETURN(auto team, d_.teams->FindBySlug(slug));
    if (!team) return absl::NotFoundError("no team " + slug);
    return *team;
  }
  absl::StatusOr<Team> LoadTx(store::Tx& tx, const std::string& slug) {
    ASSIGN_OR_RETURN(auto team, d_.teams->FindBySlugTx(tx, slug));
    if (!team) return absl::NotFoundError("no team " + slug);
    return *team;
  }
  CatalogDeps d_;
};

}  // namespace

std::vector<http::Route> TeamRoutes(const CatalogDeps& deps) {
  auto api = std::make_shared<TeamsApi>(deps);
  return {
      {
          .method = "POST",
          .path = "/api/v1/teams",
          .access = Access::kSre,
          .summary = "Create a team",
          .tag = "teams",
          .request = kCreateTeam,
          .response = TeamSchema(),
          .success = 201,
          .handler = http::Bind(api, &TeamsApi::Create),
      },
      {
          .method = "GET",
          .path = "/api/v1/teams",
          .access = Access::kViewer,
          .summary = "List teams",
          .tag = "teams",
          .query = {"q", "limit", "cursor"},
          .response = TeamPageSchema(),
          .handler = http::Bind(api, &TeamsApi::List),
      },
      {
          .method = "GET",
          .path = "/api/v1/teams/{slug}",
          .access = Access::kViewer,
          .summary = "A team with its members and projects",
          .tag = "teams",
          .response = TeamDetailSchema(),
          .handler = http::Bind(api, &TeamsApi::Get),
      },
      {
          .method = "PATCH",
          .path = "/api/v1/teams/{slug}",
          .access = Access::kSre,
          .summary = "Change a team",
          .tag = "teams",
          .request = kUpdateTeam,
          .response = TeamSchema(),
          .handler = http::Bind(api, &TeamsApi::Update),
      },
      {
          .method = "DELETE",
          .path = "/api/v1/teams/{slug}",
          .access = Access::kSre,
          .summary = "Delete a team that owns no projects",
          .tag = "teams",
          .success = 204,
          .handler = http::Bind(api, &TeamsApi::Delete),
      },
      {
          .method = "POST",
          .path = "/api/v1/teams/{slug}/members",
          .access = Access::kSre,
          .summary = "Add a member to a team",
          .tag = "teams",
          .request = kAddMember,
          .response = TeamMemberSchema(),
          .success = 201,
          .handler = http::Bind(api, &TeamsApi::AddMember),
      },
      {
          .method = "DELETE",
          .path = "/api/v1/teams/{slug}/members/{login}",
          .access = Access::kSre,
          .summary = "Remove a member from a team",
          .tag = "teams",
          .success = 204,
          .handler = http::Bind(api, &TeamsApi::RemoveMember),
      },
  };
}

}  // namespace paved::catalog
