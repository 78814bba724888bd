#include "resources/resource_store.h"

#include "catalog/project_refs.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/error.h"
#include "core/status_macros.h"

namespace paved::resources {
namespace {

using nlohmann::json;

constexpr char kColumns[] =
    "id, project_id, name, kind, environment, account, provider, spec, effective, status, "
    "status_detail, outputs, deletion_protection, created_by, created_at, updated_at";

json ParseObject(const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_object() ? parsed : json::object();
}

Resource FromRow(const store::Row& row) {
  return Resource{.id = row.Text("id"),
                  .project_id = row.Text("project_id"),
                  .name = row.Text("name"),
                  .kind = ParseKind(row.Text("kind")).value_or(Kind::kRedis),
                  .environment = row.Text("environment"),
                  .account = row.Text("account"),
                  .provider = row.Text("provider"),
                  .spec = ParseObject(row.Text("spec")),
                  .effective = ParseObject(row.Text("effective")),
                  .status = ParseStatus(row.Text("status")).value_or(Status::kFailed),
                  .status_detail = row.Text("status_detail"),
                  .outputs = ParseObject(row.Text("outputs")),
                  .deletion_protection = row.Int("deletion_protection") != 0,
                  .created_by = row.Text("created_by"),
                  .created_at_ms = row.Int("created_at"),
                  .updated_at_ms = row.Int("updated_at")};
}

JournalEntry EntryFromRow(const store::Row& row) {
  return JournalEntry{.seq = row.Int("seq"),
                      .saga = row.Text("saga"),
                      .step = row.Text("step"),
                      .event = row.Text("event"),
                      .provider_id = row.Text("provider_id"),
                      .idempotency_key = row.Text("idempotency_key"),
                      .detail = row.Text("detail"),
                      .at_ms = row.Int("at")};
}

Profile ProfileFromRow(const store::Row& row) {
  absl::StatusOr<Profile> p = ParseProfile(ParseObject(row.Text("body")));
  Profile profile = p.ok() ? *p : Profile{};
  profile.account = row.Text("account");
  profile.environment = row.Text("environment");
  profile.updated_by = row.Text("updated_by");
  profile.updated_at_ms = row.Int("updated_at");
  return profile;
}

absl::StatusOr<std::optional<Resource>> First(absl::StatusOr<store::ResultSet> rs) {
  if (!rs.ok()) return rs.status();
  if (rs->empty()) return std::nullopt;
  return FromRow(rs->front());
}

absl::Status UpdateOne(absl::StatusOr<store::ResultSet> rs, const std::string& id) {
  if (!rs.ok()) return rs.status();
  if (rs->affected == 0)
    return DomainError(absl::StatusCode::kNotFound, "not_found", "no resource " + id);
  return absl::OkStatus();
}

}  // namespace

nlohmann::json JournalEntryToJson(const JournalEntry& e) {
  return {{"seq", e.seq},
          {"saga", e.saga},
          {"step", e.step},
          {"event", e.event},
          {"provider_id", e.provider_id},
          {"idempotency_key", e.idempotency_key},
          {"detail", e.detail},
          {"at", FormatTimeMs(e.at_ms)}};
}

absl::Status ResourceStore::Insert(store::Tx& tx, const Resource& r) {
  ASSIGN_OR_RETURN(store::ResultSet live,
                   tx.Query("SELECT id FROM resources WHERE project_id = $1 AND environment = $2 "
                            "AND name = $3 AND status <> 'deleted'",
                            {r.project_id, r.environment, r.name}));
  if (!live.empty()) {
    return DomainError(
        absl::StatusCode::kAlreadyExists, "resource_exists",
        absl::StrCat("the project already has a resource named '", r.name, "' in ", r.environment),
        "name");
  }
  int64_t now = clock_->NowMs();
  return tx
      .Query(absl::StrCat("INSERT INTO resources (", kColumns,
                          ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                          "$14, $15, $15)"),
             {r.id, r.project_id, r.name, std::string(KindName(r.kind)), r.environment, r.account,
              r.provider, r.spec.dump(), r.effective.dump(), std::string(StatusName(r.status)),
              r.status_detail, r.outputs.dump(), int64_t{r.deletion_protection ? 1 : 0},
              r.created_by, now})
      .status();
}

absl::StatusOr<std::optional<Resource>> ResourceStore::Get(const std::string& id) {
  return First(
      store_->Query(absl::StrCat("SELECT ", kColumns, " FROM resources WHERE id = $1"), {id}));
}

absl::StatusOr<std::optional<Resource>> ResourceStore::GetTx(store::Tx& tx, const std::string& id,
                                                             bool for_update) {
  return First(tx.Query(absl::StrCat("SELECT ", kColumns, " FROM resources WHERE id = $1",
                                     for_update ? tx.ForUpdate() : ""),
                        {id}));
}

absl::StatusOr<std::optional<Resource>> ResourceStore::FindByName(const std::string& project_id,
                                                                  const std::string& environment,
                                                                  const std::string& name) {
  return First(store_->Query(
      absl::StrCat("SELECT ", kColumns,
                   " FROM resources WHERE project_id = $1 AND environment = $2 AND name = $3 "
                   "AND status <> 'deleted'"),
      {project_id, environment, name}));
}

absl::StatusOr<std::vector<Resource>> ResourceStore::List(const ResourceQuery& q) {
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM resources WHERE 1 = 1");
  store::Params params;
  auto add = [&](const std::string& condition, const std::string& value) {
    params.push_back(value);
    absl::StrAppend(&sql, " AND ", condition, " $", params.size());
  };
  if (!q.project_ids.empty()) {
    std::vector<std::string> placeholders;
    for (const std::string& id : q.project_ids) {
      params.push_back(id);
      placeholders.push_back(absl::StrCat("$", params.size()));
    }
    absl::StrAppend(&sql, " AND project_id IN (", absl::StrJoin(placeholders, ", "), ")");
  }
  if (!q.kind.empty()) add("kind =", q.kind);
  if (!q.environment.empty()) add("environment =", q.environment);
  if (!q.status.empty()) add("status =", q.status);
  if (!q.include_deleted && q.status != "deleted")
    absl::StrAppend(&sql, " AND status <> 'deleted'");
  if (!q.after_id.empty()) add("id >", q.after_id);
  params.push_back(int64_t{q.limit});
  absl::StrAppend(&sql, " ORDER BY id LIMIT $", params.size());
  ASSIGN_OR_RETURN(store::ResultSet rs, store_->Query(sql, params));
  std::vector<Resource> out;
  for (const store::Row& row : rs.rows) out.push_back(FromRow(row));
  return out;
}

absl::Status ResourceStore::SetStatus(store::Tx& tx, const std::string& id, Status status,
                                      const std::string& detail) {
  return UpdateOne(tx.Query("UPDATE resources SET status = $1, status_detail = $2, "
                            "updated_at = $3 WHERE id = $4",
                            {std::string(StatusName(status)), detail, clock_->NowMs(), id}),
                   id);
}

absl::Status ResourceStore::SetOutputs(store::Tx& tx, const std::string& id,
                                       const nlohmann::json& outputs) {
  return UpdateOne(tx.Query("UPDATE resources SET outputs = $1, updated_at = $2 WHERE id = $3",
                            {outputs.dump(), clock_->NowMs(), id}),
                   id);
}

absl::Status ResourceStore::SetDeletionProtection(store::Tx& tx, const std::string& id, bool on) {
  return UpdateOne(tx.Query("UPDATE resources SET deletion_protection = $1, updated_at = $2 "
                            "WHERE id = $3",
                            {int64_t{on ? 1 : 0}, clock_->NowMs(), id}),
                   id);
}

absl::Status ResourceStore::SetSpec(store::Tx& tx, const std::string& id,
                                    const nlohmann::json& spec, const nlohmann::json& effective) {
  return UpdateOne(tx.Query("UPDATE resources SET spec = $1, effective = $2, updated_at = $3 "
                            "WHERE id = $4",
                            {spec.dump(), effective.dump(), clock_->NowMs(), id}),
                   id);
}

absl::Status ResourceStore::Append(store::Tx& tx, const std::string& resource_id,
                                   const JournalEntry& e) {
  return tx
      .Query(
          "INSERT INTO resource_journal (resource_id, seq, saga, step, event, provider_id, "
          "idempotency_key, detail, at) SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, "
          "$6, $7, $8 FROM resource_journal WHERE resource_id = $1",
          {resource_id, e.saga, e.step, e.event, e.provider_id, e.idempotency_key,
           e.detail.substr(0, 2000), clock_->NowMs()})
      .status();
}

absl::StatusOr<std::optional<std::string>> ResourceStore::LiveOwnerOfPiece(
    store::Tx& tx, const std::string& account, const std::string& provider_id) {
  ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query("SELECT r.id FROM resource_journal j JOIN resources r ON r.id = j.resource_id "
               "WHERE j.provider_id = $1 AND j.event = 'done' AND j.saga IN ('create', 'import') "
               "AND r.account = $2 AND r.status <> 'deleted' LIMIT 1",
               {provider_id, account}));
  if (rs.empty()) return std::nullopt;
  return rs.front().Text("id");
}

namespace {

// An ARN's last segment (".../replicationgroup:paved-chat" → "paved-chat"); the id otherwise.
std::string LastSegment(const std::string& id) {
  size_t at = id.find_last_of(":/");
  return at == std::string::npos ? id : id.substr(at + 1);
}

}  // namespace

absl::StatusOr<std::map<std::string, std::string>> ResourceStore::ProjectIdsOfBillResources(
    const std::vector<std::pair<std::string, std::string>>& account_and_ids) {
  std::map<std::string, std::string> out;
  if (account_and_ids.empty()) return out;
  ASSIGN_OR_RETURN(store::ResultSet all, store_->Query("SELECT id, project_id FROM resources"));
  std::map<std::string, std::string> by_id;
  for (const store::Row& row : all.rows) by_id[row.Text("id")] = row.Text("project_id");
  std::map<std::string, std::vector<const std::pair<std::string, std::string>*>> by_piece;
  for (const auto& wanted : account_and_ids) {
    if (auto it = by_id.find(wanted.second); it != by_id.end()) {
      out[wanted.second] = it->second;
    } else {
      by_piece[LastSegment(wanted.second)].push_back(&wanted);
    }
  }
  if (by_piece.empty()) return out;
  ASSIGN_OR_RETURN(
      store::ResultSet pieces,
      store_->Query("SELECT j.provider_id, r.account, r.project_id FROM resource_journal j JOIN "
                    "resources r ON r.id = j.resource_id WHERE j.event = 'done' AND j.saga IN "
                    "('create', 'import') AND r.status <> 'deleted' AND j.provider_id <> ''"));
  for (const store::Row& row : pieces.rows) {
    auto it = by_piece.find(row.Text("provider_id"));
    if (it == by_piece.end()) continue;
    for (const auto* wanted : it->second) {
      if (wanted->first == row.Text("account")) out.emplace(wanted->second, row.Text("project_id"));
    }
  }
  return out;
}

constexpr char kJournalSql[] =
    "SELECT seq, saga, step, event, provider_id, idempotency_key, detail, at "
    "FROM resource_journal WHERE resource_id = $1 ORDER BY seq";

absl::StatusOr<std::vector<JournalEntry>> ResourceStore::JournalTx(store::Tx& tx,
                                                                   const std::string& id) {
  ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query(kJournalSql, {id}));
  std::vector<JournalEntry> out;
  for (const store::Row& row : rs.rows) out.push_back(EntryFromRow(row));
  return out;
}

absl::StatusOr<std::vector<JournalEntry>> ResourceStore::Journal(const std::string& id) {
  // A plain read, without the write lock a transaction takes.
  ASSIGN_OR_RETURN(store::ResultSet rs, store_->Query(kJournalSql, {id}));
  std::vector<JournalEntry> out;
  for (const store::Row& row : rs.rows) out.push_back(EntryFromRow(row));
  return out;
}

absl::Status ResourceStore::PutProfile(store::Tx& tx, const Profile& p) {
  return tx
      .Query(
          "INSERT INTO resource_profiles (account, environment, body, updated_by, updated_at) "
          "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account, environment) DO UPDATE SET "
          "body = excluded.body, updated_by = excluded.updated_by, "
          "updated_at = excluded.updated_at",
          {p.account, p.environment, ProfileToJson(p).dump(), p.updated_by, clock_->NowMs()})
      .status();
}

absl::StatusOr<std::vector<Profile>> ResourceStore::Profiles() {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT account, environment, body, updated_by, updated_at "
                                 "FROM resource_profiles ORDER BY environment, account"));
  std::vector<Profile> out;
  for (const store::Row& row : rs.rows) out.push_back(ProfileFromRow(row));
  return out;
}

absl::StatusOr<std::optional<Profile>> ResourceStore::FindProfile(const std::string& account,
                                                                  const std::string& environment) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT account, environment, body, updated_by, updated_at "
                                 "FROM resource_profiles WHERE account = $1 AND environment = $2",
                                 {account, environment}));
  if (rs.empty()) return std::nullopt;
  return ProfileFromRow(rs.front());
}

absl::StatusOr<bool> ResourceStore::DeleteProfile(store::Tx& tx, const std::string& account,
                                                  const std::string& environment) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   tx.Query("DELETE FROM resource_profiles WHERE account = $1 AND environment = $2",
                            {account, environment}));
  return rs.affected > 0;
}

absl::Status ResourceStore::FillProjects(std::vector<Resource>& resources) {
  std::vector<std::string> ids;
  for (const Resource& r : resources) ids.push_back(r.project_id);
  ASSIGN_OR_RETURN(auto refs, catalog::ProjectRefs(*store_, ids));
  for (Resource& r : resources) {
    if (auto it = refs.find(r.project_id); it != refs.end()) {
      r.project = it->second.slug;
      r.owner_team = it->second.owner_team;
    }
  }
  return absl::OkStatus();
}

}  // namespace paved::resources
