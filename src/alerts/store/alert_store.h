#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "alerts/alert.h"
#include "alerts/hash64.h"
#include "core/clock.h"
#include "jobs/job_queue.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::alerts {

// The delivery job: one per group, deduplicated by group so a burst of changes is told once.
inline constexpr char kDeliverJob[] = "alerts.deliver";  // payload {"group": "<cluster>/<ns>"}
inline constexpr char kRemindJob[] = "alerts.remind";    // periodic, payload {}
inline constexpr char kReportJob[] = "alerts.report";    // periodic, payload {}
// The same job for a group that has had no message yet: it runs on a lane of its own, so a new
// problem is told at once instead of waiting behind updates of known ones. Same dedupe key.
inline constexpr char kFirstPostJob[] = "alerts.first_post";

struct AlertFilter {
  std::string ns, cluster, team, project, severity, alertname;
  std::string group_key;  // exact "<cluster>/<ns>"
  // firing | resolved | acknowledged (firing and acked) | silenced (firing, silence active) |
  // unowned (no team) | "" (all)
  std::string state;
  int limit = 100;
  std::string cursor;  // opaque, from the previous page
};

struct AlertPage {
  std::vector<Alert> items;
  std::string next_cursor;  // "" on the last page
};

struct HistoryFilter {
  std::string group_key;    // or
  std::string fingerprint;  // one of the two is required
  int64_t since_ms = 0;
  int64_t until_ms = 0;  // 0 = now
  int limit = 500;
};

// Counts for the overview page.
struct AlertSummary {
  int64_t firing = 0, acknowledged = 0, silenced = 0, unowned = 0, resolved_last_day = 0;
  std::map<std::string, int64_t> firing_by_team, firing_by_severity;
  std::map<std::string, int64_t> firing_by_group;  // group_key → firing count
  // One entry per group with firing alerts, most firing first; team/project of its alerts.
  struct Group {
    std::string group_key, team, project;
    int64_t firing = 0;
  };
  std::vector<Group> groups;
};
nlohmann::json AlertSummaryToJson(const AlertSummary& s);

// The content hash kept per alert (alerts.content_hash, the ingest index): FNV-1a 64 over labels,
// annotations, links and generator URL. Stable across processes and versions of the program.
uint64_t AlertContentHash(const LabelSet& labels, const LabelSet& annotations,
                          const LabelSet& links, const std::string& generator_url);
// As text: Hex64 (alerts/hash64.h).

// Alerts and their history (tables alerts, alert_events). Every write that changes what a group's
// chat message says also records the change (alert_events.thread = 'pending') and enqueues the
// group's delivery job in the same transaction, so the message can never miss a change.
class AlertStore {
 public:
  AlertStore(store::Store* store, jobs::JobQueue* queue, const Clock* clock, int64_t group_wait_ms)
      : store_(store), queue_(queue), clock_(clock), group_wait_ms_(group_wait_ms) {}

  // Upserts routed alerts. An alert whose stored state is the same (status, starts_at, content
  // hash) only refreshes last_received/ends_at. New firing → event firing (thread pending);
  // firing → resolved → event resolved (thread pending); resolved → firing again → event firing.
  // A new alert that arrives already resolved records a resolved event. Firing again (or firing
  // with a new starts_at) clears the acknowledgement: it is a new occurrence. Content changes
  // alone (annotations, owner) record no event but change the group's message. The same
  // fingerprint may appear more than once; later entries win.
  // Returns the group keys whose message must change (their delivery is enqueued).
  absl::StatusOr<std::vector<std::string>> Upsert(store::Tx& tx, const std::vector<Alert>& alerts,
                                                  int64_t now_ms);

  absl::StatusOr<std::optional<Alert>> Get(const std::string& fingerprint);
  absl::StatusOr<AlertPage> List(const AlertFilter& filter);
  // What a group's message shows: firing alerts, and alerts resolved within `resolved_keep_ms`.
  absl::StatusOr<std::vector<Alert>> Group(const std::string& group_key, int64_t resolved_keep_ms);
  absl::StatusOr<AlertSummary> Summary();

  // Per-alert control. Each records an event (thread pending) and enqueues the group's delivery.
  // NotFound for an unknown fingerprint. Ack of a resolved alert is FailedPrecondition.
  // Acking an acknowledged alert and unsilencing an alert without an active silence change
  // nothing and return OK. Silence until a time not in the future is InvalidArgument.
  absl::Status Ack(store::Tx& tx, const std::string& fingerprint, const std::string& actor);
  absl::Status Silence(store::Tx& tx, const std::string& fingerprint, const std::string& actor,
                       int64_t until_ms);
  absl::Status Unsilence(store::Tx& tx, const std::string& fingerprint, const std::string& actor);

  // Oldest first; the newest `limit` when there are more. InvalidArgument without a group or
  // fingerprint.
  absl::StatusOr<std::vector<AlertEvent>> History(const HistoryFilter& filter);
  // Appends one event (e.g. "message", "reminded", "report"); `thread_pending` asks the delivery
  // to tell it in the group's thread. Does not enqueue the delivery (call EnqueueDelivery).
  absl::Status AddEvent(store::Tx& tx, const AlertEvent& e, bool thread_pending);
  // Changes not yet told in the group's thread, oldest first.
  absl::StatusOr<std::vector<AlertEvent>> PendingThreadEvents(const std::string& group_key);
  absl::Status MarkThreadPosted(store::Tx& tx, const std::vector<int64_t>& seqs,
                                const std::string& thread_ts);

  // Firing, unacknowledged, unsilenced alerts, for the reminder job.
  absl::StatusOr<std::vector<Alert>> FiringUnhandled();
  absl::Status MarkReminded(store::Tx& tx, const std::vector<std::string>& fingerprints,
                            int64_t now_ms);
  // Events of every group with from_ms <= at < to_ms, oldest first (the hourly report).
  absl::StatusOr<std::vector<AlertEvent>> EventsBetween(int64_t from_ms, int64_t to_ms);
  // The groups ("<cluster>/<ns>") that have alerts in namespace `ns`, sorted.
  absl::StatusOr<std::vector<std::string>> GroupsOfNamespace(const std::string& ns);
  // Whether anything at all happened to alerts before `ms` (false on a fresh install).
  absl::StatusOr<bool> AnyEventBefore(int64_t ms);

  // Enqueues kDeliverJob (kFirstPostJob when `first_post`) for the group, deduplicated by group
  // and delayed by group_wait_ms.
  absl::Status EnqueueDelivery(store::Tx& tx, const std::string& group_key,
                               bool first_post = false);

  // Alerts with status firing, for the in-memory ingest index at start (fingerprint, status,
  // starts_at, ends_at, content hash only).
  struct IndexRow {
    std::string fingerprint;
    AlertStatus status;
    int64_t starts_at_ms, ends_at_ms;
    std::string content_hash;
  };
  absl::StatusOr<std::vector<IndexRow>> IndexRows();

 private:
  store::Store* store_;
  jobs::JobQueue* queue_;
  const Clock* clock_;
  int64_t group_wait_ms_;
};

}  // namespace paved::alerts
