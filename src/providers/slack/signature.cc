#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/hashing.h"
#include "providers/slack/slack_client.h"

namespace paved::slack {
namespace {

constexpr int64_t kMaxSkewSeconds = 5 * 60;

}  // namespace

std::string ComputeSignature(const std::string& signing_secret, const std::string& timestamp,
                             const std::string& body) {
  return "v0=" + HmacSha256Hex(signing_secret, absl::StrCat("v0:", timestamp, ":", body));
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
