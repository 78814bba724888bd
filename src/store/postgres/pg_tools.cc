#include "store/postgres/pg_tools.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "store/postgres/pg_store.h"

extern char** environ;

namespace paved::store {
namespace {

constexpr size_t kMaxStderrBytes =
    size_t{16} * 1024;  // what an error message keeps of the tool's words

// Runs argv (argv[0] looked up on PATH) with stdin and stdout on /dev/null; returns OK when it
// exits 0, else an error holding the end of what it wrote to stderr.
absl::Status RunTool(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    if (rc == ENOENT) {
      return absl::FailedPreconditionError(
          absl::StrCat(argv[0], " is not on PATH (Debian: apt-get install postgresql-client)"));
    }
    return absl::InternalError(absl::StrCat("cannot start ", argv[0], ": ", std::strerror(rc)));
  }
  std::string err;
  char buf[4096];
  ssize_t n;
  while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) err.append(buf, static_cast<size_t>(n));
    if (err.size() > 2 * kMaxStderrBytes) err.erase(0, err.size() - kMaxStderrBytes);
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return absl::OkStatus();
  if (err.size() > kMaxStderrBytes) err.erase(0, err.size() - kMaxStderrBytes);
  std::string how = WIFEXITED(status) ? absl::StrCat("exited ", WEXITSTATUS(status))
                                      : absl::StrCat("killed by signal ", WTERMSIG(status));
  return absl::UnavailableError(absl::StrCat(argv[0], " ", how, ": ", err));
}

}  // namespace

absl::Status PgDump(const std::string& url, const std::string& file) {
  auto conninfo = PostgresConnInfo(url);
  if (!conninfo.ok()) return conninfo.status();
  return RunTool({"pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file=" + file,
                  "--dbname=" + *conninfo});
}

absl::Status PgRestore(const std::string& file, const std::string& url) {
  auto conninfo = PostgresConnInfo(url);
  if (!conninfo.ok()) return conninfo.status();
  return RunTool({"pg_restore", "--single-transaction", "--exit-on-error", "--no-owner",
                  "--no-privileges", "--dbname=" + *conninfo, file});
}

}  // namespace paved::store
