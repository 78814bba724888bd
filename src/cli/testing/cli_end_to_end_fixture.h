#pragma once

// Runs the built `paved` binary as a user would: `paved serve` on 127.0.0.1:0 with a temporary
// SQLite data dir, then the client subcommands against it with an isolated XDG_CONFIG_HOME.
// REQUIRES: PAVED_BINARY defined as the binary's path.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/client.h"
#include "nlohmann/json.hpp"

namespace paved::cli::testing {
inline constexpr char kAdminPassword[] = "e2e-admin-password-1";

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The environment of a child: ours minus PAVED_* and XDG/HOME, plus `extra`.
inline std::vector<std::string> ChildEnv(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (absl::StartsWith(entry, "PAVED_") || absl::StartsWith(entry, "XDG_CONFIG_HOME=") ||
        absl::StartsWith(entry, "HOME=") || absl::StartsWith(entry, "http_proxy=") ||
        absl::StartsWith(entry, "HTTP_PROXY=")) {
      continue;
    }
    env.push_back(entry);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

inline std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Forks and execs PAVED_BINARY with `args`; stdio fds are dup2'ed from the given ones.
inline pid_t Spawn(std::vector<std::string> args, std::vector<std::string> env, int in, int out,
                   int err) {
  args.insert(args.begin(), PAVED_BINARY);
  std::vector<char*> argv = CStrings(args);
  std::vector<char*> envp = CStrings(env);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

class CliEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/paved-cli-e2e-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = new std::string(pattern);
    StartServer();
  }

  static void TearDownTestSuite() {
    if (server_pid_ > 0) {
      kill(server_pid_, SIGTERM);
      int status = 0;
      waitpid(server_pid_, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << "paved serve did not shut down cleanly; log: " << ReadFile(*dir_ + "/serve.log");
    }
    if (drain_.joinable()) drain_.join();
    StopLocalInstances(*dir_ + "/data/local-runtime");
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  // Local runtime instances outlive the server by design (a restart re-adopts them): stop the
  // ones this suite started, found through the runtime's state files.
  static void StopLocalInstances(const std::string& state_dir) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(state_dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().filename() != "state.json") continue;
      auto state = nlohmann::json::parse(ReadFile(it->path().string()), nullptr, false);
      if (!state.is_object()) continue;
      for (const auto& instance : state.value("instances", nlohmann::json::array())) {
        int pid = instance.value("pid", 0);
        if (pid > 0) kill(-pid, SIGKILL);  // its own process group (setsid)
      }
    }
  }

  static void StartServer() {
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    const int log = open((*dir_ + "/serve.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null_in = open("/dev/null", O_RDONLY);
    server_pid_ = Spawn({"serve", "--listen", "127.0.0.1:0", "--data-dir", *dir_ + "/data"},
                        ChildEnv({std::string("PAVED_ADMIN_PASSWORD=") + kAdminPassword}), null_in,
                        pipe_fds[1], log);
    close(pipe_fds[1]);
    close(log);
    close(null_in);
    ASSERT_GT(server_pid_, 0);
    *server_url_ = ReadListeningLine(pipe_fds[0]);
    ASSERT_FALSE(server_url_->empty())
        << "no `listening on` line; log: " << ReadFile(*dir_ + "/serve.log");
    const int read_fd = pipe_fds[0];
    drain_ = std::thread([read_fd] {  // keep the server's stdout from filling up
      char buffer[512];
      while (read(read_fd, buffer, sizeof(buffer)) > 0) {
      }
      close(read_fd);
    });
  }

  // Reads the child's stdout until "listening on http://HOST:PORT" (60 s at most).
  static std::string ReadListeningLine(int fd) {
    std::string seen;
    for (;;) {
      pollfd pfd{fd, POLLIN, 0};
      if (poll(&pfd, 1, 60000) != 1) return "";
      char c;
      if (read(fd, &c, 1) != 1) return "";
      if (c != '\n') {
        seen.push_back(c);
        continue;
      }
      const size_t at = seen.find("listening on ");
      if (at != std::string::npos) return seen.substr(at + 13);
      seen.clear();
    }
  }

  // Runs `paved args...` with `input` on stdin and the test's own config dir.
  RunResult Paved(std::vector<std::string> args, const std::string& input = "") {
    const std::string in_path = *dir_ + "/stdin", out_path = *dir_ + "/stdout",
                      err_path = *dir_ + "/stderr";
    std::ofstream(in_path) << input;
    const int in = open(in_path.c_str(), O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const pid_t pid =
        Spawn(std::move(args),
              ChildEnv({"XDG_CONFIG_HOME=" + *dir_ + "/config", "HOME=" + *dir_, "USER=admin"}), in,
              out, err);
    close(in);
    close(out);
    close(err);
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out_path), ReadFile(err_path)};
  }

  std::string ConfigPath() const { return *dir_ + "/config/paved/config.json"; }

  void LogIn() {
    const RunResult login =
        Paved({"login", "--server", *server_url_}, std::string(kAdminPassword) + "\n");
    ASSERT_EQ(login.exit_code, 0) << login.err;
  }

  static inline std::string* dir_ = nullptr;
  static inline std::string* server_url_ = new std::string();
  static inline pid_t server_pid_ = -1;
  static inline std::thread drain_;
};

}  // namespace paved::cli::testing
