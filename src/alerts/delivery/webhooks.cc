// Delivery without a bot token (incoming webhook) and to the generic webhooks of the config.
#include <chrono>
#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "alerts/delivery/delivery.h"
#include "alerts/delivery/message_records.h"
#include "core/status_macros.h"
#include "jobs/job_queue.h"
#include "spdlog/spdlog.h"

namespace paved::alerts {
namespace {

using delivery_internal::LoadRecord;
using delivery_internal::MessageRecord;
using delivery_internal::StoreMessage;

constexpr std::chrono::milliseconds kWebhookTimeout{10'000};

std::string Fnv1a64Hex(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

bool WebhookWants(const WebhookOut& w, const std::vector<Alert>& alerts) {
  if (w.match.empty()) return true;
  for (const auto& a : alerts) {
    if (Matches(w.match, a.labels)) return true;
  }
  return false;
}

// Maps a webhook answer: 2xx OK; 429 waits Retry-After; 5xx and connection errors are
// Unavailable; other statuses FailedPrecondition (retrying will not help).
absl::Status WebhookAnswer(const std::string& name,
                           const absl::StatusOr<http::ClientResponse>& res) {
  if (!res.ok()) {
    return absl::UnavailableError(absl::StrCat("webhook ", name, ": ", res.status().message()));
  }
  if (res->status >= 200 && res->status < 300) return absl::OkStatus();
  std::string what = absl::StrCat("webhook ", name, ": HTTP ", res->status);
  if (res->status == 429) {
    int64_t seconds = 1;
    (void)absl::SimpleAtoi(res->Header("Retry-After"), &seconds);
    return jobs::RetryAfter(absl::ResourceExhaustedError(what),
                            std::max<int64_t>(1, seconds) * 1000);
  }
  if (res->status >= 500) return absl::UnavailableError(what);
  return absl::FailedPreconditionError(what);
}

}  // namespace

absl::Status AlertDelivery::DeliverIncomingWebhook(const std::string& group_key,
                                                   const GroupState& state, bool& worked) {
  const std::string record = "incoming-webhook";
  ASSIGN_OR_RETURN(MessageRecord rec, LoadRecord(*deps_.store, group_key, record));
  if (rec.content_hash == state.rendered.content_hash && state.pending.empty()) {
    return absl::OkStatus();
  }
  worked = true;
  slack::Message m;
  m.text = state.rendered.text;
  m.blocks = state.rendered.blocks;
  std::string changes = RenderThreadReply(state.pending, state.alerts, state.now_ms);
  if (!changes.empty()) {
    m.blocks.push_back(
        {{"type", "context"}, {"elements", {{{"type", "mrkdwn"}, {"text", changes}}}}});
  }
  RETURN_IF_ERROR(TakeToken(record));
  RETURN_IF_ERROR(slack::PostToIncomingWebhook(deps_.http, deps_.config->slack_webhook_url, m));
  rec.content_hash = state.rendered.content_hash;
  return deps_.store->Transaction([&](store::Tx& tx) {
    RETURN_IF_ERROR(StoreMessage(tx, rec, /*posted=*/true, state.now_ms));
    std::vector<int64_t> seqs;
    for (const auto& e : state.pending) seqs.push_back(e.seq);
    if (!seqs.empty()) RETURN_IF_ERROR(deps_.alerts->MarkThreadPosted(tx, seqs, ""));
    return RecordMessageEvent(tx, group_key, {{"action", "posted"}, {"channel", "webhook"}});
  });
}

absl::Status AlertDelivery::DeliverWebhooks(const std::string& group_key, const GroupState& state,
                                            bool& worked) {
  if (deps_.config->webhooks.empty()) return absl::OkStatus();
  auto [cluster, ns] = SplitGroupKey(group_key);
  nlohmann::json alerts = nlohmann::json::array();
  int firing = 0;
  for (const auto& a : state.alerts) {
    alerts.push_back(AlertToJson(a, state.now_ms));
    if (a.status == AlertStatus::kFiring) ++firing;
  }
  nlohmann::json body = {{"group", group_key},
                         {"cluster", cluster},
                         {"namespace", ns},
                         {"channel", state.destination.channel},
                         {"unowned", state.destination.unowned},
                         {"firing", firing},
                         {"alerts", alerts}};
  std::string text = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string hash = Fnv1a64Hex(text);
  for (const WebhookOut& w : deps_.config->webhooks) {
    if (!WebhookWants(w, state.alerts)) continue;
    ASSIGN_OR_RETURN(MessageRecord rec, LoadRecord(*deps_.store, group_key, "webhook:" + w.name));
    if (rec.content_hash == hash) continue;
    worked = true;
    absl::Status sent = WebhookAnswer(
        w.name, deps_.http->Send("POST", w.url, {{"Content-Type", "application/json"}}, text,
                                 kWebhookTimeout));
    if (sent.code() == absl::StatusCode::kFailedPrecondition) {
      spdlog::warn("alerts: {}: {} (not retried)", group_key, std::string(sent.message()));
    } else if (!sent.ok()) {
      return sent;
    }
    rec.content_hash = hash;
    RETURN_IF_ERROR(deps_.store->Transaction(
        [&](store::Tx& tx) { return StoreMessage(tx, rec, /*posted=*/true, state.now_ms); }));
  }
  return absl::OkStatus();
}

}  // namespace paved::alerts
