#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "alerts/alerts_deps.h"
#include "alerts/delivery/channel_limiter.h"
#include "alerts/notify/message.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "providers/slack/slack_client.h"

namespace paved::alerts {

// Registers the handlers of kDeliverJob, kFirstPostJob, kRemindJob and kReportJob on `pool`, and
// kFirstPostJob alone on `first_posts` (a small pool of its own, so a new group never waits
// behind a backlog of updates); schedules
// kRemindJob every minute and kReportJob every config.report_every_ms (when > 0) on `scheduler`.
// `slack` is the Web API client (bot token); null when there is none, in which case
// config.slack_webhook_url (an incoming webhook), when set, posts a new message per delivery.
// REQUIRES: called before pool->Start() and scheduler->Start(); deps' pointers and `slack`
// outlive the pool.
void InstallAlertDelivery(jobs::WorkerPool* pool, jobs::WorkerPool* first_posts,
                          jobs::Scheduler* scheduler, const AlertsDeps& deps, slack::Client* slack);

// The three jobs, callable directly (tests). Thread-safe.
class AlertDelivery {
 public:
  AlertDelivery(const AlertsDeps& deps, slack::Client* slack);

  // Brings the group's chat message, its thread and the generic webhooks up to date, as the
  // group stands when it starts; a change committed meanwhile runs the job again. Idempotent.
  // `attempts` (the job's claims so far) sets the backoff of transient errors. A failure that
  // must wait carries a jobs::RetryAfter delay: Slack's Retry-After on 429, min(60 s, 1 s·2^n)
  // on an outage, the time until a token is free when the channel's rate limit is spent.
  absl::Status Deliver(const std::string& group_key, int attempts);
  // One "reminded" event (told in the thread) per group whose firing, unacknowledged,
  // unsilenced alerts are due, marks them reminded and enqueues the group's delivery.
  absl::Status Remind();
  // Posts the report of the last full period to each team channel and to config.sre_channel;
  // nothing when there is nothing to say, never twice for one period.
  absl::Status Report();

  // Metadata event types of the messages and replies posted (found again after a crash).
  static constexpr char kGroupMetadata[] = "paved_alert_group";
  static constexpr char kChangeMetadata[] = "paved_alert_change";

 private:
  struct GroupState {
    std::vector<Alert> alerts;
    Destination destination;
    RenderedMessage rendered;
    std::vector<AlertEvent> pending;
    int64_t now_ms = 0;
  };
  // The message a delivery keeps up to date.
  struct Target {
    std::string record;   // alert_messages.destination, "slack:<channel>"
    std::string name;     // the channel as configured (rate limit key)
    std::string channel;  // as Slack answered (id)
    std::string ts;
  };

  absl::StatusOr<GroupState> LoadState(const std::string& group_key);
  absl::Status DeliverWebApi(const std::string& group_key, const GroupState& state, bool& worked);
  absl::Status SyncMain(const std::string& group_key, const GroupState& state,
                        const std::string& channel, const std::string& note, Target& target,
                        bool& worked);
  absl::StatusOr<bool> AdoptMain(const std::string& group_key, const std::string& channel,
                                 Target& target, int64_t attempt_at_ms);
  absl::Status PostMain(const std::string& group_key, const GroupState& state,
                        const slack::Message& msg, const std::string& hash, Target& target);
  absl::Status SyncThread(const std::string& group_key, const GroupState& state,
                          const Target& target, bool& worked);
  absl::StatusOr<std::vector<AlertEvent>> DropAlreadyTold(const std::string& group_key,
                                                          const Target& target,
                                                          std::vector<AlertEvent> pending);
  absl::Status PostReply(const std::string& group_key, const GroupState& state,
                         const Target& target, const std::vector<AlertEvent>& events);
  absl::Status DeliverIncomingWebhook(const std::string& group_key, const GroupState& state,
                                      bool& worked);
  absl::Status DeliverWebhooks(const std::string& group_key, const GroupState& state, bool& worked);
  absl::Status MarkTold(const std::vector<AlertEvent>& events, const std::string& ts);
  absl::Status RecordMessageEvent(store::Tx& tx, const std::string& group_key,
                                  nlohmann::json detail);
  absl::Status TakeToken(const std::string& channel);
  absl::Status Transient(absl::Status status, int attempts) const;

  absl::Status CollectReportAlerts(const std::vector<AlertEvent>& events, std::vector<Alert>& open,
                                   std::vector<Alert>& period);
  absl::Status ReportOne(const std::string& key, const std::string& channel,
                         const ReportInput& input, int64_t period_end_ms);

  AlertsDeps deps_;
  slack::Client* slack_;
  delivery_internal::ChannelLimiter limiter_;
};

}  // namespace paved::alerts
