// AlertStore writes: upserts from ingest, per-alert control, events and the delivery job.
#include "alerts/store/alert_store.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "alerts/store/alert_rows.h"
#include "core/status_macros.h"
#include "jobs/job_queue.h"
#include "store/in_list.h"

namespace paved::alerts {
namespace {

using internal::LabelsToText;
using store::ResultSet;
using store::Tx;

// What Upsert needs to know of a stored alert.
struct Stored {
  AlertStatus status = AlertStatus::kFiring;
  int64_t starts_at_ms = 0;
  std::string content_hash;
  std::optional<int64_t> resolved_at_ms;
};
using StoredMap = std::unordered_map<std::string, Stored>;

absl::Status LoadStored(Tx& tx, const std::vector<Alert>& alerts, StoredMap& out) {
  std::vector<std::string> fps;
  for (const Alert& a : alerts) fps.push_back(a.fingerprint);
  std::sort(fps.begin(), fps.end());
  fps.erase(std::unique(fps.begin(), fps.end()), fps.end());
  return store::QueryInChunks(
      tx,
      "SELECT fingerprint, status, starts_at, content_hash, resolved_at FROM alerts WHERE "
      "fingerprint IN (",
      fps, absl::StrCat(")", tx.ForUpdate()), [&](const store::Row& row) {
        Stored s{.status = ParseAlertStatus(row.Text("status")).value_or(AlertStatus::kFiring),
                 .starts_at_ms = row.Int("starts_at"),
                 .content_hash = row.Text("content_hash")};
        if (!row.IsNull("resolved_at")) s.resolved_at_ms = row.Int("resolved_at");
        out[row.Text("fingerprint")] = std::move(s);
      });
}

// One row to write (insert or full update) for a fingerprint.
struct Write {
  const Alert* alert;
  std::string hash;
  std::optional<int64_t> resolved_at;
  bool clear_ack = false;
};

constexpr int kAlertParams = 19;

constexpr char kUpsertHead[] =
    "INSERT INTO alerts (fingerprint, source, status, alertname, severity, namespace, cluster, "
    "group_key, project, team, labels, annotations, links, generator_url, starts_at, ends_at, "
    "first_seen, last_received, resolved_at, content_hash) VALUES ";

constexpr char kUpsertTail[] =
    " ON CONFLICT (fingerprint) DO UPDATE SET source = excluded.source, status = "
    "excluded.status, alertname = excluded.alertname, severity = excluded.severity, namespace = "
    "excluded.namespace, cluster = excluded.cluster, group_key = excluded.group_key, project = "
    "excluded.project, team = excluded.team, labels = excluded.labels, annotations = "
    "excluded.annotations, links = excluded.links, generator_url = excluded.generator_url, "
    "starts_at = excluded.starts_at, ends_at = excluded.ends_at, last_received = "
    "excluded.last_received, resolved_at = excluded.resolved_at, content_hash = "
    "excluded.content_hash";

// "($1, ..., $19)" for row `row` of a multi-row VALUES list; the 17th parameter is bound twice
// (first_seen and last_received take the time of the write).
std::string ValuesRow(int row) {
  int p = row * kAlertParams;
  std::string out = "(";
  for (int i = 1; i <= kAlertParams; ++i) {
    absl::StrAppend(&out, i > 1 ? ", $" : "$", p + i);
    if (i == 17) absl::StrAppend(&out, ", $", p + i);  // first_seen, last_received
  }
  return out + ")";
}

void AppendAlertParams(const Write& w, int64_t now_ms, store::Params& params) {
  const Alert& a = *w.alert;
  for (store::Value v : std::initializer_list<store::Value>{
           a.fingerprint, a.source, std::string(AlertStatusName(a.status)), a.alertname, a.severity,
           a.ns, a.cluster, a.group_key(), a.project, a.team, LabelsToText(a.labels),
           LabelsToText(a.annotations), LabelsToText(a.links), a.generator_url, a.starts_at_ms,
           a.ends_at_ms, now_ms, w.resolved_at ? store::Value(*w.resolved_at) : store::Null(),
           w.hash}) {
    params.push_back(std::move(v));
  }
}

// Rows go in statements of 8, 2 or 1 so that few distinct statements are prepared.
template <typename Fn>
absl::Status InChunks(size_t total, Fn fn) {
  size_t done = 0;
  while (done < total) {
    size_t left = total - done;
    size_t n = left >= 8 ? 8 : left >= 2 ? 2 : 1;
    RETURN_IF_ERROR(fn(done, n));
    done += n;
  }
  return absl::OkStatus();
}

absl::Status WriteAlerts(Tx& tx, const std::vector<Write>& writes, int64_t now_ms) {
  RETURN_IF_ERROR(InChunks(writes.size(), [&](size_t begin, size_t n) -> absl::Status {
    std::string sql = kUpsertHead;
    store::Params params;
    params.reserve(n * (kAlertParams + 1));
    for (size_t i = 0; i < n; ++i) {
      absl::StrAppend(&sql, i ? ", " : "", ValuesRow(static_cast<int>(i)));
      AppendAlertParams(writes[begin + i], now_ms, params);
    }
    sql += kUpsertTail;
    return tx.Query(sql, params).status();
  }));
  for (const Write& w : writes) {
    if (!w.clear_ack) continue;
    RETURN_IF_ERROR(tx.Query("UPDATE alerts SET acked_by = '', acked_at = NULL WHERE "
                             "fingerprint = $1 AND acked_at IS NOT NULL",
                             {w.alert->fingerprint})
                        .status());
  }
  return absl::OkStatus();
}

absl::Status InsertEvents(Tx& tx, const std::vector<AlertEvent>& events) {
  return InChunks(events.size(), [&](size_t begin, size_t n) -> absl::Status {
    std::string sql =
        "INSERT INTO alert_events (at, group_key, fingerprint, kind, actor, detail, thread) "
        "VALUES ";
    store::Params params;
    for (size_t i = 0; i < n; ++i) {
      const AlertEvent& e = events[begin + i];
      int p = static_cast<int>(i) * 6;
      absl::StrAppend(&sql, i ? ", " : "", "($", p + 1, ", $", p + 2, ", $", p + 3, ", $", p + 4,
                      ", $", p + 5, ", $", p + 6, ", 'pending')");
      for (store::Value v : std::initializer_list<store::Value>{
               e.at_ms, e.group_key, e.fingerprint, e.kind, e.actor,
               e.detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)}) {
        params.push_back(std::move(v));
      }
    }
    return tx.Query(sql, params).status();
  });
}

// The subset of `keys` that `select` (a statement ending in "IN (") finds in `column`.
absl::StatusOr<std::set<std::string>> Existing(Tx& tx, const std::string& select,
                                               std::string_view column,
                                               const std::vector<std::string>& keys) {
  std::set<std::string> found;
  RETURN_IF_ERROR(store::QueryInChunks(
      tx, select, keys, ")", [&](const store::Row& row) { found.insert(row.Text(column)); }));
  return found;
}

// Groups that already have a queued delivery: a new change joins it (what the job queue's
// dedupe would answer), which saves two statements per group on busy ingest.
absl::StatusOr<std::set<std::string>> QueuedDeliveries(Tx& tx,
                                                       const std::set<std::string>& groups) {
  std::vector<std::string> keys;
  for (const std::string& g : groups) keys.push_back(absl::StrCat(kDeliverJob, ":", g));
  ASSIGN_OR_RETURN(std::set<std::string> found, jobs::JobQueue::QueuedDedupeKeys(tx, keys));
  std::set<std::string> queued;
  for (const std::string& key : found) queued.insert(key.substr(sizeof(kDeliverJob)));
  return queued;
}

// Groups that have had a message somewhere.
absl::StatusOr<std::set<std::string>> ToldGroups(Tx& tx, const std::vector<std::string>& groups) {
  return Existing(tx, "SELECT DISTINCT group_key FROM alert_messages WHERE group_key IN (",
                  "group_key", groups);
}

absl::Status Refresh(Tx& tx, const Alert& a, int64_t now_ms) {
  return tx
      .Query("UPDATE alerts SET last_received = $2, ends_at = $3 WHERE fingerprint = $1",
             {a.fingerprint, now_ms, a.ends_at_ms})
      .status();
}

// When a resolved alert stopped firing: its endsAt when the source gave a past one, else now.
int64_t ResolvedAt(const Alert& a, int64_t now_ms) {
  return a.ends_at_ms > 0 && a.ends_at_ms <= now_ms ? a.ends_at_ms : now_ms;
}

AlertEvent StatusEvent(const Alert& a, int64_t now_ms) {
  AlertEvent e{.at_ms = now_ms,
               .group_key = a.group_key(),
               .fingerprint = a.fingerprint,
               .kind = std::string(AlertStatusName(a.status))};
  e.detail = {{"alertname", a.alertname}, {"severity", a.severity}};
  auto summary = a.annotations.find("summary");
  if (summary != a.annotations.end()) e.detail["summary"] = summary->second;
  return e;
}

struct ControlRow {
  AlertStatus status;
  std::string group_key, alertname;
  bool acked;
  std::optional<int64_t> silenced_until;
};

absl::StatusOr<ControlRow> LockAlert(Tx& tx, const std::string& fingerprint) {
  ASSIGN_OR_RETURN(ResultSet rs, tx.Query(absl::StrCat("SELECT status, group_key, alertname, "
                                                       "acked_at, silenced_until FROM alerts "
                                                       "WHERE fingerprint = $1",
                                                       tx.ForUpdate()),
                                          {fingerprint}));
  if (rs.empty()) return absl::NotFoundError("alert " + fingerprint + " not found");
  const auto& row = rs.front();
  ControlRow c{.status = ParseAlertStatus(row.Text("status")).value_or(AlertStatus::kFiring),
               .group_key = row.Text("group_key"),
               .alertname = row.Text("alertname"),
               .acked = !row.IsNull("acked_at")};
  if (!row.IsNull("silenced_until")) c.silenced_until = row.Int("silenced_until");
  return c;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> AlertStore::Upsert(Tx& tx,
                                                            const std::vector<Alert>& alerts,
                                                            int64_t now_ms) {
  StoredMap stored;
  RETURN_IF_ERROR(LoadStored(tx, alerts, stored));
  std::set<std::string> groups;
  std::vector<Write> writes;
  std::unordered_map<std::string, size_t> write_of;  // fingerprint → index in writes
  std::vector<AlertEvent> events;
  for (const Alert& a : alerts) {
    std::string hash = Hex64(AlertContentHash(a.labels, a.annotations, a.links, a.generator_url));
    auto it = stored.find(a.fingerprint);
    bool is_new = it == stored.end();
    auto pending = write_of.find(a.fingerprint);
    if (!is_new && it->second.status == a.status && it->second.starts_at_ms == a.starts_at_ms &&
        it->second.content_hash == hash) {
      if (pending != write_of.end()) {
        writes[pending->second].alert = &a;  // the latest copy wins (ends_at)
      } else {
        RETURN_IF_ERROR(Refresh(tx, a, now_ms));
      }
      continue;
    }
    bool status_event =
        is_new || it->second.status != a.status ||
        (a.status == AlertStatus::kFiring && it->second.starts_at_ms != a.starts_at_ms);
    Write w{.alert = &a, .hash = hash};
    if (a.status == AlertStatus::kResolved) {
      w.resolved_at = status_event ? ResolvedAt(a, now_ms)
                                   : it->second.resolved_at_ms.value_or(ResolvedAt(a, now_ms));
    }
    w.clear_ack = a.status == AlertStatus::kFiring && status_event;
    if (status_event) events.push_back(StatusEvent(a, now_ms));
    stored[a.fingerprint] = Stored{a.status, a.starts_at_ms, hash, w.resolved_at};
    groups.insert(a.group_key());
    if (pending != write_of.end()) {
      w.clear_ack = w.clear_ack || writes[pending->second].clear_ack;
      writes[pending->second] = std::move(w);
    } else {
      write_of.emplace(a.fingerprint, writes.size());
      writes.push_back(std::move(w));
    }
  }
  RETURN_IF_ERROR(WriteAlerts(tx, writes, now_ms));
  RETURN_IF_ERROR(InsertEvents(tx, events));
  ASSIGN_OR_RETURN(std::set<std::string> queued, QueuedDeliveries(tx, groups));
  std::vector<std::string> to_enqueue;
  for (const std::string& g : groups) {
    if (!queued.count(g)) to_enqueue.push_back(g);
  }
  ASSIGN_OR_RETURN(std::set<std::string> told, ToldGroups(tx, to_enqueue));
  for (const std::string& g : to_enqueue) {
    RETURN_IF_ERROR(EnqueueDelivery(tx, g, /*first_post=*/!told.count(g)));
  }
  return std::vector<std::string>(groups.begin(), groups.end());
}

absl::Status AlertStore::Ack(Tx& tx, const std::string& fingerprint, const std::string& actor) {
  ASSIGN_OR_RETURN(ControlRow c, LockAlert(tx, fingerprint));
  if (c.status == AlertStatus::kResolved) {
    return absl::FailedPreconditionError("alert " + fingerprint + " is resolved");
  }
  if (c.acked) return absl::OkStatus();
  int64_t now = clock_->NowMs();
  RETURN_IF_ERROR(tx.Query("UPDATE alerts SET acked_by = $2, acked_at = $3 WHERE fingerprint = $1",
                           {fingerprint, actor, now})
                      .status());
  AlertEvent e{.at_ms = now,
               .group_key = c.group_key,
               .fingerprint = fingerprint,
               .kind = "acknowledged",
               .actor = actor};
  e.detail = {{"alertname", c.alertname}};
  RETURN_IF_ERROR(AddEvent(tx, e, true));
  return EnqueueDelivery(tx, c.group_key);
}

absl::Status AlertStore::Silence(Tx& tx, const std::string& fingerprint, const std::string& actor,
                                 int64_t until_ms) {
  int64_t now = clock_->NowMs();
  if (until_ms <= now) return absl::InvalidArgumentError("a silence must end in the future");
  ASSIGN_OR_RETURN(ControlRow c, LockAlert(tx, fingerprint));
  RETURN_IF_ERROR(tx.Query("UPDATE alerts SET silenced_by = $2, silenced_until = $3 WHERE "
                           "fingerprint = $1",
                           {fingerprint, actor, until_ms})
                      .status());
  AlertEvent e{.at_ms = now,
               .group_key = c.group_key,
               .fingerprint = fingerprint,
               .kind = "silenced",
               .actor = actor};
  e.detail = {{"alertname", c.alertname}, {"until", FormatTimeMs(until_ms)}};
  RETURN_IF_ERROR(AddEvent(tx, e, true));
  return EnqueueDelivery(tx, c.group_key);
}

absl::Status AlertStore::Unsilence(Tx& tx, const std::string& fingerprint,
                                   const std::string& actor) {
  ASSIGN_OR_RETURN(ControlRow c, LockAlert(tx, fingerprint));
  int64_t now = clock_->NowMs();
  if (!c.silenced_until || *c.silenced_until <= now) return absl::OkStatus();
  RETURN_IF_ERROR(tx.Query("UPDATE alerts SET silenced_by = '', silenced_until = NULL WHERE "
                           "fingerprint = $1",
                           {fingerprint})
                      .status());
  AlertEvent e{.at_ms = now,
               .group_key = c.group_key,
               .fingerprint = fingerprint,
               .kind = "unsilenced",
               .actor = actor};
  e.detail = {{"alertname", c.alertname}};
  RETURN_IF_ERROR(AddEvent(tx, e, true));
  return EnqueueDelivery(tx, c.group_key);
}

absl::Status AlertStore::AddEvent(Tx& tx, const AlertEvent& e, bool thread_pending) {
  std::string detail = e.detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return tx
      .Query(
          "INSERT INTO alert_events (at, group_key, fingerprint, kind, actor, detail, thread) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7)",
          {e.at_ms, e.group_key, e.fingerprint, e.kind, e.actor, detail,
           std::string(thread_pending ? "pending" : "none")})
      .status();
}

absl::Status AlertStore::MarkThreadPosted(Tx& tx, const std::vector<int64_t>& seqs,
                                          const std::string& thread_ts) {
  for (int64_t seq : seqs) {
    RETURN_IF_ERROR(
        tx.Query("UPDATE alert_events SET thread = 'posted', thread_ts = $2 WHERE seq = $1",
                 {seq, thread_ts})
            .status());
  }
  return absl::OkStatus();
}

absl::Status AlertStore::MarkReminded(Tx& tx, const std::vector<std::string>& fingerprints,
                                      int64_t now_ms) {
  for (const std::string& fp : fingerprints) {
    RETURN_IF_ERROR(
        tx.Query("UPDATE alerts SET last_reminded = $2 WHERE fingerprint = $1", {fp, now_ms})
            .status());
  }
  return absl::OkStatus();
}

absl::Status AlertStore::EnqueueDelivery(Tx& tx, const std::string& group_key, bool first_post) {
  jobs::EnqueueOptions options;
  options.max_attempts = 1'000'000;  // delivery never gives up
  options.delay_ms = group_wait_ms_;
  options.dedupe_key = absl::StrCat(kDeliverJob, ":", group_key);
  options.run_again_if_running = true;  // it may have read the group before this change
  return queue_
      ->EnqueueTx(tx, first_post ? kFirstPostJob : kDeliverJob, {{"group", group_key}}, options)
      .status();
}

}  // namespace paved::alerts
