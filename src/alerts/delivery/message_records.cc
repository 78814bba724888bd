#include "alerts/delivery/message_records.h"

#include <cstdio>

#include "core/status_macros.h"

namespace paved::alerts::delivery_internal {

absl::StatusOr<MessageRecord> LoadRecord(store::Store& store, const std::string& group_key,
                                         const std::string& destination) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store.Query("SELECT channel, ts, content_hash, attempt_at FROM alert_messages "
                               "WHERE group_key = $1 AND destination = $2",
                               {group_key, destination}));
  MessageRecord r{.group_key = group_key, .destination = destination};
  if (rs.empty()) return r;
  const store::Row& row = rs.front();
  r.channel = row.Text("channel");
  r.ts = row.Text("ts");
  r.content_hash = row.Text("content_hash");
  if (!row.IsNull("attempt_at")) r.attempt_at_ms = row.Int("attempt_at");
  return r;
}

absl::Status RecordAttempt(store::Store& store, const std::string& group_key,
                           const std::string& destination, int64_t now_ms) {
  return store.Transaction([&](store::Tx& tx) {
    return tx
        .Query(
            "INSERT INTO alert_messages (group_key, destination, attempt_at) "
            "VALUES ($1, $2, $3) ON CONFLICT (group_key, destination) "
            "DO UPDATE SET attempt_at = excluded.attempt_at",
            {group_key, destination, now_ms})
        .status();
  });
}

absl::Status StoreMessage(store::Tx& tx, const MessageRecord& r, bool posted, int64_t now_ms) {
  const char* time_column = posted ? "posted_at" : "updated_at";
  std::string sql = std::string(
                        "INSERT INTO alert_messages (group_key, destination, channel, ts, "
                        "content_hash, attempt_at, ") +
                    time_column +
                    ") VALUES ($1, $2, $3, $4, $5, NULL, $6) ON CONFLICT (group_key, destination) "
                    "DO UPDATE SET channel = excluded.channel, ts = excluded.ts, content_hash = "
                    "excluded.content_hash, attempt_at = NULL, " +
                    time_column + " = excluded." + time_column;
  return tx.Query(sql, {r.group_key, r.destination, r.channel, r.ts, r.content_hash, now_ms})
      .status();
}

absl::Status ClearAttempt(store::Tx& tx, const std::string& group_key,
                          const std::string& destination) {
  return tx
      .Query(
          "UPDATE alert_messages SET attempt_at = NULL WHERE group_key = $1 AND "
          "destination = $2",
          {group_key, destination})
      .status();
}

std::string SlackTsFromMs(int64_t ms) {
  if (ms < 0) ms = 0;
  char ts[40];
  std::snprintf(ts, sizeof(ts), "%lld.%06lld", static_cast<long long>(ms / 1000),
                static_cast<long long>((ms % 1000) * 1000));
  return ts;
}

}  // namespace paved::alerts::delivery_internal
