#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "providers/slack/testing/fake_slack_server.h"
#include "tests/support/peer_process.h"
#include "tests/support/postgres_server.h"

namespace paved::chaos {

inline constexpr char kPassword[] = "chaos-password";
inline constexpr char kSourceToken[] = "chaos-alertmanager-token";
inline constexpr char kBotToken[] = "xoxb-chaos-token";
inline constexpr char kAlertChannel[] = "chaos-alerts";

// Real parts wired together: a throwaway PostgreSQL, an in-process Slack, `replicas` copies of
// `paved serve` on that one database (each on a fixed loopback port chosen up front, with its
// own data directory and log file) and HAProxy in front of them, health-checking /readyz.
// Clients talk to url() only. Everything lives under one temp directory, kept when the caller
// asks (for the logs of a failed run).
class ChaosCluster {
 public:
  explicit ChaosCluster(int replicas);
  ~ChaosCluster();

  // Starts every part and logs in as admin (token()). On failure the error carries the log tail.
  absl::Status Start();
  // Stops everything; removes the temp directory unless `keep`.
  void Shutdown(bool keep);

  std::string url() const { return haproxy_url_; }  // http://127.0.0.1:PORT of HAProxy
  std::string ReplicaUrl(int i) const;
  int replicas() const { return static_cast<int>(replicas_.size()); }
  const std::string& token() const { return token_; }  // an admin API token
  slack::testing::FakeSlackServer& slack() { return slack_; }
  test_support::PostgresServer& postgres() { return *postgres_; }
  const std::filesystem::path& dir() const { return dir_; }

  // SIGKILLs replica `i` (its whole process group) and reaps it.
  void KillReplica(int i);
  // Starts replica `i` again with the same port, data directory and arguments, and waits up to
  // `timeout_ms` for its /readyz.
  absl::Status StartReplica(int i, int timeout_ms);
  // The last lines of replica `i`'s log.
  std::string ReplicaLog(int i) const;

 private:
  struct Replica {
    int port = 0;
    std::filesystem::path data_dir;
    std::unique_ptr<test_support::PeerProcess> process;
  };

  absl::Status WriteConfig();
  absl::Status StartHaproxy();
  absl::Status Login();

  std::filesystem::path dir_;
  slack::testing::FakeSlackServer slack_{kBotToken};
  std::unique_ptr<test_support::PostgresServer> postgres_;
  std::string store_url_;
  std::vector<Replica> replicas_;
  std::unique_ptr<test_support::PeerProcess> haproxy_;
  std::string haproxy_url_;
  std::string token_;
};

}  // namespace paved::chaos
