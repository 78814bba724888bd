// Runs the built `paved` binary as a user would: `paved serve` on 127.0.0.1:0 with a temporary
// SQLite data dir, then the client subcommands against it with an isolated XDG_CONFIG_HOME.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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
#include "nlohmann/json.hpp"

namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kAdminPassword[] = "e2e-admin-password-1";

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The environment of a child: ours minus PAVED_* and XDG/HOME, plus `extra`.
std::vector<std::string> ChildEnv(const std::vector<std::string>& extra) {
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

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Forks and execs PAVED_BINARY with `args`; stdio fds are dup2'ed from the given ones.
pid_t Spawn(std::vector<std::string> args, std::vector<std::string> env, int in, int out, int err) {
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
    std::filesystem::remove_all(*dir_);
    delete dir_;
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

  static std::string* dir_;
  static std::string* server_url_;
  static pid_t server_pid_;
  static std::thread drain_;
};

std::string* CliEndToEndTest::dir_ = nullptr;
std::string* CliEndToEndTest::server_url_ = new std::string();
pid_t CliEndToEndTest::server_pid_ = -1;
std::thread CliEndToEndTest::drain_;

TEST_F(CliEndToEndTest, LoginStoresAPrivateTokenAndWhoamiUsesIt) {
  const RunResult bad = Paved({"login", "--server", *server_url_}, "wrong-password\n");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, StartsWith("error: "));

  LogIn();
  struct stat info;
  ASSERT_EQ(stat(ConfigPath().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_THAT(ReadFile(ConfigPath()), HasSubstr("pvd_"));

  const RunResult whoami = Paved({"whoami"});
  ASSERT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_THAT(whoami.out, HasSubstr("admin"));
  const RunResult json = Paved({"whoami", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["login"], "admin");
}

TEST_F(CliEndToEndTest, TeamsAndProjects) {
  LogIn();
  RunResult run = Paved({"teams", "create", "e2e-team", "--name", "E2E team", "--description", "x"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "team/e2e-team created\n");

  run = Paved({"teams", "list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, StartsWith("SLUG "));
  EXPECT_THAT(run.out, HasSubstr("\ne2e-team "));

  run = Paved({"projects", "create", "e2e-web", "--name", "E2E web", "--owner", "e2e-team"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "project/e2e-web created\n");

  run = Paved({"projects", "list", "--owner", "e2e-team"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::string> lines = absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << run.out;
  EXPECT_THAT(lines[1], StartsWith("e2e-web "));

  run = Paved({"projects", "show", "e2e-web"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Owner team:   e2e-team\n"));

  run = Paved({"projects", "list", "--json", "--q", "e2e-web"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json list = nlohmann::json::parse(run.out);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["owner_team"], "e2e-team");
}

TEST_F(CliEndToEndTest, ServerErrorsReachTheUser) {
  LogIn();
  RunResult run = Paved({"projects", "create", "orphan", "--name", "Orphan", "--owner", "no-such-team"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_THAT(run.err, StartsWith("error: "));
  EXPECT_THAT(run.err, HasSubstr("no-such-team"));

  run = Paved({"projects", "show", "no-such-project"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, StartsWith("error: "));

  run = Paved({"projects", "create", "x"});  // usage: --name and --owner missing
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(CliEndToEndTest, TokensCanBeListedAndRevoked) {
  LogIn();
  RunResult run = Paved({"tokens", "create", "e2e-ci", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json created = nlohmann::json::parse(run.out);
  const std::string id =
      created["id"].is_string() ? created["id"].get<std::string>() : created["id"].dump();
  const std::string token = created["token"];
  EXPECT_THAT(token, StartsWith("pvd_"));

  run = Paved({"whoami", "--server", *server_url_, "--token", token});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  run = Paved({"tokens", "list"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("e2e-ci"));

  run = Paved({"tokens", "revoke", id});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"whoami", "--server", *server_url_, "--token", token});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, StartsWith("error: "));
}

TEST_F(CliEndToEndTest, LogoutRevokesTheStoredToken) {
  LogIn();
  const std::string config = ReadFile(ConfigPath());
  const std::string token = nlohmann::json::parse(config)["token"];
  RunResult run = Paved({"logout"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(std::filesystem::exists(ConfigPath()));

  run = Paved({"whoami"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("paved login"));
  run = Paved({"whoami", "--server", *server_url_, "--token", token});
  EXPECT_EQ(run.exit_code, 1);  // revoked on the server too
}

}  // namespace
