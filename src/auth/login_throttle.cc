#include "auth/login_throttle.h"

#include "core/status_macros.h"

namespace paved::auth {

absl::StatusOr<int64_t> LoginThrottle::LockedForMs(const std::string& login) {
  ASSIGN_OR_RETURN(
      auto rs, store_->Query("SELECT locked_until FROM login_attempts WHERE login = $1", {login}));
  if (rs.empty()) return 0;
  return std::max<int64_t>(0, rs.front().Int("locked_until") - clock_->NowMs());
}

absl::Status LoginThrottle::RecordFailure(const std::string& login) {
  // One upsert, so concurrent failures on several replicas all count (no read-modify-write).
  int64_t now = clock_->NowMs();
  RETURN_IF_ERROR(store_
                      ->Query("INSERT INTO login_attempts (login, failures, locked_until, "
                              "updated_at) VALUES ($1, 1, 0, $2) ON CONFLICT (login) DO UPDATE "
                              "SET failures = login_attempts.failures + 1, updated_at = $2",
                              {login, now})
                      .status());
  // Reaching the limit locks the login and starts a new round of attempts after the lock.
  return store_
      ->Query(
          "UPDATE login_attempts SET locked_until = $1, failures = 0 "
          "WHERE login = $2 AND failures >= $3",
          {now + lock_ms_, login, static_cast<int64_t>(max_failures_)})
      .status();
}

absl::Status LoginThrottle::RecordSuccess(const std::string& login) {
  return store_->Query("DELETE FROM login_attempts WHERE login = $1", {login}).status();
}

}  // namespace paved::auth
