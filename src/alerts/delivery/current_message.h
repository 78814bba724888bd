#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "alerts/alerts_deps.h"
#include "alerts/notify/message.h"

namespace paved::alerts {

// A group's chat message as it stands now: where it goes and what it says.
struct CurrentMessage {
  std::vector<Alert> alerts;  // the group's alerts (resolved ones within resolved_keep)
  Destination destination;
  RenderedMessage rendered;
  int64_t now_ms = 0;
};

// Reads the group's alerts, owner and the owner project's recent changes, then routes and
// renders the message (the same one the delivery posts or updates).
absl::StatusOr<CurrentMessage> RenderCurrentMessage(const AlertsDeps& deps,
                                                    const std::string& group_key);

}  // namespace paved::alerts
