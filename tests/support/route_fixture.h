#pragma once

// Test-only, header-only: the start of a route test on either store engine — a migrated store,
// teams "chat" and "ads", some projects, the catalog stores and a Router to register routes on —
// and CallRoute(), which runs a route the way the server's dispatcher does.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit_log.h"
#include "auth/permissions.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "http/message.h"
#include "http/router.h"
#include "nlohmann/json.hpp"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::test_support {

struct RouteReply {
  int status = 0;
  std::string body;
  nlohmann::json json;  // discarded when the body is not JSON
};

// Runs the route of `router` that matches, as the server's dispatcher does (route access check
// included), minus authentication: 404 when no route matches, 403 when the role falls short.
inline RouteReply CallRoute(const http::Router& router, const std::string& method,
                            const std::string& target, const http::Caller& caller,
                            const std::string& body = "", const std::string& content_type = "") {
  http::Request req = http::MakeRequest(method, target, body);
  if (!content_type.empty()) req.headers["Content-Type"] = content_type;
  auto match = router.Find(method, req.path);
  if (!match.route) return {404, "", nullptr};
  if (!auth::AccessAllows(match.route->access, &caller)) return {403, "", nullptr};
  req.path_params = match.params;
  http::Context ctx{req, &caller};
  http::Response res = match.route->handler(ctx);
  return {res.status, res.body, nlohmann::json::parse(res.body, nullptr, false)};
}

class RouteFixture : public ::testing::TestWithParam<store::Engine> {
 protected:
  // Opens the store and creates the teams and `projects` (slug → owner team slug).
  void SetUpCatalog(const std::vector<std::pair<std::string, std::string>>& projects = {
                        {"chat-gateway", "chat"}}) {
    auto opened = NewMigratedStore(GetParam());
    ASSERT_OK(opened);  // PostgreSQL must start: never skip
    store_ = std::move(*opened);
    audit_ = std::make_unique<audit::AuditLog>(store_.get(), &clock_);
    teams_ = std::make_unique<catalog::TeamStore>(store_.get(), &clock_);
    projects_ = std::make_unique<catalog::ProjectStore>(store_.get(), &clock_);
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      for (const char* slug : {"chat", "ads"}) {
        catalog::Team t{.slug = slug, .name = slug};
        if (auto s = teams_->Create(tx, t); !s.ok()) return s;
        team_ids_[slug] = t.id;
      }
      for (const auto& [slug, team] : projects) {
        catalog::Project p{.slug = slug, .name = slug};
        p.owner_team_id = team_ids_[team];
        p.created_by = "admin";
        if (auto s = projects_->Create(tx, p); !s.ok()) return s;
        project_ids_[slug] = p.id;
      }
      return absl::OkStatus();
    }));
    project_id_ = project_ids_[projects.front().first];
  }

  using Reply = RouteReply;
  Reply Call(const std::string& method, const std::string& target, const http::Caller& caller,
             const std::string& body = "", const std::string& content_type = "") {
    return CallRoute(router_, method, target, caller, body, content_type);
  }

  http::Caller Admin() const {
    return {.user_id = "u-admin", .login = "admin", .role = Role::kAdmin};
  }
  http::Caller Sre() const { return {.user_id = "u-sre", .login = "sre", .role = Role::kSre}; }
  http::Caller Viewer() const {
    return {.user_id = "u-viewer", .login = "viewer", .role = Role::kViewer};
  }
  http::Caller Developer(const std::string& team) {
    return {.user_id = "u-dev-" + team,
            .login = "dev-" + team,
            .role = Role::kDeveloper,
            .team_ids = {team_ids_[team]}};
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<catalog::TeamStore> teams_;
  std::unique_ptr<catalog::ProjectStore> projects_;
  http::Router router_;
  std::map<std::string, std::string> team_ids_;     // by slug
  std::map<std::string, std::string> project_ids_;  // by slug
  std::string project_id_;                          // of the first project
};

inline std::string EngineParamName(const ::testing::TestParamInfo<store::Engine>& info) {
  return EngineName(info.param);
}

}  // namespace paved::test_support
