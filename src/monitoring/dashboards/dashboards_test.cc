#include <set>
#include <string>

#include "gtest/gtest.h"
#include "monitoring/dashboards/dashboard_uid.h"
#include "monitoring/dashboards/doctor_dashboards.h"
#include "monitoring/dashboards/namespace_dashboard.h"
#include "monitoring/dashboards/testing/fixture_inputs.h"

namespace paved::monitoring::dashboards {
namespace {

// Panels of a model of type `type`.
std::vector<nlohmann::json> PanelsOfType(const nlohmann::json& model, const std::string& type) {
  std::vector<nlohmann::json> out;
  for (const auto& p : model["panels"]) {
    if (p["type"] == type) out.push_back(p);
  }
  return out;
}

TEST(DashboardUidTest, LongNamesStayWithinFortyAndUnique) {
  std::string cluster(60, 'c');
  std::string a = DashboardUid("ns", cluster + "/" + std::string(63, 'a') + "-one");
  std::string b = DashboardUid("ns", cluster + "/" + std::string(63, 'a') + "-two");
  EXPECT_LE(a.size(), kMaxUidLength);
  EXPECT_LE(b.size(), kMaxUidLength);
  EXPECT_NE(a, b);
  EXPECT_EQ(a, DashboardUid("ns", cluster + "/" + std::string(63, 'a') + "-one"));
}

TEST(DashboardUidTest, ReadablePrefixAndOnlyUidCharacters) {
  std::string uid = DashboardUid("ns", "Prod-EU/checkout_api");
  EXPECT_EQ(uid.rfind("ns-prod-eu-checkout-api-", 0), 0u) << uid;
  for (char c : uid) EXPECT_TRUE(std::isalnum(c) || c == '-') << uid;
}

TEST(NamespaceDashboardTest, SameInputSameBytes) {
  auto one = NamespaceDashboard(testing::FixtureNamespace()).model.dump();
  auto two = NamespaceDashboard(testing::FixtureNamespace()).model.dump();
  EXPECT_EQ(one, two);
  NamespaceInput other = testing::FixtureNamespace();
  other.ns = "checkout-canary";
  EXPECT_NE(NamespaceDashboard(other).model.dump(), one);
}

TEST(NamespaceDashboardTest, HasSchemaTagsDatasourceVariableAndLink) {
  GeneratedDashboard d = NamespaceDashboard(testing::FixtureNamespace());
  EXPECT_EQ(d.model["schemaVersion"], 39);
  EXPECT_EQ(d.model["uid"], d.uid);
  EXPECT_EQ(d.model["tags"], nlohmann::json({"paved", "team:payments", "project:checkout"}));
  EXPECT_EQ(d.model["templating"]["list"][0]["type"], "datasource");
  EXPECT_EQ(d.model["templating"]["list"][0]["query"], "prometheus");
  EXPECT_EQ(d.model["links"][0]["url"], "https://paved.example/projects/checkout");
  for (const auto& p : PanelsOfType(d.model, "timeseries")) {
    EXPECT_EQ(p["datasource"]["uid"], "${datasource}") << p.dump();
    EXPECT_EQ(p["targets"][0]["datasource"]["uid"], "${datasource}");
  }
}

TEST(NamespaceDashboardTest, AlertListFilteredByNamespaceAndIncidentPanels) {
  GeneratedDashboard d = NamespaceDashboard(testing::FixtureNamespace());
  auto alerts = PanelsOfType(d.model, "alertlist");
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["options"]["alertInstanceLabelFilter"], "{namespace=\"checkout\"}");
  bool found = false;
  for (const auto& p : PanelsOfType(d.model, "timeseries")) {
    if (p["title"] == "Queue depth (INC-12)") {
      found = true;
      EXPECT_EQ(p["targets"][0]["expr"], "max(queue_depth{namespace=\"checkout\"})");
    }
  }
  EXPECT_TRUE(found);
  std::set<std::string> rows;
  for (const auto& p : PanelsOfType(d.model, "row")) rows.insert(p["title"]);
  EXPECT_TRUE(rows.count("From incidents"));
  EXPECT_TRUE(rows.count("Saturation"));
}

TEST(NamespaceDashboardTest, PanelsDoNotOverlapOnTheGrid) {
  GeneratedDashboard d = NamespaceDashboard(testing::FixtureNamespace());
  std::set<std::tuple<int, int>> cells;
  std::set<int> ids;
  for (const auto& p : d.model["panels"]) {
    EXPECT_TRUE(ids.insert(p["id"].get<int>()).second);
    const auto& g = p["gridPos"];
    EXPECT_LE(g["x"].get<int>() + g["w"].get<int>(), 24);
    for (int x = g["x"]; x < g["x"].get<int>() + g["w"].get<int>(); ++x) {
      for (int y = g["y"]; y < g["y"].get<int>() + g["h"].get<int>(); ++y) {
        EXPECT_TRUE(cells.insert({x, y}).second) << p["title"] << " at " << x << "," << y;
      }
    }
  }
}

TEST(OverallDashboardTest, BurnRateDividesEachNamespaceByItsBudget) {
  OverallInput in = testing::FixtureOverall();
  EXPECT_EQ(BurnRateExpr(in.availability, "1h"),
            "((paved:slo_errors:ratio_rate1h / 0.001) unless on (namespace) "
            "paved:slo_errors:ratio_rate1h{namespace=~\"batch\"}) or "
            "(paved:slo_errors:ratio_rate1h{namespace=~\"batch\"} / 0.01)");
  EXPECT_EQ(BurnRateExpr(in.latency, "6h"), "(paved:slo_latency:ratio_rate6h / 0.01)");
  GeneratedDashboard d = OverallDashboard(in);
  int ranked = 0;
  for (const auto& p : PanelsOfType(d.model, "timeseries")) {
    EXPECT_NE(p["targets"][0]["expr"].get<std::string>().find("topk(20"), std::string::npos);
    ++ranked;
  }
  EXPECT_EQ(ranked, 5);  // availability 1h 6h 3d, latency 1h 6h
}

TEST(DoctorDashboardsTest, EveryDoctorHasItsOwnUidAndPavedUsesItsOwnMetrics) {
  auto all = testing::FixtureDashboards();
  std::set<std::string> uids;
  for (const auto& d : all) EXPECT_TRUE(uids.insert(d.uid).second) << d.uid;
  std::string paved = PavedDashboard("").model.dump();
  for (const char* name : {"paved_http_requests_total", "paved_http_request_duration_seconds",
                           "paved_job_queue_depth", "paved_deployments_total"}) {
    EXPECT_NE(paved.find(name), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace paved::monitoring::dashboards
