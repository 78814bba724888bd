#include "store/sqlite/sqlite_store.h"

#include <mutex>

#include "absl/strings/str_cat.h"
#include "store/conn_pool.h"
#include "store/notify_hub.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/wal_checkpointer.h"
#include "store/tx_scope.h"

namespace paved::store {
namespace {

constexpr size_t kReaders = 4;

class SqliteTx : public Tx {
 public:
  explicit SqliteTx(SqliteConnection* conn) : conn_(conn) {}
  Engine engine() const override { return Engine::kSqlite; }
  absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params) override {
    return conn_->Query(sql, params);
  }

 private:
  SqliteConnection* conn_;
};

absl::Status NestedError() {
  return absl::FailedPreconditionError(
      "store called from inside its own Transaction on the same thread; use the Tx");
}

class SqliteStore : public Store {
 public:
  SqliteStore(std::unique_ptr<SqliteConnection> writer, size_t readers)
      : writer_(std::move(writer)), readers_(readers) {}

  // A file database: the writer's checkpoints run on a thread of their own.
  absl::Status StartCheckpoints(const std::string& path) {
    auto started = WalCheckpointer::Start(path);
    if (!started.ok()) return started.status();
    checkpointer_ = std::move(*started);
    checkpointer_->Watch(writer_->handle());
    return absl::OkStatus();
  }

  absl::Status OpenReaders(const std::string& path) {
    std::vector<std::unique_ptr<ConnPool<SqliteConnection>::Lease>> leases;
    for (size_t i = 0; i < readers_.size(); ++i) {
      leases.push_back(readers_.Acquire());
      auto conn = SqliteConnection::Open(path);
      if (!conn.ok()) return conn.status();
      leases.back()->slot() = std::move(*conn);
    }
    return absl::OkStatus();
  }

  Engine engine() const override { return Engine::kSqlite; }

  absl::Status Transaction(absl::FunctionRef<absl::Status(Tx&)> fn) override {
    if (TxScope::Active(this)) return NestedError();
    std::lock_guard lock(writer_mu_);
    return InWriteTx(fn);
  }

  absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params) override {
    if (TxScope::Active(this)) return NestedError();
    if (readers_.size() > 0) {
      auto reader = readers_.Acquire();
      auto read_only = (*reader)->IsReadOnly(sql);
      if (!read_only.ok()) return read_only.status();
      if (*read_only) return (*reader)->Query(sql, params);
    }
    std::lock_guard lock(writer_mu_);
    if (readers_.size() == 0) {
      auto read_only = writer_->IsReadOnly(sql);
      if (!read_only.ok()) return read_only.status();
      if (*read_only) return writer_->Query(sql, params);
    }
    absl::StatusOr<ResultSet> result;
    absl::Status status = InWriteTx([&](Tx& tx) {
      result = tx.Query(sql, params);
      return result.status();
    });
    if (!status.ok()) return status;
    return result;
  }

  absl::Status Ping() override { return Query("SELECT 1", {}).status(); }

  absl::Status Notify(const std::string& channel, const std::string& payload) override {
    hub_.Publish(channel, payload);
    return absl::OkStatus();
  }

  absl::Status Listen(const std::string& channel, NotifyCallback callback) override {
    hub_.Subscribe(channel, std::move(callback));
    return absl::OkStatus();
  }

 private:
  // REQUIRES: writer_mu_ held.
  absl::Status InWriteTx(absl::FunctionRef<absl::Status(Tx&)> fn) {
    if (absl::Status begun = writer_->Exec("BEGIN IMMEDIATE"); !begun.ok()) return begun;
    absl::Status status;
    {
      TxScope scope(this);
      SqliteTx tx(writer_.get());
      status = fn(tx);
    }
    if (status.ok()) status = writer_->Exec("COMMIT");
    if (!status.ok()) writer_->Exec("ROLLBACK").IgnoreError();  // fails when nothing is open
    return status;
  }

  std::unique_ptr<WalCheckpointer> checkpointer_;  // before writer_: outlives the hook on it
  std::mutex writer_mu_;
  std::unique_ptr<SqliteConnection> writer_;  // guarded by writer_mu_
  ConnPool<SqliteConnection> readers_;
  NotifyHub hub_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  bool in_memory = path.empty() || path == ":memory:";
  auto writer = SqliteConnection::Open(in_memory ? ":memory:" : path);
  if (!writer.ok()) return writer.status();
  auto store = std::make_unique<SqliteStore>(std::move(*writer), in_memory ? 0 : kReaders);
  if (!in_memory) {
    if (absl::Status opened = store->OpenReaders(path); !opened.ok()) return opened;
    if (absl::Status started = store->StartCheckpoints(path); !started.ok()) return started;
  }
  return store;
}

}  // namespace paved::store
