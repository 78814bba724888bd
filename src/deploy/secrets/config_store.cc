#include "deploy/secrets/config_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/status_macros.h"

namespace paved::deploy {
namespace {

constexpr char kFilePrefix[] = "files/";

// Data keys as they are, files under "files/NAME": one flat map to compare.
std::map<std::string, std::string> Flatten(const ConfigData& c) {
  std::map<std::string, std::string> out = c.data;
  for (const auto& [name, content] : c.files) out[kFilePrefix + name] = content;
  return out;
}

nlohmann::json ContentToJson(const ConfigData& c) { return {{"data", c.data}, {"files", c.files}}; }

ConfigData ContentFromJson(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  ConfigData c;
  if (j.is_discarded()) return c;  // written by Put only: cannot happen
  c.data = j.value("data", std::map<std::string, std::string>{});
  c.files = j.value("files", std::map<std::string, std::string>{});
  return c;
}

KeyChanges ChangesFromJson(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  KeyChanges c;
  if (!j.is_object()) return c;
  c.added = j.value("added", std::vector<std::string>{});
  c.removed = j.value("removed", std::vector<std::string>{});
  c.changed = j.value("changed", std::vector<std::string>{});
  return c;
}

ConfigVersion VersionFromRow(const store::Row& r) {
  return {.project_id = r.Text("project_id"),
          .environment = r.Text("environment"),
          .set = r.Text("name"),
          .version = r.Int("version"),
          .content = ContentFromJson(r.Text("data")),
          .changes = ChangesFromJson(r.Text("changes")),
          .author = r.Text("author"),
          .message = r.Text("message"),
          .created_at_ms = r.Int("created_at")};
}

constexpr char kColumns[] =
    "SELECT project_id, environment, name, version, data, changes, author, message, created_at "
    "FROM config_versions ";

}  // namespace

nlohmann::json KeyChangesToJson(const KeyChanges& c) {
  return {{"added", c.added}, {"removed", c.removed}, {"changed", c.changed}};
}

std::vector<KeyDiff> DiffContents(const ConfigData& from, const ConfigData& to) {
  auto a = Flatten(from);
  auto b = Flatten(to);
  std::vector<KeyDiff> out;
  for (const auto& [key, value] : a) {
    auto it = b.find(key);
    if (it == b.end()) {
      out.push_back({.key = key, .change = "removed", .from = value});
    } else if (it->second != value) {
      out.push_back({.key = key, .change = "changed", .from = value, .to = it->second});
    }
  }
  for (const auto& [key, value] : b) {
    if (!a.count(key)) out.push_back({.key = key, .change = "added", .to = value});
  }
  std::sort(out.begin(), out.end(),
            [](const KeyDiff& x, const KeyDiff& y) { return x.key < y.key; });
  return out;
}

KeyChanges ChangesOf(const std::vector<KeyDiff>& diff) {
  KeyChanges c;
  for (const auto& d : diff) {
    auto& list = d.change == "added" ? c.added : d.change == "removed" ? c.removed : c.changed;
    list.push_back(d.key);
  }
  return c;
}

absl::Status LockProject(store::Tx& tx, const std::string& project_id) {
  std::string sql = "SELECT id FROM projects WHERE id = $1";
  if (tx.engine() == store::Engine::kPostgres) sql += " FOR UPDATE";
  ASSIGN_OR_RETURN(auto rs, tx.Query(sql, {project_id}));
  if (rs.empty()) return absl::NotFoundError("no project " + project_id);
  return absl::OkStatus();
}

absl::StatusOr<ConfigVersion> ConfigStore::Put(store::Tx& tx, const std::string& project_id,
                                               const std::string& env, const std::string& set,
                                               const ConfigData& content, const std::string& author,
                                               const std::string& message,
                                               std::optional<int64_t> expected_version,
                                               bool* created) {
  if (created) *created = false;
  RETURN_IF_ERROR(LockProject(tx, project_id));
  ASSIGN_OR_RETURN(
      auto prev, tx.Query(std::string(kColumns) + "WHERE project_id = $1 AND environment = $2 AND "
                                                  "name = $3 ORDER BY version DESC LIMIT 1",
                          {project_id, env, set}));
  ConfigVersion v{.project_id = project_id,
                  .environment = env,
                  .set = set,
                  .version = 1,
                  .content = content,
                  .author = author,
                  .message = message,
                  .created_at_ms = clock_->NowMs()};
  ConfigData before;
  if (!prev.empty()) {
    ConfigVersion last = VersionFromRow(prev.front());
    if (last.content == content) return last;
    v.version = last.version + 1;
    before = last.content;
  }
  if (expected_version && *expected_version != v.version - 1) {
    return DomainError(absl::StatusCode::kFailedPrecondition, "version_conflict",
                       absl::StrCat("config set ", set, " is at version ", v.version - 1, ", not ",
                                    *expected_version, ": someone wrote it since; read it again"),
                       "expected_version");
  }
  v.changes = ChangesOf(DiffContents(before, content));
  RETURN_IF_ERROR(tx.Query("INSERT INTO config_versions (project_id, environment, name, version, "
                           "data, changes, author, message, created_at) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                           {project_id, env, set, v.version, ContentToJson(content).dump(),
                            KeyChangesToJson(v.changes).dump(), author, message, v.created_at_ms})
                      .status());
  if (created) *created = true;
  return v;
}

absl::StatusOr<ConfigVersion> ConfigStore::Put(const std::string& project_id,
                                               const std::string& env, const std::string& set,
                                               const ConfigData& content, const std::string& author,
                                               const std::string& message) {
  ConfigVersion out;
  RETURN_IF_ERROR(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(out, Put(tx, project_id, env, set, content, author, message));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<ConfigVersion> ConfigStore::Get(const std::string& project_id,
                                               const std::string& env, const std::string& set,
                                               std::optional<int64_t> version) {
  std::string sql =
      std::string(kColumns) + "WHERE project_id = $1 AND environment = $2 AND name = $3 ";
  store::Params params = {project_id, env, set};
  if (version) {
    sql += "AND version = $4";
    params.push_back(*version);
  } else {
    sql += "ORDER BY version DESC LIMIT 1";
  }
  ASSIGN_OR_RETURN(auto rs, store_->Query(sql, params));
  if (rs.empty()) {
    return absl::NotFoundError("no config set " + set + " in " + env +
                               (version ? " at version " + std::to_string(*version) : ""));
  }
  return VersionFromRow(rs.front());
}

absl::StatusOr<std::vector<ConfigVersion>> ConfigStore::History(const std::string& project_id,
                                                                const std::string& env,
                                                                const std::string& set) {
  ASSIGN_OR_RETURN(auto rs, store_->Query(std::string(kColumns) +
                                              "WHERE project_id = $1 AND environment = $2 AND "
                                              "name = $3 ORDER BY version DESC",
                                          {project_id, env, set}));
  std::vector<ConfigVersion> out;
  for (const auto& r : rs.rows) out.push_back(VersionFromRow(r));
  return out;
}

absl::StatusOr<std::vector<KeyDiff>> ConfigStore::Diff(const std::string& project_id,
                                                       const std::string& env,
                                                       const std::string& set, int64_t from,
                                                       int64_t to) {
  ASSIGN_OR_RETURN(auto a, Get(project_id, env, set, from));
  ASSIGN_OR_RETURN(auto b, Get(project_id, env, set, to));
  return DiffContents(a.content, b.content);
}

absl::StatusOr<std::vector<ConfigSetSummary>> ConfigStore::Sets(const std::string& project_id,
                                                                const std::string& env) {
  ASSIGN_OR_RETURN(auto rs,
                   store_->Query("SELECT c.name, c.version, c.author, c.created_at "
                                 "FROM config_versions c WHERE c.project_id = $1 AND "
                                 "c.environment = $2 AND c.version = (SELECT MAX(version) FROM "
                                 "config_versions m WHERE m.project_id = c.project_id AND "
                                 "m.environment = c.environment AND m.name = c.name) "
                                 "ORDER BY c.name",
                                 {project_id, env}));
  std::vector<ConfigSetSummary> out;
  for (const auto& r : rs.rows) {
    out.push_back({.set = r.Text("name"),
                   .version = r.Int("version"),
                   .author = r.Text("author"),
                   .updated_at_ms = r.Int("created_at")});
  }
  return out;
}

}  // namespace paved::deploy
