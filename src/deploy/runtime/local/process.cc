#include "deploy/runtime/local/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"

namespace paved::deploy::runtime::local {
namespace {

// Owns posix_spawn's attribute and file-action objects.
class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawnattr_init(&attr_);
    posix_spawn_file_actions_init(&actions_);
  }
  ~SpawnSetup() {
    posix_spawnattr_destroy(&attr_);
    posix_spawn_file_actions_destroy(&actions_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  void Configure(const std::string& log_path, const std::string& work_dir) {
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGQUIT}) sigaddset(&defaults, sig);
    sigset_t empty;
    sigemptyset(&empty);
    posix_spawnattr_setsigdefault(&attr_, &defaults);
    posix_spawnattr_setsigmask(&attr_, &empty);
    posix_spawnattr_setflags(&attr_,
                             POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    posix_spawn_file_actions_addopen(&actions_, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions_, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                     0640);
    posix_spawn_file_actions_adddup2(&actions_, 1, 2);
    posix_spawn_file_actions_addclosefrom_np(&actions_, 3);
    if (!work_dir.empty()) posix_spawn_file_actions_addchdir_np(&actions_, work_dir.c_str());
  }
  const posix_spawnattr_t* attr() const { return &attr_; }
  const posix_spawn_file_actions_t* actions() const { return &actions_; }

 private:
  posix_spawnattr_t attr_;
  posix_spawn_file_actions_t actions_;
};

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

bool IsZombie(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat;
  if (!std::getline(in, stat)) return true;
  size_t paren = stat.rfind(')');
  return paren == std::string::npos || paren + 2 >= stat.size() || stat[paren + 2] == 'Z';
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return absl::StrCat("exited with code ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return absl::StrCat("killed by signal ", WTERMSIG(status));
  return "exited";
}

bool AnyAlive(const std::vector<int>& pids) {
  bool any = false;
  for (int pid : pids) {
    if (pid > 0 && PollProcess(pid).alive) any = true;
  }
  return any;
}

// Binds a TCP socket to 127.0.0.1:`port`; returns the bound port or -1.
int BindLoopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int bound = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    socklen_t len = sizeof(addr);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      bound = ntohs(addr.sin_port);
  }
  close(fd);
  return bound;
}

}  // namespace

absl::StatusOr<int> SpawnProcess(const std::vector<std::string>& argv,
                                 const std::map<std::string, std::string>& env,
                                 const std::string& log_path, const std::string& work_dir) {
  if (argv.empty() || argv[0].empty()) return absl::InvalidArgumentError("empty command");
  std::vector<std::string> args = argv;
  std::vector<std::string> env_strings;
  for (const auto& [name, value] : env) env_strings.push_back(absl::StrCat(name, "=", value));
  std::vector<char*> c_args = CStrings(args);
  std::vector<char*> c_env = CStrings(env_strings);
  SpawnSetup setup;
  setup.Configure(log_path, work_dir);
  pid_t pid = 0;
  int err = posix_spawnp(&pid, args[0].c_str(), setup.actions(), setup.attr(), c_args.data(),
                         c_env.data());
  if (err != 0) {
    return absl::UnavailableError(absl::StrCat("cannot start ", argv[0], ": ", strerror(err)));
  }
  return static_cast<int>(pid);
}

ProcessStatus PollProcess(int pid) {
  if (pid <= 0) return {};
  int status = 0;
  pid_t r = waitpid(pid, &status, WNOHANG);
  if (r == pid) return {false, DescribeWaitStatus(status)};
  if (r == 0) return {true, ""};
  // Not our child (adopted after a restart of the server).
  if (kill(pid, 0) != 0 && errno == ESRCH) return {false, ""};
  return {!IsZombie(pid), ""};
}

std::vector<std::string> ProcessCmdline(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/cmdline"), std::ios::binary);
  std::vector<std::string> out;
  std::string part;
  while (std::getline(in, part, '\0')) out.push_back(part);
  return out;
}

int64_t ProcessStartTime(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat;
  if (pid <= 0 || !std::getline(in, stat)) return 0;
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return 0;
  // Fields after the command: state is field 3, starttime field 22.
  std::istringstream rest(stat.substr(paren + 2));
  std::string field;
  for (int i = 3; i < 22; ++i) rest >> field;
  int64_t start = 0;
  rest >> start;
  return start;
}

void StopProcessGroups(const std::vector<int>& pids, int grace_ms) {
  for (int pid : pids) {
    if (pid > 0) kill(-pid, SIGTERM);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  while (AnyAlive(pids) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (int pid : pids) {
    if (pid > 0) kill(-pid, SIGKILL);
  }
  for (int pid : pids) {
    if (pid > 0) PollProcess(pid);  // reap
  }
}

absl::StatusOr<int> PickFreePort() {
  int port = BindLoopback(0);
  if (port <= 0) return absl::UnavailableError("no free TCP port on 127.0.0.1");
  return port;
}

bool PortFree(int port) { return port > 0 && BindLoopback(port) == port; }

absl::StatusOr<std::string> TailFile(const std::string& path, int lines) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("no log at ", path));
  std::deque<std::string> last;
  std::string line;
  while (std::getline(in, line)) {
    last.push_back(line);
    if (static_cast<int>(last.size()) > std::max(lines, 0)) last.pop_front();
  }
  std::string out;
  for (const std::string& l : last) absl::StrAppend(&out, l, "\n");
  return out;
}

bool RotateLogIfLarger(const std::string& path, int64_t max_bytes) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || st.st_size <= max_bytes) return false;
  {
    std::ifstream in(path, std::ios::binary);
    std::ofstream out(path + ".1", std::ios::binary | std::ios::trunc);
    if (!in || !out) return false;
    in.seekg(st.st_size - max_bytes);
    std::string partial;
    std::getline(in, partial);  // start at a line
    out << in.rdbuf();
  }
  return truncate(path.c_str(), 0) == 0;
}

void AppendLine(const std::string& path, const std::string& line) {
  std::ofstream out(path, std::ios::app);
  out << line << "\n";
}

}  // namespace paved::deploy::runtime::local
