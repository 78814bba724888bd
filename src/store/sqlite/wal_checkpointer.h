#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

struct sqlite3;

namespace paved::store {

// Copies the write-ahead log into the database file on a thread of its own. SQLite's automatic
// checkpoint runs inside the COMMIT that takes the log past 1,000 pages: that commit writes and
// fsyncs the database file, and the request behind it waits tens of milliseconds (the p99 of an
// alert group's first chat message). Here commits only signal; a PASSIVE checkpoint, which never
// waits for readers or writers, runs on this thread's own connection.
class WalCheckpointer {
 public:
  static constexpr int kPages = 1000;  // SQLite's default automatic checkpoint size

  // Opens its connection to the database file `path` and starts the thread.
  static absl::StatusOr<std::unique_ptr<WalCheckpointer>> Start(const std::string& path);
  ~WalCheckpointer();  // stops the thread, then closes its connection
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Takes over checkpoints of the database's writer connection: its automatic checkpoint is
  // replaced by a signal to this thread. REQUIRES: `writer` is closed before this is destroyed.
  void Watch(sqlite3* writer);
  // Checkpoints run so far (for tests).
  int Runs();

 private:
  explicit WalCheckpointer(sqlite3* db);
  static int OnCommit(void* self, sqlite3* db, const char* name, int pages);
  void Loop();

  sqlite3* db_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool due_ = false;   // guarded by mu_
  bool stop_ = false;  // guarded by mu_
  int runs_ = 0;       // guarded by mu_
  std::thread thread_;
};

}  // namespace paved::store
