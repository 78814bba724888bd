#include "tests/integration/paved_process.h"

#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

extern char** environ;

namespace paved::integration {
namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

PavedProcess::PavedProcess(std::vector<std::string> args, std::map<std::string, std::string> env)
    : args_(std::move(args)), env_(std::move(env)) {}

PavedProcess::~PavedProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

bool PavedProcess::Start() {
  int fds[2];
  if (pipe(fds) != 0) return false;
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    for (const auto& [k, v] : env_) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    for (auto& w : wrapper_) argv.push_back(w.data());
    argv.push_back(const_cast<char*>(PAVED_BINARY));
    argv.push_back(const_cast<char*>("serve"));
    for (auto& a : args_) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  stdout_fd_ = fds[0];
  int64_t deadline = NowMs() + 30'000;
  while (NowMs() < deadline) {
    pollfd p{stdout_fd_, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[4096];
    ssize_t n = read(stdout_fd_, buf, sizeof(buf));
    if (n <= 0) return false;
    output_.append(buf, n);
    auto pos = output_.find("listening on ");
    if (pos != std::string::npos && output_.find('\n', pos) != std::string::npos) {
      base_url_ = output_.substr(pos + 13, output_.find('\n', pos) - pos - 13);
      return true;
    }
  }
  return false;
}

void PavedProcess::DrainOutput() {
  int64_t deadline = NowMs() + 2'000;  // a child that kept the pipe open must not block us
  while (stdout_fd_ >= 0 && NowMs() < deadline) {
    pollfd p{stdout_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = read(stdout_fd_, buf, sizeof(buf));
    if (n <= 0) return;
    output_.append(buf, n);
  }
}

int PavedProcess::Terminate() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int64_t deadline = NowMs() + 20'000;
  int status = 0;
  while (NowMs() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      DrainOutput();
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    usleep(20'000);
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

std::string ReadStreamUntil(const std::string& base_url, const std::string& path,
                            const std::string& token, const std::string& needle, int timeout_ms) {
  // base_url: http://127.0.0.1:PORT
  std::string hostport = base_url.substr(7);
  std::string host = hostport.substr(0, hostport.rfind(':'));
  int port = std::stoi(hostport.substr(hostport.rfind(':') + 1));
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return "";
  }
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: " + hostport +
                    "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n";
  send(fd, req.data(), req.size(), 0);
  std::string got;
  int64_t deadline = NowMs() + timeout_ms;
  while (NowMs() < deadline && got.find(needle) == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    got.append(buf, n);
  }
  close(fd);
  return got;
}

}  // namespace paved::integration
