// The alert store contract, run against every store engine.
#include "alerts/store/alert_store.h"

#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::alerts {
namespace {

using store::Engine;
using store::Tx;

class AlertStoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto opened = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(opened);
    store_ = std::move(*opened);
    queue_ = std::make_unique<jobs::JobQueue>(store_.get(), &clock_);
    alerts_ = std::make_unique<AlertStore>(store_.get(), queue_.get(), &clock_, 0);
  }

  static Alert Make(const std::string& fp, const std::string& ns = "chat-gateway",
                    AlertStatus status = AlertStatus::kFiring) {
    Alert a{.fingerprint = fp, .source = "alertmanager", .status = status};
    a.labels = {{"alertname", "HighErrorRate"}, {"namespace", ns}, {"cluster", "kr1"}};
    a.annotations = {{"summary", "5xx over 5%"}};
    a.alertname = "HighErrorRate";
    a.severity = "critical";
    a.ns = ns;
    a.cluster = "kr1";
    a.starts_at_ms = 1'699'000'000'000;
    return a;
  }

  std::vector<std::string> Upsert(const std::vector<Alert>& alerts) {
    std::vector<std::string> groups;
    EXPECT_OK(store_->Transaction([&](Tx& tx) -> absl::Status {
      auto g = alerts_->Upsert(tx, alerts, clock_.NowMs());
      if (!g.ok()) return g.status();
      groups = *g;
      return absl::OkStatus();
    }));
    return groups;
  }

  std::vector<std::string> Kinds(const std::string& fp) {
    auto events = alerts_->History({.fingerprint = fp});
    EXPECT_OK(events);
    std::vector<std::string> kinds;
    for (const auto& e : events.value_or(std::vector<AlertEvent>{})) kinds.push_back(e.kind);
    return kinds;
  }

  Alert MustGet(const std::string& fp) {
    auto a = alerts_->Get(fp);
    EXPECT_OK(a);
    EXPECT_TRUE(a.ok() && a->has_value()) << fp;
    return a.ok() && a->has_value() ? **a : Alert{};
  }

  int64_t DeliveryJobs() {
    auto jobs = queue_->List(jobs::JobState::kQueued, 500);
    EXPECT_OK(jobs);
    int64_t n = 0;
    for (const auto& j : jobs.value_or(std::vector<jobs::Job>{}))
      n += j.kind == kDeliverJob || j.kind == kFirstPostJob;
    return n;
  }

  absl::Status InTx(std::function<absl::Status(Tx&)> fn) { return store_->Transaction(fn); }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<AlertStore> alerts_;
};

TEST_P(AlertStoreTest, NewFiringAlertRecordsEventAndEnqueuesOneDeliveryPerGroup) {
  auto groups = Upsert({Make("0000000000000001"), Make("0000000000000002")});
  EXPECT_EQ(groups, std::vector<std::string>{"kr1/chat-gateway"});
  EXPECT_EQ(Kinds("0000000000000001"), std::vector<std::string>{"firing"});
  auto pending = alerts_->PendingThreadEvents("kr1/chat-gateway");
  ASSERT_OK(pending);
  EXPECT_EQ(pending->size(), 2u);
  EXPECT_EQ(DeliveryJobs(), 1);
  auto jobs = queue_->List(jobs::JobState::kQueued, 10);
  ASSERT_OK(jobs);
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ(jobs->front().payload["group"], "kr1/chat-gateway");
  EXPECT_EQ(jobs->front().max_attempts, 1'000'000);
  EXPECT_EQ(jobs->front().kind, kFirstPostJob);  // no message yet: the group's first post

  Alert stored = MustGet("0000000000000001");
  EXPECT_EQ(stored.labels.at("namespace"), "chat-gateway");
  EXPECT_EQ(stored.annotations.at("summary"), "5xx over 5%");
  EXPECT_EQ(stored.first_seen_ms, clock_.NowMs());
  EXPECT_EQ(stored.group_key(), "kr1/chat-gateway");
}

TEST_P(AlertStoreTest, ChangeOfAGroupThatHasAMessageIsAnUpdate) {
  ASSERT_OK(InTx([](Tx& tx) {
    return tx
        .Query(
            "INSERT INTO alert_messages (group_key, destination, channel, ts) VALUES "
            "('kr1/chat-gateway', 'slack:#chat', 'C1', '1.2')")
        .status();
  }));
  Upsert({Make("0000000000000001")});
  auto jobs = queue_->List(jobs::JobState::kQueued, 10);
  ASSERT_OK(jobs);
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ(jobs->front().kind, kDeliverJob);
}

// A delivery reads the group once; a change committed while it runs makes it run again rather
// than wait for the group's next change.
TEST_P(AlertStoreTest, AChangeWhileTheGroupsDeliveryRunsRunsItAgain) {
  Upsert({Make("0000000000000001")});
  auto running = queue_->Claim("w", 30'000);
  ASSERT_OK(running);
  ASSERT_TRUE(running->has_value());
  Upsert({Make("0000000000000002")});
  EXPECT_EQ(DeliveryJobs(), 0);  // deduplicated into the running job
  ASSERT_OK(queue_->Complete((*running)->id, "w"));
  EXPECT_EQ(DeliveryJobs(), 1);  // queued again for the second alert
  auto again = queue_->Claim("w", 30'000);
  ASSERT_OK(again);
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->id, (*running)->id);
  ASSERT_OK(queue_->Complete((*again)->id, "w"));
  EXPECT_EQ(DeliveryJobs(), 0);
}

TEST_P(AlertStoreTest, SameAlertAgainOnlyRefreshesLastReceived) {
  Upsert({Make("0000000000000001")});
  clock_.AdvanceMs(5000);
  EXPECT_TRUE(Upsert({Make("0000000000000001")}).empty());
  EXPECT_EQ(Kinds("0000000000000001").size(), 1u);
  Alert stored = MustGet("0000000000000001");
  EXPECT_EQ(stored.last_received_ms, clock_.NowMs());
  EXPECT_EQ(stored.first_seen_ms, clock_.NowMs() - 5000);
}

TEST_P(AlertStoreTest, FiringResolvedFiringIsHistoryAndRefiringClearsAck) {
  Upsert({Make("00000000000000aa")});
  ASSERT_OK(InTx([&](Tx& tx) { return alerts_->Ack(tx, "00000000000000aa", "mina"); }));
  clock_.AdvanceMs(1000);
  Alert resolved = Make("00000000000000aa");
  resolved.status = AlertStatus::kResolved;
  resolved.ends_at_ms = clock_.NowMs() - 200;
  EXPECT_EQ(Upsert({resolved}).size(), 1u);
  Alert r = MustGet("00000000000000aa");
  EXPECT_EQ(r.status, AlertStatus::kResolved);
  EXPECT_EQ(r.resolved_at_ms, clock_.NowMs() - 200);
  EXPECT_CODE(InTx([&](Tx& tx) { return alerts_->Ack(tx, "00000000000000aa", "mina"); }),
              kFailedPrecondition);

  clock_.AdvanceMs(1000);
  Alert again = Make("00000000000000aa");
  again.starts_at_ms += 2000;
  Upsert({again});
  Alert f = MustGet("00000000000000aa");
  EXPECT_EQ(f.status, AlertStatus::kFiring);
  EXPECT_FALSE(f.resolved_at_ms.has_value());
  EXPECT_FALSE(f.acknowledged());
  EXPECT_EQ(Kinds("00000000000000aa"),
            (std::vector<std::string>{"firing", "acknowledged", "resolved", "firing"}));
}

TEST_P(AlertStoreTest, ContentChangeUpdatesWithoutEvent) {
  Upsert({Make("0000000000000001")});
  Alert changed = Make("0000000000000001");
  changed.annotations["summary"] = "5xx over 9%";
  changed.team = "chat";
  EXPECT_EQ(Upsert({changed}).size(), 1u);
  EXPECT_EQ(Kinds("0000000000000001").size(), 1u);
  Alert stored = MustGet("0000000000000001");
  EXPECT_EQ(stored.annotations.at("summary"), "5xx over 9%");
  EXPECT_EQ(stored.team, "chat");
}

TEST_P(AlertStoreTest, DuplicatesInOneCallLaterWins) {
  Alert resolved = Make("0000000000000001");
  resolved.status = AlertStatus::kResolved;
  Upsert({Make("0000000000000001"), resolved});
  EXPECT_EQ(MustGet("0000000000000001").status, AlertStatus::kResolved);
  EXPECT_EQ(Kinds("0000000000000001"), (std::vector<std::string>{"firing", "resolved"}));
}

TEST_P(AlertStoreTest, LargeBatchesSpanSeveralStatements) {
  std::vector<Alert> batch;
  for (int i = 0; i < 37; ++i) {
    char fp[17];
    std::snprintf(fp, sizeof(fp), "%016x", i + 1);
    batch.push_back(Make(fp, "ns-" + std::to_string(i % 5)));
  }
  batch.push_back(batch[3]);  // a duplicate in another chunk
  batch.back().annotations["summary"] = "latest";
  EXPECT_EQ(Upsert(batch).size(), 5u);
  auto rows = alerts_->IndexRows();
  ASSERT_OK(rows);
  EXPECT_EQ(rows->size(), 37u);
  EXPECT_EQ(MustGet(batch[3].fingerprint).annotations.at("summary"), "latest");
  auto events = alerts_->EventsBetween(0, clock_.NowMs() + 1);
  ASSERT_OK(events);
  EXPECT_EQ(events->size(), 37u);
  EXPECT_EQ(DeliveryJobs(), 5);
  for (Alert& a : batch) a.status = AlertStatus::kResolved;
  EXPECT_EQ(Upsert(batch).size(), 5u);
  EXPECT_EQ(DeliveryJobs(), 5);  // joined the queued deliveries
  auto resolved = alerts_->List({.state = "resolved", .limit = 500});
  ASSERT_OK(resolved);
  EXPECT_EQ(resolved->items.size(), 37u);
}

TEST_P(AlertStoreTest, AckSilenceUnsilence) {
  Upsert({Make("0000000000000001")});
  EXPECT_CODE(InTx([&](Tx& tx) { return alerts_->Ack(tx, "ffffffffffffffff", "mina"); }),
              kNotFound);
  ASSERT_OK(InTx([&](Tx& tx) { return alerts_->Ack(tx, "0000000000000001", "mina"); }));
  ASSERT_OK(InTx([&](Tx& tx) { return alerts_->Ack(tx, "0000000000000001", "other"); }));
  Alert a = MustGet("0000000000000001");
  EXPECT_EQ(a.acked_by, "mina");
  EXPECT_EQ(a.acked_at_ms, clock_.NowMs());

  int64_t until = clock_.NowMs() + 3600'000;
  EXPECT_CODE(InTx([&](Tx& tx) {
                return alerts_->Silence(tx, "0000000000000001", "mina", clock_.NowMs());
              }),
              kInvalidArgument);
  ASSERT_OK(InTx([&](Tx& tx) { return alerts_->Silence(tx, "0000000000000001", "sre", until); }));
  a = MustGet("0000000000000001");
  EXPECT_TRUE(a.silenced(clock_.NowMs()));
  EXPECT_EQ(a.silenced_by, "sre");
  ASSERT_OK(InTx([&](Tx& tx) { return alerts_->Unsilence(tx, "0000000000000001", "sre"); }));
  EXPECT_FALSE(MustGet("0000000000000001").silenced(clock_.NowMs()));
  EXPECT_EQ(Kinds("0000000000000001"),
            (std::vector<std::string>{"firing", "acknowledged", "silenced", "unsilenced"}));
  auto history = alerts_->History({.fingerprint = "0000000000000001"});
  ASSERT_OK(history);
  EXPECT_EQ(history->at(1).actor, "mina");
  EXPECT_EQ(history->at(2).detail["until"], FormatTimeMs(until));
}

TEST_P(AlertStoreTest, ListFiltersAndPages) {
  std::vector<Alert> batch;
  for (int i = 0; i < 7; ++i) {
    Alert a = Make("000000000000000" + std::to_string(i), i < 4 ? "chat-gateway" : "ads");
    a.starts_at_ms += i;
    if (i < 4) a.team = "chat";
    batch.push_back(a);
  }
  batch[6].status = AlertStatus::kResolved;
  Upsert(batch);
  ASSERT_OK(InTx([&](Tx& tx) { return alerts_->Ack(tx, "0000000000000001", "mina"); }));
  ASSERT_OK(InTx([&](Tx& tx) {
    return alerts_->Silence(tx, "0000000000000002", "mina", clock_.NowMs() + 60'000);
  }));

  auto count = [&](AlertFilter f) {
    auto page = alerts_->List(f);
    EXPECT_OK(page);
    return page.ok() ? page->items.size() : 0u;
  };
  EXPECT_EQ(count({}), 7u);
  EXPECT_EQ(count({.ns = "ads"}), 3u);
  EXPECT_EQ(count({.team = "chat"}), 4u);
  EXPECT_EQ(count({.state = "firing"}), 6u);
  EXPECT_EQ(count({.state = "resolved"}), 1u);
  EXPECT_EQ(count({.state = "acknowledged"}), 1u);
  EXPECT_EQ(count({.state = "silenced"}), 1u);
  EXPECT_EQ(count({.state = "unowned"}), 3u);
  EXPECT_EQ(count({.group_key = "kr1/ads", .state = "firing"}), 2u);
  EXPECT_CODE(alerts_->List({.state = "bogus"}), kInvalidArgument);
  clock_.AdvanceMs(120'000);
  EXPECT_EQ(count({.state = "silenced"}), 0u);

  std::vector<std::string> seen;
  std::string cursor;
  do {
    auto page = alerts_->List({.limit = 3, .cursor = cursor});
    ASSERT_OK(page);
    for (const auto& a : page->items) seen.push_back(a.fingerprint);
    cursor = page->next_cursor;
  } while (!cursor.empty());
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(seen.front(), "0000000000000006");  // newest first
  EXPECT_EQ(seen.back(), "0000000000000000");
}

TEST_P(AlertStoreTest, SummaryGroupAndUnhandled) {
  Alert a = Make("0000000000000001");
  a.team = "chat";
  a.project = "chat-gateway";
  Alert b = Make("0000000000000002");
  b.team = "chat";
  b.project = "chat-gateway";
  b.severity = "warning";
  Alert c = Make("0000000000000003", "ads");
  Alert d = Make("0000000000000004", "ads", AlertStatus::kResolved);
  Upsert({a, b, c, d});
  ASSERT_OK(InTx([&](Tx& tx) { return alerts_->Ack(tx, "0000000000000001", "mina"); }));

  auto s = alerts_->Summary();
  ASSERT_OK(s);
  EXPECT_EQ(s->firing, 3);
  EXPECT_EQ(s->acknowledged, 1);
  EXPECT_EQ(s->unowned, 1);
  EXPECT_EQ(s->resolved_last_day, 1);
  EXPECT_EQ(s->firing_by_team["chat"], 2);
  EXPECT_EQ(s->firing_by_severity["critical"], 2);
  EXPECT_EQ(s->firing_by_group["kr1/chat-gateway"], 2);
  ASSERT_EQ(s->groups.size(), 2u);
  EXPECT_EQ(s->groups[0].group_key, "kr1/chat-gateway");
  EXPECT_EQ(s->groups[0].project, "chat-gateway");
  auto json = AlertSummaryToJson(*s);
  EXPECT_EQ(json["groups"][0]["namespace"], "chat-gateway");
  EXPECT_EQ(json["by_team"]["chat"], 2);

  auto group = alerts_->Group("kr1/ads", 3600'000);
  ASSERT_OK(group);
  EXPECT_EQ(group->size(), 2u);
  clock_.AdvanceMs(2 * 3600'000);
  group = alerts_->Group("kr1/ads", 3600'000);
  ASSERT_OK(group);
  EXPECT_EQ(group->size(), 1u);

  auto unhandled = alerts_->FiringUnhandled();
  ASSERT_OK(unhandled);
  EXPECT_EQ(unhandled->size(), 2u);
  ASSERT_OK(InTx(
      [&](Tx& tx) { return alerts_->MarkReminded(tx, {"0000000000000002"}, clock_.NowMs()); }));
  EXPECT_EQ(MustGet("0000000000000002").last_reminded_ms, clock_.NowMs());

  auto rows = alerts_->IndexRows();
  ASSERT_OK(rows);
  EXPECT_EQ(rows->size(), 3u);
  for (const auto& r : *rows) EXPECT_TRUE(ParseHex64(r.content_hash).has_value());
}

TEST_P(AlertStoreTest, ThreadEventsAndHistoryWindow) {
  int64_t t0 = clock_.NowMs();
  Upsert({Make("0000000000000001")});
  clock_.AdvanceMs(1000);
  AlertEvent msg{.at_ms = clock_.NowMs(), .group_key = "kr1/chat-gateway", .kind = "message"};
  ASSERT_OK(InTx([&](Tx& tx) { return alerts_->AddEvent(tx, msg, false); }));
  auto pending = alerts_->PendingThreadEvents("kr1/chat-gateway");
  ASSERT_OK(pending);
  ASSERT_EQ(pending->size(), 1u);
  ASSERT_OK(InTx([&](Tx& tx) {
    return alerts_->MarkThreadPosted(tx, {pending->front().seq}, "1700000000.0001");
  }));
  pending = alerts_->PendingThreadEvents("kr1/chat-gateway");
  ASSERT_OK(pending);
  EXPECT_TRUE(pending->empty());

  auto all = alerts_->History({.group_key = "kr1/chat-gateway"});
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0).kind, "firing");
  EXPECT_EQ(all->at(1).kind, "message");
  auto later = alerts_->History({.group_key = "kr1/chat-gateway", .since_ms = t0 + 1});
  ASSERT_OK(later);
  EXPECT_EQ(later->size(), 1u);
  auto newest = alerts_->History({.group_key = "kr1/chat-gateway", .limit = 1});
  ASSERT_OK(newest);
  ASSERT_EQ(newest->size(), 1u);
  EXPECT_EQ(newest->front().kind, "message");
  EXPECT_CODE(alerts_->History({}), kInvalidArgument);

  auto between = alerts_->EventsBetween(t0, t0 + 1);
  ASSERT_OK(between);
  EXPECT_EQ(between->size(), 1u);
  auto before_first = alerts_->AnyEventBefore(t0);
  ASSERT_OK(before_first);
  EXPECT_FALSE(*before_first);
  auto after_first = alerts_->AnyEventBefore(t0 + 1);
  ASSERT_OK(after_first);
  EXPECT_TRUE(*after_first);
}

TEST(AlertContentHashTest, StableAndSensitive) {
  LabelSet labels = {{"a", "b"}};
  uint64_t h = AlertContentHash(labels, {}, {}, "");
  EXPECT_EQ(Hex64(h).size(), 16u);
  EXPECT_EQ(ParseHex64(Hex64(h)), h);
  EXPECT_NE(h, AlertContentHash({}, labels, {}, ""));
  EXPECT_NE(h, AlertContentHash(labels, {}, {}, "x"));
  EXPECT_FALSE(ParseHex64("xyz").has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, AlertStoreTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::alerts
