// The generated rules evaluated by promtool's own rule engine (`promtool test rules`): known
// series go in, the alerts that fire at given times come out.

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "monitoring/rules/rule_file.h"
#include "monitoring/testing/promtool.h"
#include "monitoring/testing/targets.h"
#include "tests/support/status_assertions.h"

namespace paved::monitoring::rules {
namespace {

using nlohmann::json;
using testing::AppTarget;
using testing::IstioTarget;

constexpr char kIstioWeb[] =
    R"(reporter="destination",destination_service_namespace="chat",destination_service_name="web")";

// An alert expected to fire: its labels (alertname added by promtool) and annotations, with the
// service label and the alert's value (as humanizePercentage prints it) filled in.
json Expected(const json& rule, const std::string& service, const std::string& value) {
  json labels = rule["labels"];
  labels["service"] = service;
  json annotations = json::object();
  for (const auto& [k, v] : rule["annotations"].items()) {
    annotations[k] = absl::StrReplaceAll(
        v.get<std::string>(),
        {{"{{ $labels.service }}", service}, {"{{ $value | humanizePercentage }}", value}});
  }
  return {{"exp_labels", labels}, {"exp_annotations", annotations}};
}

json FindRule(const json& file, const std::string& alert) {
  for (const auto& g : file["groups"]) {
    for (const auto& r : g["rules"]) {
      if (r.value("alert", "") == alert) return r;
    }
  }
  ADD_FAILURE() << "no alert " << alert;
  return json::object();
}

json Check(const std::string& at, const std::string& alert, json expected) {
  return {{"eval_time", at}, {"alertname", alert}, {"exp_alerts", std::move(expected)}};
}

class PromtoolUnitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::HavePromtool()) {
      GTEST_SKIP() << "promtool is not installed (scripts/install-deps installs prometheus)";
    }
  }

  // Runs `promtool test rules` on the rules of `targets` with one test case.
  void ExpectPasses(const std::vector<Target>& targets, const json& series, const json& checks) {
    json test = {
        {"rule_files", {"rules.yaml"}},
        {"evaluation_interval", "1m"},
        {"tests", {{{"interval", "1m"}, {"input_series", series}, {"alert_rule_test", checks}}}}};
    auto run = testing::RunPromtool(
        {"test", "rules", "test.yaml"},
        {{"rules.yaml", RenderRuleFile(targets, config_)}, {"test.yaml", test.dump(2)}});
    ASSERT_OK(run);
    EXPECT_EQ(run->exit_code, 0) << run->output;
  }

  json File(const Target& t) { return RuleFileJson({t}, config_); }

  MonitoringConfig config_;
};

TEST_F(PromtoolUnitTest, TenPercentErrorsPageWithinMinutes) {
  Target t = IstioTarget();
  json fast = FindRule(File(t), "SLOAvailabilityFastBurn");
  json series = json::array(
      {{{"series", absl::StrCat("istio_requests_total{", kIstioWeb, ",response_code=\"200\"}")},
        {"values", "0+900x120"}},
       {{"series", absl::StrCat("istio_requests_total{", kIstioWeb, ",response_code=\"503\"}")},
        {"values", "0+100x120"}}});
  // The ratio is above 14.4 x 0.1 % from the second sample (1m); pending for 2m, firing at 3m.
  ExpectPasses(
      {t}, series,
      json::array({Check("2m", "SLOAvailabilityFastBurn", json::array()),
                   Check("5m", "SLOAvailabilityFastBurn", {Expected(fast, "web", "10%")}),
                   Check("60m", "SLOAvailabilityFastBurn", {Expected(fast, "web", "10%")})}));
}

TEST_F(PromtoolUnitTest, ErrorsWithinTheBudgetNeverAlert) {
  Target t = IstioTarget();
  json series = json::array(
      {{{"series", absl::StrCat("istio_requests_total{", kIstioWeb, ",response_code=\"200\"}")},
        {"values", "0+10000x300"}},
       {{"series", absl::StrCat("istio_requests_total{", kIstioWeb, ",response_code=\"500\"}")},
        {"values", "0+5x300"}}});  // 0.05 %: half the budget
  json checks = json::array();
  for (const char* alert : {"SLOAvailabilityFastBurn", "SLOAvailabilitySlowBurn",
                            "SLOLatencyFastBurn", "SLOLatencySlowBurn"}) {
    checks.push_back(Check("30m", alert, json::array()));
    checks.push_back(Check("300m", alert, json::array()));
  }
  ExpectPasses({t}, series, checks);
}

TEST_F(PromtoolUnitTest, SlowRequestsBurnTheLatencyBudget) {
  Target t = AppTarget();
  json fast = FindRule(File(t), "SLOLatencyFastBurn");
  const std::string bucket =
      "http_request_duration_seconds_bucket{namespace=\"chat\",service=\"web\",le=";
  json series = json::array(
      {{{"series", bucket + "\"0.25\"}"}, {"values", "0+500x60"}},  // half within 250 ms
       {{"series", bucket + "\"+Inf\"}"}, {"values", "0+1000x60"}},
       {{"series", "http_requests_total{namespace=\"chat\",service=\"web\",code=\"200\"}"},
        {"values", "0+1000x60"}}});
  ExpectPasses({t}, series,
               json::array({Check("5m", "SLOLatencyFastBurn", {Expected(fast, "web", "50%")}),
                            Check("5m", "SLOAvailabilityFastBurn", json::array())}));
}

TEST_F(PromtoolUnitTest, MemoryGrowingPastItsLimitRaisesACapacityTicket) {
  Target t = IstioTarget();
  json rule = FindRule(File(t), "CapacityMemoryLimitIn4h");
  const std::string pod = R"(namespace="chat",pod="web-1",container="web")";
  const int64_t mib = 1 << 20;
  json series = json::array(
      {{{"series", "container_memory_working_set_bytes{" + pod + "}"},
        {"values", absl::StrCat(512 * mib, "+", 3 * mib, "x60")}},  // +720 MiB in 4h
       {{"series", "kube_pod_container_resource_limits{resource=\"memory\"," + pod + "}"},
        {"values", absl::StrCat(1024 * mib, "x60")}},
       {{"series",
         "container_memory_working_set_bytes{namespace=\"chat\",pod=\"api-1\",container=\"api\"}"},
        {"values", absl::StrCat(900 * mib, "x60")}},  // high but flat: no ticket
       {{"series",
         "kube_pod_container_resource_limits{resource=\"memory\",namespace=\"chat\",pod=\"api-1\","
         "container=\"api\"}"},
        {"values", absl::StrCat(1024 * mib, "x60")}}});
  // True from the second sample; pending 15m; firing from 16m on. At 30m: (602 + 240 x 3) MiB
  // predicted over a 1024 MiB limit.
  ExpectPasses(
      {t}, series,
      json::array({Check("10m", "CapacityMemoryLimitIn4h", json::array()),
                   Check("30m", "CapacityMemoryLimitIn4h", {Expected(rule, "web", "129.1%")})}));
}

}  // namespace
}  // namespace paved::monitoring::rules
