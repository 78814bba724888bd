// The ingestor on every store engine: dedup by index, history, owners, durability, concurrency.
#include "alerts/ingest/ingestor.h"

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "alerts/ingest/parse.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/random.h"
#include "gtest/gtest.h"
#include "store/migrate.h"
#include "tests/support/eventually.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::alerts {
namespace {

using store::Engine;

std::string ReadTestdata(const std::string& name) {
  std::ifstream in("src/alerts/ingest/testdata/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

IncomingAlert Firing(const std::string& name, const std::string& ns) {
  IncomingAlert a;
  a.labels = {{"alertname", name}, {"namespace", ns}, {"cluster", "kr1"}, {"severity", "critical"}};
  a.annotations = {{"summary", name + " in " + ns}};
  a.starts_at_ms = 1'700'000'000'000;
  return a;
}

class IngestorTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto url = test_support::NewDatabaseUrl(GetParam());
    ASSERT_OK(url);
    url_ = *url;
    auto opened = store::OpenStore(url_);
    ASSERT_OK(opened);
    store_ = std::move(*opened);
    ASSERT_OK(store::Migrate(*store_, store::AllMigrations()));
    queue_ = std::make_unique<jobs::JobQueue>(store_.get(), &clock_);
    alerts_ = std::make_unique<AlertStore>(store_.get(), queue_.get(), &clock_, 0);
    owners_ = std::make_unique<catalog::OwnerLookup>(store_.get());
    AddProject("chat-gateway", "chat");
    deps_ = {.store = store_.get(),
             .clock = &clock_,
             .queue = queue_.get(),
             .config = &config_,
             .alerts = alerts_.get(),
             .owners = owners_.get()};
    deps_.changed = [this](const std::vector<std::string>& groups) {
      std::lock_guard<std::mutex> lock(changed_mu_);
      for (const auto& g : groups) changed_.push_back(g);
    };
    ingestor_ = std::make_unique<Ingestor>(deps_);
    ASSERT_OK(ingestor_->Start());
  }

  void AddProject(const std::string& slug, const std::string& team_slug) {
    catalog::TeamStore teams(store_.get(), &clock_);
    catalog::ProjectStore projects(store_.get(), &clock_);
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      catalog::Team t{.slug = team_slug, .name = team_slug};
      if (auto s = teams.Create(tx, t); !s.ok()) return s;
      catalog::Project p{.slug = slug, .name = slug};
      p.owner_team_id = t.id;
      p.created_by = "admin";
      return projects.Create(tx, p);
    }));
  }

  IngestResult MustIngest(std::vector<IncomingAlert> alerts) {
    auto r = ingestor_->Ingest("alertmanager", std::move(alerts));
    EXPECT_OK(r);
    return r.ok() ? *r : IngestResult{};
  }

  // Waits until every index notice sent so far has been delivered (notices arrive in order, so a
  // marker sent now arrives last). A restarted ingestor must not see its predecessor's notices
  // as another replica's.
  void DrainIndexNotices() {
    auto seen = std::make_shared<std::atomic<bool>>(false);
    std::string marker = NewId();
    ASSERT_OK(store_->Listen(kAlertIndexChannel,
                             [seen, marker](const std::string&, const std::string& payload) {
                               if (payload.find(marker) != std::string::npos) *seen = true;
                             }));
    ASSERT_OK(store_->Notify(kAlertIndexChannel, "{\"origin\":\"" + marker + "\"}"));
    ASSERT_TRUE(test_support::Eventually([&] { return seen->load(); }));
  }

  size_t EventCount() {
    auto rs = store_->Query("SELECT COUNT(*) AS n FROM alert_events");
    EXPECT_OK(rs);
    return rs.ok() ? rs->front().Int("n") : 0;
  }

  std::vector<std::string> Kinds(const std::string& fp) {
    auto events = alerts_->History({.fingerprint = fp});
    EXPECT_OK(events);
    std::vector<std::string> out;
    for (const auto& e : events.value_or(std::vector<AlertEvent>{})) out.push_back(e.kind);
    return out;
  }

  FakeClock clock_;
  std::string url_;
  AlertsConfig config_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<AlertStore> alerts_;
  std::unique_ptr<catalog::OwnerLookup> owners_;
  AlertsDeps deps_;
  std::unique_ptr<Ingestor> ingestor_;
  std::mutex changed_mu_;
  std::vector<std::string> changed_;
};

TEST_P(IngestorTest, SameBodyTwiceChangesNothing) {
  auto alerts = ParseAlertmanagerWebhook(ReadTestdata("alertmanager-webhook.json"));
  ASSERT_OK(alerts);
  IngestResult first = MustIngest(*alerts);
  EXPECT_EQ(first.received, 2);
  EXPECT_EQ(first.changed, 2);
  EXPECT_EQ(first.groups, std::vector<std::string>{"kr1-prod/chat-gateway"});
  size_t events = EventCount();
  EXPECT_EQ(events, 2u);
  EXPECT_EQ(changed_, std::vector<std::string>{"kr1-prod/chat-gateway"});

  IngestResult second = MustIngest(*alerts);
  EXPECT_EQ(second.received, 2);
  EXPECT_EQ(second.changed, 0);
  EXPECT_TRUE(second.groups.empty());
  EXPECT_EQ(EventCount(), events);
  EXPECT_EQ(changed_.size(), 1u);

  // A restarted ingestor loads its index from the store: still nothing to write for firing
  // alerts (the resolved one is written once more, without an event).
  ingestor_->Stop();
  DrainIndexNotices();
  ingestor_ = std::make_unique<Ingestor>(deps_);
  ASSERT_OK(ingestor_->Start());
  EXPECT_EQ(ingestor_->IndexSize(), 1u);
  IngestResult third = MustIngest(*alerts);
  EXPECT_EQ(third.changed, 1);
  EXPECT_EQ(EventCount(), events);
  EXPECT_EQ(MustIngest(*alerts).changed, 0);
}

TEST_P(IngestorTest, FiringResolvedFiringHistory) {
  IncomingAlert a = Firing("HighErrorRate", "chat-gateway");
  MustIngest({a});
  IncomingAlert resolved = a;
  resolved.status = AlertStatus::kResolved;
  resolved.ends_at_ms = clock_.NowMs();
  EXPECT_EQ(MustIngest({resolved}).changed, 1);
  IncomingAlert again = a;
  again.starts_at_ms += 60'000;
  EXPECT_EQ(MustIngest({again}).changed, 1);
  auto page = alerts_->List({});
  ASSERT_OK(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].status, AlertStatus::kFiring);
  EXPECT_EQ(Kinds(page->items[0].fingerprint),
            (std::vector<std::string>{"firing", "resolved", "firing"}));
}

// Two replicas on one database: B resolves what A saw firing; A's stale index must not swallow
// the next firing notification (the alert would stay resolved in the database).
TEST_P(IngestorTest, ChangeByAnotherReplicaDropsTheEntryFromOurIndex) {
  if (GetParam() == Engine::kSqlite) GTEST_SKIP() << "replicas share PostgreSQL only";
  Ingestor other(deps_);  // a second replica's ingestor (own index, same store)
  ASSERT_OK(other.Start());
  IncomingAlert a = Firing("HighErrorRate", "chat-gateway");
  EXPECT_EQ(MustIngest({a}).changed, 1);
  ASSERT_EQ(ingestor_->IndexSize(), 1u);

  IncomingAlert resolved = a;
  resolved.status = AlertStatus::kResolved;
  resolved.ends_at_ms = clock_.NowMs();
  auto r = other.Ingest("alertmanager", {resolved});
  ASSERT_OK(r);
  EXPECT_EQ(r->changed, 1);
  ASSERT_TRUE(test_support::Eventually([&] { return ingestor_->IndexSize() == 0; }));

  EXPECT_EQ(MustIngest({a}).changed, 1);  // compared with the database, not the stale index
  auto page = alerts_->List({});
  ASSERT_OK(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].status, AlertStatus::kFiring);
  other.Stop();
}

TEST_P(IngestorTest, ResolvedAlertsLeaveTheIndexAnHourAfterTheyEnded) {
  IncomingAlert firing = Firing("HighErrorRate", "chat-gateway");
  IncomingAlert resolved = Firing("DiskFull", "chat-gateway");
  resolved.status = AlertStatus::kResolved;
  resolved.ends_at_ms = clock_.NowMs();
  MustIngest({firing, resolved});
  EXPECT_EQ(ingestor_->IndexSize(), 2u);

  clock_.AdvanceMs(61 * 60 * 1000);
  MustIngest({Firing("New", "chat-gateway")});  // the writer sweeps when it next runs
  ASSERT_TRUE(test_support::Eventually([&] { return ingestor_->IndexSize() == 2u; }));
  size_t events = EventCount();
  EXPECT_EQ(MustIngest({resolved}).changed, 1);  // looked up in the database again
  EXPECT_EQ(EventCount(), events);               // and found unchanged: no new history
}

TEST_P(IngestorTest, RoutesToTheOwnerOfTheNamespace) {
  IncomingAlert owned = Firing("A", "chat-gateway");
  IncomingAlert unowned = Firing("B", "nobody-owns-this");
  IncomingAlert exported = Firing("C", "ignored");
  exported.labels.erase("namespace");
  exported.labels["kubernetes_namespace"] = "chat-gateway";
  IngestResult r = MustIngest({owned, unowned, exported});
  EXPECT_EQ(r.changed, 3);
  auto chat = alerts_->List({.team = "chat"});
  ASSERT_OK(chat);
  ASSERT_EQ(chat->items.size(), 2u);
  EXPECT_EQ(chat->items[0].project, "chat-gateway");
  EXPECT_EQ(chat->items[0].ns, "chat-gateway");
  EXPECT_EQ(chat->items[0].cluster, "kr1");
  EXPECT_EQ(chat->items[0].severity, "critical");
  auto lone = alerts_->List({.state = "unowned"});
  ASSERT_OK(lone);
  ASSERT_EQ(lone->items.size(), 1u);
  EXPECT_EQ(lone->items[0].alertname, "B");
  EXPECT_EQ(lone->items[0].source, "alertmanager");
}

TEST_P(IngestorTest, DurableOnceIngestReturns) {
  IncomingAlert a = Firing("Durable", "chat-gateway");
  a.fingerprint = "00000000000000d1";
  MustIngest({a});
  auto other = store::OpenStore(url_);
  ASSERT_OK(other);
  jobs::JobQueue queue(other->get(), &clock_);
  AlertStore fresh(other->get(), &queue, &clock_, 0);
  auto got = fresh.Get("00000000000000d1");
  ASSERT_OK(got);
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->alertname, "Durable");
  EXPECT_EQ((*got)->team, "chat");
}

TEST_P(IngestorTest, DuplicatesInOneRequestAndMissingStart) {
  IncomingAlert a = Firing("Dup", "chat-gateway");
  a.starts_at_ms = 0;
  IncomingAlert b = a;
  b.annotations["summary"] = "later";
  IngestResult r = MustIngest({a, b});
  EXPECT_EQ(r.changed, 1);
  auto page = alerts_->List({});
  ASSERT_OK(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].annotations.at("summary"), "later");
  EXPECT_EQ(page->items[0].starts_at_ms, clock_.NowMs());
  clock_.AdvanceMs(60'000);
  EXPECT_EQ(MustIngest({b}).changed, 0);  // starts_at 0 keeps the known start
}

TEST_P(IngestorTest, ConcurrentCallersAreAllStored) {
  constexpr int kThreads = 8, kPerThread = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        IncomingAlert a = Firing("Load" + std::to_string(t), "ns-" + std::to_string(i));
        auto r = ingestor_->Ingest("prometheus", {a});
        if (!r.ok() || r->changed != 1) failures++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto rs = store_->Query("SELECT COUNT(*) AS n FROM alerts");
  ASSERT_OK(rs);
  EXPECT_EQ(rs->front().Int("n"), kThreads * kPerThread);
  EXPECT_EQ(ingestor_->IndexSize(), static_cast<size_t>(kThreads * kPerThread));
}

TEST_P(IngestorTest, StoppedIngestorIsUnavailable) {
  ingestor_->Stop();
  EXPECT_CODE(ingestor_->Ingest("alertmanager", {Firing("A", "x")}), kUnavailable);
}

INSTANTIATE_TEST_SUITE_P(Engines, IngestorTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::alerts
