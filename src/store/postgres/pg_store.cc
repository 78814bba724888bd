#include "store/postgres/pg_store.h"

#include <atomic>
#include <mutex>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "store/conn_pool.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_listener.h"
#include "store/tx_scope.h"

namespace paved::store {
namespace {

constexpr int kDefaultPoolSize = 8;
constexpr int kMaxPoolSize = 256;

struct ParsedUrl {
  std::string conninfo;
  int pool_size = kDefaultPoolSize;
};

// Removes `pool=N` from the query string (libpq rejects unknown parameters) and adds
// connect_timeout and application_name defaults.
absl::StatusOr<ParsedUrl> ParseUrl(const std::string& url) {
  ParsedUrl parsed;
  std::pair<std::string, std::string> split = absl::StrSplit(url, absl::MaxSplits('?', 1));
  std::vector<std::string> kept;
  bool has_timeout = false, has_name = false;
  for (absl::string_view param : absl::StrSplit(split.second, '&', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(param, absl::MaxSplits('=', 1));
    if (kv.first == "pool") {
      if (!absl::SimpleAtoi(kv.second, &parsed.pool_size) || parsed.pool_size < 1 ||
          parsed.pool_size > kMaxPoolSize) {
        return absl::InvalidArgumentError(absl::StrCat("postgres url: bad pool size ", kv.second));
      }
      continue;
    }
    has_timeout |= kv.first == "connect_timeout";
    has_name |= kv.first == "application_name";
    kept.emplace_back(param);
  }
  if (!has_timeout) kept.push_back("connect_timeout=5");
  if (!has_name) kept.push_back("application_name=paved");
  parsed.conninfo = absl::StrCat(split.first, "?", absl::StrJoin(kept, "&"));
  return parsed;
}

class PgTx : public Tx {
 public:
  explicit PgTx(PgConnection* conn) : conn_(conn) {}
  Engine engine() const override { return Engine::kPostgres; }
  absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params) override {
    return conn_->Query(sql, params);
  }

 private:
  PgConnection* conn_;
};

class PgStore : public Store {
 public:
  using Pool = ConnPool<PgConnection>;

  explicit PgStore(ParsedUrl url) : conninfo_(std::move(url.conninfo)), pool_(url.pool_size) {}

  // Connects the first pooled connection so a bad URL fails at open.
  absl::Status Check() {
    auto lease = pool_.Acquire();
    return Connected(*lease);
  }

  Engine engine() const override { return Engine::kPostgres; }

  absl::Status Transaction(absl::FunctionRef<absl::Status(Tx&)> fn) override {
    if (TxScope::Active(this)) return NestedError();
    auto lease = pool_.Acquire();
    // BEGIN changes nothing, so a connection found dead by it is replaced and BEGIN sent again.
    for (int attempt = 0;; ++attempt) {
      if (absl::Status s = Connected(*lease); !s.ok()) return s;
      auto begun = lease->slot()->Exec("BEGIN");
      if (begun.ok()) break;
      if (!lease->slot()->broken() || attempt > 0) return begun.status();
      NoteLost();
    }
    PgConnection* conn = lease->slot().get();
    absl::Status status;
    {
      TxScope scope(this);
      PgTx tx(conn);
      status = fn(tx);
    }
    if (status.ok()) status = Commit(*conn);
    if (!status.ok() && !conn->broken()) conn->Exec("ROLLBACK").IgnoreError();
    return status;
  }

  absl::StatusOr<ResultSet> Query(std::string_view sql, const Params& params) override {
    if (TxScope::Active(this)) return NestedError();
    auto lease = pool_.Acquire();
    for (int attempt = 0;; ++attempt) {
      if (absl::Status s = Connected(*lease); !s.ok()) return s;
      auto result = (*lease)->Query(sql, params);
      if (result.ok() || !(*lease)->broken()) return result;
      NoteLost();
      // A read may be sent again on a new connection; a write may have been applied before the
      // connection died, so its error goes back to the caller.
      if (attempt > 0 || !IsRead(sql)) return result;
    }
  }

  absl::Status Ping() override { return Query("SELECT 1", {}).status(); }

  absl::Status Notify(const std::string& channel, const std::string& payload) override {
    return Query("SELECT pg_notify($1, $2)", {channel, payload}).status();
  }

  absl::Status Listen(const std::string& channel, NotifyCallback callback) override {
    PgListener* listener;
    {
      std::lock_guard lock(listener_mu_);
      if (!listener_) listener_ = std::make_unique<PgListener>(conninfo_);
      listener = listener_.get();
    }
    return listener->Listen(channel, std::move(callback));
  }

 private:
  static absl::Status NestedError() {
    return absl::FailedPreconditionError(
        "store called from inside its own Transaction on the same thread; use the Tx");
  }

  static bool IsRead(std::string_view sql) {
    size_t start = sql.find_first_not_of(" \t\n");
    return start != std::string_view::npos &&
           absl::StartsWithIgnoreCase(absl::string_view(sql.data() + start, sql.size() - start),
                                      "SELECT ");
  }

  void NoteLost() { lost_.fetch_add(1); }

  // (Re)connects the leased slot when it is empty or its connection broke. A restarted server
  // drops every connection, but libpq notices only when one is used: once any connection of
  // this pool was lost, each older one is checked with a round trip before its next use.
  absl::Status Connected(Pool::Lease& lease) {
    auto& slot = lease.slot();
    const int64_t lost = lost_.load();
    if (slot) slot->Probe();
    if (slot && !slot->broken() && slot->checked_at_loss < lost) {
      if (slot->Exec("SELECT 1").ok()) slot->checked_at_loss = lost;
    }
    if (slot && !slot->broken()) return absl::OkStatus();
    slot.reset();
    auto conn = PgConnection::Connect(conninfo_);
    if (!conn.ok()) return conn.status();
    slot = std::move(*conn);
    slot->checked_at_loss = lost;
    return absl::OkStatus();
  }

  // COMMIT of a transaction in which a statement failed answers "ROLLBACK" without an error.
  static absl::Status Commit(PgConnection& conn) {
    auto tag = conn.Exec("COMMIT");
    if (!tag.ok()) return tag.status();
    if (*tag == "ROLLBACK") {
      return absl::AbortedError(
          "postgres: transaction rolled back because a statement in it failed");
    }
    return absl::OkStatus();
  }

  const std::string conninfo_;
  Pool pool_;
  std::atomic<int64_t> lost_{0};  // connections found lost so far
  std::mutex listener_mu_;
  std::unique_ptr<PgListener> listener_;  // guarded by listener_mu_; created by the first Listen
};

}  // namespace

absl::StatusOr<std::string> PostgresConnInfo(const std::string& url) {
  auto parsed = ParseUrl(url);
  if (!parsed.ok()) return parsed.status();
  return parsed->conninfo;
}

absl::StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url) {
  auto parsed = ParseUrl(url);
  if (!parsed.ok()) return parsed.status();
  auto store = std::make_unique<PgStore>(std::move(*parsed));
  if (absl::Status s = store->Check(); !s.ok()) return s;
  return store;
}

}  // namespace paved::store
