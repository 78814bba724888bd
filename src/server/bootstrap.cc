#include "server/bootstrap.h"

#include <cstdio>

#include "auth/password.h"
#include "core/random.h"
#include "core/status_macros.h"

namespace paved::server {

absl::Status EnsureAdmin(store::Store& store, auth::UserStore& users, audit::AuditLog& audit,
                         const std::string& configured_password) {
  ASSIGN_OR_RETURN(auto existing, users.FindByLogin("admin"));
  if (existing) return absl::OkStatus();
  std::string password = configured_password.empty() ? RandomToken(15) : configured_password;
  ASSIGN_OR_RETURN(std::string hash, auth::HashPassword(password));
  absl::Status s = store.Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(users.Create(tx, "admin", hash, Role::kAdmin).status());
    return audit.Append(tx, "system", "user.create", "user:admin", {{"role", "admin"}});
  });
  // Another replica created it first: that one's password stands.
  if (absl::IsAlreadyExists(s)) return absl::OkStatus();
  RETURN_IF_ERROR(s);
  if (configured_password.empty()) {
    std::printf("created user admin with password %s (shown once; change it after logging in)\n",
                password.c_str());
  } else {
    std::printf("created user admin with the password from PAVED_ADMIN_PASSWORD\n");
  }
  std::fflush(stdout);
  return absl::OkStatus();
}

namespace {

// A spec that runs on the local runtime with nothing but Python installed.
constexpr char kDemoSpec[] = R"(apiVersion: paved.dev/v1
services:
  web:
    image: registry.example.com/chat-gateway
    port: 8080
    replicas: {alpha: 1, production: 2}
    resources: {cpu: 250m, memory: 256Mi}
    health: {path: /}
    env: {LOG_LEVEL: info}
    config: [app-config]
    environments:
      production: {env: {LOG_LEVEL: warn}}
local:
  web: {command: [python3, -m, http.server, "${PORT}"]}
)";

// Paved's own spec: it is not deployed by Paved, but its Monitoring tab reads Paved's own
// requests, which the demo's Prometheus scrapes with these labels (scripts/demo-prometheus.yml).
constexpr char kPavedSpec[] = R"(apiVersion: paved.dev/v1
services:
  paved:
    image: registry.example.com/paved
    port: 8080
monitoring:
  metrics:
    source: app
    requests_total: paved_http_requests_total
    duration_bucket: paved_http_request_duration_seconds_bucket
    status_label: status
  slo: {availability: 99.9, latency: {percent: 99, ms: 250}}
)";

absl::Status SeedPavedSpec(store::Tx& tx, const std::string& project_id,
                           const DemoDeployStores& deploy, audit::AuditLog& audit) {
  bool created = false;
  RETURN_IF_ERROR(
      deploy.specs->Put(tx, project_id, kPavedSpec, "system", "demo spec", &created).status());
  RETURN_IF_ERROR(deploy.platform->SetTargets(tx, project_id, {"local-production"}));
  return audit.Append(tx, "system", "spec.push", "project:paved", {{"version", 1}, {"demo", true}});
}

absl::Status SeedDemoDeploy(store::Tx& tx, const std::string& project_id,
                            const DemoDeployStores& deploy, audit::AuditLog& audit) {
  bool created = false;
  RETURN_IF_ERROR(
      deploy.specs->Put(tx, project_id, kDemoSpec, "system", "demo spec", &created).status());
  for (const char* env : {"alpha", "production"}) {
    RETURN_IF_ERROR(deploy.config
                        ->Put(tx, project_id, env, "app-config",
                              {.data = {{"GREETING", "hello from " + std::string(env)}}}, "system",
                              "demo config")
                        .status());
  }
  RETURN_IF_ERROR(deploy.platform->SetTargets(tx, project_id, {"local-alpha", "local-production"}));
  return audit.Append(tx, "system", "spec.push", "project:chat-gateway",
                      {{"version", 1}, {"demo", true}});
}

}  // namespace

absl::Status SeedDemoData(store::Store& store, catalog::TeamStore& teams,
                          catalog::ProjectStore& projects, audit::AuditLog& audit,
                          const DemoDeployStores& deploy) {
  ASSIGN_OR_RETURN(auto any, teams.List({.limit = 1}));
  if (!any.empty()) return absl::OkStatus();
  struct DemoProject {
    const char *slug, *name, *description, *team;
  };
  const std::vector<catalog::Team> demo_teams = {
      {.slug = "platform",
       .name = "Platform",
       .description = "Runs the paved road",
       .chat_channel = "#platform"},
      {.slug = "chat-platform",
       .name = "Chat Platform",
       .description = "Messaging backend",
       .chat_channel = "#chat-platform"},
      {.slug = "ads",
       .name = "Ads",
       .description = "Ads serving and reporting",
       .chat_channel = "#ads-dev"},
  };
  const std::vector<DemoProject> demo_projects = {
      {"chat-gateway", "Chat gateway", "WebSocket edge for chat clients", "chat-platform"},
      {"chat-consumer", "Chat consumer", "Delivers queued chat messages", "chat-platform"},
      {"ads-api", "Ads API", "Serves ads to the apps", "ads"},
      {"paved", "Paved", "This platform", "platform"},
  };
  absl::Status s = store.Transaction([&](store::Tx& tx) -> absl::Status {
    std::map<std::string, std::string> team_ids;
    for (catalog::Team t : demo_teams) {
      RETURN_IF_ERROR(teams.Create(tx, t));
      team_ids[t.slug] = t.id;
      RETURN_IF_ERROR(audit.Append(tx, "system", "team.create", "team:" + t.slug,
                                   {{"name", t.name}, {"demo", true}}));
    }
    for (const DemoProject& d : demo_projects) {
      catalog::Project p{.slug = d.slug,
                         .name = d.name,
                         .description = d.description,
                         .owner_team_id = team_ids[d.team],
                         .created_by = "system"};
      RETURN_IF_ERROR(projects.Create(tx, p));
      RETURN_IF_ERROR(audit.Append(tx, "system", "project.create", "project:" + p.slug,
                                   {{"name", p.name}, {"owner_team", d.team}, {"demo", true}}));
      if (p.slug == "chat-gateway") RETURN_IF_ERROR(SeedDemoDeploy(tx, p.id, deploy, audit));
      if (p.slug == "paved") RETURN_IF_ERROR(SeedPavedSpec(tx, p.id, deploy, audit));
    }
    return absl::OkStatus();
  });
  if (absl::IsAlreadyExists(s)) return absl::OkStatus();  // a replica seeded concurrently
  return s;
}

}  // namespace paved::server
