#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "store/store.h"

namespace paved::auth {

// Slows password guessing: after `max_failures` failed logins for one login name, further
// attempts are refused for `lock_ms`. Kept in the store so every replica enforces the same lock.
class LoginThrottle {
 public:
  LoginThrottle(store::Store* store, const Clock* clock, int max_failures, int64_t lock_ms)
      : store_(store), clock_(clock), max_failures_(max_failures), lock_ms_(lock_ms) {}

  // Milliseconds the login stays locked; 0 when it may try now.
  absl::StatusOr<int64_t> LockedForMs(const std::string& login);
  absl::Status RecordFailure(const std::string& login);
  absl::Status RecordSuccess(const std::string& login);

 private:
  store::Store* store_;
  const Clock* clock_;
  int max_failures_;
  int64_t lock_ms_;
};

}  // namespace paved::auth
