// Every route × every role: the route-level rule from auth/permissions.h holds for each, and the
// team-scoped rules hold where they apply. Walks the router, so a new route is covered at once.
#include <set>

#include "auth/permissions.h"
#include "gtest/gtest.h"
#include "server/testing/test_app.h"

namespace paved::server {
namespace {

using testing::TestApp;
using json = nlohmann::json;

std::string Fill(std::string pattern) {
  const std::map<std::string, std::string> values = {
      {"{slug}", "team-b"}, {"{login}", "target"}, {"{id}", "no-such-token"}};
  for (const auto& [param, value] : values) {
    for (size_t pos; (pos = pattern.find(param)) != std::string::npos;) {
      pattern.replace(pos, param.size(), value);
    }
  }
  if (pattern.rfind("/api/v1/projects/", 0) == 0) {
    pattern.replace(0, std::string("/api/v1/projects/team-b").size(), "/api/v1/projects/proj-b");
  }
  return pattern;
}

json BodyFor(const http::Route& route) {
  json body = json::object();
  if (!route.request) return body;
  for (const auto& f : *route.request) {
    if (!f.required) continue;
    if (f.name == "owner_team" || f.name == "team")
      body[f.name] = "team-b";
    else if (f.name == "amount")
      body[f.name] = 5;
    else if (!f.one_of.empty())
      body[f.name] = f.one_of.back();
    else
      body[f.name] = "new-x";
  }
  return body;
}

TEST(PermissionsTest, EveryRouteForEveryRole) {
  TestApp t;
  const std::string& admin = t.admin_token();
  for (const char* team : {"team-a", "team-b"}) {
    ASSERT_EQ(t.Call("POST", "/api/v1/teams", json{{"slug", team}, {"name", team}}, admin).status,
              201);
  }
  ASSERT_EQ(t.Call("POST", "/api/v1/projects",
                   json{{"slug", "proj-b"}, {"name", "B"}, {"owner_team", "team-b"}}, admin)
                .status,
            201);
  t.UserToken("target", "viewer");
  std::map<std::string, std::string> tokens;
  for (const char* role : {"viewer", "developer", "sre"}) {
    tokens[role] = t.UserToken(std::string(role) + "-user", role);
  }
  tokens["admin"] = admin;
  ASSERT_EQ(t.Call("POST", "/api/v1/teams/team-a/members", json{{"login", "developer-user"}}, admin)
                .status,
            201);

  // Object-level rules: a developer of team-a may not touch team-b's projects.
  const std::set<std::pair<std::string, std::string>> team_scoped = {
      {"POST", "/api/v1/projects"},
      {"PATCH", "/api/v1/projects/{slug}"},
      {"DELETE", "/api/v1/projects/{slug}"},
      {"POST", "/api/v1/catalog/import"},     // developers: inline YAML only, not URLs
      {"POST", "/api/v1/resources/import"},   // the body names team-b's project
      {"POST", "/api/v1/budgets/requests"}};  // asks for team-b's budget
  // Reads only members of the team (and sre, admin) make: {slug} is team-b, of which the viewer
  // and the developer are not members.
  const std::set<std::pair<std::string, std::string>> team_reads = {
      {"GET", "/api/v1/teams/{slug}/traffic"}};

  int checked = 0;
  for (const http::Route& route : t.app().router().routes()) {
    // Streams forever; covered by their own tests.
    if (route.path == "/api/v1/events/stream" || route.path == "/api/v1/alerts/stream") {
      continue;
    }
    std::string path = Fill(route.path);
    std::string body = route.request ? BodyFor(route).dump() : "";
    auto anon = t.Call(route.method, path, body, "");
    if (route.access != http::Access::kPublic) {
      EXPECT_EQ(anon.status, 401) << route.method << " " << route.path;
    }
    for (const char* role : {"viewer", "developer", "sre", "admin"}) {
      if (route.path == "/api/v1/auth/logout") continue;  // would end nothing for tokens
      Role r = *ParseRole(role);
      http::Caller probe{.role = r};
      bool allowed = auth::AccessAllows(route.access, &probe);
      if (r == Role::kDeveloper && team_scoped.count({route.method, route.path})) {
        allowed = false;
      }
      if ((r == Role::kDeveloper || r == Role::kViewer) &&
          team_reads.count({route.method, route.path})) {
        allowed = false;
      }
      auto reply = t.Call(route.method, path, body, tokens[role]);
      if (allowed) {
        EXPECT_NE(reply.status, 403)
            << role << " " << route.method << " " << route.path << " " << reply.raw.body;
        // Public routes may answer 401 for their own reasons (a wrong password).
        if (route.access != http::Access::kPublic) {
          EXPECT_NE(reply.status, 401) << role << " " << route.method << " " << route.path;
        }
      } else {
        EXPECT_EQ(reply.status, 403)
            << role << " " << route.method << " " << route.path << " " << reply.raw.body;
        EXPECT_EQ(reply.json["error"]["code"], "forbidden");
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 4 * 20);
}

TEST(PermissionsTest, DeveloperEditsOwnTeamsProjectsOnly) {
  TestApp t;
  const std::string& admin = t.admin_token();
  for (const char* team : {"team-a", "team-b"}) {
    ASSERT_EQ(t.Call("POST", "/api/v1/teams", json{{"slug", team}, {"name", team}}, admin).status,
              201);
  }
  std::string dev = t.UserToken("dev", "developer");
  ASSERT_EQ(t.Call("POST", "/api/v1/teams/team-a/members", json{{"login", "dev"}}, admin).status,
            201);
  json own = {{"slug", "own"}, {"name", "Own"}, {"owner_team", "team-a"}};
  ASSERT_EQ(t.Call("POST", "/api/v1/projects", own, dev).status, 201);
  EXPECT_EQ(t.Call("PATCH", "/api/v1/projects/own", json{{"description", "mine"}}, dev).status,
            200);
  // Handing the project to a team the developer is not in is refused...
  EXPECT_EQ(t.Call("PATCH", "/api/v1/projects/own", json{{"owner_team", "team-b"}}, dev).status,
            403);
  ASSERT_EQ(t.Call("POST", "/api/v1/projects",
                   json{{"slug", "theirs"}, {"name", "T"}, {"owner_team", "team-b"}}, admin)
                .status,
            201);
  // ...and so is editing another team's project.
  auto denied = t.Call("PATCH", "/api/v1/projects/theirs", json{{"description", "x"}}, dev);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(t.Call("GET", "/api/v1/projects/theirs", "", dev).json["description"], "");
  EXPECT_EQ(t.Call("DELETE", "/api/v1/projects/theirs", "", dev).status, 403);
}

}  // namespace
}  // namespace paved::server
