#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "cost/budgets/budget_store.h"
#include "cost/budgets/spend_source.h"
#include "jobs/job_queue.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "providers/slack/slack_client.h"

namespace paved::cost::budgets {

struct NotifierDeps {
  store::Store* store = nullptr;
  BudgetStore* budgets = nullptr;
  jobs::JobQueue* queue = nullptr;
  const Clock* clock = nullptr;
  SpendSource* spend = nullptr;
  slack::Client* slack = nullptr;  // null: no chat, no messages (nothing is recorded)
};

// The threshold messages: a team whose actual or forecast spend of this month passes 50, 80 or
// 100 % of its budget is told so in its chat channel, once per threshold, basis and month
// ("chat: forecast 104 % of the 2026-12 budget (1,040 of 1,000 USD)"). When several thresholds
// are passed at once only the highest is told.
//
// Durable and exactly once: Check() records each notice and enqueues its delivery job in one
// transaction; the delivery records its attempt before posting and posts with message metadata,
// so a retry after a crash finds the message instead of posting it again. Slack's 429 and
// outages become jobs::RetryAfter delays; a notice whose job ran out of attempts is enqueued
// again by the next Check().
class BudgetNotifier {
 public:
  static constexpr char kCheckJob[] = "budgets.check";
  static constexpr char kNotifyJob[] = "budgets.notify";
  static constexpr char kMetadataType[] = "paved_budget_notice";

  explicit BudgetNotifier(NotifierDeps deps) : d_(std::move(deps)) {}

  // Compares each budget of this month with its team's spend; records and enqueues the notices
  // of newly passed thresholds (and re-enqueues any still pending).
  absl::Status Check();
  // Posts one notice (the payload of a kNotifyJob) to its team's channel unless it was posted.
  // `attempts` (the job's claims so far) sets the backoff of an outage.
  absl::Status Notify(const nlohmann::json& payload, int attempts);

 private:
  absl::Status CheckTeam(const Budget& budget, const std::string& month);
  absl::Status Enqueue(store::Tx& tx, const BudgetStore::Notice& n);
  absl::StatusOr<bool> AlreadyPosted(const BudgetStore::Notice& n, const std::string& channel);
  absl::StatusOr<std::string> ChannelOf(const std::string& team_id);

  NotifierDeps d_;
};

// Registers kCheckJob and kNotifyJob on `pool` and schedules kCheckJob every `every_ms`.
// REQUIRES: before pool->Start() and scheduler->Start(); `notifier` outlives the pool.
void InstallBudgetNotifier(jobs::WorkerPool* pool, jobs::Scheduler* scheduler,
                           BudgetNotifier* notifier, int64_t every_ms);

}  // namespace paved::cost::budgets
