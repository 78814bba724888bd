#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "core/clock.h"

namespace paved::alerts::delivery_internal {

// A token bucket per chat channel: at most `per_minute` posts per channel, refilled evenly over a
// minute. In memory, per process. Thread-safe.
class ChannelLimiter {
 public:
  ChannelLimiter(const Clock* clock, int per_minute) : clock_(clock), per_minute_(per_minute) {}

  // Takes one token for `channel`. nullopt when taken; otherwise the milliseconds until a token
  // is free (nothing is taken). A limit <= 0 never limits.
  std::optional<int64_t> TryTake(const std::string& channel);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
  };
  const Clock* clock_;
  const int per_minute_;
  absl::Mutex mu_;
  std::map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace paved::alerts::delivery_internal
