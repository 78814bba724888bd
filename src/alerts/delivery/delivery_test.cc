// Delivery jobs against an in-process Slack and a real store (SQLite and PostgreSQL).
#include "alerts/delivery/delivery.h"

#include <chrono>
#include <memory>
#include <thread>

#include "catalog/ownership.h"
#include "gtest/gtest.h"
#include "http/client.h"
#include "providers/slack/testing/fake_slack_server.h"
#include "tests/support/eventually.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::alerts {
namespace {

using store::Engine;
using store::Tx;

constexpr char kGroup[] = "kr1/payments";

class DeliveryTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto opened = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(opened);
    store_ = std::move(*opened);
    queue_ = std::make_unique<jobs::JobQueue>(store_.get(), &clock_);
    alerts_ = std::make_unique<AlertStore>(store_.get(), queue_.get(), &clock_, 0);
    owners_ = std::make_unique<catalog::OwnerLookup>(store_.get());
    ASSERT_OK(slack_server_.Start());
    slack_server_.AddChannel("payments");
    slack_server_.AddChannel("platform-alerts");
    http_ = http::NewCurlClient({.use_env_proxy = false});
    slack_ = NewSlack(std::chrono::seconds(5));
    config_.fallback_channel = "#platform-alerts";
    config_.channel_messages_per_minute = 1000;
    AddTeam("#payments");
  }

  void AddTeam(const std::string& channel) {
    ASSERT_OK(store_->Transaction([&](Tx& tx) -> absl::Status {
      auto t = tx.Query(
          "INSERT INTO teams (id, slug, name, chat_channel, created_at, updated_at) "
          "VALUES ('t1', 'payments-team', 'Payments', $1, 0, 0)",
          {channel});
      if (!t.ok()) return t.status();
      return tx
          .Query(
              "INSERT INTO projects (id, slug, name, owner_team_id, created_by, created_at, "
              "updated_at) VALUES ('p1', 'payments', 'Payments', 't1', 'admin', 0, 0)")
          .status();
    }));
  }

  std::unique_ptr<slack::Client> NewSlack(std::chrono::milliseconds timeout) {
    return slack::NewWebApiClient(
        {.api_url = slack_server_.api_url(), .bot_token = "xoxb-test-token", .timeout = timeout},
        http_.get());
  }

  AlertsDeps Deps() {
    AlertsDeps deps;
    deps.store = store_.get();
    deps.clock = &clock_;
    deps.queue = queue_.get();
    deps.config = &config_;
    deps.alerts = alerts_.get();
    deps.owners = owners_.get();
    deps.http = http_.get();
    deps.changed = [this](const std::vector<std::string>& groups) {
      changed_ += static_cast<int>(groups.size());
    };
    return deps;
  }

  AlertDelivery Delivery(slack::Client* slack) { return AlertDelivery(Deps(), slack); }

  void Fire(const std::string& fp, const std::string& name, const std::string& severity,
            int64_t starts_at_ms = 0) {
    Alert a{.fingerprint = fp, .source = "alertmanager", .status = AlertStatus::kFiring};
    a.labels = {
        {"alertname", name}, {"namespace", "payments"}, {"cluster", "kr1"}, {"severity", severity}};
    a.annotations = {{"summary", name + " summary"}};
    a.alertname = name;
    a.severity = severity;
    a.ns = "payments";
    a.cluster = "kr1";
    a.project = "payments";
    a.team = "payments-team";
    a.starts_at_ms = starts_at_ms ? starts_at_ms : clock_.NowMs();
    ASSERT_OK(store_->Transaction(
        [&](Tx& tx) { return alerts_->Upsert(tx, {a}, clock_.NowMs()).status(); }));
  }

  size_t Pending() {
    auto p = alerts_->PendingThreadEvents(kGroup);
    EXPECT_OK(p);
    return p.ok() ? p->size() : 0;
  }

  std::vector<AlertEvent> Events(const std::string& kind, const std::string& group = kGroup) {
    auto h = alerts_->History({.group_key = group});
    EXPECT_OK(h);
    std::vector<AlertEvent> out;
    for (const auto& e : h.value_or(std::vector<AlertEvent>{})) {
      if (e.kind == kind) out.push_back(e);
    }
    return out;
  }

  FakeClock clock_{1'700'000'000'000};
  AlertsConfig config_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<AlertStore> alerts_;
  std::unique_ptr<catalog::OwnerLookup> owners_;
  slack::testing::FakeSlackServer slack_server_;
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<slack::Client> slack_;
  int changed_ = 0;
};

TEST_P(DeliveryTest, FirstDeliveryPostsOnceAndAgainChangesNothing) {
  Fire("00000000000000a1", "HighErrorRate", "critical");
  AlertDelivery delivery = Delivery(slack_.get());
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  auto messages = slack_server_.Messages("#payments");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].metadata_type, "paved_alert_group");
  EXPECT_EQ(messages[0].metadata_payload["group"], kGroup);
  EXPECT_EQ(Pending(), 0u);
  EXPECT_EQ(Events("message").size(), 1u);
  EXPECT_GT(changed_, 0);

  int calls = static_cast<int>(slack_server_.calls().size());
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  EXPECT_EQ(slack_server_.calls().size(), static_cast<size_t>(calls));
  EXPECT_EQ(slack_server_.Messages("#payments").size(), 1u);
}

TEST_P(DeliveryTest, NewAlertUpdatesInPlaceAndRepliesOnceInTheThread) {
  Fire("00000000000000a1", "HighErrorRate", "critical");
  AlertDelivery delivery = Delivery(slack_.get());
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  std::string ts = slack_server_.Messages("#payments")[0].ts;
  size_t replies = slack_server_.Replies("#payments", ts).size();

  clock_.AdvanceMs(60'000);
  Fire("00000000000000a2", "DiskFull", "warning");
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  auto messages = slack_server_.Messages("#payments");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].edits, 1);
  auto thread = slack_server_.Replies("#payments", ts);
  ASSERT_EQ(thread.size(), replies + 1);
  EXPECT_EQ(thread.back().metadata_type, "paved_alert_change");
  EXPECT_NE(thread.back().text.find("DiskFull"), std::string::npos);
  EXPECT_EQ(Pending(), 0u);
}

TEST_P(DeliveryTest, RateLimitedWaitsForRetryAfterThenSucceeds) {
  Fire("00000000000000a1", "HighErrorRate", "critical");
  AlertDelivery delivery = Delivery(slack_.get());
  slack_server_.FailNextWith429(1, 7);
  absl::Status first = delivery.Deliver(kGroup, 1);
  EXPECT_CODE(first, kResourceExhausted);
  EXPECT_EQ(jobs::RetryDelayMs(first), 7000);
  EXPECT_TRUE(slack_server_.Messages("#payments").empty());
  ASSERT_OK(delivery.Deliver(kGroup, 2));
  EXPECT_EQ(slack_server_.Messages("#payments").size(), 1u);
}

TEST_P(DeliveryTest, OutageBacksOffAndNothingIsLost) {
  Fire("00000000000000a1", "HighErrorRate", "critical");
  AlertDelivery delivery = Delivery(slack_.get());
  slack_server_.FailNextWith500(4);
  int attempt = 1;
  absl::Status status = delivery.Deliver(kGroup, attempt);
  for (; !status.ok() && attempt < 10;) {
    EXPECT_CODE(status, kUnavailable);
    ASSERT_TRUE(jobs::RetryDelayMs(status).has_value());
    EXPECT_LE(*jobs::RetryDelayMs(status), 60'000);
    status = delivery.Deliver(kGroup, ++attempt);
  }
  ASSERT_OK(status);
  EXPECT_GT(attempt, 1);
  auto messages = slack_server_.Messages("#payments");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(Pending(), 0u);
  EXPECT_FALSE(slack_server_.Replies("#payments", messages[0].ts).empty());
}

TEST_P(DeliveryTest, LostAnswerIsAdoptedNotPostedTwice) {
  Fire("00000000000000a1", "HighErrorRate", "critical");
  auto impatient = NewSlack(std::chrono::milliseconds(300));
  AlertDelivery first = Delivery(impatient.get());
  slack_server_.HangNext(std::chrono::milliseconds(2000), /*apply=*/true);
  EXPECT_CODE(first.Deliver(kGroup, 1), kUnavailable);
  ASSERT_EQ(slack_server_.Messages("#payments").size(), 1u);  // posted, ts never stored

  AlertDelivery restarted = Delivery(slack_.get());
  ASSERT_OK(restarted.Deliver(kGroup, 2));
  EXPECT_EQ(slack_server_.Messages("#payments").size(), 1u);
  auto message_events = Events("message");
  ASSERT_FALSE(message_events.empty());
  EXPECT_EQ(message_events[0].detail["action"], "adopted");
  EXPECT_EQ(Pending(), 0u);
}

TEST_P(DeliveryTest, MissingChannelFallsBackNamingTheOriginal) {
  ASSERT_OK(store_->Transaction([](Tx& tx) {
    return tx.Query("UPDATE teams SET chat_channel = '#gone' WHERE id = 't1'").status();
  }));
  Fire("00000000000000a1", "HighErrorRate", "critical");
  AlertDelivery delivery = Delivery(slack_.get());
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  auto fallback = slack_server_.Messages("#platform-alerts");
  ASSERT_EQ(fallback.size(), 1u);
  EXPECT_NE(fallback[0].text.find("#gone"), std::string::npos);
  EXPECT_EQ(Pending(), 0u);
}

TEST_P(DeliveryTest, NotifyFalseSendsNothing) {
  config_.routes = {RouteRule{.team = "", .match = {{"severity", "info"}}, .notify = false}};
  Fire("00000000000000a1", "Heartbeat", "info");
  AlertDelivery delivery = Delivery(slack_.get());
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  EXPECT_EQ(slack_server_.CallCount("chat.postMessage"), 0);
  EXPECT_EQ(Pending(), 0u);
}

TEST_P(DeliveryTest, GenericWebhookGetsTheGroupOnce) {
  config_.webhooks = {WebhookOut{.name = "pager",
                                 .url = slack_server_.sink_url("pager"),
                                 .match = {{"severity", "critical"}}}};
  Fire("00000000000000a1", "HighErrorRate", "critical");
  AlertDelivery delivery = Delivery(slack_.get());
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  auto posts = slack_server_.SinkPosts("pager");
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0]["group"], kGroup);
  EXPECT_EQ(posts[0]["alerts"].size(), 1u);
}

TEST_P(DeliveryTest, IncomingWebhookPostsPerChange) {
  config_.slack_webhook_url = slack_server_.webhook_url();
  Fire("00000000000000a1", "HighErrorRate", "critical");
  AlertDelivery delivery = Delivery(nullptr);
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  EXPECT_EQ(slack_server_.WebhookPosts().size(), 1u);
  Fire("00000000000000a2", "DiskFull", "warning");
  ASSERT_OK(delivery.Deliver(kGroup, 1));
  EXPECT_EQ(slack_server_.WebhookPosts().size(), 2u);
}

TEST_P(DeliveryTest, ChannelRateLimitAsksToWait) {
  config_.channel_messages_per_minute = 1;
  Fire("00000000000000a1", "HighErrorRate", "critical");
  AlertDelivery delivery = Delivery(slack_.get());
  absl::Status status = delivery.Deliver(kGroup, 1);  // message posted, reply must wait
  EXPECT_CODE(status, kResourceExhausted);
  ASSERT_TRUE(jobs::RetryDelayMs(status).has_value());
  EXPECT_GT(*jobs::RetryDelayMs(status), 0);
  EXPECT_EQ(slack_server_.Messages("#payments").size(), 1u);
  clock_.AdvanceMs(*jobs::RetryDelayMs(status));
  ASSERT_OK(delivery.Deliver(kGroup, 2));
  EXPECT_EQ(Pending(), 0u);
  EXPECT_EQ(slack_server_.Messages("#payments").size(), 1u);
}

TEST_P(DeliveryTest, RemindersWhenDueOnlyForUnhandledAlerts) {
  config_.reminders = {ReminderPolicy{.match = {{"severity", "critical"}}, .every_ms = 1'800'000}};
  Fire("00000000000000a1", "HighErrorRate", "critical");
  Fire("00000000000000a2", "Acked", "critical");
  Fire("00000000000000a3", "Silenced", "critical");
  Fire("00000000000000a4", "Minor", "warning");
  ASSERT_OK(store_->Transaction([&](Tx& tx) {
    absl::Status s = alerts_->Ack(tx, "00000000000000a2", "mina.kim");
    if (!s.ok()) return s;
    return alerts_->Silence(tx, "00000000000000a3", "mina.kim", clock_.NowMs() + 86'400'000);
  }));
  AlertDelivery delivery = Delivery(slack_.get());
  clock_.AdvanceMs(10 * 60'000);
  ASSERT_OK(delivery.Remind());
  EXPECT_TRUE(Events("reminded").empty());  // not due yet

  clock_.AdvanceMs(25 * 60'000);
  ASSERT_OK(delivery.Remind());
  auto reminded = Events("reminded");
  ASSERT_EQ(reminded.size(), 1u);
  EXPECT_EQ(reminded[0].detail["fingerprints"], nlohmann::json({"00000000000000a1"}));
  ASSERT_OK(delivery.Remind());
  EXPECT_EQ(Events("reminded").size(), 1u);  // reminded just now

  ASSERT_OK(delivery.Deliver(kGroup, 1));
  std::string ts = slack_server_.Messages("#payments")[0].ts;
  auto thread = slack_server_.Replies("#payments", ts);
  ASSERT_FALSE(thread.empty());
  bool told = false;
  for (const auto& r : thread) told |= r.text.find("still firing") != std::string::npos;
  EXPECT_TRUE(told);
}

TEST_P(DeliveryTest, ReportSkippedWhenNothingHappenedPostedOtherwise) {
  config_.report_every_ms = 3'600'000;
  config_.sre_channel = "#platform-alerts";
  AlertDelivery delivery = Delivery(slack_.get());
  ASSERT_OK(delivery.Report());
  EXPECT_EQ(slack_server_.CallCount("chat.postMessage"), 0);

  clock_.AdvanceMs(-3'600'000);
  Fire("00000000000000a1", "HighErrorRate", "critical");
  clock_.AdvanceMs(3'600'000);
  ASSERT_OK(delivery.Report());
  EXPECT_EQ(slack_server_.Messages("#payments").size(), 1u);
  EXPECT_EQ(slack_server_.Messages("#platform-alerts").size(), 1u);
  ASSERT_OK(delivery.Report());  // same period: not again
  EXPECT_EQ(slack_server_.Messages("#payments").size(), 1u);
  EXPECT_EQ(Events("report", "report/payments-team").size(), 1u);
}

// A fresh install's first report would cover a period before any alert arrived: none is posted,
// although the alert is open now; the next period's report names it.
TEST_P(DeliveryTest, NoReportForAPeriodThatEndedBeforeTheFirstAlert) {
  config_.report_every_ms = 3'600'000;
  config_.sre_channel = "#platform-alerts";
  AlertDelivery delivery = Delivery(slack_.get());
  Fire("00000000000000a1", "HighErrorRate", "critical");
  ASSERT_OK(delivery.Report());
  EXPECT_EQ(slack_server_.CallCount("chat.postMessage"), 0);
  clock_.AdvanceMs(3'600'000);
  ASSERT_OK(delivery.Report());
  EXPECT_EQ(slack_server_.Messages("#platform-alerts").size(), 1u);
}

using test_support::Eventually;

jobs::WorkerPoolOptions PoolOptions(const std::string& prefix) {
  return {.worker_prefix = prefix,
          .threads = 1,
          .lease_ms = 30'000,
          .poll_interval_ms = 10,
          .base_backoff_ms = 1000};
}

TEST_P(DeliveryTest, WorkerPoolRetriesAfterSlacksRetryAfter) {
  jobs::WorkerPool pool(queue_.get(), PoolOptions("test"));
  jobs::WorkerPool first_posts(queue_.get(), PoolOptions("first"));  // not started
  jobs::Scheduler scheduler(queue_.get());
  InstallAlertDelivery(&pool, &first_posts, &scheduler, Deps(), slack_.get());
  slack_server_.FailNextWith429(1, 7);
  Fire("00000000000000a1", "HighErrorRate", "critical");  // enqueues the delivery
  pool.Start();
  auto waiting = [&] {
    auto jobs = queue_->List(jobs::JobState::kQueued, 10);
    if (!jobs.ok()) return false;
    for (const auto& j : *jobs) {
      if (j.kind == kFirstPostJob && j.attempts == 1) return j.run_at_ms == clock_.NowMs() + 7000;
    }
    return false;
  };
  ASSERT_TRUE(Eventually(waiting));
  EXPECT_TRUE(slack_server_.Messages("#payments").empty());
  clock_.AdvanceMs(7000);
  EXPECT_TRUE(Eventually([&] { return slack_server_.Messages("#payments").size() == 1; }));
  pool.Stop();
  EXPECT_EQ(slack_server_.Messages("#payments").size(), 1u);
}

// A backlog of updates (the general pool here never starts) does not hold up a new group.
TEST_P(DeliveryTest, NewGroupIsPostedOnItsOwnLaneUpdatesWaitForTheGeneralPool) {
  jobs::WorkerPool general(queue_.get(), PoolOptions("general"));
  jobs::WorkerPool first_posts(queue_.get(), PoolOptions("first"));
  jobs::Scheduler scheduler(queue_.get());
  InstallAlertDelivery(&general, &first_posts, &scheduler, Deps(), slack_.get());
  first_posts.Start();
  Fire("00000000000000a1", "HighErrorRate", "critical");
  ASSERT_TRUE(Eventually([&] {
    auto done = queue_->List(jobs::JobState::kSucceeded, 10);
    return done.ok() && done->size() == 1 && done->front().kind == kFirstPostJob;
  }));
  ASSERT_EQ(slack_server_.Messages("#payments").size(), 1u);

  Fire("00000000000000a2", "DiskFull", "warning");  // the group has a message now: an update
  auto queued = queue_->List(jobs::JobState::kQueued, 10);
  ASSERT_OK(queued);
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_EQ(queued->front().kind, kDeliverJob);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the lane leaves it alone
  EXPECT_EQ(slack_server_.Messages("#payments").front().edits, 0);

  general.Start();
  EXPECT_TRUE(Eventually([&] { return slack_server_.Messages("#payments").front().edits == 1; }));
  general.Stop();
  first_posts.Stop();
  EXPECT_EQ(slack_server_.Messages("#payments").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, DeliveryTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::alerts
