// The writer's checkpoints run on the checkpointer's thread: commits past the threshold move
// the log into the database file without the committing connection doing it.
#include "store/sqlite/wal_checkpointer.h"

#include <unistd.h>

#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "store/sqlite/sqlite_connection.h"
#include "tests/support/eventually.h"
#include "tests/support/status_assertions.h"

namespace paved::store {
namespace {

namespace fs = std::filesystem;

// Commits `count` rows of 8 KiB, one transaction each.
void Write(SqliteConnection& conn, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    ASSERT_OK(conn.Exec("BEGIN IMMEDIATE"));
    ASSERT_OK(conn.Query("INSERT INTO blobs (id, body) VALUES ($1, $2)",
                         {int64_t{i}, std::string(8192, static_cast<char>('a' + i % 26))})
                  .status());
    ASSERT_OK(conn.Exec("COMMIT"));
  }
}

TEST(WalCheckpointerTest, CommitsPastTheThresholdAreCheckpointedOnItsThread) {
  const fs::path dir = fs::temp_directory_path() / ("paved-wal-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "paved.db").string();
  auto writer = SqliteConnection::Open(path);
  ASSERT_OK(writer);
  ASSERT_OK((*writer)->Exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"));
  auto checkpointer = WalCheckpointer::Start(path);
  ASSERT_OK(checkpointer);
  (*checkpointer)->Watch((*writer)->handle());

  // Below the threshold nothing is checkpointed: the rows are in the log only.
  Write(**writer, 0, 100);  // ~200 pages
  EXPECT_EQ((*checkpointer)->Runs(), 0);
  const auto small = fs::file_size(path);
  EXPECT_LT(small, uintmax_t{100} * 8192);

  // Past it the checkpointer's thread copies them into the database file.
  Write(**writer, 100, 600);  // ~1,400 pages
  EXPECT_TRUE(test_support::Eventually([&] { return (*checkpointer)->Runs() > 0; }));
  EXPECT_TRUE(
      test_support::Eventually([&] { return fs::file_size(path) > uintmax_t{500} * 8192; }));
  auto count = (*writer)->Query("SELECT COUNT(*) AS n FROM blobs", {});
  ASSERT_OK(count);
  EXPECT_EQ(count->front().Int("n"), 700);
  writer->reset();  // before the checkpointer its hook points to
  checkpointer->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace paved::store
