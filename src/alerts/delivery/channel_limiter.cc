#include "alerts/delivery/channel_limiter.h"

#include <algorithm>
#include <cmath>

namespace paved::alerts::delivery_internal {

std::optional<int64_t> ChannelLimiter::TryTake(const std::string& channel) {
  if (per_minute_ <= 0) return std::nullopt;
  const int64_t now = clock_->NowMs();
  const double ms_per_token = 60'000.0 / per_minute_;
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = buckets_.try_emplace(channel, Bucket{double(per_minute_), now});
  Bucket& b = it->second;
  if (!inserted && now > b.at_ms) {
    b.tokens = std::min<double>(per_minute_, b.tokens + (now - b.at_ms) / ms_per_token);
  }
  b.at_ms = std::max(b.at_ms, now);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) * ms_per_token)));
}

}  // namespace paved::alerts::delivery_internal
