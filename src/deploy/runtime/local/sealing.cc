#include "deploy/runtime/local/sealing.h"

#include <string>

#include "absl/strings/escaping.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::runtime::local {
namespace {

constexpr char kAad[] = "paved local runtime state";

absl::StatusOr<std::string> Seal(const KeyRing& keys, const std::string& plaintext) {
  absl::StatusOr<SealedValue> v = keys.Encrypt(plaintext, kAad);
  if (!v.ok()) return v.status();
  return nlohmann::json{{"key_id", v->key_id},
                        {"nonce", absl::Base64Escape(v->nonce)},
                        {"ciphertext", absl::Base64Escape(v->ciphertext)}}
      .dump();
}

absl::StatusOr<std::string> Unseal(const KeyRing& keys, const std::string& sealed) {
  nlohmann::json j = nlohmann::json::parse(sealed, nullptr, /*allow_exceptions=*/false);
  SealedValue v;
  if (!j.is_object() || !j.value("key_id", nlohmann::json()).is_string() ||
      !absl::Base64Unescape(j.value("nonce", ""), &v.nonce) ||
      !absl::Base64Unescape(j.value("ciphertext", ""), &v.ciphertext)) {
    return absl::PermissionDeniedError("authentication failed: not a sealed value");
  }
  v.key_id = j["key_id"].get<std::string>();
  return keys.Decrypt(v, kAad);
}

}  // namespace

void SealWithKeyRing(const KeyRing* keys, LocalRuntimeOptions* options) {
  options->seal = [keys](std::string plaintext) { return Seal(*keys, plaintext); };
  options->unseal = [keys](std::string sealed) { return Unseal(*keys, sealed); };
}

}  // namespace paved::deploy::runtime::local
