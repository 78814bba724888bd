#include "deploy/secrets/secret_store.h"

#include "absl/strings/escaping.h"
#include "catalog/projects.h"
#include "core/status_macros.h"
#include "deploy/secrets/config_store.h"

namespace paved::deploy {
namespace {

constexpr char kInfoColumns[] =
    "SELECT project_id, environment, name, version, key_id, author, message, created_at "
    "FROM secret_versions ";

SecretVersionInfo InfoFromRow(const store::Row& r) {
  return {.project_id = r.Text("project_id"),
          .environment = r.Text("environment"),
          .name = r.Text("name"),
          .version = r.Int("version"),
          .key_id = r.Text("key_id"),
          .author = r.Text("author"),
          .message = r.Text("message"),
          .created_at_ms = r.Int("created_at")};
}

// Stored columns are base64 text; a value that does not decode is treated as tampering.
absl::StatusOr<SealedValue> SealedFromRow(const store::Row& r) {
  SealedValue v{.key_id = r.Text("key_id")};
  if (!absl::Base64Unescape(r.Text("nonce"), &v.nonce) ||
      !absl::Base64Unescape(r.Text("ciphertext"), &v.ciphertext)) {
    return absl::PermissionDeniedError("authentication failed: stored value is not base64");
  }
  return v;
}

}  // namespace

std::string SecretStore::Aad(const std::string& project_id, const std::string& env,
                             const std::string& name, int64_t version) {
  return "paved-secret/v1\n" + project_id + "\n" + env + "\n" + name + "\n" +
         std::to_string(version);
}

absl::StatusOr<SecretVersionInfo> SecretStore::Put(store::Tx& tx, const std::string& project_id,
                                                   const std::string& env, const std::string& name,
                                                   const std::string& value,
                                                   const std::string& author,
                                                   const std::string& message) {
  RETURN_IF_ERROR(catalog::ProjectStore::LockForUpdate(tx, project_id));
  ASSIGN_OR_RETURN(auto rs, tx.Query("SELECT MAX(version) AS v FROM secret_versions WHERE "
                                     "project_id = $1 AND environment = $2 AND name = $3",
                                     {project_id, env, name}));
  SecretVersionInfo info{.project_id = project_id,
                         .environment = env,
                         .name = name,
                         .version = (rs.empty() ? 0 : rs.front().Int("v")) + 1,
                         .author = author,
                         .message = message,
                         .created_at_ms = clock_->NowMs()};
  ASSIGN_OR_RETURN(auto sealed, keys_->Encrypt(value, Aad(project_id, env, name, info.version)));
  info.key_id = sealed.key_id;
  RETURN_IF_ERROR(tx.Query("INSERT INTO secret_versions (project_id, environment, name, version, "
                           "key_id, nonce, ciphertext, author, message, created_at) "
                           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                           {project_id, env, name, info.version, sealed.key_id,
                            absl::Base64Escape(sealed.nonce), absl::Base64Escape(sealed.ciphertext),
                            author, message, info.created_at_ms})
                      .status());
  return info;
}

absl::StatusOr<SecretVersionInfo> SecretStore::Put(const std::string& project_id,
                                                   const std::string& env, const std::string& name,
                                                   const std::string& value,
                                                   const std::string& author,
                                                   const std::string& message) {
  SecretVersionInfo out;
  RETURN_IF_ERROR(store_->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(out, Put(tx, project_id, env, name, value, author, message));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::vector<SecretVersionInfo>> SecretStore::History(const std::string& project_id,
                                                                    const std::string& env,
                                                                    const std::string& name) {
  ASSIGN_OR_RETURN(auto rs, store_->Query(std::string(kInfoColumns) +
                                              "WHERE project_id = $1 AND environment = $2 AND "
                                              "name = $3 ORDER BY version DESC",
                                          {project_id, env, name}));
  std::vector<SecretVersionInfo> out;
  for (const auto& r : rs.rows) out.push_back(InfoFromRow(r));
  return out;
}

absl::StatusOr<std::vector<SecretVersionInfo>> SecretStore::List(const std::string& project_id,
                                                                 const std::string& env) {
  ASSIGN_OR_RETURN(auto rs,
                   store_->Query(std::string(kInfoColumns) +
                                     "s WHERE s.project_id = $1 AND s.environment = $2 AND "
                                     "s.version = (SELECT MAX(version) FROM secret_versions m "
                                     "WHERE m.project_id = s.project_id AND m.environment = "
                                     "s.environment AND m.name = s.name) ORDER BY s.name",
                                 {project_id, env}));
  std::vector<SecretVersionInfo> out;
  for (const auto& r : rs.rows) out.push_back(InfoFromRow(r));
  return out;
}

absl::StatusOr<std::string> SecretStore::Resolve(const std::string& project_id,
                                                 const std::string& env, const std::string& name,
                                                 int64_t version) {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT key_id, nonce, ciphertext FROM secret_versions "
                                          "WHERE project_id = $1 AND environment = $2 AND "
                                          "name = $3 AND version = $4",
                                          {project_id, env, name, version}));
  if (rs.empty()) {
    return absl::NotFoundError("no secret " + name + " in " + env + " at version " +
                               std::to_string(version));
  }
  ASSIGN_OR_RETURN(auto sealed, SealedFromRow(rs.front()));
  return keys_->Decrypt(sealed, Aad(project_id, env, name, version));
}

absl::StatusOr<int64_t> SecretStore::RotateKey(
    const std::string& new_key_id,
    const std::function<absl::Status(store::Tx&, int64_t reencrypted)>& also) {
  if (!keys_->Has(new_key_id)) return absl::NotFoundError("no key " + new_key_id + " in the ring");
  // New writes use the new key from now on; put the old one back if the re-encryption fails.
  std::string previous = keys_->active_id();
  RETURN_IF_ERROR(keys_->SetActive(new_key_id));
  int64_t count = 0;
  absl::Status status = store_->Transaction([&](store::Tx& tx) -> absl::Status {
    std::string sql =
        "SELECT project_id, environment, name, version, key_id, nonce, ciphertext "
        "FROM secret_versions WHERE key_id <> $1";
    sql += tx.ForUpdate();
    ASSIGN_OR_RETURN(auto rs, tx.Query(sql, {new_key_id}));
    for (const auto& r : rs.rows) {
      std::string aad =
          Aad(r.Text("project_id"), r.Text("environment"), r.Text("name"), r.Int("version"));
      ASSIGN_OR_RETURN(auto old, SealedFromRow(r));
      ASSIGN_OR_RETURN(std::string plain, keys_->Decrypt(old, aad));
      ASSIGN_OR_RETURN(auto fresh, keys_->EncryptWith(new_key_id, plain, aad));
      RETURN_IF_ERROR(tx.Query("UPDATE secret_versions SET key_id = $1, nonce = $2, "
                               "ciphertext = $3 WHERE project_id = $4 AND environment = $5 AND "
                               "name = $6 AND version = $7",
                               {fresh.key_id, absl::Base64Escape(fresh.nonce),
                                absl::Base64Escape(fresh.ciphertext), r.Text("project_id"),
                                r.Text("environment"), r.Text("name"), r.Int("version")})
                          .status());
      ++count;
    }
    return also ? also(tx, count) : absl::OkStatus();
  });
  if (!status.ok()) {
    if (!previous.empty()) keys_->SetActive(previous).IgnoreError();
    return status;
  }
  return count;
}

}  // namespace paved::deploy
