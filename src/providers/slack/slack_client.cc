#include "providers/slack/slack_client.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "core/status_macros.h"

namespace paved::slack {
namespace {

// The same payload key as jobs::RetryAfter, so a job handler may return these statuses as they are.
constexpr char kRetryAfterPayload[] = "paved.dev/retry-after-ms";
constexpr char kErrorCodePayload[] = "paved.dev/slack-error";
constexpr int64_t kDefaultRetryAfterMs = 1000;
constexpr int kMaxPages = 20;

absl::Status WithCode(absl::Status status, const std::string& code) {
  status.SetPayload(kErrorCodePayload, absl::Cord(code));
  return status;
}

// Retry-After is in seconds; missing or unreadable → one second.
int64_t RetryAfterHeaderMs(const http::ClientResponse& res) {
  int64_t seconds = 0;
  std::string header(absl::StripAsciiWhitespace(res.Header("Retry-After")));
  if (!absl::SimpleAtoi(header, &seconds) || seconds < 0) return kDefaultRetryAfterMs;
  return seconds * 1000;
}

absl::Status RateLimited(const std::string& method, const http::ClientResponse& res) {
  int64_t ms = RetryAfterHeaderMs(res);
  absl::Status status = absl::ResourceExhaustedError(
      absl::StrCat("Slack ", method, ": rate limited, retry after ", ms / 1000, " s"));
  status.SetPayload(kRetryAfterPayload, absl::Cord(std::to_string(ms)));
  return WithCode(std::move(status), "ratelimited");
}

// Maps one Slack Web API answer to its JSON body or the error callers branch on.
absl::StatusOr<nlohmann::json> ParseAnswer(const std::string& method,
                                           const absl::StatusOr<http::ClientResponse>& res) {
  if (!res.ok()) {
    if (res.status().code() == absl::StatusCode::kDeadlineExceeded ||
        res.status().code() == absl::StatusCode::kUnavailable) {
      return absl::UnavailableError(absl::StrCat("Slack ", method, ": ", res.status().message()));
    }
    return res.status();
  }
  if (res->status == 429) return RateLimited(method, *res);
  if (res->status >= 500) {
    return WithCode(absl::UnavailableError(absl::StrCat("Slack ", method, ": HTTP ", res->status)),
                    absl::StrCat("HTTP ", res->status));
  }
  nlohmann::json body = nlohmann::json::parse(res->body, nullptr, false);
  if (res->status != 200 || !body.is_object() || !body.contains("ok")) {
    std::string code = absl::StrCat("HTTP ", res->status);
    std::string what = absl::StrCat("Slack ", method, ": unexpected answer (", code, ")");
    if (res->status == 200) return WithCode(absl::UnavailableError(what), code);
    return WithCode(absl::FailedPreconditionError(what), code);
  }
  if (body.value("ok", false)) return body;
  std::string error = body.value("error", "unknown_error");
  if (error == "ratelimited") return RateLimited(method, *res);
  if (error == "internal_error" || error == "fatal_error" || error == "service_unavailable" ||
      error == "request_timeout") {
    return WithCode(absl::UnavailableError(absl::StrCat("Slack ", method, ": ", error)), error);
  }
  return WithCode(absl::FailedPreconditionError(absl::StrCat("Slack ", method, ": ", error)),
                  error);
}

bool LooksLikeChannelId(const std::string& channel) {
  if (channel.size() < 2 || (channel[0] != 'C' && channel[0] != 'G' && channel[0] != 'D')) {
    return false;
  }
  return std::all_of(channel.begin(), channel.end(),
                     [](char c) { return absl::ascii_isupper(c) || absl::ascii_isdigit(c); });
}

nlohmann::json MessageJson(const std::string& channel, const Message& m) {
  nlohmann::json body = {{"channel", channel}, {"text", m.text}};
  if (!m.blocks.empty()) body["blocks"] = m.blocks;
  if (!m.thread_ts.empty()) body["thread_ts"] = m.thread_ts;
  if (!m.metadata_type.empty()) {
    body["metadata"] = {{"event_type", m.metadata_type},
                        {"event_payload", m.metadata_payload.is_null() ? nlohmann::json::object()
                                                                       : m.metadata_payload}};
  }
  return body;
}

class WebApiClient : public Client {
 public:
  WebApiClient(ClientOptions options, http::Client* http)
      : options_(std::move(options)), http_(http) {
    while (!options_.api_url.empty() && options_.api_url.back() == '/') options_.api_url.pop_back();
  }

  absl::StatusOr<Posted> PostMessage(const Message& m) override {
    ASSIGN_OR_RETURN(nlohmann::json answer, Post("chat.postMessage", MessageJson(m.channel, m)));
    return Posted{answer.value("channel", ""), answer.value("ts", "")};
  }

  absl::StatusOr<Posted> Update(const std::string& channel, const std::string& ts,
                                const Message& m) override {
    ASSIGN_OR_RETURN(std::string id, ChannelId(channel));
    nlohmann::json body = MessageJson(id, m);
    body.erase("thread_ts");
    body["ts"] = ts;
    ASSIGN_OR_RETURN(nlohmann::json answer, Post("chat.update", body));
    return Posted{answer.value("channel", id), answer.value("ts", ts)};
  }

  absl::StatusOr<std::vector<Found>> FindByMetadata(const std::string& channel,
                                                    const std::string& thread_ts,
                                                    const std::string& oldest_ts,
                                                    const std::string& metadata_type) override {
    ASSIGN_OR_RETURN(std::string id, ChannelId(channel));
    std::map<std::string, std::string> query = {
        {"channel", id}, {"include_all_metadata", "true"}, {"limit", "200"}};
    if (!oldest_ts.empty()) query["oldest"] = oldest_ts;
    if (!thread_ts.empty()) query["ts"] = thread_ts;
    const std::string method =
        thread_ts.empty() ? "conversations.history" : "conversations.replies";
    std::vector<Found> found;
    for (int page = 0; page < kMaxPages; ++page) {
      ASSIGN_OR_RETURN(nlohmann::json answer, Get(method, query));
      CollectFound(answer, metadata_type, found);
      std::string cursor = NextCursor(answer);
      if (cursor.empty()) break;
      query["cursor"] = cursor;
    }
    std::sort(found.begin(), found.end(),
              [](const Found& a, const Found& b) { return TsKey(a.ts) < TsKey(b.ts); });
    return found;
  }

 private:
  static std::string NextCursor(const nlohmann::json& answer) {
    if (!answer.value("has_more", false) && !answer.contains("response_metadata")) return "";
    auto meta = answer.value("response_metadata", nlohmann::json::object());
    return meta.is_object() ? meta.value("next_cursor", "") : "";
  }

  static void CollectFound(const nlohmann::json& answer, const std::string& metadata_type,
                           std::vector<Found>& found) {
    auto messages = answer.value("messages", nlohmann::json::array());
    if (!messages.is_array()) return;
    for (const auto& msg : messages) {
      if (!msg.is_object() || !msg.contains("metadata") || !msg["metadata"].is_object()) continue;
      const auto& meta = msg["metadata"];
      if (meta.value("event_type", "") != metadata_type) continue;
      found.push_back({msg.value("ts", ""), metadata_type,
                       meta.value("event_payload", nlohmann::json::object())});
    }
  }

  // A channel id for `channel`: ids as they are, names through conversations.list (cached).
  absl::StatusOr<std::string> ChannelId(const std::string& channel) {
    if (LooksLikeChannelId(channel)) return channel;
    std::string name(absl::StripPrefix(channel, "#"));
    {
      absl::MutexLock lock(&mu_);
      auto it = channel_ids_.find(name);
      if (it != channel_ids_.end()) return it->second;
    }
    std::map<std::string, std::string> query = {{"types", "public_channel,private_channel"},
                                                {"exclude_archived", "true"},
                                                {"limit", "1000"}};
    for (int page = 0; page < kMaxPages; ++page) {
      ASSIGN_OR_RETURN(nlohmann::json answer, Get("conversations.list", query));
      auto channels = answer.value("channels", nlohmann::json::array());
      for (const auto& c : channels) {
        if (!c.is_object()) continue;
        absl::MutexLock lock(&mu_);
        channel_ids_[c.value("name", "")] = c.value("id", "");
      }
      {
        absl::MutexLock lock(&mu_);
        auto it = channel_ids_.find(name);
        if (it != channel_ids_.end()) return it->second;
      }
      std::string cursor = NextCursor(answer);
      if (cursor.empty()) break;
      query["cursor"] = cursor;
    }
    return WithCode(absl::FailedPreconditionError(absl::StrCat(
                        "Slack conversations.list: channel_not_found (", channel, ")")),
                    "channel_not_found");
  }

  http::ClientHeaders Headers(bool json) const {
    http::ClientHeaders headers = {{"Authorization", "Bearer " + options_.bot_token}};
    if (json) headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    return headers;
  }

  absl::StatusOr<nlohmann::json> Post(const std::string& method, const nlohmann::json& body) {
    auto res = http_->Send("POST", absl::StrCat(options_.api_url, "/", method), Headers(true),
                           body.dump(), options_.timeout);
    return ParseAnswer(method, res);
  }

  absl::StatusOr<nlohmann::json> Get(const std::string& method,
                                     const std::map<std::string, std::string>& query) {
    std::string url = absl::StrCat(options_.api_url, "/", method, "?",
                                   absl::StrJoin(query, "&", [](std::string* out, const auto& kv) {
                                     absl::StrAppend(out, http::UrlEncode(kv.first), "=",
                                                     http::UrlEncode(kv.second));
                                   }));
    auto res = http_->Send("GET", url, Headers(false), "", options_.timeout);
    return ParseAnswer(method, res);
  }

  ClientOptions options_;
  http::Client* http_;
  absl::Mutex mu_;
  std::map<std::string, std::string> channel_ids_ ABSL_GUARDED_BY(mu_);  // name → id
};

}  // namespace

std::optional<int64_t> RetryAfterMs(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryAfterPayload);
  int64_t ms = 0;
  if (!payload || !absl::SimpleAtoi(std::string(*payload), &ms)) return std::nullopt;
  return ms;
}

std::string SlackErrorCode(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorCodePayload);
  return payload ? std::string(*payload) : "";
}

std::unique_ptr<Client> NewWebApiClient(ClientOptions options, http::Client* http) {
  return std::make_unique<WebApiClient>(std::move(options), http);
}

std::pair<int64_t, int64_t> TsKey(const std::string& ts) {
  std::pair<int64_t, int64_t> key{0, 0};
  size_t dot = ts.find('.');
  (void)absl::SimpleAtoi(ts.substr(0, dot), &key.first);
  if (dot != std::string::npos) (void)absl::SimpleAtoi(ts.substr(dot + 1), &key.second);
  return key;
}

absl::Status PostToIncomingWebhook(http::Client* http, const std::string& url, const Message& m) {
  nlohmann::json body = {{"text", m.text}};
  if (!m.blocks.empty()) body["blocks"] = m.blocks;
  auto res = http->Send("POST", url, {{"Content-Type", "application/json; charset=utf-8"}},
                        body.dump(), std::chrono::milliseconds(10'000));
  if (!res.ok()) {
    if (res.status().code() == absl::StatusCode::kDeadlineExceeded ||
        res.status().code() == absl::StatusCode::kUnavailable) {
      return absl::UnavailableError(absl::StrCat("Slack webhook: ", res.status().message()));
    }
    return res.status();
  }
  if (res->status == 429) return RateLimited("webhook", *res);
  if (res->status >= 500) {
    return WithCode(absl::UnavailableError(absl::StrCat("Slack webhook: HTTP ", res->status)),
                    absl::StrCat("HTTP ", res->status));
  }
  if (res->status != 200) {
    std::string code(absl::StripAsciiWhitespace(res->body));
    if (code.empty()) code = absl::StrCat("HTTP ", res->status);
    return WithCode(absl::FailedPreconditionError(absl::StrCat("Slack webhook: ", code)), code);
  }
  return absl::OkStatus();
}

}  // namespace paved::slack
