#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace paved::alerts::delivery_internal {

// One row of alert_messages: what was posted for a group on one destination ("slack:#channel",
// "thread:#channel", "webhook:<name>", ...).
struct MessageRecord {
  std::string group_key, destination;
  std::string channel;  // the channel id Slack answered (or the configured name when adopted)
  std::string ts;       // "" until posted
  std::string content_hash;
  std::optional<int64_t> attempt_at_ms;  // set before a post, cleared once its ts is stored
};

// The row, or an empty record (no ts, no attempt) when there is none.
absl::StatusOr<MessageRecord> LoadRecord(store::Store& store, const std::string& group_key,
                                         const std::string& destination);
// Sets attempt_at in its own committed transaction, so a crash after the post is detectable.
absl::Status RecordAttempt(store::Store& store, const std::string& group_key,
                           const std::string& destination, int64_t now_ms);
// Stores channel, ts and content hash; clears attempt_at. posted_at when `posted`, else
// updated_at.
absl::Status StoreMessage(store::Tx& tx, const MessageRecord& r, bool posted, int64_t now_ms);
// Clears attempt_at (the attempt's outcome is recorded elsewhere).
absl::Status ClearAttempt(store::Tx& tx, const std::string& group_key,
                          const std::string& destination);

// "1700000000.123000": a Slack ts for a time (for `oldest` filters).
std::string SlackTsFromMs(int64_t ms);

}  // namespace paved::alerts::delivery_internal
