#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace paved::test_support {

// A throwaway PostgreSQL server for tests: initdb + pg_ctl in a fresh temp directory (under
// /dev/shm when available, else /tmp), on a free loopback port, socket directory inside the temp
// directory, fsync off. When running as root the server runs as the `postgres` system user
// (PostgreSQL refuses root). The destructor stops the
// server and removes the directory. Servers left behind by a crashed test process are cleaned up
// by the next Start(). The initialised data directory is cached in paved-pg-template-* beside
// the servers and copied for each server.
class PostgresServer {
 public:
  // Starts a server with an empty database `paved_test`. On failure the error says why (missing
  // binaries, initdb or start failure with the server log).
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Start();
  // One server per test process, started on first use and stopped at exit. Tests must
  // ASSERT_TRUE(...ok()) on the result: a test that needs PostgreSQL fails, never skips.
  static absl::StatusOr<PostgresServer*> Shared();

  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  int port() const { return port_; }
  // libpq URL of the `paved_test` database, e.g. postgres://postgres@127.0.0.1:PORT/paved_test.
  std::string url() const { return UrlFor("paved_test"); }
  std::string UrlFor(const std::string& database) const;
  // Creates an empty database (name: lowercase letters, digits, underscores) and returns its URL.
  absl::StatusOr<std::string> CreateDatabase(const std::string& name);
  // Runs one SQL statement on the `postgres` maintenance database (e.g. to kill connections).
  absl::Status AdminExec(const std::string& sql);

  // Stops the server (fast shutdown: clients are disconnected, committed data is kept); for
  // outage tests.
  void Stop();
  // Starts a stopped server again on the same port with the same data.
  absl::Status Restart();

 private:
  PostgresServer(std::string dir, std::string bindir) : dir_(dir), bindir_(bindir) {}
  // Copies a data directory prepared once per machine (initdb + database paved_test) to data/:
  // initdb is the slow part of a start (0.3-1 s); the template stays for the next run.
  absl::Status InitDb();
  absl::Status EnsureTemplate(const std::string& template_dir);
  // Runs a PostgreSQL binary as the server user; an error with the log's tail unless it exits 0.
  absl::Status Run(const std::vector<std::string>& argv, const std::string& log,
                   const std::string& stdin_path = "/dev/null");
  absl::Status StartOnFreePort();
  absl::Status StartOn(int port);
  void StopWith(const std::string& mode);  // pg_ctl stop -m MODE

  std::string dir_;     // temp directory holding data/, sock/ and logs
  std::string bindir_;  // where initdb and pg_ctl live
  int port_ = 0;
  bool running_ = false;
};

}  // namespace paved::test_support
