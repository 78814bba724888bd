#include "monitoring/signals.h"

#include "gtest/gtest.h"
#include "monitoring/testing/promtool.h"
#include "monitoring/testing/targets.h"
#include "tests/support/status_assertions.h"

namespace paved::monitoring {
namespace {

using testing::AppTarget;
using testing::IstioTarget;

// Every expression as a recording rule, so that promtool parses each one.
std::string AsRuleFile(const std::vector<Signal>& signals) {
  std::string out = "groups:\n  - name: signals\n    rules:\n";
  for (const Signal& s : signals) {
    std::string expr;
    for (char c : s.promql) expr += c == '\'' ? std::string("''") : std::string(1, c);
    out += "      - record: paved:" + s.key + "\n        expr: '" + expr + "'\n";
  }
  return out;
}

std::vector<Signal> All(const Target& t) {
  std::vector<Signal> all = RedSignals(t);
  for (auto& s : SaturationSignals(t)) all.push_back(s);
  for (auto& s : CapacitySignals(t)) all.push_back(s);
  return all;
}

TEST(SignalsTest, EscapesLabelValuesForPromqlStrings) {
  EXPECT_EQ(EscapeLabelValue("plain-ns"), "plain-ns");
  EXPECT_EQ(EscapeLabelValue(R"(a"b\c)"), R"(a\"b\\c)");
  EXPECT_EQ(EscapeLabelValue("a\nb\tc\x01"), "a\\nb\\tc\\x01");
  EXPECT_EQ(Selector({{"namespace", "=", "x\"y"}, {"code", "=~", "5.."}}),
            R"({namespace="x\"y",code=~"5.."})");
  EXPECT_EQ(Selector({}), "{}");
}

TEST(SignalsTest, IstioRequestQueriesSelectTheDestinationAndConvertMilliseconds) {
  Target t = IstioTarget();
  EXPECT_EQ(ErrorRatioExpr(t, "5m", ""),
            "sum by (service) (label_replace((sum by (destination_service_name) "
            "(rate(istio_requests_total{reporter=\"destination\",destination_service_namespace="
            "\"chat\",response_code=~\"5..\"}[5m])) or sum by (destination_service_name) "
            "(rate(istio_requests_total{reporter=\"destination\",destination_service_namespace="
            "\"chat\"}[5m])) * 0) / sum by (destination_service_name) "
            "(rate(istio_requests_total{reporter=\"destination\",destination_service_namespace="
            "\"chat\"}[5m])), \"service\", \"$1\", \"destination_service_name\", \"(.*)\"))");
  std::string p99 = LatencyQuantileExpr(t, 0.99, "5m", "web");
  EXPECT_NE(p99.find("histogram_quantile(0.99, sum by (destination_service_name, le) "
                     "(rate(istio_request_duration_milliseconds_bucket{reporter=\"destination\","
                     "destination_service_namespace=\"chat\",destination_service_name=\"web\"}"
                     "[5m]))) / 1000"),
            std::string::npos)
      << p99;
  EXPECT_EQ(LatencyBoundary(t), "250");
  EXPECT_NE(SlowRatioExpr(t, "1h", "").find("le=\"250\""), std::string::npos);
}

TEST(SignalsTest, AppMetricsUseTheirOwnNamesAndSeconds) {
  Target t = AppTarget();
  std::vector<Signal> red = RedSignals(t);
  ASSERT_EQ(red.size(), 5u);
  EXPECT_EQ(red[0].key, "request_rate");
  EXPECT_EQ(red[0].promql, "sum by (service) (rate(http_requests_total{namespace=\"chat\"}[5m]))");
  EXPECT_EQ(red[4].key, "latency_p99");
  EXPECT_EQ(red[4].unit, "s");
  EXPECT_EQ(red[4].promql.find("/ 1000"), std::string::npos);
  EXPECT_EQ(LatencyBoundary(t), "0.25");
  EXPECT_NE(ErrorRatioExpr(t, "5m", "").find("code=~\"5..\""), std::string::npos);
}

TEST(SignalsTest, ClusterLabelSelectsTheClusterEverywhere) {
  Target t = IstioTarget();
  t.metrics.cluster_label = "cluster";
  for (const Signal& s : All(t)) {
    EXPECT_NE(s.promql.find("cluster=\"prod-eu\""), std::string::npos) << s.key;
  }
}

TEST(SignalsTest, SaturationIsPerContainerAndCapacityPredicts) {
  Target t = IstioTarget();
  std::vector<Signal> sat = SaturationSignals(t);
  ASSERT_EQ(sat.size(), 5u);
  EXPECT_EQ(sat[0].key, "cpu_throttling");
  EXPECT_EQ(
      sat[0].promql,
      "sum by (service) (label_replace(sum by (container) "
      "(rate(container_cpu_cfs_throttled_periods_total{namespace=\"chat\",container!~\"POD|\"}"
      "[5m])), \"service\", \"$1\", \"container\", \"(.*)\")) / sum by (service) "
      "(label_replace(sum by (container) (rate(container_cpu_cfs_periods_total{namespace="
      "\"chat\",container!~\"POD|\"}[5m])), \"service\", \"$1\", \"container\", \"(.*)\"))");
  EXPECT_NE(sat[1].promql.find(
                "kube_pod_container_resource_limits{resource=\"memory\",namespace=\"chat\""),
            std::string::npos);
  EXPECT_EQ(sat[4].promql, "sum(kube_pod_status_reason{reason=\"Evicted\",namespace=\"chat\"})");
  std::vector<Signal> cap = CapacitySignals(t);
  ASSERT_EQ(cap.size(), 1u);  // no volume metrics configured
  EXPECT_NE(cap[0].promql.find("predict_linear(container_memory_working_set_bytes"),
            std::string::npos);
  t.metrics.saturation.volume_used.name = "kubelet_volume_stats_used_bytes";
  t.metrics.saturation.volume_capacity.name = "kubelet_volume_stats_capacity_bytes";
  ASSERT_EQ(CapacitySignals(t).size(), 2u);
}

TEST(SignalsTest, OneServiceNarrowsEverySignal) {
  Target t = IstioTarget();
  SignalOptions o{.rate_window = "1m", .service = "web"};
  for (const Signal& s : RedSignals(t, o)) {
    EXPECT_NE(s.promql.find("destination_service_name=\"web\""), std::string::npos) << s.key;
    EXPECT_NE(s.promql.find("[1m]"), std::string::npos) << s.key;
  }
  EXPECT_NE(SaturationSignals(t, o)[2].promql.find("container=\"web\""), std::string::npos);
}

TEST(SignalsTest, PromtoolParsesEverySignalEvenWithHostileNames) {
  if (!testing::HavePromtool()) GTEST_SKIP() << "promtool is not installed (scripts/install-deps)";
  Target t = IstioTarget("we\"ird\\ns");
  t.metrics.cluster_label = "cluster";
  t.cluster = "a'b\"c";
  t.metrics.saturation.volume_used.name = "kubelet_volume_stats_used_bytes";
  t.metrics.saturation.volume_capacity.name = "kubelet_volume_stats_capacity_bytes";
  for (const Target& target : {t, AppTarget()}) {
    auto run = testing::CheckRules(AsRuleFile(All(target)));
    ASSERT_OK(run);
    EXPECT_EQ(run->exit_code, 0) << run->output;
  }
}

}  // namespace
}  // namespace paved::monitoring
