#pragma once

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/clock.h"
#include "store/store.h"

namespace paved::auth {

// Slows password guessing per (login, client address): after `max_failures` failed logins of
// one login from one address, that pair is refused for `lock_ms`. Failures from one address
// never lock the login out from another, so nobody can lock the real user out (admin included).
// Kept in the store so every replica enforces the same lock.
//
// Rows (table login_failures) hold only an HMAC-SHA256 of the pair, under a random key created
// once in table auth_keys, never the login itself. Failures older than `lock_ms` are forgotten:
// each failure first deletes rows idle that long and unlocked, so the table holds at most the
// failed attempts of the last `lock_ms`.
class LoginThrottle {
 public:
  LoginThrottle(store::Store* store, const Clock* clock, int max_failures, int64_t lock_ms)
      : store_(store), clock_(clock), max_failures_(max_failures), lock_ms_(lock_ms) {}

  // Milliseconds the pair stays locked; 0 when it may try now.
  absl::StatusOr<int64_t> LockedForMs(const std::string& login, const std::string& client);
  absl::Status RecordFailure(const std::string& login, const std::string& client);
  // Forgets the pair's failures.
  absl::Status RecordSuccess(const std::string& login, const std::string& client);

 private:
  // The pair's row key: hex HMAC-SHA256 of login and client under the stored key.
  absl::StatusOr<std::string> KeyOf(const std::string& login, const std::string& client);
  absl::StatusOr<std::string> Secret();

  store::Store* store_;
  const Clock* clock_;
  int max_failures_;
  int64_t lock_ms_;
  absl::Mutex mu_;
  std::string secret_ ABSL_GUARDED_BY(mu_);  // loaded (or created) on first use
};

}  // namespace paved::auth
