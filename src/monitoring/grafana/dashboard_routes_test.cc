#include "monitoring/grafana/dashboard_routes.h"

#include <memory>

#include "gtest/gtest.h"
#include "jobs/job_queue.h"
#include "monitoring/dashboards/testing/fixture_inputs.h"
#include "monitoring/grafana/testing/fake_grafana_server.h"
#include "tests/support/route_fixture.h"
#include "tests/support/status_assertions.h"

namespace paved::monitoring::grafana {
namespace {

// The fixture's dashboards (project "checkout" of team "payments", overall, doctors).
class FixtureSource : public dashboards::DashboardSource {
 public:
  absl::StatusOr<std::vector<dashboards::GeneratedDashboard>> All() override {
    return dashboards::testing::FixtureDashboards();
  }
  absl::StatusOr<std::vector<dashboards::GeneratedDashboard>> OfProject(
      const std::string& slug) override {
    if (slug != "checkout") return absl::NotFoundError("no project " + slug);
    return std::vector<dashboards::GeneratedDashboard>{dashboards::testing::FixtureDashboards()[0]};
  }
};

class DashboardRoutesTest : public test_support::RouteFixture {
 protected:
  void SetUp() override {
    SetUpCatalog();
    ASSERT_OK(grafana_server_.Start());
    http_ = http::NewCurlClient({.use_env_proxy = false});
    grafana_ =
        NewHttpClient({.url = grafana_server_.url(), .token = "glsa_test_token"}, http_.get());
    deliveries_ = std::make_unique<DeliveryStore>(store_.get());
    queue_ = std::make_unique<jobs::JobQueue>(store_.get(), &clock_);
    scheduler_ = std::make_unique<jobs::Scheduler>(queue_.get());
    job_ = MakeJob(grafana_.get());
    router_.Add(DashboardRoutes(
        {&source_, deliveries_.get(), job_.get(), scheduler_.get(), store_.get(), audit_.get()}));
  }

  std::unique_ptr<DashboardsJob> MakeJob(Client* grafana) {
    return std::make_unique<DashboardsJob>(
        &source_, grafana, deliveries_.get(), &clock_,
        DashboardsJobConfig{.grafana_url = grafana_server_.url()},
        [](const Delivery&, int64_t, int64_t) { return std::vector<Change>{}; });
  }

  nlohmann::json ListItem(const std::string& uid) {
    Reply r = Call("GET", "/api/v1/monitoring/dashboards", Viewer());
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& item : r.json["items"]) {
      if (item["uid"] == uid) return item;
    }
    return nullptr;
  }

  FixtureSource source_;
  testing::FakeGrafanaServer grafana_server_;
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<Client> grafana_;
  std::unique_ptr<DeliveryStore> deliveries_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<jobs::Scheduler> scheduler_;
  std::unique_ptr<DashboardsJob> job_;
};

TEST_P(DashboardRoutesTest, ListShowsDeliveryStateAndGrafanaUrl) {
  std::string uid = dashboards::testing::FixtureDashboards()[0].uid;
  nlohmann::json before = ListItem(uid);
  ASSERT_FALSE(before.is_null());
  EXPECT_EQ(before["state"], "not-delivered");
  EXPECT_EQ(before["team"], "payments");

  auto run = job_->RunOnce("test", false);
  ASSERT_OK(run);
  EXPECT_EQ(run->report.Count(Outcome::kCreated), 6);
  nlohmann::json delivered = ListItem(uid);
  EXPECT_EQ(delivered["state"], "delivered");
  EXPECT_EQ(delivered["version"], 1);
  EXPECT_EQ(
      delivered["grafana_url"].get<std::string>().rfind(grafana_server_.url() + "/d/" + uid, 0), 0u)
      << delivered;

  grafana_server_.EditByHand(uid);
  ASSERT_OK(job_->RunOnce("test", false));
  nlohmann::json edited = ListItem(uid);
  EXPECT_EQ(edited["state"], "edited-in-grafana");
  EXPECT_EQ(edited["version"], 2);

  Reply filtered = Call("GET", "/api/v1/monitoring/dashboards?team=payments", Viewer());
  ASSERT_EQ(filtered.status, 200);
  EXPECT_EQ(filtered.json["items"].size(), 1u);
}

TEST_P(DashboardRoutesTest, ChangeRunSkipsWhenNothingChanged) {
  ASSERT_OK(job_->RunOnce("first", false));
  int saves = grafana_server_.CallCount("POST /api/dashboards/db");
  auto again = job_->RunOnce("change", true);
  ASSERT_OK(again);
  EXPECT_TRUE(again->skipped);
  EXPECT_EQ(grafana_server_.CallCount("POST /api/dashboards/db"), saves);
}

TEST_P(DashboardRoutesTest, ProjectDashboardsAreTheGeneratedJson) {
  Reply r = Call("GET", "/api/v1/projects/checkout/monitoring/dashboards", Viewer());
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["items"].size(), 1u);
  EXPECT_EQ(r.json["items"][0]["dashboard"], dashboards::testing::FixtureDashboards()[0].model);
  EXPECT_EQ(Call("GET", "/api/v1/projects/nope/monitoring/dashboards", Viewer()).status, 404);
}

TEST_P(DashboardRoutesTest, SyncIsForSreAndQueuesTheJob) {
  EXPECT_EQ(Call("POST", "/api/v1/monitoring/dashboards/sync", Developer("chat")).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/monitoring/dashboards/sync", Viewer()).status, 403);
  Reply r = Call("POST", "/api/v1/monitoring/dashboards/sync", Sre());
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.json["job"]["kind"], DashboardsJob::kKind);
  auto events = audit_->List({.subject = "monitoring:dashboards"});
  ASSERT_OK(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].actor, "sre");
}

TEST_P(DashboardRoutesTest, SyncWithNowhereToDeliverIsAConflict) {
  http::Router router;
  auto job = MakeJob(nullptr);
  router.Add(DashboardRoutes(
      {&source_, deliveries_.get(), job.get(), scheduler_.get(), store_.get(), audit_.get()}));
  auto r = test_support::CallRoute(router, "POST", "/api/v1/monitoring/dashboards/sync", Sre());
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.json["error"]["message"].get<std::string>().find("monitoring.grafana.url"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, DashboardRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::monitoring::grafana
