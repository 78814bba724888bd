#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace paved {

// Wall-clock time behind an interface so tests can move time (lease expiry, lockouts).
class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t NowMs() const = 0;
};

class SystemClock : public Clock {
 public:
  int64_t NowMs() const override;
  static SystemClock* Get();
};

// A clock that only moves when told to; thread-safe.
class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t start_ms = 1'700'000'000'000) : now_ms_(start_ms) {}
  int64_t NowMs() const override { return now_ms_.load(); }
  void AdvanceMs(int64_t ms) { now_ms_ += ms; }

 private:
  std::atomic<int64_t> now_ms_;
};

// RFC 3339 UTC with milliseconds, e.g. 2026-11-24T23:26:46.123Z.
std::string FormatTimeMs(int64_t ms);

}  // namespace paved
