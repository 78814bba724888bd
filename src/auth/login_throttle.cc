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
  return store_->Transaction([&](store::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto rs,
                     tx.Query("SELECT failures FROM login_attempts WHERE login = $1", {login}));
    int64_t now = clock_->NowMs();
    int64_t failures = (rs.empty() ? 0 : rs.front().Int("failures")) + 1;
    int64_t locked_until = 0;
    if (failures >= max_failures_) {
      locked_until = now + lock_ms_;
      failures = 0;  // a new round of attempts after the lock ends
    }
    if (rs.empty()) {
      return tx
          .Query(
              "INSERT INTO login_attempts (login, failures, locked_until, updated_at) "
              "VALUES ($1, $2, $3, $4)",
              {login, failures, locked_until, now})
          .status();
    }
    return tx
        .Query(
            "UPDATE login_attempts SET failures = $1, locked_until = $2, updated_at = $3 "
            "WHERE login = $4",
            {failures, locked_until, now, login})
        .status();
  });
}

absl::Status LoginThrottle::RecordSuccess(const std::string& login) {
  return store_->Query("DELETE FROM login_attempts WHERE login = $1", {login}).status();
}

}  // namespace paved::auth
