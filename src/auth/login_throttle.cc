#include "auth/login_throttle.h"

#include "core/hashing.h"
#include "core/random.h"
#include "core/status_macros.h"

namespace paved::auth {
namespace {

constexpr char kKeyName[] = "login_throttle";

}  // namespace

absl::StatusOr<std::string> LoginThrottle::Secret() {
  absl::MutexLock lock(&mu_);
  if (!secret_.empty()) return secret_;
  // Replicas starting together may race: the first insert wins and everyone reads it back.
  RETURN_IF_ERROR(
      store_
          ->Query("INSERT INTO auth_keys (name, secret, created_at) VALUES ($1, $2, $3) "
                  "ON CONFLICT (name) DO NOTHING",
                  {std::string(kKeyName), RandomToken(32), clock_->NowMs()})
          .status());
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT secret FROM auth_keys WHERE name = $1",
                                          {std::string(kKeyName)}));
  if (rs.empty()) return absl::InternalError("auth_keys: login_throttle key missing");
  secret_ = rs.front().Text("secret");
  return secret_;
}

absl::StatusOr<std::string> LoginThrottle::KeyOf(const std::string& login,
                                                 const std::string& client) {
  ASSIGN_OR_RETURN(std::string secret, Secret());
  // The login's length first, so no (login, client) pair can stand for another.
  return HmacSha256Hex(secret, std::to_string(login.size()) + ":" + login + "|" + client);
}

absl::StatusOr<int64_t> LoginThrottle::LockedForMs(const std::string& login,
                                                   const std::string& client) {
  ASSIGN_OR_RETURN(std::string key, KeyOf(login, client));
  ASSIGN_OR_RETURN(
      auto rs, store_->Query("SELECT locked_until FROM login_failures WHERE key_hash = $1", {key}));
  if (rs.empty()) return 0;
  return std::max<int64_t>(0, rs.front().Int("locked_until") - clock_->NowMs());
}

absl::Status LoginThrottle::RecordFailure(const std::string& login, const std::string& client) {
  ASSIGN_OR_RETURN(std::string key, KeyOf(login, client));
  int64_t now = clock_->NowMs();
  RETURN_IF_ERROR(
      store_
          ->Query("DELETE FROM login_failures WHERE updated_at < $1 AND locked_until <= $2",
                  {now - lock_ms_, now})
          .status());
  // One upsert, so concurrent failures on several replicas all count (no read-modify-write).
  RETURN_IF_ERROR(store_
                      ->Query("INSERT INTO login_failures (key_hash, failures, locked_until, "
                              "updated_at) VALUES ($1, 1, 0, $2) ON CONFLICT (key_hash) DO UPDATE "
                              "SET failures = login_failures.failures + 1, updated_at = $2",
                              {key, now})
                      .status());
  // Reaching the limit locks the pair and starts a new round of attempts after the lock.
  return store_
      ->Query(
          "UPDATE login_failures SET locked_until = $1, failures = 0 "
          "WHERE key_hash = $2 AND failures >= $3",
          {now + lock_ms_, key, static_cast<int64_t>(max_failures_)})
      .status();
}

absl::Status LoginThrottle::RecordSuccess(const std::string& login, const std::string& client) {
  ASSIGN_OR_RETURN(std::string key, KeyOf(login, client));
  return store_->Query("DELETE FROM login_failures WHERE key_hash = $1", {key}).status();
}

}  // namespace paved::auth
