#pragma once

#include <functional>

#include "absl/status/status.h"

namespace paved::sources {

// Runs `work` while another thread calls `heartbeat` every 5 seconds (a job's lease kept while a
// large file is read; `heartbeat` returning false stops the calls, not `work`). A null
// `heartbeat` is never called. Returns what `work` returns.
absl::Status WithLeaseKept(const std::function<bool()>& heartbeat,
                           const std::function<absl::Status()>& work);

}  // namespace paved::sources
