#include "cost/budgets/budget_notifier.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "spdlog/spdlog.h"

namespace paved::cost::budgets {
namespace {

using nlohmann::json;

constexpr int kThresholds[] = {50, 80, 100};
// A notice is worth waiting for through a long chat outage: its job is retried for about a day
// (backoff capped at a minute) and re-enqueued by the next check after that.
constexpr int kNotifyAttempts = 1500;

json Payload(const BudgetStore::Notice& n) {
  return {
      {"team_id", n.team_id}, {"month", n.month}, {"threshold", n.threshold}, {"basis", n.basis}};
}

std::string Text(const Budget& b, const std::string& month, const std::string& basis, Money spent) {
  return absl::StrCat(b.team, ": ", basis, " ", Percent(spent, b.amount), " % of the ", month,
                      " budget (", WholeDollars(spent), " of ", WholeDollars(b.amount), " USD)");
}

}  // namespace

absl::Status BudgetNotifier::Check() {
  if (d_.slack == nullptr) return absl::OkStatus();
  std::string month = MonthOf(d_.clock->NowMs());
  ASSIGN_OR_RETURN(std::vector<Budget> budgets, d_.budgets->InForce(month));
  for (const Budget& b : budgets) RETURN_IF_ERROR(CheckTeam(b, month));
  ASSIGN_OR_RETURN(std::vector<BudgetStore::Notice> pending, d_.budgets->PendingNotices());
  return d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    for (const auto& n : pending) RETURN_IF_ERROR(Enqueue(tx, n));
    return absl::OkStatus();
  });
}

absl::Status BudgetNotifier::CheckTeam(const Budget& b, const std::string& month) {
  if (b.amount.nanos <= 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(BudgetSpend spend, d_.spend->Spend(b.team_id, month, DayOf(d_.clock->NowMs())));
  const int64_t now = d_.clock->NowMs();
  return d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    for (const auto& [basis, spent] :
         {std::pair<std::string, Money>{"actual", spend.actual}, {"forecast", spend.forecast}}) {
      int64_t pct = Percent(spent, b.amount);
      int highest = 0;
      for (int t : kThresholds) {
        if (pct >= t) highest = t;
      }
      for (int t : kThresholds) {
        if (t > highest) break;
        BudgetStore::Notice n{.team_id = b.team_id,
                              .month = month,
                              .threshold = t,
                              .basis = basis,
                              .state = t == highest ? "pending" : "skipped",
                              .text = Text(b, month, basis, spent)};
        ASSIGN_OR_RETURN(bool added, d_.budgets->AddNotice(tx, n, now));
        if (added && t == highest) RETURN_IF_ERROR(Enqueue(tx, n));
      }
    }
    return absl::OkStatus();
  });
}

absl::Status BudgetNotifier::Enqueue(store::Tx& tx, const BudgetStore::Notice& n) {
  std::string key =
      absl::StrCat("budget-notice/", n.team_id, "/", n.month, "/", n.threshold, "/", n.basis);
  return d_.queue
      ->EnqueueTx(tx, kNotifyJob, Payload(n), {.max_attempts = kNotifyAttempts, .dedupe_key = key})
      .status();
}

absl::StatusOr<std::string> BudgetNotifier::ChannelOf(const std::string& team_id) {
  std::string channel;
  RETURN_IF_ERROR(d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    catalog::TeamStore teams(d_.store, d_.clock);
    ASSIGN_OR_RETURN(std::optional<catalog::Team> team, teams.FindByIdTx(tx, team_id));
    if (team) channel = team->chat_channel;
    return absl::OkStatus();
  }));
  return channel;
}

absl::StatusOr<bool> BudgetNotifier::AlreadyPosted(const BudgetStore::Notice& n,
                                                   const std::string& channel) {
  if (!n.attempt_at_ms) return false;  // never tried: nothing to find
  // A day of margin for clocks that differ between Paved and the chat.
  std::string oldest = absl::StrCat(*n.attempt_at_ms / 1000 - 86'400, ".000000");
  ASSIGN_OR_RETURN(std::vector<slack::Found> found,
                   d_.slack->FindByMetadata(channel, "", oldest, kMetadataType));
  json want = Payload(n);
  return std::any_of(found.begin(), found.end(),
                     [&](const slack::Found& f) { return f.metadata_payload == want; });
}

absl::Status BudgetNotifier::Notify(const json& payload, int attempts) {
  if (d_.slack == nullptr) return absl::FailedPreconditionError("no chat to post to");
  ASSIGN_OR_RETURN(
      std::optional<BudgetStore::Notice> n,
      d_.budgets->GetNotice(payload.value("team_id", ""), payload.value("month", ""),
                            payload.value("threshold", 0), payload.value("basis", "")));
  if (!n || n->state != "pending") return absl::OkStatus();
  ASSIGN_OR_RETURN(std::string channel, ChannelOf(n->team_id));
  if (channel.empty()) {
    spdlog::info("budgets: team {} has no chat channel; not told: {}", n->team_id, n->text);
    return d_.budgets->MarkSent(*n, "", "", d_.clock->NowMs());
  }
  absl::StatusOr<bool> posted = AlreadyPosted(*n, channel);
  if (!posted.ok()) return jobs::RetryTransient(posted.status(), attempts);
  if (*posted) return d_.budgets->MarkSent(*n, channel, "", d_.clock->NowMs());
  RETURN_IF_ERROR(d_.budgets->MarkAttempt(*n, d_.clock->NowMs()));
  slack::Message m{.channel = channel,
                   .text = ":money_with_wings: " + n->text,
                   .metadata_type = kMetadataType,
                   .metadata_payload = Payload(*n)};
  absl::StatusOr<slack::Posted> sent = d_.slack->PostMessage(m);
  if (!sent.ok()) return jobs::RetryTransient(sent.status(), attempts);
  return d_.budgets->MarkSent(*n, sent->channel, sent->ts, d_.clock->NowMs());
}

void InstallBudgetNotifier(jobs::WorkerPool* pool, jobs::Scheduler* scheduler,
                           BudgetNotifier* notifier, int64_t every_ms) {
  pool->Register(BudgetNotifier::kCheckJob,
                 [notifier](jobs::JobContext&) { return notifier->Check(); });
  pool->Register(BudgetNotifier::kNotifyJob, [notifier](jobs::JobContext& ctx) {
    return notifier->Notify(ctx.job.payload, ctx.job.attempts);
  });
  scheduler->Every(BudgetNotifier::kCheckJob, every_ms);
}

}  // namespace paved::cost::budgets
