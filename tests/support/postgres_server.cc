#include "tests/support/postgres_server.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "tests/support/run_command.h"

namespace paved::test_support {
namespace {

namespace fs = std::filesystem;

constexpr char kTempPrefix[] = "paved-pg-";
constexpr char kServerUser[] = "postgres";
constexpr int kStartAttempts = 3;

// RAM-backed /dev/shm when usable (copying and fsync-free writes are ~10x faster than on a busy
// disk), otherwise /tmp.
std::string TempBase() {
  struct statvfs vfs;
  if (access("/dev/shm", W_OK | X_OK) == 0 && statvfs("/dev/shm", &vfs) == 0 &&
      static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize > (uint64_t{1} << 30)) {
    return "/dev/shm";
  }
  return "/tmp";
}

bool IsExecutable(const fs::path& p) { return access(p.c_str(), X_OK) == 0; }

bool HasServerBinaries(const fs::path& dir) {
  return !dir.empty() && IsExecutable(dir / "initdb") && IsExecutable(dir / "pg_ctl");
}

std::string PgConfigBindir() {
  FILE* pipe = popen("pg_config --bindir 2>/dev/null", "r");
  if (pipe == nullptr) return "";
  char line[512] = {0};
  std::string out = fgets(line, sizeof(line), pipe) ? line : "";
  pclose(pipe);
  return std::string(absl::StripAsciiWhitespace(out));
}

std::string BindirFromPath() {
  const char* path = getenv("PATH");
  if (path == nullptr) return "";
  for (auto dir : absl::StrSplit(path, ':')) {
    if (HasServerBinaries(fs::path(std::string(dir)))) return std::string(dir);
  }
  return "";
}

// PAVED_PG_BINDIR, then Debian's PostgreSQL 15, then pg_config, then any installed version,
// then PATH.
absl::StatusOr<std::string> FindBindir() {
  std::vector<std::string> candidates;
  if (const char* env = getenv("PAVED_PG_BINDIR")) candidates.push_back(env);
  candidates.push_back("/usr/lib/postgresql/15/bin");
  candidates.push_back(PgConfigBindir());
  std::error_code ec;
  std::vector<std::string> versions;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    versions.push_back((entry.path() / "bin").string());
  }
  std::sort(versions.rbegin(), versions.rend());
  candidates.insert(candidates.end(), versions.begin(), versions.end());
  candidates.push_back(BindirFromPath());
  for (const auto& dir : candidates) {
    if (HasServerBinaries(dir)) return dir;
  }
  return absl::NotFoundError(
      "PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian package "
      "`postgresql` (scripts/install-deps) or set PAVED_PG_BINDIR");
}

bool RunningAsRoot() { return geteuid() == 0; }

std::string RunuserPath() {
  for (const char* p : {"/usr/sbin/runuser", "/sbin/runuser"}) {
    if (IsExecutable(p)) return p;
  }
  return "/usr/sbin/runuser";
}

// Prefixes `runuser -u postgres --` when root, since PostgreSQL refuses to run as root.
std::vector<std::string> AsServerUser(std::vector<std::string> argv) {
  if (!RunningAsRoot()) return argv;
  std::vector<std::string> out = {RunuserPath(), "-u", kServerUser, "--"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

absl::Status GiveToServerUser(const std::string& path) {
  if (!RunningAsRoot()) return absl::OkStatus();
  struct passwd* pw = getpwnam(kServerUser);
  if (pw == nullptr) {
    return absl::FailedPreconditionError(
        "running as root but there is no `postgres` system user to run the test server as "
        "(install the Debian package `postgresql`)");
  }
  if (chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
    return absl::InternalError(absl::StrCat("chown ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int rc = bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  if (rc == 0) rc = getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  if (rc != 0) return absl::InternalError("could not find a free port");
  return ntohs(addr.sin_port);
}

// Stops and removes servers whose owning test process died without cleaning up.
void RemoveAbandonedServers(const std::string& bindir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(TempBase(), ec)) {
    if (!absl::StartsWith(entry.path().filename().string(), kTempPrefix)) continue;
    std::ifstream owner(entry.path() / "owner.pid");
    pid_t pid = 0;
    if (!(owner >> pid) || pid <= 0 || kill(pid, 0) == 0 || errno != ESRCH) continue;
    fs::path data = entry.path() / "data";
    if (fs::exists(data / "postmaster.pid", ec)) {
      RunCommand(
          AsServerUser({bindir + "/pg_ctl", "-D", data.string(), "-m", "immediate", "-w", "stop"}),
          "/", "/dev/null")
          .IgnoreError();
    }
    fs::remove_all(entry.path(), ec);
  }
}

absl::Status Exec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  absl::Status status;
  if (PQstatus(conn) != CONNECTION_OK) {
    status = absl::UnavailableError(absl::StrCat("connect ", url, ": ", PQerrorMessage(conn)));
  } else {
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK && PQresultStatus(result) != PGRES_TUPLES_OK) {
      status = absl::InternalError(absl::StrCat(sql, ": ", PQresultErrorMessage(result)));
    }
    PQclear(result);
  }
  PQfinish(conn);
  return status;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  auto bindir = FindBindir();
  if (!bindir.ok()) return bindir.status();
  RemoveAbandonedServers(*bindir);
  std::string templ = absl::StrCat(TempBase(), "/", kTempPrefix, "XXXXXX");
  if (mkdtemp(templ.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp: ", std::strerror(errno)));
  }
  std::unique_ptr<PostgresServer> server(new PostgresServer(templ, *bindir));
  std::ofstream(templ + "/owner.pid") << getpid() << "\n";
  fs::create_directory(templ + "/sock");
  for (const auto& path : {templ, templ + "/sock"}) {
    if (absl::Status s = GiveToServerUser(path); !s.ok()) return s;
  }
  if (absl::Status s = server->InitDb(); !s.ok()) return s;
  if (absl::Status s = server->StartOnFreePort(); !s.ok()) return s;
  return server;
}

absl::StatusOr<PostgresServer*> PostgresServer::Shared() {
  static std::once_flag once;
  static std::unique_ptr<PostgresServer> owner;  // destroyed at exit: stops the server
  static absl::Status start_error;
  std::call_once(once, [] {
    auto started = Start();
    if (started.ok()) {
      owner = std::move(*started);
    } else {
      start_error = started.status();
    }
  });
  if (!owner) return start_error;
  return owner.get();
}

PostgresServer::~PostgresServer() {
  StopWith("immediate");  // the data is thrown away anyway
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

absl::Status PostgresServer::Run(const std::vector<std::string>& argv, const std::string& log,
                                 const std::string& stdin_path) {
  auto rc = RunCommand(AsServerUser(argv), dir_, log, stdin_path);
  if (!rc.ok()) return rc.status();
  if (*rc != 0) {
    return absl::InternalError(absl::StrCat(argv[0], " exited with ", *rc, ":\n", TailOfFile(log)));
  }
  return absl::OkStatus();
}

absl::Status PostgresServer::EnsureTemplate(const std::string& template_dir) {
  std::error_code ec;
  if (fs::exists(template_dir + "/PG_VERSION", ec)) return absl::OkStatus();
  std::string build = dir_ + "/template";
  std::string log = dir_ + "/initdb.log";
  absl::Status status = Run({bindir_ + "/initdb", "-D", build, "-U", "postgres", "-A", "trust",
                             "-E", "UTF8", "--locale=C", "--no-sync", "--wal-segsize=1"},
                            log);
  if (!status.ok()) return status;
  std::ofstream(dir_ + "/template.sql") << "CREATE DATABASE paved_test\n";
  status = Run({bindir_ + "/postgres", "--single", "-D", build, "-F", "-c", "exit_on_error=true",
                "postgres"},
               log, dir_ + "/template.sql");
  if (!status.ok()) return status;
  // Atomic publish; when another process won the race its template is as good as ours.
  if (rename(build.c_str(), template_dir.c_str()) != 0) fs::remove_all(build, ec);
  if (!fs::exists(template_dir + "/PG_VERSION", ec)) {
    return absl::InternalError(absl::StrCat("could not publish template ", template_dir));
  }
  return absl::OkStatus();
}

absl::Status PostgresServer::InitDb() {
  std::string template_dir = absl::StrCat(TempBase(), "/", kTempPrefix, "template-", geteuid(), "-",
                                          std::hash<std::string>{}(bindir_) % 1000000);
  if (absl::Status s = EnsureTemplate(template_dir); !s.ok()) return s;
  auto rc = RunCommand({"/bin/cp", "-a", template_dir, dir_ + "/data"}, dir_, dir_ + "/cp.log");
  if (!rc.ok()) return rc.status();
  if (*rc != 0) return absl::InternalError("copying the template data directory failed");
  return absl::OkStatus();
}

absl::Status PostgresServer::StartOnFreePort() {
  absl::Status status;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    auto port = FreePort();
    if (!port.ok()) return port.status();
    status = StartOn(*port);
    if (status.ok()) return status;
  }
  return status;
}

absl::Status PostgresServer::StartOn(int port) {
  std::string log = dir_ + "/server.log";
  std::string options =
      absl::StrCat("-p ", port, " -k ", dir_, "/sock -c listen_addresses=127.0.0.1 -c fsync=off ",
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
  auto rc = RunCommand(AsServerUser({bindir_ + "/pg_ctl", "-D", dir_ + "/data", "-l", log, "-w",
                                     "-t", "60", "-o", options, "start"}),
                       dir_, dir_ + "/pg_ctl.log");
  if (!rc.ok()) return rc.status();
  if (*rc != 0) {
    return absl::InternalError(absl::StrCat("PostgreSQL did not start; pg_ctl said:\n",
                                            TailOfFile(dir_ + "/pg_ctl.log"), "\nserver log:\n",
                                            TailOfFile(log)));
  }
  port_ = port;
  running_ = true;
  return absl::OkStatus();
}

absl::Status PostgresServer::Restart() {
  Stop();
  return StartOn(port_);
}

void PostgresServer::Stop() { StopWith("fast"); }

void PostgresServer::StopWith(const std::string& mode) {
  if (!running_) return;
  RunCommand(AsServerUser({bindir_ + "/pg_ctl", "-D", dir_ + "/data", "-m", mode, "-w", "stop"}),
             dir_, dir_ + "/pg_ctl.log")
      .IgnoreError();
  running_ = false;
}

std::string PostgresServer::UrlFor(const std::string& database) const {
  return absl::StrCat("postgres://postgres@127.0.0.1:", port_, "/", database);
}

absl::StatusOr<std::string> PostgresServer::CreateDatabase(const std::string& name) {
  if (name.empty() || name.size() > 63 ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("bad database name '", name, "'"));
  }
  if (absl::Status s = AdminExec(absl::StrCat("CREATE DATABASE ", name)); !s.ok()) return s;
  return UrlFor(name);
}

absl::Status PostgresServer::AdminExec(const std::string& sql) {
  return Exec(UrlFor("postgres"), sql);
}

}  // namespace paved::test_support
