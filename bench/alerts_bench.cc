// Alert ingest side by side with Prometheus Alertmanager, in one run on this machine:
//  1. rate: one generator (8 kept-alive connections) posts the same 1,000 distinct alerts over 50
//     namespaces to Alertmanager's POST /api/v2/alerts and to Paved's, in batches of 1 and of
//     100, a few seconds each; prints alerts/s of both and the ratio.
//  2. new alerts: 20,000 new distinct alerts (batches of 100) to each; alerts/s of both.
//  3. delivery: new groups (a fresh namespace each) posted one at a time; prints the delay from
//     POST until the group's message reaches a sink (Alertmanager: its webhook; Paved: a Slack
//     Web API sink), p50/p99, with group_wait 0s on both: right after the new alerts (while
//     their messages are still going out) and again once the sink has been quiet for 2 s.
//  4. memory: 100,000 distinct active alerts posted to each; prints the RSS of both.
// 127.0.0.1 only; bounded in count and time. Usage: alerts_bench [SECONDS_PER_RUN]
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "http/client.h"
#include "http/server.h"
#include "nlohmann/json.hpp"
#include "tests/integration/paved_process.h"
#include "tests/support/peer_process.h"

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
constexpr char kAlertmanager[] = "/usr/bin/prometheus-alertmanager";
constexpr char kToken[] = "bench-alert-token";
constexpr int kConnections = 8;

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

json Alert(const std::string& ns, int i) {
  return {{"labels",
           {{"alertname", "BenchAlert" + std::to_string(i % 20)},
            {"namespace", ns},
            {"cluster", "bench"},
            {"instance", "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250)},
            {"severity", i % 3 == 0 ? "critical" : "warning"}}},
          {"annotations", {{"summary", "bench alert " + std::to_string(i)}}},
          {"startsAt", "2026-11-20T03:12:00Z"},
          {"generatorURL", "http://prometheus.example.com/graph?g0.expr=bench"}};
}

// `count` distinct alerts over 50 namespaces, `per_body` alerts per request body.
std::vector<std::string> Bodies(int count, int per_body, int offset = 0) {
  std::vector<std::string> bodies;
  json batch = json::array();
  for (int i = 0; i < count; ++i) {
    int k = offset + i;
    batch.push_back(Alert("bench-ns-" + std::to_string(k % 50), k));
    if (static_cast<int>(batch.size()) == per_body) {
      bodies.push_back(batch.dump());
      batch = json::array();
    }
  }
  if (!batch.empty()) bodies.push_back(batch.dump());
  return bodies;
}

struct LoadResult {
  int64_t requests = 0, errors = 0;
  double seconds = 0;
};

// Posts `bodies` round-robin over kConnections threads for `seconds`.
LoadResult Load(const std::string& url, const paved::http::ClientHeaders& headers,
                const std::vector<std::string>& bodies, double seconds) {
  std::atomic<int64_t> requests{0}, errors{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  auto t0 = Clock::now();
  for (int c = 0; c < kConnections; ++c) {
    threads.emplace_back([&, c] {
      auto client = paved::http::NewCurlClient({.use_env_proxy = false});
      for (size_t k = c; !stop.load(std::memory_order_relaxed); k += kConnections) {
        auto r =
            client->Send("POST", url, headers, bodies[k % bodies.size()], std::chrono::seconds(10));
        requests.fetch_add(1, std::memory_order_relaxed);
        if (!r.ok() || r->status / 100 != 2) errors.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  return {requests.load(), errors.load(), MsSince(t0) / 1000.0};
}

// Posts every body once over kConnections threads.
int64_t PostAll(const std::string& url, const paved::http::ClientHeaders& headers,
                const std::vector<std::string>& bodies) {
  std::atomic<int64_t> errors{0};
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < kConnections; ++c) {
    threads.emplace_back([&] {
      auto client = paved::http::NewCurlClient({.use_env_proxy = false});
      for (size_t k = next++; k < bodies.size(); k = next++) {
        auto r = client->Send("POST", url, headers, bodies[k], std::chrono::seconds(60));
        if (!r.ok() || r->status / 100 != 2) errors++;
      }
    });
  }
  for (auto& t : threads) t.join();
  return errors.load();
}

int64_t RssKiB(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

// Receives Alertmanager webhooks (/am) and Slack Web API calls (/slack/chat.postMessage, ...)
// and records when a message naming each namespace first arrived.
class Sink {
 public:
  bool Start() {
    server_ = paved::http::NewServer({.host = "127.0.0.1", .port = 0, .threads = 2},
                                     [this](paved::http::Request& req) { return Handle(req); });
    auto port = server_->Start();
    if (!port.ok()) return false;
    url_ = "http://127.0.0.1:" + std::to_string(*port);
    return true;
  }
  const std::string& url() const { return url_; }

  // Waits until nothing arrived for `quiet_ms` (false after `timeout_ms`).
  bool WaitQuiet(int quiet_ms, int timeout_ms) {
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::lock_guard lock(mu_);
      if (Clock::now() - last_ > std::chrono::milliseconds(quiet_ms)) return true;
    }
    return false;
  }

  // Waits until a message naming `ns` arrived; returns its arrival time.
  std::optional<Clock::time_point> WaitFor(const std::string& ns, int timeout_ms) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return seen_.count(ns); });
    auto it = seen_.find(ns);
    if (it == seen_.end()) return std::nullopt;
    return it->second;
  }

 private:
  paved::http::Response Handle(paved::http::Request& req) {
    auto now = Clock::now();
    std::string body = req.body;
    {
      std::lock_guard lock(mu_);
      last_ = now;
      for (size_t at = body.find("delay-ns-"); at != std::string::npos;
           at = body.find("delay-ns-", at + 1)) {
        size_t end = at + 9;
        while (end < body.size() && isdigit(static_cast<unsigned char>(body[end]))) ++end;
        seen_.emplace(body.substr(at, end - at), now);
      }
    }
    cv_.notify_all();
    paved::http::Response r;
    r.SetHeader("Content-Type", "application/json");
    if (req.path.rfind("/slack/", 0) == 0) {
      r.body = json{{"ok", true},
                    {"channel", "C0BENCH"},
                    {"ts", absl::StrCat("1700000000.", ++ts_)},
                    {"messages", json::array()},
                    {"channels", json::array({{{"id", "C0BENCH"}, {"name", "bench"}}})}}
                   .dump();
    } else {
      r.body = "{}";
    }
    return r;
  }

  std::unique_ptr<paved::http::Server> server_;
  std::string url_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Clock::time_point> seen_;
  Clock::time_point last_ = Clock::now();
  std::atomic<int64_t> ts_{100000};
};

struct Delays {
  double p50 = -1, p99 = -1;
  int missing = 0;
};

Delays MeasureDelivery(const std::string& url, const paved::http::ClientHeaders& headers,
                       Sink& sink, int first, int groups) {
  auto client = paved::http::NewCurlClient({.use_env_proxy = false});
  std::vector<double> ms;
  Delays d;
  for (int g = 0; g < groups; ++g) {
    std::string ns = "delay-ns-" + std::to_string(first + g);
    std::string body = json::array({Alert(ns, g)}).dump();
    auto t0 = Clock::now();
    auto r = client->Send("POST", url, headers, body, std::chrono::seconds(10));
    auto arrived = sink.WaitFor(ns, 5000);
    if (!r.ok() || !arrived) {
      d.missing++;
      continue;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(*arrived - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  if (!ms.empty()) {
    d.p50 = ms[ms.size() / 2];
    d.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  }
  return d;
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

int main(int argc, char** argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  double seconds = argc > 1 ? std::stod(argv[1]) : 3.0;
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("paved-alerts-bench-" + std::to_string(getpid()));
  fs::create_directories(dir / "am");
  Sink sink;
  if (!sink.Start()) return 1;

  auto am_port = paved::test_support::FreeLoopbackPort();
  if (!am_port.ok()) return 1;
  Write((dir / "am.yml").string(),
        absl::StrCat("route:\n  receiver: sink\n  group_by: [namespace]\n  group_wait: 0s\n",
                     "  group_interval: 1s\n  repeat_interval: 1h\nreceivers:\n- name: sink\n",
                     "  webhook_configs:\n  - url: ", sink.url(), "/am\n"));
  std::string am_url = "http://127.0.0.1:" + std::to_string(*am_port);
  auto am = paved::test_support::PeerProcess::Start(
      {kAlertmanager, "--config.file=" + (dir / "am.yml").string(),
       "--storage.path=" + (dir / "am").string(),
       "--web.listen-address=127.0.0.1:" + std::to_string(*am_port), "--cluster.listen-address="},
      dir.string(), (dir / "am.log").string());
  if (!am.ok() || !am->WaitUntilReady(am_url + "/-/ready", 20000).ok()) {
    std::fprintf(stderr, "alertmanager did not start: %s\n", (dir / "am.log").c_str());
    return 1;
  }

  Write((dir / "paved.yml").string(),
        absl::StrCat("alerts:\n  sources:\n    bench: {token: ", kToken, "}\n",
                     "  group_wait: 0s\n  fallback_channel: \"#bench\"\n",
                     "  channel_messages_per_minute: 10000\n", "slack:\n  api_url: ", sink.url(),
                     "/slack\n  bot_token: xoxb-bench\n"));
  paved::integration::PavedProcess paved(
      {"--listen", "127.0.0.1:0", "--data-dir", (dir / "paved").string(), "--config",
       (dir / "paved.yml").string()},
      {{"PAVED_ACCESS_LOG", "false"},
       {"PAVED_DEMO_DATA", "false"},
       {"PAVED_ADMIN_PASSWORD", "bench-password"}});
  if (!paved.Start()) {
    std::fprintf(stderr, "paved did not start:\n%s\n", paved.output().c_str());
    return 1;
  }

  paved::http::ClientHeaders am_headers = {{"Content-Type", "application/json"}};
  paved::http::ClientHeaders paved_headers = {{"Content-Type", "application/json"},
                                              {"Authorization", std::string("Bearer ") + kToken}};
  std::string am_post = am_url + "/api/v2/alerts";
  std::string paved_post = paved.base_url() + "/api/v2/alerts";

  std::printf(
      "Alert ingest, %d connections, %.0f s per run, 1,000 distinct alerts over 50 "
      "namespaces\n\n",
      kConnections, seconds);
  std::printf("| batch | Alertmanager alerts/s | Paved alerts/s | ratio | errors (AM/Paved) |\n");
  std::printf("|---|---|---|---|---|\n");
  for (int per_body : {1, 100}) {
    auto bodies = Bodies(1000, per_body);
    PostAll(paved_post, paved_headers, bodies);  // first sight: stored once, then repeats
    PostAll(am_post, am_headers, bodies);
    LoadResult a = Load(am_post, am_headers, bodies, seconds);
    LoadResult p = Load(paved_post, paved_headers, bodies, seconds);
    double a_rate = a.requests * per_body / a.seconds, p_rate = p.requests * per_body / p.seconds;
    std::printf("| %d | %.0f | %.0f | %.2f× | %lld/%lld |\n", per_body, a_rate, p_rate,
                p_rate / a_rate, static_cast<long long>(a.errors),
                static_cast<long long>(p.errors));
  }

  // New distinct alerts, each seen for the first time: Alertmanager keeps them in memory, Paved
  // stores each durably. Each is then asked for new groups while it still works through them.
  std::printf("\n| 20,000 new distinct alerts, batches of 100 | Alertmanager | Paved | ratio |\n");
  std::printf("|---|---|---|---|\n");
  double am_new = 0, paved_new = 0;
  int64_t am_new_errors = 0, paved_new_errors = 0;
  Delays am_busy, paved_busy;
  {
    auto t0 = Clock::now();
    am_new_errors = PostAll(am_post, am_headers, Bodies(20000, 100, 1'000'000));
    am_new = 20000 / (MsSince(t0) / 1000.0);
    am_busy = MeasureDelivery(am_post, am_headers, sink, 0, 50);
    t0 = Clock::now();
    paved_new_errors = PostAll(paved_post, paved_headers, Bodies(20000, 100, 1'000'000));
    paved_new = 20000 / (MsSince(t0) / 1000.0);
    paved_busy = MeasureDelivery(paved_post, paved_headers, sink, 1000, 50);
  }
  std::printf("| alerts/s (errors) | %.0f (%lld) | %.0f (%lld) | %.2f× |\n", am_new,
              static_cast<long long>(am_new_errors), paved_new,
              static_cast<long long>(paved_new_errors), paved_new / am_new);
  // Settled: no message for 2 s, so the backlog of the new alerts is delivered.
  bool settled = sink.WaitQuiet(2000, 120000);
  Delays am_settled = MeasureDelivery(am_post, am_headers, sink, 2000, 50);
  Delays paved_settled = MeasureDelivery(paved_post, paved_headers, sink, 3000, 50);
  std::printf(
      "\n| new group → sink, 50 groups, group_wait 0s | Alertmanager p50 / p99 | Paved p50 "
      "/ p99 | missing (AM/Paved) |\n|---|---|---|---|\n");
  for (auto [name, a, p] :
       {std::tuple{"right after the new alerts", am_busy, paved_busy},
        std::tuple{settled ? "settled" : "not settled after 120 s", am_settled, paved_settled}}) {
    std::printf("| %s | %.1f / %.1f ms | %.1f / %.1f ms | %d/%d |\n", name, a.p50, a.p99, p.p50,
                p.p99, a.missing, p.missing);
  }

  auto big = Bodies(100000, 1000, 2'000'000);
  int64_t am_errors = PostAll(am_post, am_headers, big);
  auto t0 = Clock::now();
  int64_t paved_errors = PostAll(paved_post, paved_headers, big);
  double paved_secs = MsSince(t0) / 1000.0;
  std::this_thread::sleep_for(std::chrono::seconds(2));
  int64_t am_rss = RssKiB(am->pid()), paved_rss = RssKiB(paved.pid());
  std::printf(
      "\n100,000 active alerts (+ the above): RSS Alertmanager %.0f MiB, Paved %.0f MiB "
      "(ratio %.2f); Paved stored them in %.1f s; errors %lld/%lld\n",
      am_rss / 1024.0, paved_rss / 1024.0,
      static_cast<double>(paved_rss) / static_cast<double>(am_rss), paved_secs,
      static_cast<long long>(am_errors), static_cast<long long>(paved_errors));
  paved.Terminate();
  am->Stop();
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
