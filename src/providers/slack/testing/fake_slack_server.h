#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "http/message.h"
#include "http/server.h"
#include "nlohmann/json.hpp"

namespace paved::slack::testing {

// An in-process Slack on 127.0.0.1:<free port>, for tests. It answers the Web API methods Paved
// uses — chat.postMessage, chat.update, conversations.history, conversations.replies and
// conversations.list — under /api/, as Slack documents them: bearer token required (not_authed /
// invalid_auth), channels by "#name", "name" or id, ts values "1700000000.123456" (the system
// clock in microseconds, strictly increasing), metadata returned with
// include_all_metadata, error codes channel_not_found, message_not_found, thread_not_found,
// no_text. It also takes incoming-webhook posts (/services/...) and records any other POST
// (/sink/...) as a generic webhook receiver. Faults can be injected for the next calls.
// Thread-safe.
class FakeSlackServer {
 public:
  explicit FakeSlackServer(std::string bot_token = "xoxb-test-token");
  ~FakeSlackServer();

  // Binds 127.0.0.1:0 and serves on background threads.
  absl::Status Start();
  std::string base_url() const;     // "http://127.0.0.1:PORT"
  std::string api_url() const;      // base_url() + "/api" — ClientOptions::api_url
  std::string webhook_url() const;  // an incoming-webhook URL (posts land in #webhook)
  std::string sink_url(const std::string& name) const;  // base_url() + "/sink/" + name

  // Creates a channel; returns its id ("C0000001", ...). `name` without '#'. Idempotent.
  std::string AddChannel(const std::string& name);
  // The id of a channel name ("#x" or "x"); "" when unknown.
  std::string ChannelId(const std::string& name) const;

  struct StoredMessage {
    std::string channel;  // id
    std::string ts;
    std::string thread_ts;  // "" for a top-level message
    std::string text;
    nlohmann::json blocks = nlohmann::json::array();
    std::string metadata_type;
    nlohmann::json metadata_payload;
    int edits = 0;  // chat.update calls on it
  };
  // Top-level messages of a channel (name or id), oldest first.
  std::vector<StoredMessage> Messages(const std::string& channel) const;
  // Replies in a thread, oldest first.
  std::vector<StoredMessage> Replies(const std::string& channel,
                                     const std::string& thread_ts) const;

  struct Call {
    std::string method;   // "chat.postMessage", "webhook", "sink/<name>", ...
    nlohmann::json body;  // JSON body or query parameters as an object
    int status = 0;       // HTTP status answered
    std::string error;    // Slack error code when ok:false
  };
  std::vector<Call> calls() const;
  int CallCount(const std::string& method) const;

  // Bodies posted to the incoming webhook / to /sink/<name>, in order.
  std::vector<nlohmann::json> WebhookPosts() const;
  std::vector<nlohmann::json> SinkPosts(const std::string& name) const;

  // Fault injection, in order of arrival; each applies to one request (any path).
  // The next `count` requests answer HTTP 429 with "Retry-After: <retry_after_s>".
  void FailNextWith429(int count, int retry_after_s);
  // The next `count` requests answer HTTP 500.
  void FailNextWith500(int count);
  // The next `count` Web API calls answer 200 {"ok":false,"error":<error>}.
  void FailNextWithError(int count, const std::string& error);
  // The next request is held for `hang` before it is answered (use a client timeout shorter than
  // that). With `apply` the request takes effect first — Slack posted, the answer was lost.
  void HangNext(std::chrono::milliseconds hang, bool apply);
  // Drops the faults no request has met yet (an outage that ends while none was asked for).
  void ClearFaults();

 private:
  enum class FaultKind { k429, k500, kError, kHang };
  struct Fault {
    FaultKind kind;
    int retry_after_s = 0;
    std::string error;
    std::chrono::milliseconds hang{0};
    bool apply = false;
  };

  http::Response Handle(http::Request& req);
  http::Response HandleApi(const std::string& method, const http::Request& req,
                           nlohmann::json& params, std::string& error)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  nlohmann::json Dispatch(const std::string& method, const nlohmann::json& params)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  nlohmann::json PostMessage(const nlohmann::json& params) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  nlohmann::json UpdateMessage(const nlohmann::json& params) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  nlohmann::json History(const nlohmann::json& params) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  nlohmann::json Replies(const nlohmann::json& params) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  nlohmann::json ListChannels() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string ResolveLocked(const std::string& channel) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::string NextTs() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  StoredMessage* Find(const std::string& channel, const std::string& ts)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Waits `hang` or until the server stops.
  void Hang(std::chrono::milliseconds hang);

  const std::string bot_token_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::map<std::string, std::string> channel_ids_ ABSL_GUARDED_BY(mu_);  // name → id
  std::vector<StoredMessage> messages_ ABSL_GUARDED_BY(mu_);             // in posting order
  int64_t ts_counter_ ABSL_GUARDED_BY(mu_) = 0;  // the last ts given, in microseconds
  std::deque<Fault> faults_ ABSL_GUARDED_BY(mu_);
  std::vector<Call> calls_ ABSL_GUARDED_BY(mu_);
  std::vector<nlohmann::json> webhook_posts_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<nlohmann::json>> sink_posts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace paved::slack::testing
