#include "tests/support/peer_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "absl/strings/str_cat.h"
#include "http/client.h"
#include "tests/support/run_command.h"

namespace paved::test_support {
namespace {

// Runs in the forked child of a possibly multi-threaded parent: async-signal-safe calls only.
[[noreturn]] void ExecPeer(char* const* args, const char* cwd, const char* log_path) {
  setpgid(0, 0);
  int null_fd = open("/dev/null", O_RDONLY);
  int log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (null_fd < 0 || log_fd < 0 || dup2(null_fd, 0) < 0 || dup2(log_fd, 1) < 0 ||
      dup2(log_fd, 2) < 0 || chdir(cwd) != 0) {
    _exit(126);
  }
  syscall(SYS_close_range, 3U, ~0U, 0U);
  execv(args[0], args);
  _exit(127);
}

bool Exited(pid_t pid) {
  int status = 0;
  return waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

absl::StatusOr<PeerProcess> PeerProcess::Start(const std::vector<std::string>& argv,
                                               const std::string& cwd,
                                               const std::string& log_path) {
  if (argv.empty() || argv[0].find('/') == std::string::npos) {
    return absl::InvalidArgumentError("PeerProcess: argv[0] must be a path");
  }
  if (access(argv[0].c_str(), X_OK) != 0) {
    return absl::NotFoundError(absl::StrCat(argv[0], " is not installed"));
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError(absl::StrCat("fork: ", std::strerror(errno)));
  if (pid == 0) ExecPeer(args.data(), cwd.c_str(), log_path.c_str());
  setpgid(pid, pid);  // also from the parent, so Stop() works even before the child ran
  return PeerProcess(pid, log_path);
}

PeerProcess::PeerProcess(PeerProcess&& other) noexcept
    : pid_(other.pid_), log_path_(std::move(other.log_path_)) {
  other.pid_ = -1;
}

PeerProcess& PeerProcess::operator=(PeerProcess&& other) noexcept {
  if (this != &other) {
    Stop();
    pid_ = other.pid_;
    log_path_ = std::move(other.log_path_);
    other.pid_ = -1;
  }
  return *this;
}

PeerProcess::~PeerProcess() { Stop(); }

void PeerProcess::Stop() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGTERM);
  for (int i = 0; i < 50 && !Exited(pid_); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(-pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

absl::Status PeerProcess::WaitUntilReady(const std::string& url, int timeout_ms) const {
  auto client = http::NewCurlClient({.use_env_proxy = false});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = client->Send("GET", url, {}, "", std::chrono::seconds(2));
    if (r.ok() && r->status / 100 == 2) return absl::OkStatus();
    if (kill(pid_, 0) != 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return absl::DeadlineExceededError(
      absl::StrCat(url, " did not answer; log:\n", TailOfFile(log_path_)));
}

absl::StatusOr<int> FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return absl::InternalError("bind 127.0.0.1:0");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace paved::test_support
