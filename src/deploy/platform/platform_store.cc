#include "deploy/platform/platform_store.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_join.h"
#include "catalog/projects.h"
#include "core/error.h"
#include "core/status_macros.h"

namespace paved::deploy::platform {
namespace {

constexpr char kEnvironmentColumns[] = "SELECT name, position, production FROM environments ";

// Clusters joined with their environment, for ordering by promotion order.
constexpr char kClusterColumns[] =
    "SELECT c.name, c.region, c.environment, c.runtime, c.endpoint, c.credentials, c.mesh, "
    "c.zones, c.teams, c.kubernetes_version FROM clusters c JOIN environments e ON e.name = "
    "c.environment ";
constexpr char kClusterOrder[] = " ORDER BY e.position, e.name, c.name";

Environment EnvironmentFromRow(const store::Row& r) {
  return {.name = r.Text("name"),
          .position = static_cast<int>(r.Int("position")),
          .production = r.Int("production") != 0};
}

std::vector<std::string> StringsFromText(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;  // written by PutCluster only: cannot happen
  for (const auto& z : j) {
    if (z.is_string()) out.push_back(z.get<std::string>());
  }
  return out;
}

Cluster ClusterFromRow(const store::Row& r) {
  return {.name = r.Text("name"),
          .region = r.Text("region"),
          .environment = r.Text("environment"),
          .runtime = r.Text("runtime"),
          .endpoint = r.Text("endpoint"),
          .credentials = r.Text("credentials"),
          .mesh = r.Text("mesh"),
          .zones = StringsFromText(r.Text("zones")),
          .kubernetes_version = r.Text("kubernetes_version"),
          .teams = StringsFromText(r.Text("teams"))};
}

template <typename Q>
absl::StatusOr<std::vector<Environment>> QueryEnvironments(Q& q, const std::string& where,
                                                           const store::Params& params) {
  ASSIGN_OR_RETURN(auto rs, q.Query(kEnvironmentColumns + where, params));
  std::vector<Environment> out;
  for (const auto& r : rs.rows) out.push_back(EnvironmentFromRow(r));
  return out;
}

template <typename Q>
absl::StatusOr<std::vector<Cluster>> QueryClusters(Q& q, const std::string& where,
                                                   const store::Params& params) {
  ASSIGN_OR_RETURN(auto rs, q.Query(kClusterColumns + where + kClusterOrder, params));
  std::vector<Cluster> out;
  for (const auto& r : rs.rows) out.push_back(ClusterFromRow(r));
  return out;
}

template <typename Q>
absl::StatusOr<Environment> OneEnvironment(Q& q, const std::string& name) {
  ASSIGN_OR_RETURN(auto list, QueryEnvironments(q, "WHERE name = $1", {name}));
  if (list.empty()) return absl::NotFoundError("no environment " + name);
  return list.front();
}

template <typename Q>
absl::StatusOr<Cluster> OneCluster(Q& q, const std::string& name) {
  ASSIGN_OR_RETURN(auto list, QueryClusters(q, "WHERE c.name = $1", {name}));
  if (list.empty()) return absl::NotFoundError("no cluster " + name);
  return list.front();
}

template <typename Q>
absl::StatusOr<std::vector<Cluster>> QueryTargets(Q& q, const std::string& project_id) {
  return QueryClusters(q, "JOIN project_targets t ON t.cluster = c.name WHERE t.project_id = $1",
                       {project_id});
}

// The first `limit` values of one text column, for "in use by ..." messages.
absl::StatusOr<std::vector<std::string>> Names(store::Tx& tx, const std::string& sql,
                                               const std::string& param) {
  ASSIGN_OR_RETURN(auto rs, tx.Query(sql, {param}));
  std::vector<std::string> out;
  for (const auto& r : rs.rows) out.push_back(r.Text("name"));
  return out;
}

}  // namespace

nlohmann::json EnvironmentToJson(const Environment& e) {
  return {{"name", e.name}, {"position", e.position}, {"production", e.production}};
}

absl::Status CheckClusterAcceptsTeam(const Cluster& c, const std::string& team_slug) {
  if (c.teams.empty() || std::find(c.teams.begin(), c.teams.end(), team_slug) != c.teams.end()) {
    return absl::OkStatus();
  }
  return DomainError(absl::StatusCode::kPermissionDenied, "forbidden",
                     "cluster " + c.name + " takes projects of teams " +
                         absl::StrJoin(c.teams, ", ") + " only, not of " + team_slug,
                     "clusters");
}

nlohmann::json ClusterToJson(const Cluster& c, bool with_credentials) {
  nlohmann::json j = {{"name", c.name},
                      {"region", c.region},
                      {"environment", c.environment},
                      {"runtime", c.runtime},
                      {"endpoint", c.endpoint},
                      {"mesh", c.mesh},
                      {"zones", c.zones},
                      {"teams", c.teams},
                      {"kubernetes_version", c.kubernetes_version}};
  if (with_credentials) j["credentials"] = c.credentials;
  return j;
}

absl::StatusOr<std::vector<Environment>> PlatformStore::Environments() {
  return QueryEnvironments(*store_, "ORDER BY position, name", {});
}

absl::StatusOr<Environment> PlatformStore::GetEnvironment(const std::string& name) {
  return OneEnvironment(*store_, name);
}

absl::StatusOr<Environment> PlatformStore::GetEnvironment(store::Tx& tx, const std::string& name) {
  return OneEnvironment(tx, name);
}

absl::Status PlatformStore::PutEnvironment(store::Tx& tx, const Environment& e) {
  return tx
      .Query(
          "INSERT INTO environments (name, position, production) VALUES ($1, $2, $3) "
          "ON CONFLICT (name) DO UPDATE SET position = excluded.position, "
          "production = excluded.production",
          {e.name, int64_t{e.position}, int64_t{e.production ? 1 : 0}})
      .status();
}

absl::Status PlatformStore::DeleteEnvironment(store::Tx& tx, const std::string& name) {
  ASSIGN_OR_RETURN(auto users, Names(tx,
                                     "SELECT name FROM clusters WHERE environment = $1 "
                                     "ORDER BY name LIMIT 5",
                                     name));
  if (!users.empty()) {
    return absl::FailedPreconditionError("environment " + name + " is used by cluster(s) " +
                                         absl::StrJoin(users, ", "));
  }
  ASSIGN_OR_RETURN(auto rs, tx.Query("DELETE FROM environments WHERE name = $1", {name}));
  if (rs.affected == 0) return absl::NotFoundError("no environment " + name);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Cluster>> PlatformStore::Clusters() {
  return QueryClusters(*store_, "", {});
}

absl::StatusOr<std::vector<Cluster>> PlatformStore::Clusters(store::Tx& tx) {
  return QueryClusters(tx, "", {});
}

absl::StatusOr<Cluster> PlatformStore::GetCluster(const std::string& name) {
  return OneCluster(*store_, name);
}

absl::StatusOr<Cluster> PlatformStore::GetCluster(store::Tx& tx, const std::string& name) {
  return OneCluster(tx, name);
}

absl::Status PlatformStore::PutCluster(store::Tx& tx, const Cluster& c) {
  // Checked first: a failed foreign key would abort a PostgreSQL transaction.
  auto env = OneEnvironment(tx, c.environment);
  if (absl::IsNotFound(env.status())) {
    return DomainError(absl::StatusCode::kNotFound, "not_found", "no environment " + c.environment,
                       "environment");
  }
  RETURN_IF_ERROR(env.status());
  return tx
      .Query(
          "INSERT INTO clusters (name, region, environment, runtime, endpoint, credentials, mesh, "
          "zones, teams, kubernetes_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
          "ON CONFLICT (name) DO UPDATE "
          "SET region = excluded.region, environment = excluded.environment, "
          "runtime = excluded.runtime, endpoint = excluded.endpoint, "
          "credentials = excluded.credentials, mesh = excluded.mesh, zones = excluded.zones, "
          "teams = excluded.teams, kubernetes_version = excluded.kubernetes_version",
          {c.name, c.region, c.environment, c.runtime, c.endpoint, c.credentials, c.mesh,
           nlohmann::json(c.zones).dump(), nlohmann::json(c.teams).dump(), c.kubernetes_version})
      .status();
}

absl::Status PlatformStore::DeleteCluster(store::Tx& tx, const std::string& name) {
  ASSIGN_OR_RETURN(auto users, Names(tx,
                                     "SELECT p.slug AS name FROM project_targets t " +
                                         catalog::ProjectStore::JoinSql("p", "t.project_id") +
                                         "WHERE t.cluster = $1 ORDER BY p.slug LIMIT 5",
                                     name));
  if (!users.empty()) {
    return absl::FailedPreconditionError("cluster " + name + " is a target of project(s) " +
                                         absl::StrJoin(users, ", "));
  }
  ASSIGN_OR_RETURN(auto rs, tx.Query("DELETE FROM clusters WHERE name = $1", {name}));
  if (rs.affected == 0) return absl::NotFoundError("no cluster " + name);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Cluster>> PlatformStore::Targets(const std::string& project_id) {
  return QueryTargets(*store_, project_id);
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> PlatformStore::AllTargets() {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT project_id, cluster FROM project_targets "
                                          "ORDER BY project_id, cluster"));
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(rs.rows.size());
  for (const auto& r : rs.rows) out.emplace_back(r.Text("project_id"), r.Text("cluster"));
  return out;
}

absl::StatusOr<std::vector<Cluster>> PlatformStore::Targets(store::Tx& tx,
                                                            const std::string& project_id) {
  return QueryTargets(tx, project_id);
}

absl::Status PlatformStore::SetTargets(store::Tx& tx, const std::string& project_id,
                                       const std::vector<std::string>& clusters) {
  // Concurrent replacements apply one after the other.
  RETURN_IF_ERROR(catalog::ProjectStore::LockForUpdate(tx, project_id));
  std::set<std::string> seen;
  for (const auto& name : clusters) {
    if (!seen.insert(name).second) continue;
    ASSIGN_OR_RETURN(auto rs, tx.Query("SELECT name FROM clusters WHERE name = $1", {name}));
    if (rs.empty()) {
      return DomainError(absl::StatusCode::kNotFound, "not_found", "no cluster " + name,
                         "clusters");
    }
  }
  RETURN_IF_ERROR(
      tx.Query("DELETE FROM project_targets WHERE project_id = $1", {project_id}).status());
  for (const auto& name : seen) {
    RETURN_IF_ERROR(tx.Query("INSERT INTO project_targets (project_id, cluster) VALUES ($1, $2) "
                             "ON CONFLICT DO NOTHING",
                             {project_id, name})
                        .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::set<std::string>> PlatformStore::ProjectsWithProductionTarget() {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT DISTINCT t.project_id FROM project_targets t "
                                          "JOIN clusters c ON c.name = t.cluster "
                                          "JOIN environments e ON e.name = c.environment "
                                          "WHERE e.production = 1"));
  std::set<std::string> out;
  for (const auto& r : rs.rows) out.insert(r.Text("project_id"));
  return out;
}

catalog::ContributedScoreCheck ProductionTargetScoreCheck(PlatformStore* platform) {
  return {.id = "has_production_target",
          .title = "Has a production deployment target",
          .passing = [platform] { return platform->ProjectsWithProductionTarget(); }};
}

}  // namespace paved::deploy::platform
