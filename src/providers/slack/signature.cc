#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "providers/slack/slack_client.h"

namespace paved::slack {
namespace {

constexpr int64_t kMaxSkewSeconds = 5 * 60;

std::string HmacSha256(const std::string& key, const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string ComputeSignature(const std::string& signing_secret, const std::string& timestamp,
                             const std::string& body) {
  return absl::StrCat("v0=", absl::BytesToHexString(HmacSha256(
                                 signing_secret, absl::StrCat("v0:", timestamp, ":", body))));
}

absl::Status VerifySignature(const std::string& signing_secret, const std::string& timestamp,
                             const std::string& body, const std::string& signature,
                             int64_t now_seconds) {
  if (signing_secret.empty()) return absl::UnauthenticatedError("no Slack signing secret set");
  if (signature.empty() || timestamp.empty()) {
    return absl::UnauthenticatedError("missing Slack signature or timestamp");
  }
  int64_t ts = 0;
  if (!absl::SimpleAtoi(timestamp, &ts)) {
    return absl::UnauthenticatedError("Slack request timestamp is not a number");
  }
  if (now_seconds - ts > kMaxSkewSeconds || ts - now_seconds > kMaxSkewSeconds) {
    return absl::UnauthenticatedError("Slack request timestamp is more than 5 minutes off");
  }
  if (!ConstantTimeEquals(ComputeSignature(signing_secret, timestamp, body), signature)) {
    return absl::UnauthenticatedError("Slack signature does not match");
  }
  return absl::OkStatus();
}

}  // namespace paved::slack
