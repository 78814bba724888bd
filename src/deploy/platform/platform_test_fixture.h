#pragma once

// Test-only: a migrated store on either engine with teams "chat" and "ads", projects
// "chat-gateway" (chat) and "ads-api" (ads), a PlatformStore and the platform routes on a Router.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "audit/audit_log.h"
#include "auth/permissions.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "deploy/platform/platform_routes.h"
#include "deploy/platform/platform_store.h"
#include "http/message.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::deploy::platform::testing {

class PlatformFixture : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto opened = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(opened);  // PostgreSQL must start: never skip
    store_ = std::move(*opened);
    audit_ = std::make_unique<audit::AuditLog>(store_.get(), &clock_);
    teams_ = std::make_unique<catalog::TeamStore>(store_.get(), &clock_);
    projects_ = std::make_unique<catalog::ProjectStore>(store_.get(), &clock_);
    platform_ = std::make_unique<PlatformStore>(store_.get(), &clock_);
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      for (const char* slug : {"chat", "ads"}) {
        catalog::Team t{.slug = slug, .name = slug};
        if (auto s = teams_->Create(tx, t); !s.ok()) return s;
        team_ids_[slug] = t.id;
      }
      for (auto [slug, team] : {std::pair{"chat-gateway", "chat"}, std::pair{"ads-api", "ads"}}) {
        catalog::Project p{.slug = slug, .name = slug};
        p.owner_team_id = team_ids_[team];
        p.created_by = "admin";
        if (auto s = projects_->Create(tx, p); !s.ok()) return s;
        project_ids_[slug] = p.id;
      }
      return absl::OkStatus();
    }));
    RegisterPlatformRoutes(router_, {.store = store_.get(),
                                     .projects = projects_.get(),
                                     .audit = audit_.get(),
                                     .clock = &clock_,
                                     .policy = &policy_});
  }

  struct Reply {
    int status = 0;
    std::string body;
    nlohmann::json json;
  };
  // Calls a route the way the server's dispatcher does (route access check included), minus
  // authentication.
  Reply Call(const std::string& method, const std::string& target, const http::Caller& caller,
             const std::string& body = "") {
    http::Request req = http::MakeRequest(method, target, body);
    auto match = router_.Find(method, req.path);
    if (!match.route) return {404, "", nullptr};
    if (!auth::AccessAllows(match.route->access, &caller)) return {403, "", nullptr};
    req.path_params = match.params;
    http::Context ctx{req, &caller};
    http::Response res = match.route->handler(ctx);
    return {res.status, res.body, nlohmann::json::parse(res.body, nullptr, false)};
  }
  Reply Call(const std::string& method, const std::string& target, const http::Caller& caller,
             const nlohmann::json& body) {
    return Call(method, target, caller, body.dump());
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

  std::vector<audit::Event> Events() {
    auto events = audit_->List({.limit = 500});
    EXPECT_TRUE(events.ok()) << events.status();
    return events.value_or(std::vector<audit::Event>{});
  }

  // Runs `fn` in a transaction and returns its status.
  template <typename Fn>
  absl::Status InTx(Fn fn) {
    return store_->Transaction([&](store::Tx& tx) -> absl::Status { return fn(tx); });
  }

  FakeClock clock_;
  policy::PolicyConfig policy_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<catalog::TeamStore> teams_;
  std::unique_ptr<catalog::ProjectStore> projects_;
  std::unique_ptr<PlatformStore> platform_;
  http::Router router_;
  std::map<std::string, std::string> team_ids_;
  std::map<std::string, std::string> project_ids_;
};

inline std::string EngineParamName(const ::testing::TestParamInfo<store::Engine>& info) {
  return test_support::EngineName(info.param);
}

}  // namespace paved::deploy::platform::testing
