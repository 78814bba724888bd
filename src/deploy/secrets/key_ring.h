#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace paved::deploy {

// AES-256-GCM with a 12-byte nonce and a 16-byte tag (OpenSSL EVP).
// Seal returns ciphertext || tag. Open checks the tag: a wrong key, nonce, AAD or any changed
// byte returns PermissionDenied ("authentication failed") and no plaintext.
// REQUIRES: key is 32 bytes, nonce 12 bytes (InvalidArgument otherwise).
absl::StatusOr<std::string> Aes256GcmSeal(const std::string& key, const std::string& nonce,
                                          const std::string& plaintext, const std::string& aad);
absl::StatusOr<std::string> Aes256GcmOpen(const std::string& key, const std::string& nonce,
                                          const std::string& sealed, const std::string& aad);

// One encrypted value: raw bytes (callers base64 them for storage).
struct SealedValue {
  std::string key_id;
  std::string nonce;       // 12 random bytes
  std::string ciphertext;  // ciphertext || 16-byte tag
};

constexpr char kSecretKeyEnv[] = "PAVED_SECRET_KEY";

// The server's secret keys, by id; one of them is active and encrypts new values, the others
// only decrypt (so values written before a rotation still read). Thread-safe.
class KeyRing {
 public:
  // A key file holds one `key_id:base64(32 bytes)` per line; the first line is the active key.
  // Blank lines and lines starting with '#' are ignored. InvalidArgument names the bad line.
  static absl::StatusOr<std::unique_ptr<KeyRing>> FromFile(const std::string& path);
  static absl::StatusOr<std::unique_ptr<KeyRing>> FromText(const std::string& text);
  // PAVED_SECRET_KEY = base64(32 bytes), key id "env". NotFound when the variable is unset.
  static absl::StatusOr<std::unique_ptr<KeyRing>> FromEnv();
  // The server's choice: PAVED_SECRET_KEY when set, else `key_file` (created by EnsureKeyFile
  // when missing).
  static absl::StatusOr<std::unique_ptr<KeyRing>> Load(const std::string& key_file);

  // Adds a key (32 raw bytes). InvalidArgument for a bad id or length; AlreadyExists when the
  // id is taken by a different key. The first key added becomes active.
  absl::Status Add(const std::string& key_id, const std::string& raw_key);
  // NotFound when the ring has no such key.
  absl::Status SetActive(const std::string& key_id);
  std::string active_id() const;
  bool Has(const std::string& key_id) const;
  std::vector<std::string> ids() const;

  // Encrypts under the active key with a fresh random nonce. FailedPrecondition when empty.
  absl::StatusOr<SealedValue> Encrypt(const std::string& plaintext, const std::string& aad) const;
  // Encrypts under a given key of the ring (active or not). NotFound when it is not there.
  absl::StatusOr<SealedValue> EncryptWith(const std::string& key_id, const std::string& plaintext,
                                          const std::string& aad) const;
  // NotFound when the value's key is not in the ring; PermissionDenied when the tag fails.
  absl::StatusOr<std::string> Decrypt(const SealedValue& value, const std::string& aad) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> keys_;  // guarded by mu_
  std::string active_;                       // guarded by mu_
};

// Creates `path` with one fresh random key, mode 0600, when no file exists there; leaves an
// existing file alone. Returns the path's active key id.
absl::StatusOr<std::string> EnsureKeyFile(const std::string& path);
// Puts a fresh random key at the top of the key file (it becomes active on the next load) and
// keeps the older keys below it, so existing values still decrypt. Returns the new key id.
absl::StatusOr<std::string> AddActiveKeyToFile(const std::string& path);
// "id:base64" for a fresh random 32-byte key whose id is `key_id`.
std::string NewKeyLine(const std::string& key_id);

}  // namespace paved::deploy
