#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "http/client.h"
#include "nlohmann/json.hpp"

namespace paved::slack {

// One message to post or update (Slack Web API, Block Kit).
struct Message {
  std::string channel;  // "#name" or a channel id
  std::string text;     // fallback text (notifications, screen readers); always set
  nlohmann::json blocks = nlohmann::json::array();
  std::string thread_ts;  // reply in this thread when set
  // Message metadata (event_type + event_payload); lets a retry find a message it posted.
  std::string metadata_type;
  nlohmann::json metadata_payload;
};

struct Posted {
  std::string channel;  // the channel id Slack answered
  std::string ts;
};

// A message found in a channel's history or a thread, with its metadata.
struct Found {
  std::string ts;
  std::string metadata_type;
  nlohmann::json metadata_payload;
};

// Errors, so callers can decide: Unavailable for 5xx, timeouts and connection errors (retry with
// backoff); ResourceExhausted for 429, with the Retry-After delay attached as
// jobs::RetryAfter-compatible payload readable by RetryAfterMs(); FailedPrecondition for `ok:false`
// answers that retrying cannot fix (channel_not_found, not_in_channel, invalid_auth, ...), the
// message naming Slack's error code.
std::optional<int64_t> RetryAfterMs(const absl::Status& status);
// Slack's error code of a failed call ("channel_not_found", "ratelimited", "HTTP 404"); "" when
// the status did not come from a Slack answer (connection errors, OK).
std::string SlackErrorCode(const absl::Status& status);

// The Slack Web API calls Paved makes. Thread-safe. Channels may be given as "#name", "name" or
// an id; methods that need an id (chat.update, conversations.*) resolve names through
// conversations.list once and cache the answer.
class Client {
 public:
  virtual ~Client() = default;
  virtual absl::StatusOr<Posted> PostMessage(const Message& m) = 0;  // chat.postMessage
  virtual absl::StatusOr<Posted> Update(const std::string& channel, const std::string& ts,
                                        const Message& m) = 0;  // chat.update
  // conversations.history (oldest..now, include_all_metadata) or, with thread_ts,
  // conversations.replies: messages whose metadata type is `metadata_type`, oldest first.
  // `oldest_ts` is exclusive; "" = the whole history (at most 20 pages of 200).
  virtual absl::StatusOr<std::vector<Found>> FindByMetadata(const std::string& channel,
                                                            const std::string& thread_ts,
                                                            const std::string& oldest_ts,
                                                            const std::string& metadata_type) = 0;
};

struct ClientOptions {
  std::string api_url = "https://slack.com/api";
  std::string bot_token;
  std::chrono::milliseconds timeout{10'000};
};
std::unique_ptr<Client> NewWebApiClient(ClientOptions options, http::Client* http);

// A message ts ("1700000000.000100") as comparable (seconds, micros); (0, 0) when malformed.
std::pair<int64_t, int64_t> TsKey(const std::string& ts);

// Incoming webhook (https://hooks.slack.com/services/...): posts only, cannot update.
absl::Status PostToIncomingWebhook(http::Client* http, const std::string& url, const Message& m);

// Verifies a request from Slack (interactivity, events): signature "v0=" + hex HMAC-SHA256 of
// "v0:<timestamp>:<body>" with the signing secret, and a timestamp within 5 minutes of now.
// Unauthenticated with the reason otherwise.
absl::Status VerifySignature(const std::string& signing_secret, const std::string& timestamp,
                             const std::string& body, const std::string& signature,
                             int64_t now_seconds);
// "v0=" + hex HMAC-SHA256 of "v0:<timestamp>:<body>" (what Slack sends in X-Slack-Signature).
std::string ComputeSignature(const std::string& signing_secret, const std::string& timestamp,
                             const std::string& body);

}  // namespace paved::slack
