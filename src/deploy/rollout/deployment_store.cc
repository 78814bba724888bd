#include "deploy/rollout/deployment_store.h"

#include <algorithm>

#include "auth/team_members.h"
#include "catalog/projects.h"
#include "core/status_macros.h"

namespace paved::deploy::rollout {
namespace {

std::string Columns() {
  return "SELECT d.id, d.request_id, d.project_id, p.slug, d.environment, d.cluster, d.region, "
         "d.digest, a.image, a.git_sha, d.spec_version, d.config_versions, d.secret_versions, "
         "d.namespace, d.manifests, d.manifest_hash, d.state, d.wave, d.requester, d.approver, "
         "d.reason, d.rollback_of, d.emergency, d.auto_rollback, d.error, d.created_at, "
         "d.approved_at, d.queued_at, d.started_at, d.finished_at FROM deployments d " +
         catalog::ProjectStore::JoinSql("p", "d.project_id") +
         "LEFT JOIN artifacts a ON a.project_id = d.project_id AND a.digest = d.digest ";
}

std::map<std::string, int64_t> VersionsFromText(const std::string& text) {
  std::map<std::string, int64_t> out;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return out;  // written by Insert only: cannot happen
  for (const auto& [k, v] : j.items()) {
    if (v.is_number_integer()) out[k] = v.get<int64_t>();
  }
  return out;
}

std::string VersionsToText(const std::map<std::string, int64_t>& v) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, n] : v) j[k] = n;
  return j.dump();
}

std::optional<int64_t> OptInt(const store::Row& r, const char* column) {
  if (r.IsNull(column)) return std::nullopt;
  return r.Int(column);
}

Deployment FromRow(const store::Row& r) {
  Deployment d;
  d.id = r.Text("id");
  d.request_id = r.Text("request_id");
  d.project_id = r.Text("project_id");
  d.project = r.Text("slug");
  d.environment = r.Text("environment");
  d.cluster = r.Text("cluster");
  d.region = r.Text("region");
  d.digest = r.Text("digest");
  d.image = r.Text("image");
  d.git_sha = r.Text("git_sha");
  d.spec_version = r.Int("spec_version");
  d.config_versions = VersionsFromText(r.Text("config_versions"));
  d.secret_versions = VersionsFromText(r.Text("secret_versions"));
  d.namespace_name = r.Text("namespace");
  d.manifests = r.Text("manifests");
  d.manifest_hash = r.Text("manifest_hash");
  d.state = ParseState(r.Text("state")).value_or(State::kFailed);
  d.wave = static_cast<int>(r.Int("wave"));
  d.requester = r.Text("requester");
  d.approver = r.Text("approver");
  d.reason = r.Text("reason");
  d.rollback_of = r.Text("rollback_of");
  d.emergency = r.Int("emergency") != 0;
  d.auto_rollback = r.Int("auto_rollback") != 0;
  d.error = r.Text("error");
  d.created_at_ms = r.Int("created_at");
  d.approved_at_ms = OptInt(r, "approved_at");
  d.queued_at_ms = OptInt(r, "queued_at");
  d.started_at_ms = OptInt(r, "started_at");
  d.finished_at_ms = OptInt(r, "finished_at");
  return d;
}

template <typename Q>
absl::StatusOr<std::vector<Deployment>> QueryDeployments(Q& q, const std::string& tail,
                                                         const store::Params& params) {
  ASSIGN_OR_RETURN(auto rs, q.Query(Columns() + tail, params));
  std::vector<Deployment> out;
  for (const auto& r : rs.rows) out.push_back(FromRow(r));
  return out;
}

template <typename Q>
absl::StatusOr<std::optional<Deployment>> First(Q& q, const std::string& tail,
                                                const store::Params& params) {
  ASSIGN_OR_RETURN(auto list, QueryDeployments(q, tail + " LIMIT 1", params));
  if (list.empty()) return std::nullopt;
  return list.front();
}

template <typename Q>
absl::Status FillSteps(Q& q, Deployment& d) {
  ASSIGN_OR_RETURN(auto rs, q.Query("SELECT step, done_at, detail FROM deployment_steps WHERE "
                                    "deployment_id = $1 ORDER BY done_at, step",
                                    {d.id}));
  for (const auto& r : rs.rows) {
    d.steps.push_back({r.Text("step"), r.Int("done_at"), r.Text("detail")});
  }
  return absl::OkStatus();
}

const char* TimestampColumn(State to) {
  switch (to) {
    case State::kQueued:
      return "queued_at";
    case State::kRollingOut:
      return "started_at";
    case State::kPendingApproval:
    case State::kWaiting:
    case State::kRolledBack:  // keeps the finished_at of its own rollout
      return nullptr;
    default:
      return "finished_at";
  }
}

}  // namespace

absl::Status DeploymentStore::Insert(store::Tx& tx, const Deployment& d) {
  auto opt = [](const std::optional<int64_t>& v) { return v ? store::Value(*v) : store::Null(); };
  return tx
      .Query(
          "INSERT INTO deployments (id, request_id, project_id, environment, cluster, region, "
          "digest, spec_version, config_versions, secret_versions, namespace, manifests, "
          "manifest_hash, state, wave, requester, approver, reason, rollback_of, emergency, "
          "auto_rollback, error, created_at, approved_at, queued_at) VALUES ($1, $2, $3, $4, $5, "
          "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, "
          "$24, $25)",
          {d.id,
           d.request_id,
           d.project_id,
           d.environment,
           d.cluster,
           d.region,
           d.digest,
           d.spec_version,
           VersionsToText(d.config_versions),
           VersionsToText(d.secret_versions),
           d.namespace_name,
           d.manifests,
           d.manifest_hash,
           std::string(StateName(d.state)),
           static_cast<int64_t>(d.wave),
           d.requester,
           d.approver,
           d.reason,
           d.rollback_of,
           static_cast<int64_t>(d.emergency),
           static_cast<int64_t>(d.auto_rollback),
           d.error,
           d.created_at_ms,
           opt(d.approved_at_ms),
           opt(d.queued_at_ms)})
      .status();
}

absl::StatusOr<Deployment> DeploymentStore::Get(const std::string& id,
                                                const std::string& project_id) {
  ASSIGN_OR_RETURN(auto d, First(*store_, "WHERE d.id = $1", {id}));
  if (!d || (!project_id.empty() && d->project_id != project_id)) {
    return absl::NotFoundError("no deployment " + id);
  }
  RETURN_IF_ERROR(FillSteps(*store_, *d));
  return *d;
}

absl::StatusOr<Deployment> DeploymentStore::Get(store::Tx& tx, const std::string& id) {
  ASSIGN_OR_RETURN(auto d, First(tx, "WHERE d.id = $1", {id}));
  if (!d) return absl::NotFoundError("no deployment " + id);
  RETURN_IF_ERROR(FillSteps(tx, *d));
  return *d;
}

absl::StatusOr<std::vector<DeployedNamespace>> DeploymentStore::DeployedNamespaces(
    const std::string& project_id) {
  std::string sql =
      "SELECT DISTINCT project_id, cluster, namespace FROM deployments WHERE state = $1";
  store::Params params = {std::string(StateName(State::kSucceeded))};
  if (!project_id.empty()) {
    sql += " AND project_id = $2";
    params.push_back(project_id);
  }
  ASSIGN_OR_RETURN(auto rs,
                   store_->Query(sql + " ORDER BY project_id, cluster, namespace", params));
  std::vector<DeployedNamespace> out;
  out.reserve(rs.rows.size());
  for (const auto& r : rs.rows) {
    out.push_back({r.Text("project_id"), r.Text("cluster"), r.Text("namespace")});
  }
  return out;
}

absl::StatusOr<std::vector<Deployment>> DeploymentStore::List(const DeploymentFilter& f) {
  std::string where = "WHERE d.project_id = $1";
  store::Params params = {f.project_id};
  auto add = [&](const char* column, const std::string& value) {
    params.push_back(value);
    where += std::string(" AND ") + column + " = $" + std::to_string(params.size());
  };
  if (!f.environment.empty()) add("d.environment", f.environment);
  if (!f.cluster.empty()) add("d.cluster", f.cluster);
  if (f.state) add("d.state", StateName(*f.state));
  if (!f.cursor.empty()) {
    params.push_back(f.cursor);
    where += " AND (d.created_at, d.id) < (SELECT created_at, id FROM deployments WHERE id = $" +
             std::to_string(params.size()) + ")";
  }
  params.push_back(static_cast<int64_t>(f.limit));
  return QueryDeployments(
      *store_,
      where + " ORDER BY d.created_at DESC, d.id DESC LIMIT $" + std::to_string(params.size()),
      params);
}

absl::StatusOr<std::vector<Deployment>> DeploymentStore::ByRequest(store::Tx& tx,
                                                                   const std::string& request_id) {
  return QueryDeployments(tx, "WHERE d.request_id = $1 ORDER BY d.wave, d.cluster", {request_id});
}

absl::StatusOr<bool> DeploymentStore::Transition(store::Tx& tx, const std::string& id, State from,
                                                 State to, const TransitionFields& fields) {
  int64_t now = clock_->NowMs();
  std::string sql = "UPDATE deployments SET state = $3";
  store::Params params = {id, std::string(StateName(from)), std::string(StateName(to))};
  if (const char* column = TimestampColumn(to)) {
    params.push_back(now);
    sql += std::string(", ") + column + " = $" + std::to_string(params.size());
  }
  if (!fields.approver.empty()) {
    params.push_back(fields.approver);
    params.push_back(now);
    sql += ", approver = $" + std::to_string(params.size() - 1) + ", approved_at = $" +
           std::to_string(params.size());
  }
  if (!fields.error.empty()) {
    params.push_back(fields.error);
    sql += ", error = $" + std::to_string(params.size());
  }
  ASSIGN_OR_RETURN(auto rs, tx.Query(sql + " WHERE id = $1 AND state = $2", params));
  return rs.affected == 1;
}

absl::Status DeploymentStore::RecordStep(const std::string& id, const std::string& step,
                                         const std::string& detail) {
  return store_
      ->Query(
          "INSERT INTO deployment_steps (deployment_id, step, done_at, detail) VALUES ($1, $2, $3, "
          "$4) ON CONFLICT DO NOTHING",
          {id, step, clock_->NowMs(), detail})
      .status();
}

absl::StatusOr<bool> DeploymentStore::StepDone(const std::string& id, const std::string& step) {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT 1 AS one FROM deployment_steps WHERE "
                                          "deployment_id = $1 AND step = $2",
                                          {id, step}));
  return !rs.empty();
}

absl::StatusOr<std::optional<Deployment>> DeploymentStore::RollingOut(store::Tx& tx,
                                                                      const std::string& project_id,
                                                                      const std::string& cluster) {
  return First(tx,
               "WHERE d.project_id = $1 AND d.cluster = $2 AND d.state = 'rolling_out' "
               "ORDER BY d.started_at",
               {project_id, cluster});
}

absl::StatusOr<std::optional<Deployment>> DeploymentStore::NextQueued(store::Tx& tx,
                                                                      const std::string& project_id,
                                                                      const std::string& cluster) {
  ASSIGN_OR_RETURN(auto rolling, RollingOut(tx, project_id, cluster));
  if (rolling) return std::nullopt;
  return First(tx,
               "WHERE d.project_id = $1 AND d.cluster = $2 AND d.state = 'queued' "
               "ORDER BY d.queued_at, d.id",
               {project_id, cluster});
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> DeploymentStore::StalledQueues(
    store::Tx& tx) {
  ASSIGN_OR_RETURN(store::ResultSet rows,
                   tx.Query("SELECT DISTINCT q.project_id, q.cluster FROM deployments q "
                            "WHERE q.state = 'queued' AND NOT EXISTS (SELECT 1 FROM deployments r "
                            "WHERE r.project_id = q.project_id AND r.cluster = q.cluster AND "
                            "r.state = 'rolling_out') ORDER BY q.project_id, q.cluster"));
  std::vector<std::pair<std::string, std::string>> out;
  for (const store::Row& row : rows.rows) {
    out.emplace_back(row.Text("project_id"), row.Text("cluster"));
  }
  return out;
}

absl::StatusOr<std::optional<Deployment>> DeploymentStore::LatestSucceeded(
    store::Tx& tx, const std::string& project_id, const std::string& cluster,
    const std::vector<std::string>& except) {
  ASSIGN_OR_RETURN(auto list,
                   QueryDeployments(tx,
                                    "WHERE d.project_id = $1 AND d.cluster = $2 AND "
                                    "d.state = 'succeeded' ORDER BY d.finished_at DESC, d.id DESC",
                                    {project_id, cluster}));
  for (auto& d : list) {
    if (std::find(except.begin(), except.end(), d.id) == except.end()) return d;
  }
  return std::nullopt;
}

absl::StatusOr<std::optional<Deployment>> DeploymentStore::RanBefore(store::Tx& tx,
                                                                     const Deployment& d) {
  return First(tx,
               "WHERE d.project_id = $1 AND d.cluster = $2 AND d.id <> $3 AND d.started_at IS NOT "
               "NULL AND d.state IN ('succeeded', 'failed', 'rolled_back') ORDER BY d.started_at "
               "DESC, d.id DESC",
               {d.project_id, d.cluster, d.id});
}

absl::StatusOr<bool> DeploymentStore::SucceededIn(store::Tx& tx, const std::string& project_id,
                                                  const std::string& environment,
                                                  const std::string& digest) {
  ASSIGN_OR_RETURN(auto rs, tx.Query("SELECT 1 AS one FROM deployments WHERE project_id = $1 "
                                     "AND environment = $2 AND digest = $3 AND state IN "
                                     "('succeeded', 'rolled_back') LIMIT 1",
                                     {project_id, environment, digest}));
  return !rs.empty();
}

absl::StatusOr<std::vector<Deployment>> DeploymentStore::PendingApproval(
    bool all, const std::string& lead_user_id) {
  if (all) {
    return QueryDeployments(*store_,
                            "WHERE d.state = 'pending_approval' ORDER BY d.created_at, d.id", {});
  }
  return QueryDeployments(*store_,
                          "WHERE d.state = 'pending_approval' AND " +
                              auth::TeamMembers::LeadsTeamCondition("p.owner_team_id", "$1") +
                              " ORDER BY d.created_at, d.id",
                          {lead_user_id});
}

absl::StatusOr<std::vector<Deployment>> DeploymentStore::Latest(const std::string& team_id,
                                                                const std::string& project_id) {
  std::string where =
      "WHERE d.id = (SELECT d2.id FROM deployments d2 WHERE d2.project_id = d.project_id AND "
      "d2.cluster = d.cluster ORDER BY d2.created_at DESC, d2.id DESC LIMIT 1)";
  store::Params params;
  if (!team_id.empty()) {
    params.push_back(team_id);
    where += " AND p.owner_team_id = $1";
  }
  if (!project_id.empty()) {
    params.push_back(project_id);
    where += " AND d.project_id = $" + std::to_string(params.size());
  }
  return QueryDeployments(*store_, where + " ORDER BY p.slug, d.cluster", params);
}

}  // namespace paved::deploy::rollout
