#include "tests/support/run_command.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace paved::test_support {
namespace {

// Runs in the forked child of a possibly multi-threaded parent: async-signal-safe calls only.
[[noreturn]] void ExecChild(char* const* args, const char* cwd, const char* log_path,
                            const char* stdin_path) {
  int stdin_fd = open(stdin_path, O_RDONLY);
  int log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (stdin_fd < 0 || log_fd < 0 || dup2(stdin_fd, 0) < 0 || dup2(log_fd, 1) < 0 ||
      dup2(log_fd, 2) < 0 || chdir(cwd) != 0) {
    _exit(126);
  }
  syscall(SYS_close_range, 3U, ~0U, 0U);
  execv(args[0], args);
  _exit(127);
}

}  // namespace

absl::StatusOr<int> RunCommand(const std::vector<std::string>& argv, const std::string& cwd,
                               const std::string& log_path, const std::string& stdin_path) {
  if (argv.empty() || argv[0].find('/') == std::string::npos) {
    return absl::InvalidArgumentError("RunCommand: argv[0] must be a path");
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  if (pid == 0) ExecChild(args.data(), cwd.c_str(), log_path.c_str(), stdin_path.c_str());
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return absl::InternalError(absl::StrCat("waitpid: ", std::strerror(errno)));
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

std::string TailOfFile(const std::string& path, size_t max_bytes) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  return text.size() > max_bytes ? text.substr(text.size() - max_bytes) : text;
}

}  // namespace paved::test_support
