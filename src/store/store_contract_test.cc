// One contract, run against every engine: SQLite (a temp file) and PostgreSQL (a throwaway
// server from tests/support). A PostgreSQL test fails, never skips, when the server can't start.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "store/in_list.h"
#include "store/migrate.h"
#include "store/store.h"
#include "tests/support/postgres_server.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::store {
namespace {

using test_support::EngineName;
using test_support::NewDatabaseUrl;

constexpr auto kWait = std::chrono::seconds(20);  // upper bound only; tests never time things

const char kKvTable[] =
    "CREATE TABLE kv (k TEXT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, t TEXT, "
    "n INTEGER CHECK (n IS NULL OR n >= 0))";

// Collects notifications delivered on a background thread.
class Inbox {
 public:
  NotifyCallback Callback() {
    return [this](const std::string& channel, const std::string& payload) {
      std::lock_guard lock(mu_);
      received_.push_back(channel + ":" + payload);
      cv_.notify_all();
    };
  }
  // Waits until `count` notifications arrived; returns what arrived.
  std::vector<std::string> WaitFor(size_t count) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, kWait, [&] { return received_.size() >= count; });
    return received_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> received_;
};

class StoreContractTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto url = NewDatabaseUrl(GetParam());
    ASSERT_OK(url);
    url_ = *url;
    auto store = OpenStore(url_);
    ASSERT_OK(store);
    store_ = std::move(*store);
    ASSERT_OK(store_->Query(kKvTable));
  }

  std::unique_ptr<Store> OpenAnother() {
    auto store = OpenStore(url_);
    EXPECT_OK(store);
    return store.ok() ? std::move(*store) : nullptr;
  }

  int64_t Count(const std::string& table) {
    auto rows = store_->Query("SELECT COUNT(*) AS n FROM " + table);
    EXPECT_OK(rows);
    return rows.ok() ? rows->front().Int("n") : -1;
  }

  // Four threads each add 1 to kv's 'counter' 25 times, each in its own transaction that reads
  // the value with `read` and writes it back plus one; expects no failure and no lost update.
  void ExpectNoLostIncrements(const std::function<absl::StatusOr<ResultSet>(Tx&)>& read) {
    ASSERT_OK(store_->Query("INSERT INTO kv (k, i) VALUES ('counter', 0)"));
    constexpr int kThreads = 4, kIncrements = 25;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < kIncrements; ++i) {
          absl::Status s = store_->Transaction([&](Tx& tx) -> absl::Status {
            auto current = read(tx);
            if (!current.ok()) return current.status();
            return tx
                .Query("UPDATE kv SET i = $1 WHERE k = 'counter'", {current->front().Int("i") + 1})
                .status();
          });
          if (!s.ok()) ++failures;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
    auto total = store_->Query("SELECT i FROM kv WHERE k = 'counter'");
    ASSERT_OK(total);
    EXPECT_EQ(total->front().Int("i"), kThreads * kIncrements);
  }

  std::string url_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContractTest, ReportsItsEngineAndAnswersPing) {
  EXPECT_EQ(store_->engine(), GetParam());
  EXPECT_OK(store_->Ping());
}

TEST_P(StoreContractTest, RoundTripsEveryValueKind) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  ASSERT_OK(store_->Query("INSERT INTO kv (k, i, r, t, n) VALUES ($1, $2, $3, $4, $5)",
                          {"a", big, 3.25, "h\xc3\xa9llo 'quoted' $1", int64_t{7}}));
  ASSERT_OK(store_->Query("INSERT INTO kv (k, i, r, t, n) VALUES ($1, $2, $3, $4, $5)",
                          {"b", std::numeric_limits<int64_t>::min(), -0.5, "", Null()}));
  auto rows = store_->Query("SELECT k, i, r, t, n FROM kv ORDER BY k");
  ASSERT_OK(rows);
  ASSERT_EQ(rows->rows.size(), 2u);
  const Row& a = rows->rows[0];
  EXPECT_EQ(std::get<std::string>(a.At(0)), "a");
  EXPECT_EQ(std::get<int64_t>(a.At(1)), big);
  EXPECT_DOUBLE_EQ(std::get<double>(a.At(2)), 3.25);
  EXPECT_EQ(std::get<std::string>(a.At(3)), "h\xc3\xa9llo 'quoted' $1");
  EXPECT_EQ(std::get<int64_t>(a.At(4)), 7);
  EXPECT_EQ(a.Text("i"), std::to_string(big));
  EXPECT_EQ(a.Int("n"), 7);
  EXPECT_DOUBLE_EQ(a.Real("i"), static_cast<double>(big));
  const Row& b = rows->rows[1];
  EXPECT_EQ(b.Int("i"), std::numeric_limits<int64_t>::min());
  EXPECT_DOUBLE_EQ(b.Real("r"), -0.5);
  EXPECT_FALSE(b.IsNull("t"));  // empty text is not NULL
  EXPECT_EQ(b.OptText("t"), std::optional<std::string>(""));
}

TEST_P(StoreContractTest, NullsBindAndReadBack) {
  ASSERT_OK(store_->Query("INSERT INTO kv (k, i, r, t, n) VALUES ($1, $2, $3, $4, $5)",
                          {"k", Null(), Null(), OptText(std::nullopt), Null()}));
  auto rows = store_->Query("SELECT i, r, t, n FROM kv WHERE t IS NULL AND k = $1", {"k"});
  ASSERT_OK(rows);
  ASSERT_EQ(rows->rows.size(), 1u);
  const Row& row = rows->front();
  for (const char* column : {"i", "r", "t", "n"}) EXPECT_TRUE(row.IsNull(column)) << column;
  EXPECT_EQ(row.Text("t"), "");
  EXPECT_EQ(row.OptText("t"), std::nullopt);
  EXPECT_EQ(row.Int("i"), 0);
  EXPECT_EQ(row.Real("r"), 0);
}

TEST_P(StoreContractTest, PlaceholdersMayRepeatAndComeInAnyOrder) {
  ASSERT_OK(
      store_->Query("INSERT INTO kv (k, t, i) VALUES ($2, $1, $3)", {"text", "key", int64_t{5}}));
  auto rows =
      store_->Query("SELECT k FROM kv WHERE t = $1 AND (i = $2 OR i > $2)", {"text", int64_t{5}});
  ASSERT_OK(rows);
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->front().Text("k"), "key");
}

TEST_P(StoreContractTest, CountsAffectedRows) {
  for (const char* k : {"x", "y", "z"}) {
    ASSERT_OK(store_->Query("INSERT INTO kv (k, i) VALUES ($1, 1)", {k}));
  }
  auto updated = store_->Query("UPDATE kv SET i = i + 1 WHERE i = $1", {int64_t{1}});
  ASSERT_OK(updated);
  EXPECT_EQ(updated->affected, 3);
  auto deleted = store_->Query("DELETE FROM kv WHERE k = $1", {"x"});
  ASSERT_OK(deleted);
  EXPECT_EQ(deleted->affected, 1);
  auto selected = store_->Query("SELECT k FROM kv");
  ASSERT_OK(selected);
  EXPECT_EQ(selected->rows.size(), 2u);
  EXPECT_EQ(selected->affected, 0);
}

TEST_P(StoreContractTest, UniqueViolationIsAlreadyExists) {
  ASSERT_OK(store_->Query("INSERT INTO kv (k) VALUES ($1)", {"dup"}));
  EXPECT_CODE(store_->Query("INSERT INTO kv (k) VALUES ($1)", {"dup"}), kAlreadyExists);
  ASSERT_OK(Migrate(*store_, AllMigrations()));
  const char* insert_user =
      "INSERT INTO users (id, login, password_hash, role, created_at, updated_at) "
      "VALUES ($1, $2, 'h', 'viewer', 0, 0)";
  ASSERT_OK(store_->Query(insert_user, {"u1", "ada"}));
  EXPECT_CODE(store_->Query(insert_user, {"u2", "ada"}), kAlreadyExists);  // UNIQUE (login)
}

TEST_P(StoreContractTest, ForeignKeyCheckAndNotNullViolationsAreFailedPrecondition) {
  ASSERT_OK(Migrate(*store_, AllMigrations()));
  EXPECT_CODE(store_->Query("INSERT INTO projects (id, slug, name, owner_team_id, created_by, "
                            "created_at, updated_at) VALUES ('p', 'p', 'P', $1, 'u', 0, 0)",
                            {"no-such-team"}),
              kFailedPrecondition);
  EXPECT_CODE(store_->Query("INSERT INTO kv (k, n) VALUES ('c', $1)", {int64_t{-1}}),
              kFailedPrecondition);
  EXPECT_CODE(store_->Query("INSERT INTO users (id, login, password_hash, role, created_at, "
                            "updated_at) VALUES ('u', $1, 'h', 'viewer', 0, 0)",
                            {Null()}),
              kFailedPrecondition);
}

TEST_P(StoreContractTest, TransactionCommitsOnOk) {
  ASSERT_OK(store_->Transaction([&](Tx& tx) -> absl::Status {
    EXPECT_EQ(tx.engine(), GetParam());
    for (const char* k : {"a", "b"}) {
      auto inserted = tx.Query("INSERT INTO kv (k) VALUES ($1)", {k});
      if (!inserted.ok()) return inserted.status();
    }
    return absl::OkStatus();
  }));
  EXPECT_EQ(Count("kv"), 2);
}

TEST_P(StoreContractTest, TransactionRollsBackOnErrorStatus) {
  absl::Status status = store_->Transaction([](Tx& tx) -> absl::Status {
    auto inserted = tx.Query("INSERT INTO kv (k) VALUES ($1)", {"gone"});
    if (!inserted.ok()) return inserted.status();
    return absl::CancelledError("changed my mind");
  });
  EXPECT_CODE(status, kCancelled);
  EXPECT_EQ(Count("kv"), 0);
}

TEST_P(StoreContractTest, TransactionRollsBackWhenAStatementFails) {
  absl::Status status = store_->Transaction([](Tx& tx) -> absl::Status {
    auto first = tx.Query("INSERT INTO kv (k) VALUES ($1)", {"same"});
    if (!first.ok()) return first.status();
    return tx.Query("INSERT INTO kv (k) VALUES ($1)", {"same"}).status();
  });
  EXPECT_CODE(status, kAlreadyExists);
  EXPECT_EQ(Count("kv"), 0);
}

TEST_P(StoreContractTest, StoreCallsInsideItsOwnTransactionFailFast) {
  absl::StatusOr<ResultSet> nested_query;
  absl::Status nested_tx;
  ASSERT_OK(store_->Transaction([&](Tx& tx) {
    nested_query = store_->Query("SELECT 1 AS one");
    nested_tx = store_->Transaction([](Tx&) { return absl::OkStatus(); });
    return absl::OkStatus();
  }));
  EXPECT_CODE(nested_query, kFailedPrecondition);
  EXPECT_CODE(nested_tx, kFailedPrecondition);
}

TEST_P(StoreContractTest, ConcurrentTransactionsLoseNoUpdates) {
  // Read-modify-write in the application: safe only if transactions serialise on the row.
  ExpectNoLostIncrements([](Tx& tx) {
    return tx.Query(absl::StrCat("SELECT i FROM kv WHERE k = 'counter'", tx.ForUpdate()));
  });
}

TEST_P(StoreContractTest, TransactionsTakingTheSameKeyRunOneAfterTheOther) {
  // The read takes no row lock: only LockKey keeps two increments from reading the same value.
  ExpectNoLostIncrements([](Tx& tx) -> absl::StatusOr<ResultSet> {
    if (absl::Status locked = tx.LockKey(7001); !locked.ok()) return locked;
    return tx.Query("SELECT i FROM kv WHERE k = 'counter'");
  });
}

TEST_P(StoreContractTest, SkipLockedReadersPassOverRowsAnotherTransactionHolds) {
  ASSERT_OK(store_->Query("INSERT INTO kv (k, i) VALUES ('a', 1), ('b', 2)"));
  std::vector<std::string> seen_while_held;
  ASSERT_OK(store_->Transaction([&](Tx& tx) -> absl::Status {
    auto held = tx.Query(absl::StrCat("SELECT k FROM kv WHERE k = 'a'", tx.ForUpdate()));
    if (!held.ok()) return held.status();
    // SQLite: a second writer would wait for this transaction, so nobody else can look.
    if (!store_->SharedByProcesses()) return absl::OkStatus();
    auto other = OpenAnother();
    if (other == nullptr) return absl::InternalError("no second store");
    return other->Transaction([&](Tx& other_tx) -> absl::Status {
      auto rows = other_tx.Query(
          absl::StrCat("SELECT k FROM kv ORDER BY k", other_tx.ForUpdateSkipLocked()));
      if (!rows.ok()) return rows.status();
      for (const auto& row : rows->rows) seen_while_held.push_back(row.Text("k"));
      return absl::OkStatus();
    });
  }));
  if (store_->SharedByProcesses()) {
    EXPECT_EQ(seen_while_held, std::vector<std::string>{"b"});
  }
  std::vector<std::string> seen_after;
  ASSERT_OK(store_->Transaction([&](Tx& tx) -> absl::Status {
    auto rows = tx.Query(absl::StrCat("SELECT k FROM kv ORDER BY k", tx.ForUpdateSkipLocked()));
    if (!rows.ok()) return rows.status();
    for (const auto& row : rows->rows) seen_after.push_back(row.Text("k"));
    return absl::OkStatus();
  }));
  EXPECT_EQ(seen_after, (std::vector<std::string>{"a", "b"}));
}

TEST_P(StoreContractTest, InListQueriesCoverEveryKeyInPaddedChunks) {
  std::vector<std::string> keys;
  for (int i = 0; i < 37; ++i) {
    keys.push_back("k" + std::to_string(100 + i));
    if (i % 3 == 0)
      ASSERT_OK(store_->Query("INSERT INTO kv (k, i) VALUES ($1, $2)", {keys.back(), int64_t{i}}));
  }
  ASSERT_OK(store_->Query("INSERT INTO kv (k, i) VALUES ('not-asked', 0)"));
  std::vector<std::string> found;
  int statements_before_rows = 0;
  ASSERT_OK(store_->Transaction([&](Tx& tx) {
    return QueryInChunks(tx, "SELECT k FROM kv WHERE k IN (", keys, ") ORDER BY k",
                         [&](const Row& row) { found.push_back(row.Text("k")); });
  }));
  std::vector<std::string> expected;
  for (int i = 0; i < 37; i += 3) expected.push_back("k" + std::to_string(100 + i));
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, expected);  // each key once, though chunks repeat their last key as padding
  std::vector<std::string> found_outside_tx;
  ASSERT_OK(QueryInChunks(*store_, "SELECT k FROM kv WHERE k IN (", keys, ")",
                          [&](const Row& row) { found_outside_tx.push_back(row.Text("k")); }));
  std::sort(found_outside_tx.begin(), found_outside_tx.end());
  EXPECT_EQ(found_outside_tx, expected);
  ASSERT_OK(store_->Transaction([&](Tx& tx) {
    return QueryInChunks(tx, "SELECT k FROM no_such_table WHERE k IN (", {}, ")",
                         [&](const Row&) { ++statements_before_rows; });
  }));
  EXPECT_EQ(statements_before_rows, 0);  // no keys: no statement (this one would fail)
  // Parameters beside the keys come first ($1, $2), the keys after them, in every chunk.
  std::vector<std::string> in_range;
  ASSERT_OK(QueryInChunks(*store_, "SELECT k FROM kv WHERE i >= $1 AND i <= $2 AND k IN (",
                          {int64_t{3}, int64_t{30}}, keys, ")",
                          [&](const Row& row) { in_range.push_back(row.Text("k")); }));
  std::sort(in_range.begin(), in_range.end());
  std::vector<std::string> expected_in_range;
  for (int i = 3; i <= 30; i += 3) expected_in_range.push_back("k" + std::to_string(100 + i));
  EXPECT_EQ(in_range, expected_in_range);
}

TEST_P(StoreContractTest, SaysWhetherOtherProcessesShareTheDatabase) {
  // PostgreSQL serves replicas; a SQLite file belongs to one paved process.
  EXPECT_EQ(store_->SharedByProcesses(), GetParam() == Engine::kPostgres);
}

TEST_P(StoreContractTest, TrigramIndexesExistExactlyWhenReported) {
  ASSERT_OK(Migrate(*store_, AllMigrations()));
  auto search = store_->Query("SELECT rowid FROM project_search WHERE body LIKE '%abc%'");
  EXPECT_EQ(search.ok(), store_->HasTrigramIndexes());
}

TEST_P(StoreContractTest, BytewiseTextPutsUpperCaseBeforeLowerCase) {
  auto bytewise = store_->TextSortsBytewise();
  ASSERT_OK(bytewise);
  EXPECT_TRUE(*bytewise);  // SQLite's BINARY; the test server is initialised with --locale=C
  auto rows = store_->Query("SELECT CASE WHEN 'B' < 'a' THEN 1 ELSE 0 END AS lt");
  ASSERT_OK(rows);
  EXPECT_EQ(rows->front().Int("lt"), 1);
}

TEST_P(StoreContractTest, ReadsSeeCommittedWritesFromOtherConnections) {
  auto other = OpenAnother();
  ASSERT_NE(other, nullptr);
  ASSERT_OK(other->Query("INSERT INTO kv (k, i) VALUES ('shared', 42)"));
  auto rows = store_->Query("SELECT i FROM kv WHERE k = $1", {"shared"});
  ASSERT_OK(rows);
  ASSERT_FALSE(rows->empty());
  EXPECT_EQ(rows->front().Int("i"), 42);
}

TEST_P(StoreContractTest, MigrateIsIdempotent) {
  ASSERT_OK(Migrate(*store_, AllMigrations()));
  ASSERT_OK(Migrate(*store_, AllMigrations()));
  EXPECT_EQ(Count("schema_migrations"), static_cast<int64_t>(AllMigrations().size()));
  EXPECT_EQ(Count("jobs"), 0);
  auto versions = store_->Query("SELECT version, name FROM schema_migrations ORDER BY version");
  ASSERT_OK(versions);
  EXPECT_EQ(versions->front().Int("version"), AllMigrations().front().version);
  EXPECT_EQ(versions->front().Text("name"), AllMigrations().front().name);
}

TEST_P(StoreContractTest, MigrateExpandsSerialAndRunsEngineOnlyStatements) {
  std::vector<Migration> migrations = {
      {1,
       "serial",
       {"CREATE TABLE numbered (id {{serial}}, v TEXT NOT NULL)"},
       {"CREATE TABLE only_sqlite (x INTEGER)"},
       {"CREATE TABLE only_postgres (x INTEGER)"}},
  };
  ASSERT_OK(Migrate(*store_, migrations));
  ASSERT_OK(store_->Query("INSERT INTO numbered (v) VALUES ('a')"));
  ASSERT_OK(store_->Query("INSERT INTO numbered (v) VALUES ('b')"));
  auto ids = store_->Query("SELECT id FROM numbered ORDER BY id");
  ASSERT_OK(ids);
  ASSERT_EQ(ids->rows.size(), 2u);
  EXPECT_LT(ids->rows[0].Int("id"), ids->rows[1].Int("id"));
  bool sqlite = GetParam() == Engine::kSqlite;
  EXPECT_EQ(store_->Query("SELECT x FROM only_sqlite").ok(), sqlite);
  EXPECT_EQ(store_->Query("SELECT x FROM only_postgres").ok(), !sqlite);
}

TEST_P(StoreContractTest, BrokenMigrationLeavesSchemaAsItWas) {
  ASSERT_OK(Migrate(*store_, AllMigrations()));
  std::vector<Migration> migrations = AllMigrations();
  migrations.push_back(
      {9001,
       "broken",
       {"CREATE TABLE half_done (id TEXT PRIMARY KEY)", "CREATE TABLE this is not sql"},
       {},
       {}});
  migrations.push_back({9002, "after", {"CREATE TABLE never_reached (id TEXT)"}, {}, {}});
  absl::Status status = Migrate(*store_, migrations);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("9001"), std::string_view::npos) << status;
  EXPECT_FALSE(store_->Query("SELECT id FROM half_done").ok());
  EXPECT_FALSE(store_->Query("SELECT id FROM never_reached").ok());
  EXPECT_EQ(Count("schema_migrations"), static_cast<int64_t>(AllMigrations().size()));
  // The store is still usable after the failed migration.
  EXPECT_OK(store_->Query("INSERT INTO kv (k) VALUES ('still works')"));
}

TEST_P(StoreContractTest, ReplicasMigratingAtOnceApplyEachMigrationOnce) {
  auto other = OpenAnother();
  ASSERT_NE(other, nullptr);
  absl::Status first, second;
  std::thread a([&] { first = Migrate(*store_, AllMigrations()); });
  std::thread b([&] { second = Migrate(*other, AllMigrations()); });
  a.join();
  b.join();
  EXPECT_OK(first);
  EXPECT_OK(second);
  EXPECT_EQ(Count("schema_migrations"), static_cast<int64_t>(AllMigrations().size()));
}

TEST_P(StoreContractTest, AuditEventsAreAppendOnly) {
  ASSERT_OK(Migrate(*store_, AllMigrations()));
  ASSERT_OK(
      store_->Query("INSERT INTO audit_events (time, actor, action, subject, summary) "
                    "VALUES (1, 'ada', 'create', 'project:x', 'created')"));
  EXPECT_CODE(store_->Query("UPDATE audit_events SET summary = 'rewritten'"), kFailedPrecondition);
  EXPECT_CODE(store_->Query("DELETE FROM audit_events"), kFailedPrecondition);
  auto rows = store_->Query("SELECT seq, summary FROM audit_events");
  ASSERT_OK(rows);
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->front().Text("summary"), "created");
  EXPECT_GT(rows->front().Int("seq"), 0);
}

// Migration 11: failed logins of names that are no user's lose the name (it may be a
// password); a user's own failures keep it; the log is append-only again afterwards.
TEST_P(StoreContractTest, MigrationElevenRedactsUnknownFailedLogins) {
  std::vector<Migration> before;
  for (const Migration& m : AllMigrations()) {
    if (m.version < 11) before.push_back(m);
  }
  ASSERT_OK(Migrate(*store_, before));
  ASSERT_OK(
      store_->Query("INSERT INTO users (id, login, password_hash, role, created_at, updated_at) "
                    "VALUES ('u1', 'ada', 'x', 'admin', 0, 0)"));
  for (const char* name : {"ada", "correct-horse-battery"}) {
    ASSERT_OK(
        store_->Query("INSERT INTO audit_events (time, actor, action, subject, summary) "
                      "VALUES (1, $1, 'auth.login_failed', $2, '{}')",
                      {std::string(name), "user:" + std::string(name)}));
  }
  ASSERT_OK(
      store_->Query("INSERT INTO login_attempts (login, failures, locked_until, updated_at) "
                    "VALUES ('correct-horse-battery', 1, 0, 0)"));
  ASSERT_OK(Migrate(*store_, AllMigrations()));
  auto rows = store_->Query("SELECT actor, subject FROM audit_events ORDER BY seq");
  ASSERT_OK(rows);
  ASSERT_EQ(rows->rows.size(), 2u);
  EXPECT_EQ(rows->rows[0].Text("subject"), "user:ada");
  EXPECT_EQ(rows->rows[1].Text("actor"), "anonymous");
  EXPECT_EQ(rows->rows[1].Text("subject"), "auth:unknown-login");
  EXPECT_EQ(Count("login_failures"), 0);
  EXPECT_CODE(store_->Query("UPDATE audit_events SET summary = 'rewritten'"), kFailedPrecondition);
}

TEST_P(StoreContractTest, NotifyReachesListenersOfThatChannelOnly) {
  // On PostgreSQL the notifier is a second Store: another replica on the same database.
  auto notifier = GetParam() == Engine::kPostgres ? OpenAnother() : nullptr;
  Store& sender = notifier ? *notifier : *store_;
  Inbox inbox;
  ASSERT_OK(store_->Listen("deploys", inbox.Callback()));
  ASSERT_OK(sender.Notify("alerts", "ignored"));
  ASSERT_OK(sender.Notify("deploys", "d-1"));
  ASSERT_OK(sender.Notify("deploys", "d-2"));
  std::vector<std::string> received = inbox.WaitFor(2);
  EXPECT_EQ(received, (std::vector<std::string>{"deploys:d-1", "deploys:d-2"}));
}

TEST_P(StoreContractTest, CopiedAndMovedResultSetsKeepTheirColumns) {
  ASSERT_OK(store_->Query("INSERT INTO kv (k, i) VALUES ('a', 1)"));
  ResultSet copy;
  {
    auto rows = store_->Query("SELECT k, i FROM kv");
    ASSERT_OK(rows);
    copy = *rows;
    ResultSet moved = std::move(*rows);
    EXPECT_EQ(moved.front().Int("i"), 1);
  }
  EXPECT_EQ(copy.front().Text("k"), "a");
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreContractTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return EngineName(info.param); });

// Engine-specific behaviour.

TEST(OpenStoreTest, RejectsUnknownSchemes) {
  EXPECT_CODE(OpenStore("mysql://localhost/x"), kInvalidArgument);
}

TEST(OpenStoreTest, UnreachablePostgresIsUnavailable) {
  EXPECT_CODE(OpenStore("postgres://postgres@127.0.0.1:1/none?connect_timeout=2"), kUnavailable);
}

TEST(OpenStoreTest, BadPoolSizeIsInvalidArgument) {
  EXPECT_CODE(OpenStore("postgres://postgres@127.0.0.1:1/none?pool=0"), kInvalidArgument);
}

TEST(SqliteStoreTest, InMemoryDatabaseIsSharedByAllCallers) {
  auto store = OpenStore("sqlite://:memory:");
  ASSERT_OK(store);
  ASSERT_OK(Migrate(**store, AllMigrations()));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      EXPECT_OK(
          (*store)->Query("INSERT INTO login_failures (key_hash, failures, locked_until, "
                          "updated_at) VALUES ($1, 0, 0, 0)",
                          {"user" + std::to_string(t)}));
    });
  }
  for (auto& thread : threads) thread.join();
  auto rows = (*store)->Query("SELECT COUNT(*) AS n FROM login_failures");
  ASSERT_OK(rows);
  EXPECT_EQ(rows->front().Int("n"), 4);
}

TEST(SqliteStoreTest, MissingParameterIsAnError) {
  auto store = OpenStore("sqlite://:memory:");
  ASSERT_OK(store);
  EXPECT_CODE((*store)->Query("SELECT $1 AS a, $2 AS b", {"only one"}), kInvalidArgument);
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = test_support::PostgresServer::Shared();
    ASSERT_OK(server);
    server_ = *server;
    auto url = NewDatabaseUrl(Engine::kPostgres);
    ASSERT_OK(url);
    url_ = *url;
    database_ = url_.substr(url_.rfind('/') + 1);
  }

  absl::Status KillConnections() {
    return server_->AdminExec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database_ +
        "' AND pid <> pg_backend_pid()");
  }

  test_support::PostgresServer* server_ = nullptr;
  std::string url_;
  std::string database_;
};

TEST_F(PostgresStoreTest, KilledConnectionsAreReplaced) {
  auto store = OpenStore(url_ + "?pool=1");
  ASSERT_OK(store);
  ASSERT_OK((*store)->Ping());
  ASSERT_OK(KillConnections());
  absl::Status status;
  for (int attempt = 0; attempt < 3; ++attempt) {
    status = (*store)->Ping();
    if (status.ok()) break;
    EXPECT_CODE(status, kUnavailable);
  }
  EXPECT_OK(status);
}

TEST_F(PostgresStoreTest, ReadsAndTransactionsGetThroughWhenEveryPooledConnectionWasDropped) {
  auto store = OpenStore(url_ + "?pool=4");
  ASSERT_OK(store);
  ASSERT_OK((*store)->Query("CREATE TABLE dropped (id TEXT PRIMARY KEY)"));
  // Four transactions at once: the pool opens all four connections.
  std::atomic<int> inside{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      EXPECT_OK((*store)->Transaction([&](Tx& tx) {
        ++inside;
        while (inside.load() < 4) std::this_thread::yield();
        return tx.Query("SELECT id FROM dropped").status();
      }));
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_OK(KillConnections());  // as a server restart does: every idle connection is stale
  // A read and a transaction's BEGIN are safe to send again; neither fails for a stale
  // connection, however many the pool holds.
  for (int i = 0; i < 6; ++i) {
    EXPECT_OK((*store)->Query("SELECT id FROM dropped"));
    EXPECT_OK((*store)->Transaction([&](Tx& tx) {
      return tx.Query("INSERT INTO dropped (id) VALUES ($1)", {std::to_string(i)}).status();
    }));
  }
}

TEST(PostgresOutageTest, ServerDownIsUnavailableAndTheStoreRecoversAfterRestart) {
  auto server = test_support::PostgresServer::Start();  // its own server: this test stops it
  ASSERT_OK(server);
  auto store = OpenStore((*server)->url() + "?pool=2");
  ASSERT_OK(store);
  ASSERT_OK((*store)->Query("CREATE TABLE t (id TEXT PRIMARY KEY)"));
  (*server)->Stop();
  EXPECT_CODE((*store)->Query("INSERT INTO t (id) VALUES ('a')"), kUnavailable);
  EXPECT_CODE((*store)->Transaction([](Tx&) { return absl::OkStatus(); }), kUnavailable);
  ASSERT_OK((*server)->Restart());
  EXPECT_OK((*store)->Query("INSERT INTO t (id) VALUES ('a')"));
  EXPECT_OK((*store)->Transaction([](Tx& tx) { return tx.Query("SELECT id FROM t").status(); }));
}

TEST_F(PostgresStoreTest, ListenerReconnectsAfterItsConnectionDrops) {
  auto listener = OpenStore(url_);
  auto sender = OpenStore(url_);
  ASSERT_OK(listener);
  ASSERT_OK(sender);
  std::atomic<int> received{0};
  ASSERT_OK((*listener)->Listen("ch", [&](const std::string&, const std::string&) { ++received; }));
  ASSERT_OK(KillConnections());
  // Notifications sent while the listener is reconnecting are lost: keep sending.
  auto deadline = std::chrono::steady_clock::now() + kWait;
  while (received == 0 && std::chrono::steady_clock::now() < deadline) {
    (*sender)->Notify("ch", "ping").IgnoreError();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GT(received.load(), 0);
}

TEST_F(PostgresStoreTest, BooleansAndNumericComeBackAsNumbers) {
  auto store = OpenStore(url_);
  ASSERT_OK(store);
  auto rows =
      (*store)->Query("SELECT TRUE AS t, CAST(2.5 AS NUMERIC) AS n, CAST(7 AS SMALLINT) AS s");
  ASSERT_OK(rows);
  EXPECT_EQ(std::get<int64_t>(rows->front().At(0)), 1);
  EXPECT_DOUBLE_EQ(std::get<double>(rows->front().At(1)), 2.5);
  EXPECT_EQ(std::get<int64_t>(rows->front().At(2)), 7);
}

}  // namespace
}  // namespace paved::store
