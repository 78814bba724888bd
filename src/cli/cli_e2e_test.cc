// Runs the built `paved` binary as a user would: `paved serve` on 127.0.0.1:0 with a temporary
// SQLite data dir, then the client subcommands against it with an isolated XDG_CONFIG_HOME.
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

namespace {

using ::testing::ContainsRegex;
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
  RunResult run =
      Paved({"teams", "create", "e2e-team", "--name", "E2E team", "--description", "x"});
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
  RunResult run =
      Paved({"projects", "create", "orphan", "--name", "Orphan", "--owner", "no-such-team"});
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

std::string GroupDoc(const std::string& name) {
  return "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: " + name +
         "\nspec:\n  type: team\n  children: []\n";
}

std::string ComponentDoc(const std::string& name, const std::string& group) {
  return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name +
         "\nspec:\n  type: service\n  lifecycle: production\n  owner: group:" + group + "\n";
}

// Documents joined into one multi-document YAML text.
std::string Docs(const std::vector<std::string>& documents) {
  std::string yaml;
  for (const std::string& document : documents) yaml += (yaml.empty() ? "" : "---\n") + document;
  return yaml;
}

TEST_F(CliEndToEndTest, CatalogImportPreviewsThenImports) {
  LogIn();
  const std::string dir = *dir_ + "/catalog-repo";
  std::filesystem::create_directories(dir + "/services");
  std::ofstream(dir + "/catalog-info.yaml") << GroupDoc("cli-cat");
  std::ofstream(dir + "/services/catalog-info.yaml")
      << Docs({ComponentDoc("cli-cat-a", "cli-cat"), ComponentDoc("cli-cat-b", "cli-cat")});

  RunResult run = Paved({"catalog", "import", dir, "--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("cli-cat-a created\n"));
  EXPECT_THAT(run.out, HasSubstr("3 created, 0 updated, 0 unchanged, 0 orphaned (dry run"));
  EXPECT_EQ(Paved({"projects", "show", "cli-cat-a"}).exit_code, 1);  // nothing changed yet

  run = Paved({"catalog", "import", dir});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("3 created"));
  run = Paved({"projects", "show", "cli-cat-b"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Owner team:   cli-cat\n"));
  EXPECT_THAT(run.out, HasSubstr("Lifecycle:    production\n"));

  run = Paved({"catalog", "export", "--project", "cli-cat-b"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("name: cli-cat-b"));

  // A document without spec.owner: the file and line are named and nothing changes.
  std::ofstream(dir + "/services/catalog-info.yaml")
      << "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: cli-cat-c\n"
         "spec:\n  type: service\n  lifecycle: production\n";
  run = Paved({"catalog", "import", dir});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("services/catalog-info.yaml:"));
  EXPECT_THAT(run.err, HasSubstr("spec.owner"));
  EXPECT_EQ(Paved({"projects", "show", "cli-cat-c"}).exit_code, 1);
}

TEST_F(CliEndToEndTest, OrphansOwnerAndTransfer) {
  LogIn();
  ASSERT_EQ(Paved({"teams", "create", "cli-new-home", "--name", "New home"}).exit_code, 0);
  // Import a server-side location, then again without cli-orphan-b: it becomes an orphan.
  const std::string location = *dir_ + "/orphan-location.yaml";
  const std::string token = nlohmann::json::parse(ReadFile(ConfigPath()))["token"];
  auto import_location = [&] {
    std::unique_ptr<paved::http::Client> http = paved::http::NewCurlClient();
    auto answer =
        http->Send("POST", *server_url_ + "/api/v1/catalog/import",
                   {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}},
                   nlohmann::json{{"url", location}}.dump(), std::chrono::seconds(30));
    ASSERT_TRUE(answer.ok()) << answer.status();
    ASSERT_EQ(answer->status, 200) << answer->body;
  };
  std::ofstream(location) << Docs({GroupDoc("cli-orphans"),
                                   ComponentDoc("cli-orphan-a", "cli-orphans"),
                                   ComponentDoc("cli-orphan-b", "cli-orphans")});
  import_location();
  std::ofstream(location) << Docs(
      {GroupDoc("cli-orphans"), ComponentDoc("cli-orphan-a", "cli-orphans")});
  import_location();

  RunResult run = Paved({"catalog", "orphans"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, StartsWith("KIND "));
  EXPECT_THAT(run.out, ContainsRegex("\nproject +cli-orphan-b +cli-orphan-b +cli-orphans "));

  run = Paved({"catalog", "owner", "--project", "cli-orphan-a"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Team:"));
  EXPECT_THAT(run.out, HasSubstr("cli-orphans"));
  run = Paved({"catalog", "owner", "--namespace", "cli-orphan-a"});  // the slug is the default
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Project:"));
  EXPECT_EQ(Paved({"catalog", "owner", "--project", "no-such-project"}).exit_code, 1);

  run = Paved({"projects", "transfer", "cli-orphan-b", "--to", "cli-new-home", "--reason",
               "its location dropped it"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "project/cli-orphan-b transferred to cli-new-home\n");
  run = Paved({"catalog", "orphans", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const auto& orphan : nlohmann::json::parse(run.out)["items"]) {
    EXPECT_NE(orphan["id"], "cli-orphan-b");
  }
  run = Paved({"projects", "show", "cli-orphan-b"});
  EXPECT_THAT(run.out, HasSubstr("Owner team:   cli-new-home\n"));
}

}  // namespace
