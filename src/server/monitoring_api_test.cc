// Monitoring through the whole App: a lesson of an incident that asks for a panel shows up in
// the regenerated dashboard of the project's namespace, one that asks for a rule in the
// project's rules, and the dashboard links back; the
// Monitoring tab's signals name the namespace and link the dashboard.
#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "server/testing/test_app.h"

namespace paved::server {
namespace {

using testing::TestApp;
using json = nlohmann::json;

class MonitoringApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(
        t_.Call("POST", "/api/v1/teams", json{{"slug", "shop"}, {"name", "Shop"}}, admin()).status,
        201);
    dev_ = t_.UserToken("dev-shop", "developer");
    ASSERT_EQ(
        t_.Call("POST", "/api/v1/teams/shop/members", json{{"login", "dev-shop"}}, admin()).status,
        201);
    auto env = t_.Call("PUT", "/api/v1/environments/production",
                       json{{"position", 1}, {"production", true}}, admin());
    ASSERT_EQ(env.status, 200) << env.raw.body;
    auto cluster = t_.Call(
        "PUT", "/api/v1/clusters/prod-eu",
        json{{"region", "local"}, {"environment", "production"}, {"runtime", "local"}}, admin());
    ASSERT_EQ(cluster.status, 200) << cluster.raw.body;
    auto project = t_.Call("POST", "/api/v1/projects",
                           json{{"slug", "cart"}, {"name", "Cart"}, {"owner_team", "shop"}}, dev_);
    ASSERT_EQ(project.status, 201) << project.raw.body;
    auto targets = t_.Call("PUT", "/api/v1/projects/cart/targets",
                           json{{"clusters", json::array({"prod-eu"})}}, dev_);
    ASSERT_EQ(targets.status, 200) << targets.raw.body;
  }
  const std::string& admin() { return t_.admin_token(); }

  // The titles of every panel of the project's dashboard for prod-eu/cart.
  std::vector<std::string> PanelTitles() {
    auto r = t_.Call("GET", "/api/v1/projects/cart/monitoring/dashboards", "", dev_);
    EXPECT_EQ(r.status, 200) << r.raw.body;
    std::vector<std::string> titles;
    for (const json& item : r.json["items"]) {
      if (item.value("namespace", "") != "cart") continue;
      for (const json& p : item["dashboard"]["panels"]) titles.push_back(p.value("title", ""));
    }
    return titles;
  }

  // Opens an incident of cart and adds a lesson `lesson` to it; the lesson's answer.
  TestApp::Reply Teach(const std::string& title, const json& lesson) {
    auto opened = t_.Call("POST", "/api/v1/projects/cart/incidents", json{{"title", title}}, dev_);
    EXPECT_EQ(opened.status, 201) << opened.raw.body;
    std::string id = opened.json.value("id", "");
    return t_.Call("POST", "/api/v1/incidents/" + id + "/lessons", lesson, dev_);
  }

  TestApp t_;
  std::string dev_;
};

TEST_F(MonitoringApiTest, ALessonsPanelAppearsInTheNamespacesRegeneratedDashboard) {
  std::vector<std::string> before = PanelTitles();
  ASSERT_FALSE(before.empty()) << "cart has a dashboard on prod-eu";
  EXPECT_EQ(std::count(before.begin(), before.end(), "Connection pool in use"), 0);

  auto lesson =
      Teach("5xx after deploy", json{{"text", "We could not see the pool running dry"},
                                     {"panel",
                                      {{"title", "Connection pool in use"},
                                       {"promql", "sum(db_pool_in_use{namespace=\"cart\"})"},
                                       {"unit", "short"}}}});
  ASSERT_EQ(lesson.status, 201) << lesson.raw.body;

  std::vector<std::string> after = PanelTitles();
  EXPECT_EQ(std::count(after.begin(), after.end(), "Connection pool in use"), 1);
  EXPECT_GT(after.size(), before.size());
}

TEST_F(MonitoringApiTest, ALessonsRuleJoinsTheProjectsGeneratedRules) {
  auto before = t_.Call("GET", "/api/v1/projects/cart/monitoring/rules?format=json", "", dev_);
  ASSERT_EQ(before.status, 200) << before.raw.body;
  EXPECT_EQ(before.raw.body.find("PoolExhausted"), std::string::npos);

  auto lesson =
      Teach("Pool ran dry", json{{"text", "Page before the pool runs dry"},
                                 {"rule",
                                  {{"name", "PoolExhausted"},
                                   {"expr", "max(db_pool_in_use{namespace=\"cart\"}) > 90"},
                                   {"for", "5m"},
                                   {"severity", "critical"}}}});
  ASSERT_EQ(lesson.status, 201) << lesson.raw.body;

  auto after = t_.Call("GET", "/api/v1/projects/cart/monitoring/rules?format=json", "", dev_);
  ASSERT_EQ(after.status, 200) << after.raw.body;
  const json& groups = after.json["groups"];
  ASSERT_EQ(groups.size(), before.json["groups"].size() + 1);
  const json& taught = groups.back();
  EXPECT_EQ(taught["name"], "paved:cart:prod-eu:cart:lessons");
  ASSERT_EQ(taught["rules"].size(), 1u);
  EXPECT_EQ(taught["rules"][0]["alert"], "PoolExhausted");
  EXPECT_EQ(taught["rules"][0]["labels"]["team"], "shop");
  EXPECT_EQ(taught["rules"][0]["annotations"]["description"], "Page before the pool runs dry");
}

TEST_F(MonitoringApiTest, TheSignalsNameTheNamespaceAndSayPrometheusIsNotConfigured) {
  auto r = t_.Call("GET", "/api/v1/projects/cart/monitoring/signals", "", dev_);
  ASSERT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(r.json["cluster"], "prod-eu");
  EXPECT_EQ(r.json["namespace"], "cart");
  EXPECT_EQ(r.json["prometheus_configured"], false);
  EXPECT_TRUE(r.json["dashboard_url"].is_null()) << "no Grafana configured";
}

}  // namespace
}  // namespace paved::server
