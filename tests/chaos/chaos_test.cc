// Paved under faults, with real parts: two `paved serve` replicas on one PostgreSQL behind
// HAProxy take a steady load of acknowledged writes while replicas are SIGKILLed and restarted,
// PostgreSQL restarts once and Slack goes through an outage. At the end every acknowledged write
// must be there and every alert group must have exactly one Slack message.
//
// The CI run is small (PAVED_CHAOS_SECONDS=30 by default). A longer run by hand:
//   PAVED_CHAOS_SECONDS=600 PAVED_CHAOS_KILL_EVERY_MS=4000 build/tests/chaos/chaos_test
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "http/client.h"
#include "nlohmann/json.hpp"
#include "tests/chaos/chaos_cluster.h"
#include "tests/chaos/load_generator.h"

namespace paved::chaos {
namespace {

using json = nlohmann::json;
using slack::testing::FakeSlackServer;

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

struct Settings {
  int seconds = EnvInt("PAVED_CHAOS_SECONDS", 30);
  int kill_every_ms = EnvInt("PAVED_CHAOS_KILL_EVERY_MS", 4000);
  int settle_seconds = EnvInt("PAVED_CHAOS_SETTLE_SECONDS", 90);
};

// What the chaos loop did, and when the load was exposed to it.
struct ChaosLog {
  int kills = 0;
  int postgres_restarts = 0;
  int slack_outages = 0;
  std::vector<std::pair<int64_t, int64_t>> windows;  // [start, end] ms of each fault
  std::vector<std::string> failures;                 // a part that did not come back
};

// A JSON GET as admin straight at one replica, retried while the answer is neither 200 nor 404.
class Reader {
 public:
  Reader(std::string base, std::string token)
      : base_(std::move(base)),
        token_(std::move(token)),
        client_(http::NewCurlClient({.use_env_proxy = false})) {}

  // The status (200, 404, or the last other answer; -1 when none came) and the body.
  std::pair<int, json> Get(const std::string& path) {
    int status = -1;
    for (int attempt = 0; attempt < 20; ++attempt) {
      auto r = client_->Send("GET", base_ + "/api/v1" + path,
                             {{"Authorization", "Bearer " + token_}}, "", std::chrono::seconds(5));
      status = r.ok() ? r->status : -1;
      if (status == 200 || status == 404) return {status, json::parse(r->body, nullptr, false)};
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return {status, nullptr};
  }

  // Every item of a paged list.
  std::vector<json> List(const std::string& path) {
    std::vector<json> items;
    std::string cursor;
    do {
      std::string sep = path.find('?') == std::string::npos ? "?" : "&";
      auto [status, body] =
          Get(absl::StrCat(path, sep, "limit=500", cursor.empty() ? "" : "&cursor=" + cursor));
      if (status != 200 || !body.is_object()) break;
      for (json& item : body["items"]) items.push_back(std::move(item));
      cursor = body.value("next_cursor", json(nullptr)).is_string()
                   ? body["next_cursor"].get<std::string>()
                   : "";
    } while (!cursor.empty());
    return items;
  }

 private:
  std::string base_, token_;
  std::unique_ptr<http::Client> client_;
};

void KillAndRestart(ChaosCluster& cluster, int replica, ChaosLog& log) {
  int64_t start = NowMs();
  cluster.KillReplica(replica);
  ++log.kills;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  if (absl::Status s = cluster.StartReplica(replica, 30'000); !s.ok()) {
    log.failures.push_back(absl::StrCat("replica ", replica, " did not restart: ", s.message()));
  }
  log.windows.push_back({start, NowMs() + 2000});
}

// Stops PostgreSQL for two seconds; both replicas must become ready again by themselves.
void RestartPostgres(ChaosCluster& cluster, ChaosLog& log) {
  int64_t start = NowMs();
  cluster.postgres().Stop();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  if (absl::Status s = cluster.postgres().Restart(); !s.ok()) {
    log.failures.push_back(absl::StrCat("PostgreSQL did not restart: ", s.message()));
    return;
  }
  ++log.postgres_restarts;
  auto client = http::NewCurlClient({.use_env_proxy = false});
  for (int i = 0; i < cluster.replicas(); ++i) {
    bool ready = false;
    for (int64_t deadline = NowMs() + 30'000; !ready && NowMs() < deadline;) {
      auto r =
          client->Send("GET", cluster.ReplicaUrl(i) + "/readyz", {}, "", std::chrono::seconds(5));
      ready = r.ok() && r->status == 200;
      if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    if (!ready) {
      log.failures.push_back(absl::StrCat("replica ", i,
                                          " not ready 30 s after PostgreSQL came "
                                          "back:\n",
                                          cluster.ReplicaLog(i)));
    }
  }
  log.windows.push_back({start, NowMs() + 2000});
}

// A time-compressed chat outage: for `ms` every Slack call fails (500, every third one 429 with
// Retry-After: 1) — a couple of faults are kept queued ahead of the calls Paved makes, and dropped
// when the outage ends, so faults never pile up while Paved waits out its backoff — then one post
// is applied but its answer arrives after Paved's Slack client gave up (10 s).
void SlackOutage(FakeSlackServer& slack, int64_t ms) {
  const size_t base = slack.calls().size();
  size_t injected = 0;
  for (int64_t end = NowMs() + ms; NowMs() < end;) {
    size_t consumed = slack.calls().size() - base;
    while (injected < consumed + 2) {
      if (injected % 3 == 2) {
        slack.FailNextWith429(1, 1);
      } else {
        slack.FailNextWith500(1);
      }
      ++injected;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  slack.ClearFaults();
  slack.HangNext(std::chrono::milliseconds(11'000), /*apply=*/true);
}

// Slack outages on their own thread: the first a quarter into the run, then every minute.
std::thread StartSlackOutages(FakeSlackServer& slack, int64_t start, int64_t end,
                              std::atomic<int>& outages) {
  return std::thread([&slack, &outages, start, end] {
    const int64_t length = std::clamp<int64_t>((end - start) / 6, 5'000, 15'000);
    for (int64_t at = start + (end - start) / 4; at + length < end; at += 60'000) {
      while (NowMs() < at) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      SlackOutage(slack, length);
      ++outages;
    }
  });
}

ChaosLog RunChaos(ChaosCluster& cluster, const Settings& settings) {
  ChaosLog log;
  std::mt19937 rng(static_cast<unsigned>(NowMs()));
  const int64_t start = NowMs(), end = start + settings.seconds * 1000LL;
  std::atomic<int> outages{0};
  std::thread slack = StartSlackOutages(cluster.slack(), start, end, outages);
  int64_t next_kill = start + settings.kill_every_ms;
  int64_t postgres_at = start + (end - start) / 2;
  while (NowMs() < end && log.failures.empty()) {
    if (postgres_at && NowMs() >= postgres_at) {
      RestartPostgres(cluster, log);
      postgres_at = 0;
    } else if (NowMs() >= next_kill) {
      KillAndRestart(cluster, static_cast<int>(rng() % cluster.replicas()), log);
      next_kill = NowMs() + settings.kill_every_ms;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  slack.join();
  log.slack_outages = outages;
  return log;
}

// Waits until no job is queued or running; returns what is still pending (kind → count).
std::map<std::string, int> WaitForDrain(Reader& reader, int seconds) {
  std::map<std::string, int> pending;
  for (int64_t deadline = NowMs() + seconds * 1000LL; NowMs() < deadline;) {
    pending.clear();
    for (const char* state : {"queued", "running"}) {
      for (const json& job : reader.List(absl::StrCat("/jobs?state=", state))) {
        ++pending[job.value("kind", "?")];
      }
    }
    if (pending.empty()) break;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  return pending;
}

int64_t P99(std::vector<int64_t> latencies) {
  if (latencies.empty()) return 0;
  std::sort(latencies.begin(), latencies.end());
  size_t i = static_cast<size_t>(std::ceil(0.99 * latencies.size())) - 1;
  return latencies[std::min(i, latencies.size() - 1)];
}

struct Verdict {
  int64_t lost = 0;
  int64_t duplicated = 0;
  int64_t stale_messages = 0;  // a group's message missing an alert it was told about
  int64_t reordered = 0;       // a thread reply telling an older event after a newer one
  int64_t told_events = 0;     // firing events found told in their group's thread
  int64_t undelivered = 0;     // not told yet while deliveries were still pending
  std::vector<std::string> details;
  void Lost(const std::string& what) {
    ++lost;
    if (details.size() < 20) details.push_back("lost: " + what);
  }
  void Duplicated(const std::string& what) {
    ++duplicated;
    if (details.size() < 20) details.push_back("duplicated: " + what);
  }
};

void CheckCatalog(Reader& reader, const LoadRecord& record, Verdict& v) {
  for (const std::string& slug : record.teams) {
    if (reader.Get("/teams/" + slug).first != 200) v.Lost("team " + slug);
  }
  for (const std::string& slug : record.projects) {
    if (reader.Get("/projects/" + slug).first != 200) v.Lost("project " + slug);
  }
}

// Each acknowledged version holds what was written; no version was acknowledged twice.
void CheckConfig(Reader& reader, const LoadRecord& record, Verdict& v) {
  std::set<std::pair<std::string, int64_t>> seen;
  for (const AckedConfig& c : record.configs) {
    std::string key = absl::StrCat(c.set, "@", c.version);
    if (!seen.insert({c.set, c.version}).second) v.Duplicated("config version " + key);
    auto [status, body] =
        reader.Get(absl::StrCat("/projects/", kLoadProject, "/config/", kLoadEnvironment, "/",
                                c.set, "?version=", c.version));
    std::string held = status == 200 && body.is_object() && body.contains("data")
                           ? body["data"].value("seq", "")
                           : "";
    if (held != std::to_string(c.seq)) {
      v.Lost(absl::StrCat("config ", key, " seq ", c.seq, " (holds '", held, "')"));
    }
  }
}

// Each acknowledged spec version holds the SEQ it was pushed with; no version acknowledged twice.
void CheckSpecs(Reader& reader, const LoadRecord& record, Verdict& v) {
  std::set<int64_t> seen;
  for (const AckedConfig& c : record.specs) {
    if (!seen.insert(c.version).second) v.Duplicated(absl::StrCat("spec version ", c.version));
    auto [status, body] =
        reader.Get(absl::StrCat("/projects/", kLoadProject, "/spec?version=", c.version));
    std::string yaml = status == 200 && body.is_object() ? body.value("yaml", "") : "";
    if (yaml.find(absl::StrCat("SEQ: \"", c.seq, "\"")) == std::string::npos) {
      v.Lost(absl::StrCat("spec version ", c.version, " seq ", c.seq));
    }
  }
}

std::string MessageText(const FakeSlackServer::StoredMessage& m) {
  return m.text + "\n" + m.blocks.dump();
}

// Every acknowledged alert is stored; each group has exactly one top-level message, and that
// message names every alert the group was told about.
void CheckAlerts(Reader& reader, FakeSlackServer& slack, const LoadRecord& record, Verdict& v) {
  std::set<std::string> stored;
  for (const json& a : reader.List(absl::StrCat("/alerts?cluster=", kAlertCluster))) {
    stored.insert(a.value("fingerprint", ""));
  }
  std::map<std::string, std::set<std::string>> names_by_group;
  for (const AckedAlert& a : record.alerts) {
    if (!stored.count(a.fingerprint)) v.Lost("alert " + a.fingerprint + " of " + a.group);
    names_by_group[a.group].insert(a.alertname);
  }
  std::map<std::string, std::vector<FakeSlackServer::StoredMessage>> messages;
  for (auto& m : slack.Messages(kAlertChannel)) {
    if (m.metadata_payload.is_object()) {
      messages[m.metadata_payload.value("group", "")].push_back(std::move(m));
    }
  }
  for (const auto& [group, names] : names_by_group) {
    const auto& posted = messages[group];
    if (posted.empty()) v.Lost("Slack message of group " + group);
    for (size_t i = 1; i < posted.size(); ++i) v.Duplicated("Slack message of group " + group);
    if (posted.empty()) continue;
    std::string text = MessageText(posted.back());
    for (const std::string& name : names) {
      if (text.find(name) == std::string::npos) {
        ++v.stale_messages;
        v.details.push_back(absl::StrCat("stale: message of ", group, " lacks ", name));
      }
    }
  }
}

// The thread of each group tells every firing event of an acknowledged alert once (replies
// carry the event seqs they tell in their metadata), in seq order.
void CheckThreads(Reader& reader, FakeSlackServer& slack, const LoadRecord& record, bool drained,
                  Verdict& v) {
  std::map<std::string, std::map<int64_t, int>> told;  // group → seq → replies telling it
  for (const auto& m : slack.Messages(kAlertChannel)) {
    if (!m.metadata_payload.is_object()) continue;
    std::string group = m.metadata_payload.value("group", "");
    int64_t last = 0;
    for (const auto& reply : slack.Replies(kAlertChannel, m.ts)) {
      if (!reply.metadata_payload.is_object()) continue;
      for (const json& seq : reply.metadata_payload.value("seqs", json::array())) {
        int64_t s = seq.get<int64_t>();
        if (++told[group][s] > 1) v.Duplicated(absl::StrCat("thread reply of ", group, " seq ", s));
        if (s < last) {
          ++v.reordered;
          v.details.push_back(absl::StrCat("reordered: ", group, " seq ", s, " after ", last));
        }
        last = std::max(last, s);
      }
    }
  }
  for (const AckedAlert& a : record.alerts) {
    auto [status, body] = reader.Get("/alerts/" + a.fingerprint);
    if (status != 200 || !body.is_object()) continue;  // counted by CheckAlerts
    for (const json& e : body.value("events", json::array())) {
      if (e.value("kind", "") != "firing") continue;
      if (told[a.group].count(e.value("seq", int64_t{0}))) {
        ++v.told_events;
      } else if (!drained) {
        ++v.undelivered;  // the queue did not drain: late, not known to be lost
      } else {
        v.Lost(absl::StrCat("thread reply of ", a.group, " for ", a.fingerprint, " seq ",
                            e.value("seq", int64_t{0})));
      }
    }
  }
}

// Dead jobs are allowed only with the reason they died.
int CheckDeadJobs(Reader& reader, std::vector<std::string>& details) {
  int dead = 0;
  for (const json& job : reader.List("/jobs?state=dead")) {
    ++dead;
    std::string reason = job.value("last_error", "");
    details.push_back(absl::StrCat("dead job ", job.value("kind", "?"), ": ", reason));
    EXPECT_FALSE(reason.empty()) << job.dump();
  }
  return dead;
}

// Client latencies and failures, overall and for requests started during a fault.
struct Latencies {
  int64_t failed = 0;  // not acknowledged: non-2xx or no answer
  int64_t failed_during_faults = 0;
  size_t during_faults = 0;
  int64_t p99_all_ms = 0;
  int64_t p99_during_faults_ms = 0;
  int64_t max_during_faults_ms = 0;
  std::map<std::string, int> failures_by_status;  // "-1" = no answer within the client timeout
};

Latencies Measure(const LoadRecord& record, const ChaosLog& chaos) {
  Latencies out;
  std::vector<int64_t> all, during;
  for (const Sample& s : record.samples) {
    all.push_back(s.latency_ms);
    bool ok = s.status / 100 == 2;
    if (!ok) {
      ++out.failed;
      ++out.failures_by_status[std::to_string(s.status)];
    }
    bool in_fault = std::any_of(chaos.windows.begin(), chaos.windows.end(), [&](auto w) {
      return s.start_ms >= w.first && s.start_ms <= w.second;
    });
    if (!in_fault) continue;
    during.push_back(s.latency_ms);
    if (!ok) ++out.failed_during_faults;
    out.max_during_faults_ms = std::max(out.max_during_faults_ms, s.latency_ms);
  }
  out.during_faults = during.size();
  out.p99_all_ms = P99(std::move(all));
  out.p99_during_faults_ms = P99(std::move(during));
  return out;
}

std::string Counts(const std::map<std::string, int>& counts) {
  std::string out;
  for (const auto& [key, n] : counts) absl::StrAppend(&out, " ", key, "=", n);
  return out.empty() ? " none" : out;
}

// The one summary line of a run.
std::string Summary(const Settings& settings, const LoadRecord& record, const ChaosLog& chaos,
                    const Verdict& v, const Latencies& l) {
  return absl::StrCat(
      "chaos: seconds=", settings.seconds, " requests=", record.samples.size(),
      " acknowledged_writes=", record.AcknowledgedWrites(), " (teams=", record.teams.size(),
      " projects=", record.projects.size(), " configs=", record.configs.size(),
      " specs=", record.specs.size(), " alert_posts=", record.alert_posts,
      " alerts=", record.alerts.size(), ") not_acknowledged=", l.failed, " kills=", chaos.kills,
      " postgres_restarts=", chaos.postgres_restarts, " slack_outages=", chaos.slack_outages,
      " lost=", v.lost, " duplicated=", v.duplicated, " stale=", v.stale_messages,
      " reordered=", v.reordered, " told_events=", v.told_events, " undelivered=", v.undelivered,
      " requests_during_faults=", l.during_faults,
      " not_acknowledged_during_faults=", l.failed_during_faults,
      " p99_ms_during_faults=", l.p99_during_faults_ms,
      " max_ms_during_faults=", l.max_during_faults_ms, " p99_ms_all=", l.p99_all_ms);
}

std::string SlackSummary(const FakeSlackServer& slack) {
  int faulted = 0;
  for (const auto& call : slack.calls()) {
    if (call.status != 200 || !call.error.empty()) ++faulted;
  }
  std::map<std::string, int> per_group;
  for (const auto& m : slack.Messages(kAlertChannel)) {
    ++per_group[m.metadata_payload.is_object() ? m.metadata_payload.value("group", "?") : "-"];
  }
  return absl::StrCat("  slack: chat.postMessage=", slack.CallCount("chat.postMessage"),
                      " chat.update=", slack.CallCount("chat.update"),
                      " answered_with_fault=", faulted,
                      "; top-level messages per group:", Counts(per_group));
}

TEST(ChaosTest, KilledReplicasRestartedPostgresAndSlackOutageLoseAndDuplicateNothing) {
  const Settings settings;
  ChaosCluster cluster(2);
  absl::Status started = cluster.Start();
  ASSERT_TRUE(started.ok()) << started;
  LoadGenerator load(cluster.url(), cluster.token());
  ASSERT_TRUE(load.Prepare().ok()) << cluster.ReplicaLog(0);
  load.Start();
  ChaosLog chaos = RunChaos(cluster, settings);
  LoadRecord record = load.Stop();
  for (const std::string& f : chaos.failures) ADD_FAILURE() << f;

  Reader reader(cluster.ReplicaUrl(0), cluster.token());
  int64_t settle_start = NowMs();
  std::map<std::string, int> pending = WaitForDrain(reader, settings.settle_seconds);
  int64_t settle_ms = NowMs() - settle_start;
  Verdict v;
  CheckCatalog(reader, record, v);
  CheckConfig(reader, record, v);
  CheckSpecs(reader, record, v);
  CheckAlerts(reader, cluster.slack(), record, v);
  CheckThreads(reader, cluster.slack(), record, pending.empty(), v);
  int dead = CheckDeadJobs(reader, v.details);

  Latencies latencies = Measure(record, chaos);
  printf("%s\n", Summary(settings, record, chaos, v, latencies).c_str());
  printf("  settled in %lld ms; jobs still pending:%s; dead jobs: %d\n",
         static_cast<long long>(settle_ms), Counts(pending).c_str(), dead);
  printf("  not acknowledged by status:%s\n", Counts(latencies.failures_by_status).c_str());
  printf("%s\n", SlackSummary(cluster.slack()).c_str());
  for (const std::string& d : v.details) printf("  %s\n", d.c_str());
  fflush(stdout);

  EXPECT_GT(chaos.kills, 0);
  EXPECT_EQ(chaos.postgres_restarts, 1);
  EXPECT_GT(record.AcknowledgedWrites(), 0);
  EXPECT_FALSE(record.alerts.empty());
  EXPECT_TRUE(pending.empty()) << "jobs still pending after " << settings.settle_seconds
                               << " s:" << Counts(pending);
  EXPECT_EQ(v.lost, 0);
  EXPECT_EQ(v.duplicated, 0);
  EXPECT_EQ(v.stale_messages, 0);
  if (::testing::Test::HasFailure()) printf("logs kept in %s\n", cluster.dir().c_str());
  cluster.Shutdown(/*keep=*/::testing::Test::HasFailure());
}

}  // namespace
}  // namespace paved::chaos
