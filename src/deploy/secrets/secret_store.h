#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "deploy/secrets/key_ring.h"
#include "store/store.h"

namespace paved::deploy {

// What may be shown about one secret version: never its value.
struct SecretVersionInfo {
  std::string project_id;
  std::string environment;
  std::string name;
  int64_t version = 0;
  std::string key_id;
  std::string author;
  std::string message;
  int64_t created_at_ms = 0;
};

// Versioned secrets per project and environment (table secret_versions). Values are encrypted
// with the key ring's active key; the AAD binds project, environment, name and version, so a
// ciphertext copied to another row fails to decrypt.
class SecretStore {
 public:
  SecretStore(store::Store* store, KeyRing* keys, const Clock* clock)
      : store_(store), keys_(keys), clock_(clock) {}

  // Encrypts `value` as the next version inside `tx`; returns its metadata.
  absl::StatusOr<SecretVersionInfo> Put(store::Tx& tx, const std::string& project_id,
                                        const std::string& env, const std::string& name,
                                        const std::string& value, const std::string& author,
                                        const std::string& message);
  absl::StatusOr<SecretVersionInfo> Put(const std::string& project_id, const std::string& env,
                                        const std::string& name, const std::string& value,
                                        const std::string& author, const std::string& message);
  // Newest first.
  absl::StatusOr<std::vector<SecretVersionInfo>> History(const std::string& project_id,
                                                         const std::string& env,
                                                         const std::string& name);
  // The latest version of each secret of one environment, by name.
  absl::StatusOr<std::vector<SecretVersionInfo>> List(const std::string& project_id,
                                                      const std::string& env);
  // The plaintext of one version, for the deploy renderer only: never expose it over the API.
  // NotFound when missing (or its key is not in the ring); PermissionDenied when tampered.
  absl::StatusOr<std::string> Resolve(const std::string& project_id, const std::string& env,
                                      const std::string& name, int64_t version);
  // Makes `new_key_id` (already in the ring) active and re-encrypts every secret version under
  // it in one transaction, keeping version numbers, authors and times. Returns how many rows
  // were re-encrypted. On error nothing changes, the active key included.
  // `also` (when set) runs in the same transaction after the re-encryption, with the count: the
  // audit event of the rotation commits with it or not at all.
  absl::StatusOr<int64_t> RotateKey(
      const std::string& new_key_id,
      const std::function<absl::Status(store::Tx&, int64_t reencrypted)>& also = nullptr);

  // The associated data bound into each ciphertext.
  static std::string Aad(const std::string& project_id, const std::string& env,
                         const std::string& name, int64_t version);

 private:
  store::Store* store_;
  KeyRing* keys_;
  const Clock* clock_;
};

}  // namespace paved::deploy
