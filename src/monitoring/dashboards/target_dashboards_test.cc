#include "monitoring/dashboards/target_dashboards.h"

#include "gtest/gtest.h"
#include "monitoring/dashboards/dashboard_uid.h"
#include "monitoring/testing/targets.h"

namespace paved::monitoring::dashboards {
namespace {

TEST(TargetDashboardsTest, NamespaceDashboardUsesTheTargetsSignals) {
  Target t = monitoring::testing::IstioTarget("chat");
  NamespaceInput in = InputOf(t, "https://paved.example", {{"Lesson", "sum(x)", "short"}});
  EXPECT_EQ(in.project_url, "https://paved.example/projects/chat-gateway");
  ASSERT_FALSE(in.red.empty());
  EXPECT_NE(in.red[0].promql.find("$__rate_interval"), std::string::npos) << in.red[0].promql;
  EXPECT_NE(in.red[0].promql.find("namespace=\"chat\""), std::string::npos) << in.red[0].promql;
  EXPECT_EQ(in.red[0].legend, "{{service}}");
  EXPECT_FALSE(in.saturation.empty());
  ASSERT_EQ(in.extra_panels.size(), 1u);
}

TEST(TargetDashboardsTest, EveryTargetGetsItsDashboardThenOverallAndDoctors) {
  std::vector<Target> targets = {monitoring::testing::IstioTarget("chat"),
                                 monitoring::testing::AppTarget("chat-canary")};
  targets[1].slo.availability = 99.0;
  int asked = 0;
  auto all = DashboardsOf(targets, "", [&](const Target&) {
    ++asked;
    return std::vector<ExtraPanel>{};
  });
  EXPECT_EQ(asked, 2);
  ASSERT_EQ(all.size(), 2u + 1u + 4u);
  EXPECT_EQ(all[0].uid, DashboardUid("ns", "prod-eu/chat"));
  EXPECT_EQ(all[1].ns, "chat-canary");
  EXPECT_EQ(all[2].kind, DashboardKind::kOverall);
  OverallInput overall = OverallOf(targets, "");
  EXPECT_DOUBLE_EQ(overall.availability.budgets.at("chat-canary"), 0.01);
  EXPECT_EQ(overall.availability.record.at("1h"), "paved:slo_errors:ratio_rate1h");
  std::string burn = BurnRateExpr(overall.availability, "1h");
  EXPECT_NE(burn.find("namespace=~\"chat-canary\""), std::string::npos) << burn;
}

}  // namespace
}  // namespace paved::monitoring::dashboards
