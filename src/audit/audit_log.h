#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::audit {

// One append-only record of a change: who did what to which subject.
struct Event {
  int64_t seq = 0;
  int64_t time_ms = 0;
  std::string actor;    // login, or "system"
  std::string action;   // KIND.VERB, e.g. "project.create"
  std::string subject;  // KIND:NAME, e.g. "project:chat-gateway"
  nlohmann::json summary = nlohmann::json::object();
};

nlohmann::json EventToJson(const Event& e);

// Which events List returns. The subject conditions are alternatives: with `subject` and/or
// `subject_prefixes` set, an event matches when its subject equals `subject` OR starts with any
// of the prefixes (compared bytewise: no wildcards, '%' and '_' are plain characters). Each
// prefix is queried as a range on the index audit_subject(subject, seq) where the database
// orders text bytewise (SQLite; PostgreSQL with the "C" collation); a PostgreSQL database with
// another collation gets the same results without the index range.
struct EventFilter {
  std::optional<std::string> subject;
  std::optional<std::string> actor;
  int limit = 50;
  std::optional<int64_t> before_seq;          // cursor: events older than this
  std::vector<std::string> subject_prefixes;  // any of; an empty prefix matches every subject
  std::optional<int64_t> since_ms;            // events with time >= since_ms only
};

constexpr char kNotifyChannel[] = "paved_events";

// Writes and reads the audit log (table audit_events, which the database keeps append-only).
class AuditLog {
 public:
  AuditLog(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // Appends inside the caller's transaction, so the event exists iff the change commits.
  // Call Published() after the commit to wake live streams.
  absl::Status Append(store::Tx& tx, const std::string& actor, const std::string& action,
                      const std::string& subject, nlohmann::json summary);
  // Tells every replica's live stream that new events were committed.
  void Published();

  // Newest first.
  absl::StatusOr<std::vector<Event>> List(const EventFilter& filter);
  // Oldest first, seq > after_seq; for live streams catching up.
  absl::StatusOr<std::vector<Event>> After(int64_t after_seq, int limit);
  absl::StatusOr<int64_t> LatestSeq();

 private:
  // Whether text comparisons order bytewise, so a prefix is one index range. Cached.
  absl::StatusOr<bool> BytewiseText();

  store::Store* store_;
  const Clock* clock_;
  std::mutex mu_;
  std::optional<bool> bytewise_text_;  // guarded by mu_
};

}  // namespace paved::audit
