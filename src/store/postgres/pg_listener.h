#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "store/postgres/pg_connection.h"
#include "store/store.h"

namespace paved::store {

// LISTEN on one dedicated connection. A background thread waits on the socket, reads
// notifications and runs the callbacks registered for their channel. When the connection drops,
// the thread reconnects and LISTENs again to every channel (notifications sent meanwhile are
// lost: delivery is best effort).
class PgListener {
 public:
  explicit PgListener(std::string conninfo);
  ~PgListener();  // stops and joins the thread, closes the connection
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

  // On success the channel is being listened to when this returns.
  absl::Status Listen(const std::string& channel, NotifyCallback callback);

 private:
  void Run();
  // REQUIRES: mu_ held. Connects when needed and LISTENs to every known channel.
  absl::Status EnsureConnected() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Reads what arrived; returns the notifications. REQUIRES: mu_ held.
  std::vector<std::pair<std::string, std::string>> Drain() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Dispatch(const std::vector<std::pair<std::string, std::string>>& notes);
  void Wake();

  const std::string conninfo_;
  absl::Mutex mu_;
  std::unique_ptr<PgConnection> conn_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<NotifyCallback>> callbacks_ ABSL_GUARDED_BY(mu_);
  std::atomic<bool> stopping_{false};
  int wake_fd_ = -1;  // eventfd: interrupts the thread's poll()
  std::thread thread_;
};

}  // namespace paved::store
