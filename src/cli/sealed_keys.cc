#include "cli/sealed_keys.h"

#include <sodium.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "deploy/secrets/key_ring.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

constexpr char kKdf[] = "argon2id13";
constexpr char kAad[] = "paved backup secret keys";
constexpr size_t kKeyBytes = 32;
constexpr size_t kNonceBytes = 12;

absl::StatusOr<std::string> DeriveKey(const std::string& passphrase, const std::string& salt,
                                      uint64_t opslimit, size_t memlimit) {
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialise");
  if (salt.size() != crypto_pwhash_SALTBYTES) return absl::InvalidArgumentError("bad salt");
  std::string key(kKeyBytes, '\0');
  if (crypto_pwhash(reinterpret_cast<unsigned char*>(key.data()), key.size(), passphrase.data(),
                    passphrase.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                    opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("not enough memory to derive the key from the passphrase");
  }
  return key;
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

}  // namespace

absl::StatusOr<std::string> SealKeyFile(const std::string& key_file_text,
                                        const std::string& passphrase) {
  if (passphrase.size() < kMinPassphraseLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("the passphrase must have at least ", kMinPassphraseLength, " characters"));
  }
  if (sodium_init() < 0) return absl::InternalError("libsodium failed to initialise");
  std::string salt = RandomBytes(crypto_pwhash_SALTBYTES);
  std::string nonce = RandomBytes(kNonceBytes);
  const uint64_t opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
  const size_t memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
  ASSIGN_OR_RETURN(std::string key, DeriveKey(passphrase, salt, opslimit, memlimit));
  ASSIGN_OR_RETURN(std::string sealed, deploy::Aes256GcmSeal(key, nonce, key_file_text, kAad));
  sodium_memzero(key.data(), key.size());
  nlohmann::json doc = {{"kdf", kKdf},
                        {"opslimit", opslimit},
                        {"memlimit", memlimit},
                        {"salt", absl::Base64Escape(salt)},
                        {"nonce", absl::Base64Escape(nonce)},
                        {"sealed", absl::Base64Escape(sealed)}};
  return doc.dump();
}

absl::StatusOr<std::string> OpenSealedKeyFile(const std::string& sealed,
                                              const std::string& passphrase) {
  auto not_sealed = [] { return absl::InvalidArgumentError("not a sealed key file"); };
  nlohmann::json doc = nlohmann::json::parse(sealed, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || doc.value("kdf", "") != kKdf || !doc["opslimit"].is_number_unsigned() ||
      !doc["memlimit"].is_number_unsigned() || !doc["salt"].is_string() ||
      !doc["nonce"].is_string() || !doc["sealed"].is_string()) {
    return not_sealed();
  }
  std::string salt, nonce, ciphertext;
  if (!absl::Base64Unescape(doc["salt"].get<std::string>(), &salt) ||
      !absl::Base64Unescape(doc["nonce"].get<std::string>(), &nonce) ||
      !absl::Base64Unescape(doc["sealed"].get<std::string>(), &ciphertext)) {
    return not_sealed();
  }
  auto opslimit = doc["opslimit"].get<uint64_t>();
  auto memlimit = doc["memlimit"].get<size_t>();
  // A crafted file must not make us spend minutes or gigabytes.
  if (opslimit > crypto_pwhash_OPSLIMIT_SENSITIVE || memlimit > crypto_pwhash_MEMLIMIT_SENSITIVE) {
    return not_sealed();
  }
  ASSIGN_OR_RETURN(std::string key, DeriveKey(passphrase, salt, opslimit, memlimit));
  auto text = deploy::Aes256GcmOpen(key, nonce, ciphertext, kAad);
  sodium_memzero(key.data(), key.size());
  if (absl::IsPermissionDenied(text.status())) {
    return absl::PermissionDeniedError("wrong passphrase for the backup's secret keys");
  }
  return text;
}

}  // namespace paved::cli
