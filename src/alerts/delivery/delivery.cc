#include "alerts/delivery/delivery.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "alerts/delivery/current_message.h"
#include "alerts/delivery/message_records.h"
#include "core/status_macros.h"
#include "jobs/job_queue.h"
#include "spdlog/spdlog.h"

namespace paved::alerts {
namespace {

using delivery_internal::ClearAttempt;
using delivery_internal::LoadRecord;
using delivery_internal::MessageRecord;
using delivery_internal::RecordAttempt;
using delivery_internal::SlackTsFromMs;
using delivery_internal::StoreMessage;

constexpr size_t kCombineAbove = 5;        // more pending changes than this: one combined reply
constexpr int64_t kFindMarginMs = 60'000;  // clock skew allowed between us and Slack

std::vector<int64_t> Seqs(const std::vector<AlertEvent>& events) {
  std::vector<int64_t> seqs;
  for (const auto& e : events) seqs.push_back(e.seq);
  return seqs;
}

// A group-level "reminded" event lists its alerts in detail.fingerprints; the thread tells one
// line per alert.
std::vector<AlertEvent> ExpandForReply(const std::vector<AlertEvent>& events) {
  std::vector<AlertEvent> out;
  for (const auto& e : events) {
    auto fps = e.detail.is_object() ? e.detail.value("fingerprints", nlohmann::json::array())
                                    : nlohmann::json::array();
    if (e.kind != "reminded" || !e.fingerprint.empty() || !fps.is_array() || fps.empty()) {
      out.push_back(e);
      continue;
    }
    for (const auto& fp : fps) {
      AlertEvent one = e;
      one.fingerprint = fp.is_string() ? fp.get<std::string>() : "";
      out.push_back(std::move(one));
    }
  }
  return out;
}

slack::Message MainMessage(const RenderedMessage& rendered, const std::string& channel,
                           const std::string& note, const std::string& group_key) {
  slack::Message m;
  m.channel = channel;
  m.text = note.empty() ? rendered.text : absl::StrCat(note, "\n", rendered.text);
  m.blocks = rendered.blocks;
  if (!note.empty()) {
    m.blocks.insert(
        m.blocks.begin(),
        {{"type", "context"}, {"elements", {{{"type", "mrkdwn"}, {"text", ":warning: " + note}}}}});
  }
  m.metadata_type = AlertDelivery::kGroupMetadata;
  m.metadata_payload = {{"group", group_key}};
  return m;
}

bool SameGroup(const slack::Found& f, const std::string& group_key) {
  return f.metadata_payload.is_object() && f.metadata_payload.value("group", "") == group_key;
}

}  // namespace

AlertDelivery::AlertDelivery(const AlertsDeps& deps, slack::Client* slack)
    : deps_(deps), slack_(slack), limiter_(deps.clock, deps.config->channel_messages_per_minute) {}

absl::StatusOr<AlertDelivery::GroupState> AlertDelivery::LoadState(const std::string& group_key) {
  ASSIGN_OR_RETURN(CurrentMessage current, RenderCurrentMessage(deps_, group_key));
  GroupState s{.alerts = std::move(current.alerts),
               .destination = std::move(current.destination),
               .rendered = std::move(current.rendered),
               .pending = {},
               .now_ms = current.now_ms};
  ASSIGN_OR_RETURN(s.pending, deps_.alerts->PendingThreadEvents(group_key));
  return s;
}

// One pass over the group as it stands: a change committed meanwhile runs the job again
// (run_again_if_running), so nothing is left behind.
absl::Status AlertDelivery::Deliver(const std::string& group_key, int attempts) {
  ASSIGN_OR_RETURN(GroupState state, LoadState(group_key));
  bool worked = false;
  absl::Status chat;
  if (!state.destination.notify) {
    // Web page only: nothing is sent anywhere; the changes count as told.
    return MarkTold(state.pending, "");
  }
  if (slack_ != nullptr) {
    chat = DeliverWebApi(group_key, state, worked);
  } else if (!deps_.config->slack_webhook_url.empty()) {
    chat = DeliverIncomingWebhook(group_key, state, worked);
  } else if (!state.pending.empty()) {
    chat = MarkTold(state.pending, "");  // no chat configured
    worked = chat.ok();
  }
  absl::Status hooks = chat.ok() ? DeliverWebhooks(group_key, state, worked) : absl::OkStatus();
  if (worked && deps_.changed) deps_.changed({group_key});
  if (!chat.ok()) return Transient(chat, attempts);
  if (!hooks.ok()) return Transient(hooks, attempts);
  return absl::OkStatus();
}

absl::Status AlertDelivery::DeliverWebApi(const std::string& group_key, const GroupState& state,
                                          bool& worked) {
  const std::string& fallback = deps_.config->fallback_channel;
  const std::string& channel =
      state.destination.channel.empty() ? fallback : state.destination.channel;
  Target target;
  absl::Status main = SyncMain(group_key, state, channel, "", target, worked);
  if (main.code() == absl::StatusCode::kFailedPrecondition && !fallback.empty() &&
      channel != fallback) {
    std::string code = slack::SlackErrorCode(main);
    spdlog::warn("alerts: {}: cannot post to {} ({}); using {}", group_key, channel, code,
                 fallback);
    std::string note = absl::StrCat("Could not post to ", channel, " (",
                                    code.empty() ? std::string(main.message()) : code, ")");
    main = SyncMain(group_key, state, fallback, note, target, worked);
  }
  RETURN_IF_ERROR(main);
  return SyncThread(group_key, state, target, worked);
}

absl::Status AlertDelivery::SyncMain(const std::string& group_key, const GroupState& state,
                                     const std::string& channel, const std::string& note,
                                     Target& target, bool& worked) {
  target = Target{.record = "slack:" + channel, .name = channel, .channel = "", .ts = ""};
  ASSIGN_OR_RETURN(MessageRecord rec, LoadRecord(*deps_.store, group_key, target.record));
  target.channel = rec.channel;
  target.ts = rec.ts;
  if (target.ts.empty() && rec.attempt_at_ms) {
    ASSIGN_OR_RETURN(bool adopted, AdoptMain(group_key, channel, target, *rec.attempt_at_ms));
    if (adopted) {
      rec.content_hash = "";  // bring it up to date below
      worked = true;
    }
  }
  slack::Message msg = MainMessage(state.rendered, channel, note, group_key);
  std::string hash = absl::StrCat(state.rendered.content_hash, note.empty() ? "" : "|", note);
  if (!target.ts.empty() && rec.content_hash == hash) return absl::OkStatus();
  if (target.ts.empty()) {
    RETURN_IF_ERROR(PostMain(group_key, state, msg, hash, target));
    worked = true;
    return absl::OkStatus();
  }
  auto updated = slack_->Update(target.channel, target.ts, msg);
  if (!updated.ok() && slack::SlackErrorCode(updated.status()) == "message_not_found") {
    target.ts.clear();  // deleted in Slack: post it again
    RETURN_IF_ERROR(PostMain(group_key, state, msg, hash, target));
    worked = true;
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(updated.status());
  worked = true;
  MessageRecord stored{group_key, target.record, target.channel, target.ts, hash, std::nullopt};
  return deps_.store->Transaction([&](store::Tx& tx) {
    RETURN_IF_ERROR(StoreMessage(tx, stored, /*posted=*/false, state.now_ms));
    return RecordMessageEvent(
        tx, group_key, {{"action", "updated"}, {"channel", target.channel}, {"ts", target.ts}});
  });
}

// A post whose answer was lost (crash, timeout) may have reached Slack: look for it by metadata.
absl::StatusOr<bool> AlertDelivery::AdoptMain(const std::string& group_key,
                                              const std::string& channel, Target& target,
                                              int64_t attempt_at_ms) {
  ASSIGN_OR_RETURN(auto found,
                   slack_->FindByMetadata(channel, "", SlackTsFromMs(attempt_at_ms - kFindMarginMs),
                                          kGroupMetadata));
  auto it = std::find_if(found.rbegin(), found.rend(),
                         [&](const slack::Found& f) { return SameGroup(f, group_key); });
  if (it == found.rend()) return false;
  target.channel = target.channel.empty() ? channel : target.channel;
  target.ts = it->ts;
  MessageRecord adopted{group_key, target.record, target.channel, target.ts, "", std::nullopt};
  int64_t now = deps_.clock->NowMs();
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) {
    RETURN_IF_ERROR(StoreMessage(tx, adopted, /*posted=*/true, now));
    return RecordMessageEvent(
        tx, group_key, {{"action", "adopted"}, {"channel", target.channel}, {"ts", target.ts}});
  }));
  return true;
}

absl::Status AlertDelivery::PostMain(const std::string& group_key, const GroupState& state,
                                     const slack::Message& msg, const std::string& hash,
                                     Target& target) {
  RETURN_IF_ERROR(TakeToken(target.name));
  RETURN_IF_ERROR(RecordAttempt(*deps_.store, group_key, target.record, state.now_ms));
  auto posted = slack_->PostMessage(msg);
  if (!posted.ok()) {
    // 429 and ok:false mean Slack did not post: no need to look for the message next time.
    absl::StatusCode code = posted.status().code();
    if (code == absl::StatusCode::kResourceExhausted ||
        code == absl::StatusCode::kFailedPrecondition) {
      (void)deps_.store->Transaction(
          [&](store::Tx& tx) { return ClearAttempt(tx, group_key, target.record); });
    }
    return posted.status();
  }
  target.channel = posted->channel.empty() ? target.name : posted->channel;
  target.ts = posted->ts;
  MessageRecord stored{group_key, target.record, target.channel, target.ts, hash, std::nullopt};
  return deps_.store->Transaction([&](store::Tx& tx) {
    RETURN_IF_ERROR(StoreMessage(tx, stored, /*posted=*/true, state.now_ms));
    return RecordMessageEvent(
        tx, group_key, {{"action", "posted"}, {"channel", target.channel}, {"ts", target.ts}});
  });
}

absl::Status AlertDelivery::SyncThread(const std::string& group_key, const GroupState& state,
                                       const Target& target, bool& worked) {
  if (state.pending.empty()) return absl::OkStatus();
  worked = true;
  ASSIGN_OR_RETURN(std::vector<AlertEvent> pending,
                   DropAlreadyTold(group_key, target, state.pending));
  if (pending.size() > kCombineAbove) return PostReply(group_key, state, target, pending);
  for (const AlertEvent& e : pending) RETURN_IF_ERROR(PostReply(group_key, state, target, {e}));
  return absl::OkStatus();
}

// After a lost answer, the replies already in the thread (by their metadata) are marked told.
absl::StatusOr<std::vector<AlertEvent>> AlertDelivery::DropAlreadyTold(
    const std::string& group_key, const Target& target, std::vector<AlertEvent> pending) {
  const std::string record = "thread|" + target.record;
  ASSIGN_OR_RETURN(MessageRecord rec, LoadRecord(*deps_.store, group_key, record));
  if (!rec.attempt_at_ms) return pending;
  ASSIGN_OR_RETURN(
      auto found,
      slack_->FindByMetadata(target.channel, target.ts,
                             SlackTsFromMs(*rec.attempt_at_ms - kFindMarginMs), kChangeMetadata));
  std::set<int64_t> told;
  for (const auto& f : found) {
    if (!SameGroup(f, group_key)) continue;
    for (const auto& seq : f.metadata_payload.value("seqs", nlohmann::json::array())) {
      if (seq.is_number_integer()) told.insert(seq.get<int64_t>());
    }
  }
  std::vector<AlertEvent> done, rest;
  for (auto& e : pending) (told.count(e.seq) ? done : rest).push_back(std::move(e));
  RETURN_IF_ERROR(deps_.store->Transaction([&](store::Tx& tx) {
    if (!done.empty()) RETURN_IF_ERROR(deps_.alerts->MarkThreadPosted(tx, Seqs(done), target.ts));
    return ClearAttempt(tx, group_key, record);
  }));
  return rest;
}

absl::Status AlertDelivery::PostReply(const std::string& group_key, const GroupState& state,
                                      const Target& target, const std::vector<AlertEvent>& events) {
  std::string text = RenderThreadReply(ExpandForReply(events), state.alerts, state.now_ms);
  if (text.empty()) return MarkTold(events, target.ts);  // nothing to tell ("message", ...)
  RETURN_IF_ERROR(TakeToken(target.name));
  const std::string record = "thread|" + target.record;
  RETURN_IF_ERROR(RecordAttempt(*deps_.store, group_key, record, deps_.clock->NowMs()));
  slack::Message reply;
  reply.channel = target.channel;
  reply.text = text;
  reply.thread_ts = target.ts;
  reply.metadata_type = kChangeMetadata;
  reply.metadata_payload = {{"group", group_key}, {"seqs", Seqs(events)}};
  RETURN_IF_ERROR(slack_->PostMessage(reply).status());
  return deps_.store->Transaction([&](store::Tx& tx) {
    RETURN_IF_ERROR(deps_.alerts->MarkThreadPosted(tx, Seqs(events), target.ts));
    return ClearAttempt(tx, group_key, record);
  });
}

absl::Status AlertDelivery::MarkTold(const std::vector<AlertEvent>& events, const std::string& ts) {
  if (events.empty()) return absl::OkStatus();
  return deps_.store->Transaction(
      [&](store::Tx& tx) { return deps_.alerts->MarkThreadPosted(tx, Seqs(events), ts); });
}

absl::Status AlertDelivery::RecordMessageEvent(store::Tx& tx, const std::string& group_key,
                                               nlohmann::json detail) {
  AlertEvent e{.at_ms = deps_.clock->NowMs(),
               .group_key = group_key,
               .kind = "message",
               .detail = std::move(detail)};
  return deps_.alerts->AddEvent(tx, e, /*thread_pending=*/false);
}

absl::Status AlertDelivery::TakeToken(const std::string& channel) {
  std::optional<int64_t> wait = limiter_.TryTake(channel);
  if (!wait) return absl::OkStatus();
  return jobs::RetryAfter(
      absl::ResourceExhaustedError(absl::StrCat("channel ", channel, ": rate limit reached")),
      *wait);
}

absl::Status AlertDelivery::Transient(absl::Status status, int attempts) const {
  return jobs::RetryTransient(std::move(status), attempts);
}

}  // namespace paved::alerts
