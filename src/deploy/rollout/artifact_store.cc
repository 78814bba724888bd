#include "deploy/rollout/artifact_store.h"

#include "catalog/projects.h"
#include "core/status_macros.h"

namespace paved::deploy::rollout {
namespace {

std::string Columns() {
  return "SELECT a.project_id, p.slug, a.digest, a.image, a.git_sha, a.commit_time, a.built_by, "
         "a.pushed_by, a.created_at FROM artifacts a " +
         catalog::ProjectStore::JoinSql("p", "a.project_id");
}

Artifact FromRow(const store::Row& r) {
  Artifact a{.project_id = r.Text("project_id"),
             .project = r.Text("slug"),
             .digest = r.Text("digest"),
             .image = r.Text("image"),
             .git_sha = r.Text("git_sha"),
             .built_by = r.Text("built_by"),
             .pushed_by = r.Text("pushed_by"),
             .created_at_ms = r.Int("created_at")};
  if (!r.IsNull("commit_time")) a.commit_time_ms = r.Int("commit_time");
  return a;
}

template <typename Q>
absl::StatusOr<Artifact> One(Q& q, const std::string& project_id, const std::string& digest) {
  ASSIGN_OR_RETURN(auto rs, q.Query(Columns() + "WHERE a.project_id = $1 AND a.digest = $2",
                                    {project_id, digest}));
  if (rs.empty()) return absl::NotFoundError("no artifact " + digest);
  return FromRow(rs.front());
}

bool SameFields(const Artifact& a, const Artifact& b) {
  return a.image == b.image && a.git_sha == b.git_sha && a.commit_time_ms == b.commit_time_ms &&
         a.built_by == b.built_by;
}

}  // namespace

absl::StatusOr<Artifact> ArtifactStore::Push(store::Tx& tx, const Artifact& a, bool* created) {
  store::Value commit = a.commit_time_ms ? store::Value(*a.commit_time_ms) : store::Null();
  ASSIGN_OR_RETURN(auto rs, tx.Query("INSERT INTO artifacts (project_id, digest, image, git_sha, "
                                     "commit_time, built_by, pushed_by, created_at) VALUES "
                                     "($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                                     {a.project_id, a.digest, a.image, a.git_sha, commit,
                                      a.built_by, a.pushed_by, clock_->NowMs()}));
  *created = rs.affected > 0;
  ASSIGN_OR_RETURN(Artifact stored, One(tx, a.project_id, a.digest));
  if (!*created && !SameFields(stored, a)) {
    return absl::AlreadyExistsError("artifact " + a.digest +
                                    " was pushed before with other fields; artifacts never change");
  }
  return stored;
}

absl::StatusOr<Artifact> ArtifactStore::Get(const std::string& project_id,
                                            const std::string& digest) {
  return One(*store_, project_id, digest);
}

absl::StatusOr<Artifact> ArtifactStore::Get(store::Tx& tx, const std::string& project_id,
                                            const std::string& digest) {
  return One(tx, project_id, digest);
}

absl::StatusOr<std::vector<Artifact>> ArtifactStore::List(const std::string& project_id, int limit,
                                                          const std::string& cursor) {
  std::string sql = Columns() + "WHERE a.project_id = $1 ";
  store::Params params = {project_id, static_cast<int64_t>(limit)};
  if (!cursor.empty()) {
    sql +=
        "AND (a.created_at, a.digest) < (SELECT created_at, digest FROM artifacts "
        "WHERE project_id = $1 AND digest = $3) ";
    params.push_back(cursor);
  }
  ASSIGN_OR_RETURN(
      auto rs, store_->Query(sql + "ORDER BY a.created_at DESC, a.digest DESC LIMIT $2", params));
  std::vector<Artifact> out;
  for (const auto& r : rs.rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace paved::deploy::rollout
