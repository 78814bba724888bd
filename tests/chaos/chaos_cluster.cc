#include "tests/chaos/chaos_cluster.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "http/client.h"
#include "nlohmann/json.hpp"
#include "tests/support/run_command.h"

namespace paved::chaos {
namespace {

using json = nlohmann::json;
using test_support::PeerProcess;

constexpr char kHaproxy[] = "/usr/sbin/haproxy";

void Write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

// Health checks every 300 ms; two failures take a replica out, one success puts it back. A
// request whose connection is refused is retried on the other replica (`option redispatch`);
// a request that reached a replica is never replayed, so HAProxy cannot duplicate a write.
std::string HaproxyConfig(int port, const std::vector<int>& replica_ports) {
  std::string cfg =
      absl::StrCat("global\n  maxconn 512\n",
                   "defaults\n  mode http\n  timeout connect 1s\n  timeout client 30s\n",
                   "  timeout server 30s\n  retries 3\n  option redispatch 1\n",
                   "frontend api\n  bind 127.0.0.1:", port, "\n  default_backend paved\n",
                   "backend paved\n  balance roundrobin\n  option httpchk GET /readyz\n",
                   "  http-check expect status 200\n",
                   "  default-server inter 300ms fastinter 200ms downinter 300ms fall 2 rise 1\n");
  for (size_t i = 0; i < replica_ports.size(); ++i) {
    absl::StrAppend(&cfg, "  server r", i, " 127.0.0.1:", replica_ports[i], " check\n");
  }
  return cfg;
}

std::string MakeTempDir() {
  char pattern[] = "/tmp/paved-chaos-XXXXXX";
  return mkdtemp(pattern) ? pattern : "";
}

}  // namespace

ChaosCluster::ChaosCluster(int replicas) : replicas_(replicas) {}

ChaosCluster::~ChaosCluster() { Shutdown(false); }

absl::Status ChaosCluster::Start() {
  dir_ = MakeTempDir();
  if (dir_.empty()) return absl::InternalError("mkdtemp");
  if (absl::Status s = slack_.Start(); !s.ok()) return s;
  slack_.AddChannel(kAlertChannel);
  auto pg = test_support::PostgresServer::Start();
  if (!pg.ok()) return pg.status();
  postgres_ = std::move(*pg);
  auto url = postgres_->CreateDatabase("chaos");
  if (!url.ok()) return url.status();
  store_url_ = *url;
  if (absl::Status s = WriteConfig(); !s.ok()) return s;
  for (int i = 0; i < replicas(); ++i) {
    if (absl::Status s = StartReplica(i, 60'000); !s.ok()) return s;
  }
  if (absl::Status s = StartHaproxy(); !s.ok()) return s;
  return Login();
}

absl::Status ChaosCluster::WriteConfig() {
  // Alerts go to one channel without waiting; the per-channel limit is out of the way so the
  // settle phase is bounded by the faults, not by the rate limit.
  Write(dir_ / "paved.yml",
        absl::StrCat("alerts:\n  sources:\n    alertmanager: {token: ", kSourceToken, "}\n",
                     "  fallback_channel: \"#", kAlertChannel, "\"\n  group_wait: 0s\n",
                     "  channel_messages_per_minute: 10000\n",
                     "slack:\n  api_url: ", slack_.api_url(), "\n  bot_token: ", kBotToken, "\n"));
  for (int i = 0; i < replicas(); ++i) {
    auto port = test_support::FreeLoopbackPort();
    if (!port.ok()) return port.status();
    replicas_[i].port = *port;
    replicas_[i].data_dir = dir_ / absl::StrCat("replica-", i);
    std::filesystem::create_directories(replicas_[i].data_dir);
  }
  // Inherited by every `paved serve` started below.
  setenv("PAVED_ADMIN_PASSWORD", kPassword, 1);
  setenv("PAVED_ACCESS_LOG", "false", 1);
  setenv("PAVED_DEMO_DEPLOY", "false", 1);
  setenv("PAVED_JOB_LEASE_SECONDS", "3", 1);  // jobs of a killed replica come back quickly
  return absl::OkStatus();
}

std::string ChaosCluster::ReplicaUrl(int i) const {
  return absl::StrCat("http://127.0.0.1:", replicas_[i].port);
}

void ChaosCluster::KillReplica(int i) {
  auto& process = replicas_[i].process;
  if (!process) return;
  kill(-process->pid(), SIGKILL);
  waitpid(process->pid(), nullptr, 0);
  process.reset();  // Stop() finds the group gone
}

absl::Status ChaosCluster::StartReplica(int i, int timeout_ms) {
  Replica& r = replicas_[i];
  std::string log = (dir_ / absl::StrCat("replica-", i, ".log")).string();
  auto p = PeerProcess::Start(
      {PAVED_BINARY, "serve", "--listen", absl::StrCat("127.0.0.1:", r.port), "--data-dir",
       r.data_dir.string(), "--store", store_url_, "--config", (dir_ / "paved.yml").string()},
      dir_.string(), log);
  if (!p.ok()) return p.status();
  r.process = std::make_unique<PeerProcess>(std::move(*p));
  return r.process->WaitUntilReady(ReplicaUrl(i) + "/readyz", timeout_ms);
}

std::string ChaosCluster::ReplicaLog(int i) const {
  return test_support::TailOfFile((dir_ / absl::StrCat("replica-", i, ".log")).string(), 4000);
}

absl::Status ChaosCluster::StartHaproxy() {
  auto port = test_support::FreeLoopbackPort();
  if (!port.ok()) return port.status();
  std::vector<int> ports;
  for (const Replica& r : replicas_) ports.push_back(r.port);
  Write(dir_ / "haproxy.cfg", HaproxyConfig(*port, ports));
  auto p = PeerProcess::Start({kHaproxy, "-db", "-f", (dir_ / "haproxy.cfg").string()},
                              dir_.string(), (dir_ / "haproxy.log").string());
  if (!p.ok()) return p.status();
  haproxy_ = std::make_unique<PeerProcess>(std::move(*p));
  haproxy_url_ = absl::StrCat("http://127.0.0.1:", *port);
  return haproxy_->WaitUntilReady(haproxy_url_ + "/readyz", 30'000);
}

absl::Status ChaosCluster::Login() {
  auto client = http::NewCurlClient({.use_env_proxy = false});
  auto r = client->Send(
      "POST", haproxy_url_ + "/api/v1/auth/login", {{"Content-Type", "application/json"}},
      json{{"login", "admin"}, {"password", kPassword}}.dump(), std::chrono::seconds(10));
  if (!r.ok()) return r.status();
  if (r->status != 200) return absl::InternalError(absl::StrCat("login: ", r->body));
  std::string cookie = r->Header("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  std::string csrf = json::parse(r->body)["csrf_token"];
  r = client->Send(
      "POST", haproxy_url_ + "/api/v1/tokens",
      {{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Content-Type", "application/json"}},
      R"({"name":"chaos"})", std::chrono::seconds(10));
  if (!r.ok()) return r.status();
  if (r->status != 201) return absl::InternalError(absl::StrCat("token: ", r->body));
  token_ = json::parse(r->body)["token"];
  return absl::OkStatus();
}

void ChaosCluster::Shutdown(bool keep) {
  haproxy_.reset();
  for (Replica& r : replicas_) r.process.reset();
  postgres_.reset();
  if (!keep && !dir_.empty()) std::filesystem::remove_all(dir_);
  dir_.clear();
}

}  // namespace paved::chaos
