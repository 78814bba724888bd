// `paved serve` on SQLite whose data directory fills up: a real filesystem (a 16 MiB tmpfs in a
// mount namespace of the server's own) and a real file that eats the space, not a simulated error.

#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "tests/integration/api_client.h"
#include "tests/integration/paved_process.h"
#include "tests/support/run_command.h"

namespace paved::integration {
namespace {

constexpr char kPassword[] = "integration-password";
constexpr int kMaxWrites = 20'000;  // far more than 16 MiB holds

std::string TempDir() {
  char pattern[] = "/tmp/paved-full-XXXXXX";
  return mkdtemp(pattern) != nullptr ? pattern : "";
}

// Runs `argv` inside the mount namespace of `pid`; returns its exit code and output.
std::pair<int, std::string> InNamespaceOf(pid_t pid, const std::string& log,
                                          std::vector<std::string> argv) {
  std::vector<std::string> full = {"/usr/bin/nsenter", "-t", std::to_string(pid), "-m", "--"};
  full.insert(full.end(), argv.begin(), argv.end());
  std::filesystem::remove(log);
  auto rc = test_support::RunCommand(full, "/", log);
  return {rc.ok() ? *rc : -1, test_support::TailOfFile(log)};
}

TEST(DiskFullTest, WritesAnswer503LoseNothingAndResumeWhenSpaceReturns) {
  if (geteuid() != 0) GTEST_SKIP() << "mounting a small filesystem needs root";
  const std::string dir = TempDir();
  const std::string data = dir + "/data";
  std::filesystem::create_directories(data);
  PavedProcess server({"--listen", "127.0.0.1:0", "--data-dir", data},
                      {{"PAVED_ADMIN_PASSWORD", kPassword}});
  server.SetWrapper({"unshare", "--mount", "--propagation", "private", "sh", "-c",
                     "mount -t tmpfs -o size=16m paved-disk-full \"$0\" && exec \"$@\"", data});
  ASSERT_TRUE(server.Start()) << server.output();
  Api api(server.base_url());
  api.LoginAdmin(kPassword);
  const std::string log = dir + "/command.log";
  std::vector<std::string> acknowledged;
  int status = 0, refused = 0;
  for (int i = 0; i < 10; ++i) {
    std::string slug = absl::StrFormat("before-%02d", i);
    api.Call("POST", "/teams", {{"slug", slug}, {"name", "Before"}}, &status);
    ASSERT_EQ(status, 201);
    acknowledged.push_back(slug);
  }

  // Fill the filesystem: dd stops at ENOSPC.
  auto [dd_rc, dd_out] = InNamespaceOf(
      server.pid(), log, {"/bin/dd", "if=/dev/zero", "of=" + data + "/filler", "bs=64k"});
  ASSERT_NE(dd_out.find("No space left on device"), std::string::npos) << dd_out;

  // Writes go on until SQLite's spare pages are used up; then 503, never 500.
  json refusal;
  for (int i = 0; i < kMaxWrites && refused < 5; ++i) {
    std::string slug = absl::StrFormat("full-%05d", i);
    json answer = api.Call("POST", "/teams", {{"slug", slug}, {"name", "Team " + slug}}, &status);
    ASSERT_TRUE(status == 201 || status == 503) << status << " " << answer.dump();
    if (status == 201) acknowledged.push_back(slug);
    if (status == 503) {
      ++refused;
      refusal = answer;
    }
  }
  ASSERT_EQ(refused, 5) << "the disk never filled up";
  EXPECT_EQ(refusal["error"]["code"], "unavailable") << refusal.dump();
  // Reads and health go on.
  api.Call("GET", "/teams?limit=1", nullptr, &status);
  EXPECT_EQ(status, 200);

  // Space returns: writes work again without a restart.
  auto [rm_rc, rm_out] = InNamespaceOf(server.pid(), log, {"/bin/rm", data + "/filler"});
  ASSERT_EQ(rm_rc, 0) << rm_out;
  api.Call("POST", "/teams", {{"slug", "after-space-returns"}, {"name", "Back"}}, &status);
  EXPECT_EQ(status, 201);

  // Every acknowledged write is there, and the database is sound.
  for (const auto& slug : acknowledged) {
    api.Call("GET", "/teams/" + slug, nullptr, &status);
    ASSERT_EQ(status, 200) << slug;
  }
  auto [check_rc, check_out] =
      InNamespaceOf(server.pid(), log,
                    {"/usr/bin/python3", "-c",
                     "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("
                     "'PRAGMA integrity_check').fetchone()[0])",
                     data + "/paved.db"});
  EXPECT_EQ(check_rc, 0) << check_out;
  EXPECT_EQ(check_out, "ok\n");
  EXPECT_EQ(server.Terminate(), 0) << server.output();
  std::filesystem::remove_all(dir);
}

TEST(DiskFullTest, AReadOnlyDataDirectoryIsNamedAtStart) {
  if (geteuid() != 0) GTEST_SKIP() << "a read-only bind mount needs root";
  const std::string data = TempDir();
  PavedProcess server({"--listen", "127.0.0.1:0", "--data-dir", data},
                      {{"PAVED_ADMIN_PASSWORD", kPassword}});
  // Its error goes to stdout, which Start() reads.
  const std::string script =
      "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\" 2>&1";
  server.SetWrapper({"unshare", "--mount", "--propagation", "private", "sh", "-c", script, data});
  EXPECT_FALSE(server.Start());
  EXPECT_NE(server.output().find("the data directory " + data + " is not writable"),
            std::string::npos)
      << server.output();
  EXPECT_TRUE(std::filesystem::is_empty(data));
  std::filesystem::remove_all(data);
}

}  // namespace
}  // namespace paved::integration
