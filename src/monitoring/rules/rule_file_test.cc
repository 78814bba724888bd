#include "monitoring/rules/rule_file.h"

#include "gtest/gtest.h"
#include "monitoring/rules/slo_rules.h"
#include "monitoring/testing/promtool.h"
#include "monitoring/testing/targets.h"
#include "tests/support/status_assertions.h"

namespace paved::monitoring::rules {
namespace {

using testing::AppTarget;
using testing::IstioTarget;

int CountRules(const nlohmann::json& file, const char* kind) {
  int n = 0;
  for (const auto& g : file["groups"]) {
    for (const auto& r : g["rules"]) n += r.contains(kind) ? 1 : 0;
  }
  return n;
}

TEST(RuleFileTest, EachTargetRecordsSevenWindowsOfTwoRatiosAndAlertsItsOwner) {
  MonitoringConfig config;
  nlohmann::json file = RuleFileJson({IstioTarget()}, config);
  ASSERT_EQ(file["groups"].size(), 2u);
  EXPECT_EQ(file["groups"][0]["name"], "paved:chat-gateway:prod-eu:chat:slo");
  EXPECT_EQ(CountRules(file, "record"), 14);
  EXPECT_EQ(CountRules(file, "alert"), 5);  // 2 SLIs x fast/slow, memory capacity
  const auto& record = file["groups"][0]["rules"][0];
  EXPECT_EQ(record["record"], "paved:slo_errors:ratio_rate5m");
  EXPECT_EQ(record["labels"], (nlohmann::json{{"namespace", "chat"}}));
  const auto& fast = file["groups"][1]["rules"][0];
  EXPECT_EQ(fast["alert"], "SLOAvailabilityFastBurn");
  EXPECT_EQ(fast["expr"],
            "(paved:slo_errors:ratio_rate1h{namespace=\"chat\"} > (14.4 * 0.001) and "
            "paved:slo_errors:ratio_rate5m{namespace=\"chat\"} > (14.4 * 0.001)) or "
            "(paved:slo_errors:ratio_rate6h{namespace=\"chat\"} > (6 * 0.001) and "
            "paved:slo_errors:ratio_rate30m{namespace=\"chat\"} > (6 * 0.001))");
  EXPECT_EQ(fast["for"], "2m");
  EXPECT_EQ(fast["labels"], (nlohmann::json{{"namespace", "chat"},
                                            {"cluster", "prod-eu"},
                                            {"paved_project", "chat-gateway"},
                                            {"team", "chat"},
                                            {"severity", "page"},
                                            {"slo", "availability"}}));
  EXPECT_EQ(file["groups"][1]["rules"][1]["labels"]["severity"], "ticket");
}

TEST(RuleFileTest, SameInputSameBytes) {
  MonitoringConfig config;
  std::vector<Target> targets = {IstioTarget("a"), AppTarget("b")};
  std::string first = RenderRuleFile(targets, config);
  EXPECT_EQ(RenderRuleFile(targets, config), first);
  EXPECT_EQ(first.rfind("groups:\n", 0), 0u) << first.substr(0, 200);
}

TEST(RuleFileTest, TheSpecOverrideChangesTheMetricNamesAndObjectives) {
  MonitoringConfig config;
  Target t = AppTarget();
  t.metrics.requests.requests_total = "chat_requests_total";
  t.slo.availability = 99.5;
  std::string file = RenderRuleFile({t}, config);
  EXPECT_NE(file.find("chat_requests_total{namespace=\\\"chat\\\""), std::string::npos) << file;
  EXPECT_EQ(file.find("istio_requests_total"), std::string::npos);
  EXPECT_NE(file.find("(14.4 * 0.005)"), std::string::npos);
}

TEST(RuleFileTest, LinksComeFromTheConfigTemplates) {
  MonitoringConfig config;
  config.runbook_url = "https://runbooks.example.com/{alert}?project={project}";
  config.grafana.url = "https://grafana.example.com";
  nlohmann::json file = RuleFileJson({IstioTarget()}, config);
  const auto& annotations = file["groups"][1]["rules"][0]["annotations"];
  EXPECT_EQ(annotations["runbook_url"],
            "https://runbooks.example.com/SLOAvailabilityFastBurn?project=chat-gateway");
  EXPECT_EQ(annotations["dashboard"], "https://grafana.example.com/dashboards?query=chat");
  EXPECT_NE(annotations["summary"].get<std::string>().find("{{ $labels.service }}"),
            std::string::npos);
}

TEST(RuleFileTest, PrometheusRuleLivesInTheTargetsNamespace) {
  MonitoringConfig config;
  nlohmann::json rule = PrometheusRuleObject({IstioTarget()}, config);
  EXPECT_EQ(rule["apiVersion"], "monitoring.coreos.com/v1");
  EXPECT_EQ(rule["kind"], "PrometheusRule");
  EXPECT_EQ(rule["metadata"]["name"], "paved-chat-gateway-slo");
  EXPECT_EQ(rule["metadata"]["namespace"], "chat");
  EXPECT_EQ(rule["metadata"]["labels"]["app.kubernetes.io/managed-by"], "paved");
  EXPECT_EQ(rule["spec"]["groups"], RuleFileJson({IstioTarget()}, config)["groups"]);
}

// What an incident taught chat-gateway: one alert, for every one of its targets.
TaughtRulesOf ChatGatewayLessons() {
  return [](const Target& t) {
    std::vector<TaughtRule> out;
    if (t.project != "chat-gateway") return out;
    out.push_back({.alert = "PoolExhausted",
                   .expr = "max(db_pool_in_use / db_pool_size) > 0.9",
                   .for_duration = "5m",
                   .severity = "critical",
                   .lesson = "We could not see the pool running dry"});
    return out;
  };
}

TEST(RuleFileTest, ALessonsRuleIsAThirdGroupWithTheOwnersLabels) {
  MonitoringConfig config;
  nlohmann::json file = RuleFileJson({IstioTarget()}, config, ChatGatewayLessons());
  ASSERT_EQ(file["groups"].size(), 3u);
  const auto& group = file["groups"][2];
  EXPECT_EQ(group["name"], "paved:chat-gateway:prod-eu:chat:lessons");
  ASSERT_EQ(group["rules"].size(), 1u);
  const auto& rule = group["rules"][0];
  EXPECT_EQ(rule["alert"], "PoolExhausted");
  EXPECT_EQ(rule["for"], "5m");
  EXPECT_EQ(rule["labels"]["paved_project"], "chat-gateway");
  EXPECT_EQ(rule["labels"]["team"], "chat");
  EXPECT_EQ(rule["labels"]["severity"], "page") << "critical pages";
  EXPECT_EQ(rule["labels"]["lesson_severity"], "critical");
  EXPECT_EQ(rule["annotations"]["description"], "We could not see the pool running dry");

  Target other = AppTarget("b");
  other.project = "other";
  EXPECT_EQ(RuleFileJson({other}, config, ChatGatewayLessons())["groups"].size(), 2u)
      << "another project learnt nothing: no empty group";
  EXPECT_EQ(PrometheusRuleObject({IstioTarget()}, config, ChatGatewayLessons())["spec"]["groups"],
            file["groups"]);
}

class PromtoolRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::HavePromtool()) {
      GTEST_SKIP() << "promtool is not installed (scripts/install-deps installs prometheus)";
    }
  }
  void ExpectValid(const std::string& file) {
    auto run = testing::CheckRules(file);
    ASSERT_OK(run);
    EXPECT_EQ(run->exit_code, 0) << run->output << "\n" << file.substr(0, 3000);
  }
};

TEST_F(PromtoolRulesTest, EveryGeneratedFilePassesTheLinter) {
  MonitoringConfig config;
  config.runbook_url = "https://runbooks.example.com/{alert}";
  Target volumes = IstioTarget("data");
  volumes.metrics.saturation.volume_used.name = "kubelet_volume_stats_used_bytes";
  volumes.metrics.saturation.volume_capacity.name = "kubelet_volume_stats_capacity_bytes";
  Target many = AppTarget("shared");
  many.metrics.cluster_label = "cluster";
  ExpectValid(
      RenderRuleFile({IstioTarget(), AppTarget("b"), volumes, many}, config, ChatGatewayLessons()));
}

TEST_F(PromtoolRulesTest, QuotesAndBackslashesInNamesStayValid) {
  MonitoringConfig config;
  Target t = IstioTarget("we\"ird\\ns");
  t.cluster = "c\"1\\";
  t.project = "p\"q";
  t.metrics.cluster_label = "cluster";
  std::string file = RenderRuleFile({t}, config);
  EXPECT_NE(file.find(R"(namespace=\"we\\\"ird\\\\ns\")"), std::string::npos) << file;
  ExpectValid(file);
}

}  // namespace
}  // namespace paved::monitoring::rules
