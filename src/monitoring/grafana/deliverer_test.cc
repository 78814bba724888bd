#include "monitoring/grafana/deliverer.h"

#include <memory>

#include "gtest/gtest.h"
#include "monitoring/dashboards/namespace_dashboard.h"
#include "monitoring/dashboards/testing/fixture_inputs.h"
#include "monitoring/grafana/annotations.h"
#include "monitoring/grafana/testing/fake_grafana_server.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::monitoring::grafana {
namespace {

using dashboards::GeneratedDashboard;

class DelivererTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    ASSERT_OK(server_.Start());
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    store_ = std::make_unique<DeliveryStore>(db_.get());
    http_ = http::NewCurlClient({.use_env_proxy = false});
    client_ = NewHttpClient({.url = server_.url(), .token = "glsa_test_token"}, http_.get());
    deliverer_ = std::make_unique<Deliverer>(client_.get(), store_.get(), &clock_, "Paved");
  }

  GeneratedDashboard Namespace() {
    return dashboards::NamespaceDashboard(dashboards::testing::FixtureNamespace());
  }

  DashboardOutcome DeliverOne(const GeneratedDashboard& d) {
    auto report = deliverer_->Deliver({d}, "spec change");
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? report->dashboards.at(0) : DashboardOutcome{};
  }

  testing::FakeGrafanaServer server_;
  FakeClock clock_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<DeliveryStore> store_;
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<Client> client_;
  std::unique_ptr<Deliverer> deliverer_;
};

TEST_P(DelivererTest, CreatesTeamFolderAndDashboardAndRemembersIt) {
  GeneratedDashboard d = Namespace();
  DashboardOutcome out = DeliverOne(d);
  EXPECT_EQ(out.outcome, Outcome::kCreated) << out.detail;
  EXPECT_EQ(out.version, 1);
  Folder folder = TeamFolder("Paved", "payments");
  EXPECT_EQ(server_.Folders().at(folder.uid), "Paved · payments");
  auto stored = server_.Dashboard(d.uid);
  ASSERT_EQ(stored.versions.size(), 1u);
  EXPECT_EQ(stored.folder_uid, folder.uid);
  EXPECT_EQ(stored.current()["title"], d.title);
  EXPECT_NE(stored.messages[0].find("Paved: spec change (content "), std::string::npos);
  auto row = store_->Get(d.uid);
  ASSERT_OK(row);
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->version, 1);
  EXPECT_EQ((*row)->state, kDelivered);
  EXPECT_EQ((*row)->content_hash, ContentHash(d));
  EXPECT_EQ((*row)->project, "checkout");
}

TEST_P(DelivererTest, SameContentIsANoOpAndChangedContentANewVersion) {
  GeneratedDashboard d = Namespace();
  DeliverOne(d);
  EXPECT_EQ(DeliverOne(d).outcome, Outcome::kUnchanged);
  EXPECT_EQ(server_.Dashboard(d.uid).versions.size(), 1u);
  EXPECT_EQ(server_.CallCount("POST /api/dashboards/db"), 1);

  dashboards::NamespaceInput in = dashboards::testing::FixtureNamespace();
  in.extra_panels.push_back({"Pool waits", "sum(pool_waits)", "short"});
  GeneratedDashboard changed = dashboards::NamespaceDashboard(in);
  ASSERT_EQ(changed.uid, d.uid);
  DashboardOutcome out = DeliverOne(changed);
  EXPECT_EQ(out.outcome, Outcome::kUpdated) << out.detail;
  EXPECT_EQ(out.version, 2);
  EXPECT_EQ(server_.Dashboard(d.uid).versions.size(), 2u);
}

TEST_P(DelivererTest, HandEditedDashboardIsReportedNotOverwritten) {
  GeneratedDashboard d = Namespace();
  DeliverOne(d);
  ASSERT_EQ(server_.EditByHand(d.uid), 2);
  dashboards::NamespaceInput in = dashboards::testing::FixtureNamespace();
  in.services.push_back("cron");
  DashboardOutcome out = DeliverOne(dashboards::NamespaceDashboard(in));
  EXPECT_EQ(out.outcome, Outcome::kEditedInGrafana);
  EXPECT_NE(out.detail.find("edited in Grafana by someone"), std::string::npos) << out.detail;
  auto stored = server_.Dashboard(d.uid);
  EXPECT_EQ(stored.versions.size(), 2u);
  EXPECT_EQ(stored.current()["title"], d.title + " (edited)");
  auto row = store_->Get(d.uid);
  ASSERT_OK(row);
  EXPECT_EQ((*row)->state, kEditedInGrafana);
  EXPECT_EQ((*row)->version, 1);
  EXPECT_EQ((*row)->grafana_version, 2);
  auto edited = store_->CountEdited();
  ASSERT_OK(edited);
  EXPECT_EQ(*edited, 1);
}

TEST_P(DelivererTest, VersionMismatchOnSaveIsReReadAndReported) {
  DeliverOne(Namespace());
  dashboards::NamespaceInput in = dashboards::testing::FixtureNamespace();
  in.services.push_back("cron");
  GeneratedDashboard changed = dashboards::NamespaceDashboard(in);
  server_.EditBeforeNextSave(changed.uid);
  DashboardOutcome out = DeliverOne(changed);
  EXPECT_EQ(out.outcome, Outcome::kEditedInGrafana) << out.detail;
  EXPECT_EQ(out.version, 2);
  EXPECT_EQ(server_.CallCount("GET /api/dashboards/uid/"), 3);  // check, check, re-read
  EXPECT_EQ(server_.Dashboard(changed.uid).current()["title"], changed.title + " (edited)");
}

TEST_P(DelivererTest, DashboardNotDeliveredByPavedIsLeftAlone) {
  GeneratedDashboard d = Namespace();
  ASSERT_OK(client_->SaveDashboard(d.model, "", false, "made by hand"));
  DashboardOutcome out = DeliverOne(d);
  EXPECT_EQ(out.outcome, Outcome::kEditedInGrafana);
  EXPECT_NE(out.detail.find("not delivered by Paved"), std::string::npos) << out.detail;
  EXPECT_EQ(server_.Dashboard(d.uid).versions.size(), 1u);
}

TEST_P(DelivererTest, BadTokenFailsTheWholeDelivery) {
  auto wrong = NewHttpClient({.url = server_.url(), .token = "expired"}, http_.get());
  Deliverer deliverer(wrong.get(), store_.get(), &clock_, "Paved");
  auto report = deliverer.Deliver({Namespace()}, "spec change");
  EXPECT_TRUE(absl::IsUnauthenticated(report.status())) << report.status();
  EXPECT_NE(report.status().message().find("Grafana token"), std::string::npos);
  EXPECT_FALSE(server_.HasDashboard(Namespace().uid));
}

TEST_P(DelivererTest, RefusedDashboardIsFailedAndTheOthersDelivered) {
  GeneratedDashboard broken = Namespace();
  broken.uid = "broken";
  broken.model["uid"] = "broken";
  broken.model["title"] = "";
  auto report = deliverer_->Deliver({broken, Namespace()}, "spec change");
  ASSERT_OK(report);
  EXPECT_EQ(report->dashboards[0].outcome, Outcome::kFailed);
  EXPECT_NE(report->dashboards[0].detail.find("title cannot be empty"), std::string::npos);
  EXPECT_EQ(report->dashboards[1].outcome, Outcome::kCreated);
  auto row = store_->Get("broken");
  ASSERT_OK(row);
  EXPECT_EQ((*row)->state, kFailed);
}

TEST_P(DelivererTest, DeploysAreAnnotatedOnceOnTheNamespaceDashboard) {
  GeneratedDashboard d = Namespace();
  DeliverOne(d);
  std::vector<Change> changes = {
      {11, clock_.NowMs() + 1000, "deploy", "ann", "production", "sha256:ab12 → sha256:cd34"},
      {12, clock_.NowMs() + 2000, "config", "bob", "production", "config set web: LOG_LEVEL"}};
  std::vector<std::string> asked;
  ChangesSince source = [&](const Delivery& row, int64_t after_seq,
                            int64_t since_ms) -> absl::StatusOr<std::vector<Change>> {
    asked.push_back(row.project + "@" + row.cluster);
    std::vector<Change> out;
    for (const auto& c : changes) {
      if (c.seq > after_seq && c.at_ms >= since_ms) out.push_back(c);
    }
    return out;
  };
  auto posted = AnnotateChanges(client_.get(), store_.get(), source);
  ASSERT_OK(posted);
  EXPECT_EQ(*posted, 2);
  EXPECT_EQ(asked, std::vector<std::string>{"checkout@prod-eu-west-1"});
  auto annotations = server_.Annotations();
  ASSERT_EQ(annotations.size(), 2u);
  EXPECT_EQ(annotations[0]["dashboardUID"], d.uid);
  EXPECT_EQ(annotations[0]["text"], "deploy by ann: sha256:ab12 → sha256:cd34");
  EXPECT_EQ(annotations[0]["tags"], nlohmann::json({"paved", "deploy", "production"}));
  auto again = AnnotateChanges(client_.get(), store_.get(), source);
  ASSERT_OK(again);
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(server_.Annotations().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Engines, DelivererTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::monitoring::grafana
