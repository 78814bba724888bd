#include "deploy/secrets/key_ring.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/files.h"
#include "core/random.h"
#include "core/status_macros.h"

namespace paved::deploy {
namespace {

constexpr size_t kKeyBytes = 32;
constexpr size_t kNonceBytes = 12;
constexpr int kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* U(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

absl::Status CheckSizes(const std::string& key, const std::string& nonce) {
  if (key.size() != kKeyBytes) return absl::InvalidArgumentError("key must be 32 bytes");
  if (nonce.size() != kNonceBytes) return absl::InvalidArgumentError("nonce must be 12 bytes");
  return absl::OkStatus();
}

// Sets up `ctx` for AES-256-GCM in one direction with `aad` already fed in.
absl::Status Init(EVP_CIPHER_CTX* ctx, bool encrypt, const std::string& key,
                  const std::string& nonce, const std::string& aad) {
  auto init = encrypt ? EVP_EncryptInit_ex : EVP_DecryptInit_ex;
  auto update = encrypt ? EVP_EncryptUpdate : EVP_DecryptUpdate;
  int len = 0;
  if (init(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, kNonceBytes, nullptr) != 1 ||
      init(ctx, nullptr, nullptr, U(key), U(nonce)) != 1 ||
      (!aad.empty() && update(ctx, nullptr, &len, U(aad), static_cast<int>(aad.size())) != 1)) {
    return absl::InternalError("AES-256-GCM setup failed");
  }
  return absl::OkStatus();
}

bool ValidKeyId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

std::string RandomKey() {
  std::string key(kKeyBytes, '\0');
  // The system CSPRNG failing is not recoverable: crash rather than create a weak key.
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), kKeyBytes) != 1) std::abort();
  return key;
}

absl::StatusOr<std::string> ReadKeyFile(const std::string& path) {
  std::optional<std::string> text = ReadWholeFile(path);
  if (!text) return absl::NotFoundError("cannot read key file " + path);
  return std::move(*text);
}

// Writes `text` to `path` atomically (temp file + rename), mode 0600.
absl::Status WriteKeyFile(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return absl::PermissionDeniedError("cannot create key file " + tmp);
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return absl::InternalError("cannot write key file " + path);
  }
  return absl::OkStatus();
}

std::string NewKeyId() { return "k" + NewId().substr(0, 12); }

}  // namespace

absl::StatusOr<std::string> Aes256GcmSeal(const std::string& key, const std::string& nonce,
                                          const std::string& plaintext, const std::string& aad) {
  RETURN_IF_ERROR(CheckSizes(key, nonce));
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx) return absl::InternalError("out of memory");
  RETURN_IF_ERROR(Init(ctx.get(), true, key, nonce, aad));
  std::string out(plaintext.size() + kTagBytes, '\0');
  auto* buf = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, fin = 0;
  if (EVP_EncryptUpdate(ctx.get(), buf, &len, U(plaintext), static_cast<int>(plaintext.size())) !=
          1 ||
      EVP_EncryptFinal_ex(ctx.get(), buf + len, &fin) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, buf + len + fin) != 1) {
    return absl::InternalError("AES-256-GCM encryption failed");
  }
  out.resize(len + fin + kTagBytes);
  return out;
}

absl::StatusOr<std::string> Aes256GcmOpen(const std::string& key, const std::string& nonce,
                                          const std::string& sealed, const std::string& aad) {
  RETURN_IF_ERROR(CheckSizes(key, nonce));
  if (sealed.size() < static_cast<size_t>(kTagBytes)) {
    return absl::PermissionDeniedError("authentication failed: ciphertext too short");
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx) return absl::InternalError("out of memory");
  RETURN_IF_ERROR(Init(ctx.get(), false, key, nonce, aad));
  size_t body = sealed.size() - kTagBytes;
  std::string tag = sealed.substr(body);
  std::string out(body, '\0');
  auto* buf = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, fin = 0;
  if (EVP_DecryptUpdate(ctx.get(), buf, &len, U(sealed), static_cast<int>(body)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1) {
    return absl::InternalError("AES-256-GCM decryption failed");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), buf + len, &fin) != 1) {
    return absl::PermissionDeniedError("authentication failed: the value was changed or moved");
  }
  out.resize(len + fin);
  return out;
}

absl::StatusOr<std::unique_ptr<KeyRing>> KeyRing::FromText(const std::string& text) {
  auto ring = std::make_unique<KeyRing>();
  int line_no = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_no;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    std::string where = "key file line " + std::to_string(line_no);
    size_t colon = line.find(':');
    if (colon == absl::string_view::npos) {
      return absl::InvalidArgumentError(where + ": expected key_id:base64");
    }
    std::string key;
    if (!absl::Base64Unescape(line.substr(colon + 1), &key)) {
      return absl::InvalidArgumentError(where + ": key is not base64");
    }
    auto added = ring->Add(std::string(line.substr(0, colon)), key);
    if (!added.ok()) return absl::InvalidArgumentError(where + ": " + added.ToString());
  }
  if (ring->active_id().empty()) return absl::InvalidArgumentError("key file holds no key");
  return ring;
}

absl::StatusOr<std::unique_ptr<KeyRing>> KeyRing::FromFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadKeyFile(path));
  auto ring = FromText(text);
  if (!ring.ok()) return absl::InvalidArgumentError(path + ": " + ring.status().ToString());
  return ring;
}

absl::StatusOr<std::unique_ptr<KeyRing>> KeyRing::FromEnv() {
  const char* value = std::getenv(kSecretKeyEnv);
  if (value == nullptr || *value == '\0') {
    return absl::NotFoundError(std::string(kSecretKeyEnv) + " is not set");
  }
  std::string key;
  if (!absl::Base64Unescape(absl::StripAsciiWhitespace(value), &key)) {
    return absl::InvalidArgumentError(std::string(kSecretKeyEnv) + " is not base64");
  }
  auto ring = std::make_unique<KeyRing>();
  RETURN_IF_ERROR(ring->Add("env", key));
  return ring;
}

absl::StatusOr<std::unique_ptr<KeyRing>> KeyRing::Load(const std::string& key_file) {
  auto env = FromEnv();
  if (env.ok() || !absl::IsNotFound(env.status())) return env;
  RETURN_IF_ERROR(EnsureKeyFile(key_file).status());
  return FromFile(key_file);
}

absl::Status KeyRing::Add(const std::string& key_id, const std::string& raw_key) {
  if (!ValidKeyId(key_id)) {
    return absl::InvalidArgumentError("key id must be 1-64 of [A-Za-z0-9._-]");
  }
  if (raw_key.size() != kKeyBytes) return absl::InvalidArgumentError("key must be 32 bytes");
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = keys_.emplace(key_id, raw_key);
  if (!inserted && it->second != raw_key) {
    return absl::AlreadyExistsError("key id " + key_id + " is used by another key");
  }
  if (active_.empty()) active_ = key_id;
  return absl::OkStatus();
}

absl::Status KeyRing::SetActive(const std::string& key_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!keys_.count(key_id)) return absl::NotFoundError("no key " + key_id + " in the key ring");
  active_ = key_id;
  return absl::OkStatus();
}

std::string KeyRing::active_id() const {
  std::lock_guard<std::mutex> lock(mu_);
  return active_;
}

bool KeyRing::Has(const std::string& key_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return keys_.count(key_id) > 0;
}

std::vector<std::string> KeyRing::ids() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [id, key] : keys_) out.push_back(id);
  return out;
}

absl::StatusOr<SealedValue> KeyRing::Encrypt(const std::string& plaintext,
                                             const std::string& aad) const {
  std::string active = active_id();
  if (active.empty()) return absl::FailedPreconditionError("the key ring is empty");
  return EncryptWith(active, plaintext, aad);
}

absl::StatusOr<SealedValue> KeyRing::EncryptWith(const std::string& key_id,
                                                 const std::string& plaintext,
                                                 const std::string& aad) const {
  SealedValue v{.key_id = key_id};
  std::string key;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = keys_.find(key_id);
    if (it == keys_.end()) return absl::NotFoundError("no key " + key_id + " in the key ring");
    key = it->second;
  }
  v.nonce.resize(kNonceBytes);
  if (RAND_bytes(reinterpret_cast<unsigned char*>(v.nonce.data()), kNonceBytes) != 1) {
    std::abort();  // a repeated nonce would break GCM: never continue without randomness
  }
  ASSIGN_OR_RETURN(v.ciphertext, Aes256GcmSeal(key, v.nonce, plaintext, aad));
  return v;
}

absl::StatusOr<std::string> KeyRing::Decrypt(const SealedValue& value,
                                             const std::string& aad) const {
  std::string key;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = keys_.find(value.key_id);
    if (it == keys_.end()) return absl::NotFoundError("no key " + value.key_id + " in the ring");
    key = it->second;
  }
  return Aes256GcmOpen(key, value.nonce, value.ciphertext, aad);
}

std::string NewKeyLine(const std::string& key_id) {
  return key_id + ":" + absl::Base64Escape(RandomKey());
}

absl::StatusOr<std::string> EnsureKeyFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    RETURN_IF_ERROR(
        WriteKeyFile(path, "# Paved secret keys: key_id:base64(32 bytes); the first is active.\n" +
                               NewKeyLine(NewKeyId()) + "\n"));
  }
  ASSIGN_OR_RETURN(auto ring, KeyRing::FromFile(path));
  return ring->active_id();
}

absl::StatusOr<std::string> AddActiveKeyToFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadKeyFile(path));
  RETURN_IF_ERROR(KeyRing::FromText(text).status());
  std::string id = NewKeyId();
  std::string header, rest;
  // Keep leading comments on top so the new key is the first key line.
  std::istringstream in(text);
  std::string line;
  bool in_header = true;
  while (std::getline(in, line)) {
    bool comment = line.empty() || line[0] == '#';
    if (in_header && comment) {
      header += line + "\n";
    } else {
      in_header = false;
      rest += line + "\n";
    }
  }
  RETURN_IF_ERROR(WriteKeyFile(path, header + NewKeyLine(id) + "\n" + rest));
  return id;
}

}  // namespace paved::deploy
