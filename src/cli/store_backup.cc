#include "cli/store_backup.h"

#include <cstdlib>
#include <filesystem>
#include <optional>

#include "absl/strings/str_cat.h"
#include "audit/audit_log.h"
#include "cli/sealed_keys.h"
#include "core/atomic_file.h"
#include "core/files.h"
#include "core/status_macros.h"
#include "deploy/secrets/key_ring.h"
#include "store/backup.h"
#include "store/store.h"

namespace paved::cli {
namespace {

constexpr char kKeyFileName[] = "secret.keys";  // in the data dir, as `paved serve` uses it
constexpr char kSealedKeysName[] = "secret_keys";
constexpr size_t kMaxKeyFileBytes = 1 << 20;

std::string KeyFileOf(const ServerConfig& config) {
  return (std::filesystem::path(config.data_dir) / kKeyFileName).string();
}

absl::StatusOr<std::string> ReadKeyFile(const std::string& path) {
  if (std::getenv(deploy::kSecretKeyEnv) != nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(deploy::kSecretKeyEnv,
                     " is set: the server's key comes from the environment; keep it "
                     "safe yourself and back up without --with-keys"));
  }
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) > kMaxKeyFileBytes && !ec) {
    return absl::FailedPreconditionError(absl::StrCat(path, " is too large for a key file"));
  }
  std::optional<std::string> text = ReadWholeFile(path);
  if (!text) return absl::FailedPreconditionError(absl::StrCat("no key file at ", path));
  RETURN_IF_ERROR(deploy::KeyRing::FromText(*text).status());
  return *text;
}

// The audit event of a backup or restore, in its own transaction of `store_url`'s store.
absl::Status Record(const std::string& store_url, const std::string& action,
                    const nlohmann::json& details, const Clock* clock) {
  ASSIGN_OR_RETURN(auto store, store::OpenStore(store_url));
  audit::AuditLog audit(store.get(), clock);
  return store->Transaction(
      [&](store::Tx& tx) { return audit.Append(tx, "system", action, "store", details); });
}

}  // namespace

std::string WithoutPassword(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t at = url.find('@', scheme + 3);
  size_t colon = url.find(':', scheme + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

absl::StatusOr<StoreBackup> BackUpStore(const ServerConfig& config, const std::string& file,
                                        bool with_keys, const std::string& passphrase,
                                        const std::string& os_user, const Clock* clock) {
  StoreBackup b{.file = file, .with_keys = with_keys, .key_file = KeyFileOf(config)};
  std::map<std::string, std::string> extras;
  if (with_keys) {
    ASSIGN_OR_RETURN(std::string keys, ReadKeyFile(b.key_file));
    ASSIGN_OR_RETURN(extras[kSealedKeysName], SealKeyFile(keys, passphrase));
  }
  b.created_at = FormatTimeMs(clock->NowMs());
  ASSIGN_OR_RETURN(store::BackupInfo info,
                   store::WriteBackup(config.store_url, file, b.created_at, extras));
  b.engine = info.engine;
  b.bytes = info.bytes;
  absl::Status recorded = Record(config.store_url, "store.backup",
                                 {{"file", std::filesystem::absolute(file).string()},
                                  {"engine", b.engine},
                                  {"bytes", b.bytes},
                                  {"with_keys", with_keys},
                                  {"via", "paved admin backup"},
                                  {"os_user", os_user}},
                                 clock);
  if (!recorded.ok()) {
    b.audit_warning = absl::StrCat("the audit event was not recorded: ", recorded.message());
  }
  return b;
}

absl::StatusOr<StoreRestore> RestoreStore(const ServerConfig& config, const std::string& file,
                                          bool with_keys, const std::string& passphrase,
                                          const std::string& os_user, const Clock* clock) {
  StoreRestore r{.file = file,
                 .store = WithoutPassword(config.store_url),
                 .with_keys = with_keys,
                 .key_file = KeyFileOf(config)};
  ASSIGN_OR_RETURN(store::BackupInfo info, store::ReadBackupInfo(file));
  r.engine = info.engine;
  r.created_at = info.created_at;
  std::string keys;
  if (with_keys) {
    auto sealed = info.extras.find(kSealedKeysName);
    if (sealed == info.extras.end()) {
      return absl::FailedPreconditionError(
          "this backup holds no secret keys (it was taken without --with-keys)");
    }
    if (std::filesystem::exists(r.key_file)) {
      return absl::FailedPreconditionError(
          absl::StrCat(r.key_file, " already exists: restore into an empty data directory"));
    }
    ASSIGN_OR_RETURN(keys, OpenSealedKeyFile(sealed->second, passphrase));
  }
  RETURN_IF_ERROR(store::RestoreBackup(file, config.store_url));
  if (with_keys) {
    std::filesystem::create_directories(config.data_dir);
    RETURN_IF_ERROR(WriteFileAtomically(r.key_file, keys, 0600));
  }
  RETURN_IF_ERROR(Record(config.store_url, "store.restore",
                         {{"file", std::filesystem::absolute(file).string()},
                          {"engine", r.engine},
                          {"backup_created_at", r.created_at},
                          {"with_keys", with_keys},
                          {"via", "paved admin restore"},
                          {"os_user", os_user}},
                         clock));
  return r;
}

}  // namespace paved::cli
