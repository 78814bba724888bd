#include "cli/key_rotation.h"

#include <cstdlib>
#include <filesystem>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "audit/audit_log.h"
#include "core/status_macros.h"
#include "deploy/secrets/key_ring.h"
#include "deploy/secrets/secret_store.h"
#include "store/migrate.h"
#include "store/store.h"

namespace paved::cli {
namespace {

constexpr char kKeyFileName[] = "secret.keys";  // in the data dir, as `paved serve` uses it
constexpr char kSqlitePrefix[] = "sqlite://";

absl::Status CheckPreconditions(const ServerConfig& config, const std::string& key_file) {
  if (std::getenv(deploy::kSecretKeyEnv) != nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(deploy::kSecretKeyEnv,
                     " is set: the server's key comes from the "
                     "environment and cannot be rotated here; move to a key "
                     "file (unset it) first"));
  }
  if (!std::filesystem::exists(key_file)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no key file at ", key_file, " (`paved serve` creates it on its first start)"));
  }
  const std::string& url = config.store_url;
  if (absl::StartsWith(url, kSqlitePrefix) &&
      !std::filesystem::exists(url.substr(sizeof(kSqlitePrefix) - 1))) {
    return absl::FailedPreconditionError(absl::StrCat("no database at ", url));
  }
  return absl::OkStatus();
}

absl::Status RecordRotation(store::Tx& tx, audit::AuditLog& audit, const KeyRotation& rotation,
                            int64_t reencrypted, const std::string& os_user) {
  return audit.Append(tx, "system", "secret_key.rotate", "secret_key:" + rotation.new_key_id,
                      {{"previous_key_id", rotation.previous_key_id},
                       {"reencrypted", reencrypted},
                       {"via", "paved admin rotate-key"},
                       {"os_user", os_user}});
}

}  // namespace

absl::StatusOr<KeyRotation> RotateSecretKey(const ServerConfig& config, const std::string& os_user,
                                            const Clock* clock) {
  KeyRotation rotation;
  rotation.key_file = (std::filesystem::path(config.data_dir) / kKeyFileName).string();
  RETURN_IF_ERROR(CheckPreconditions(config, rotation.key_file));
  ASSIGN_OR_RETURN(auto old_ring, deploy::KeyRing::FromFile(rotation.key_file));
  rotation.previous_key_id = old_ring->active_id();
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, store::OpenStore(config.store_url));
  RETURN_IF_ERROR(store::Migrate(*store, store::AllMigrations()));
  // The key file first: were it written after the re-encryption and failed, values would be
  // encrypted under a key nobody keeps.
  ASSIGN_OR_RETURN(rotation.new_key_id, deploy::AddActiveKeyToFile(rotation.key_file));
  ASSIGN_OR_RETURN(auto ring, deploy::KeyRing::FromFile(rotation.key_file));
  rotation.older_keys = ring->ids().size() - 1;
  deploy::SecretStore secrets(store.get(), ring.get(), clock);
  audit::AuditLog audit(store.get(), clock);
  // The re-encrypted values and the audit event of the rotation commit together.
  absl::StatusOr<int64_t> count =
      secrets.RotateKey(rotation.new_key_id, [&](store::Tx& tx, int64_t reencrypted) {
        return RecordRotation(tx, audit, rotation, reencrypted, os_user);
      });
  if (!count.ok()) {
    return absl::Status(count.status().code(),
                        absl::StrCat("re-encryption failed, no secret changed (", rotation.key_file,
                                     " now starts with the unused key ", rotation.new_key_id,
                                     "): ", count.status().message()));
  }
  rotation.reencrypted = *count;
  audit.Published();
  return rotation;
}

}  // namespace paved::cli
