// PlatformStore: policy exceptions (table policy_exceptions).

#include "catalog/projects.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "deploy/platform/platform_store.h"

namespace paved::deploy::platform {
namespace {

std::string Columns() {
  return "SELECT x.id, x.project_id, p.slug, x.rule, x.reason, x.approved_by, x.expires_at, "
         "x.created_at, x.revoked_at, x.revoked_by FROM policy_exceptions x " +
         catalog::ProjectStore::JoinSql("p", "x.project_id");
}
constexpr char kNewestFirst[] = " ORDER BY x.created_at DESC, x.id DESC";

StoredException FromRow(const store::Row& r, int64_t now_ms) {
  StoredException e{.id = r.Text("id"),
                    .exception = {.rule = r.Text("rule"),
                                  .project = r.Text("slug"),
                                  .reason = r.Text("reason"),
                                  .approved_by = r.Text("approved_by"),
                                  .expires_at_ms = r.Int("expires_at")},
                    .project_id = r.Text("project_id"),
                    .created_at_ms = r.Int("created_at"),
                    .revoked_by = r.Text("revoked_by")};
  if (!r.IsNull("revoked_at")) e.revoked_at_ms = r.Int("revoked_at");
  e.active = !e.revoked_at_ms && now_ms < e.exception.expires_at_ms;
  return e;
}

template <typename Q>
absl::StatusOr<std::vector<StoredException>> QueryExceptions(Q& q, const std::string& where,
                                                             const store::Params& params,
                                                             int64_t now_ms) {
  ASSIGN_OR_RETURN(auto rs, q.Query(Columns() + where + kNewestFirst, params));
  std::vector<StoredException> out;
  for (const auto& r : rs.rows) out.push_back(FromRow(r, now_ms));
  return out;
}

template <typename Q>
absl::StatusOr<StoredException> OneException(Q& q, const std::string& project_id,
                                             const std::string& id, int64_t now_ms) {
  ASSIGN_OR_RETURN(auto list, QueryExceptions(q, "WHERE x.project_id = $1 AND x.id = $2",
                                              {project_id, id}, now_ms));
  if (list.empty()) return absl::NotFoundError("no exception " + id + " for this project");
  return list.front();
}

absl::Status CheckNew(const policy::PolicyException& e, int64_t now_ms) {
  if (e.rule.empty()) return absl::InvalidArgumentError("an exception needs a rule");
  if (e.reason.empty()) return absl::InvalidArgumentError("an exception needs a reason");
  if (e.approved_by.empty()) return absl::InvalidArgumentError("an exception needs an approver");
  if (e.expires_at_ms <= now_ms) {
    return absl::InvalidArgumentError("an exception must expire in the future");
  }
  return absl::OkStatus();
}

}  // namespace

nlohmann::json StoredExceptionToJson(const StoredException& e) {
  return {{"id", e.id},
          {"project", e.exception.project},
          {"rule", e.exception.rule},
          {"reason", e.exception.reason},
          {"approved_by", e.exception.approved_by},
          {"expires_at", FormatTimeMs(e.exception.expires_at_ms)},
          {"created_at", FormatTimeMs(e.created_at_ms)},
          {"revoked_at", e.revoked_at_ms ? nlohmann::json(FormatTimeMs(*e.revoked_at_ms))
                                         : nlohmann::json(nullptr)},
          {"revoked_by", e.revoked_by},
          {"active", e.active}};
}

absl::StatusOr<std::vector<StoredException>> PlatformStore::Exceptions(
    const std::string& project_id) {
  return QueryExceptions(*store_, "WHERE x.project_id = $1", {project_id}, clock_->NowMs());
}

absl::StatusOr<StoredException> PlatformStore::GetException(const std::string& project_id,
                                                            const std::string& id) {
  return OneException(*store_, project_id, id, clock_->NowMs());
}

absl::StatusOr<std::vector<policy::PolicyException>> PlatformStore::ActiveExceptions(
    const std::string& project_id, int64_t now_ms) {
  ASSIGN_OR_RETURN(auto list, QueryExceptions(*store_,
                                              "WHERE x.project_id = $1 AND x.revoked_at IS NULL "
                                              "AND x.expires_at > $2",
                                              {project_id, now_ms}, now_ms));
  std::vector<policy::PolicyException> out;
  for (auto& e : list) out.push_back(std::move(e.exception));
  return out;
}

absl::StatusOr<StoredException> PlatformStore::AddException(store::Tx& tx,
                                                            const std::string& project_id,
                                                            const policy::PolicyException& e) {
  int64_t now = clock_->NowMs();
  RETURN_IF_ERROR(CheckNew(e, now));
  RETURN_IF_ERROR(catalog::ProjectStore::CheckExists(tx, project_id));
  std::string id = NewId();
  RETURN_IF_ERROR(tx.Query("INSERT INTO policy_exceptions (id, project_id, rule, reason, "
                           "approved_by, expires_at, created_at) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                           {id, project_id, e.rule, e.reason, e.approved_by, e.expires_at_ms, now})
                      .status());
  return OneException(tx, project_id, id, now);
}

absl::StatusOr<StoredException> PlatformStore::RevokeException(store::Tx& tx,
                                                               const std::string& project_id,
                                                               const std::string& id,
                                                               const std::string& by) {
  int64_t now = clock_->NowMs();
  std::string lock = "SELECT revoked_at FROM policy_exceptions WHERE id = $1 AND project_id = $2";
  lock += tx.ForUpdate();
  ASSIGN_OR_RETURN(auto rs, tx.Query(lock, {id, project_id}));
  if (rs.empty()) return absl::NotFoundError("no exception " + id + " for this project");
  if (!rs.front().IsNull("revoked_at")) {
    return absl::FailedPreconditionError("exception " + id + " is already revoked");
  }
  RETURN_IF_ERROR(tx.Query("UPDATE policy_exceptions SET revoked_at = $1, revoked_by = $2 "
                           "WHERE id = $3",
                           {now, by, id})
                      .status());
  return OneException(tx, project_id, id, now);
}

}  // namespace paved::deploy::platform
