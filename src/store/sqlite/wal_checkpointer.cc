#include "store/sqlite/wal_checkpointer.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"
#include "spdlog/spdlog.h"

namespace paved::store {

absl::StatusOr<std::unique_ptr<WalCheckpointer>> WalCheckpointer::Start(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return absl::UnavailableError(absl::StrCat("sqlite open ", path, ": ", message));
  }
  // A connection learns the journal mode when it first reads: until then a checkpoint does
  // nothing.
  char* error = nullptr;
  if (sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db);
    sqlite3_free(error);
    sqlite3_close_v2(db);
    return absl::UnavailableError(absl::StrCat("sqlite checkpoints of ", path, ": ", message));
  }
  std::unique_ptr<WalCheckpointer> c(new WalCheckpointer(db));
  c->thread_ = std::thread([raw = c.get()] { raw->Loop(); });
  return c;
}

WalCheckpointer::WalCheckpointer(sqlite3* db) : db_(db) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  sqlite3_close_v2(db_);
}

void WalCheckpointer::Watch(sqlite3* writer) { sqlite3_wal_hook(writer, &OnCommit, this); }

int WalCheckpointer::Runs() {
  std::lock_guard lock(mu_);
  return runs_;
}

int WalCheckpointer::OnCommit(void* self, sqlite3*, const char*, int pages) {
  if (pages < kPages) return SQLITE_OK;
  auto* c = static_cast<WalCheckpointer*>(self);
  {
    std::lock_guard lock(c->mu_);
    c->due_ = true;
  }
  c->cv_.notify_one();
  return SQLITE_OK;
}

void WalCheckpointer::Loop() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return due_ || stop_; });
    if (stop_) return;
    due_ = false;
    lock.unlock();
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    // Busy: another checkpoint is running; the next commit past the threshold asks again.
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      spdlog::warn("sqlite: checkpoint failed: {}", sqlite3_errmsg(db_));
    }
    lock.lock();
    ++runs_;
  }
}

}  // namespace paved::store
