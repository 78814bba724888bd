// The Monitoring tab's numbers against a real Prometheus: two services' requests, errors,
// latency histogram and memory are written as OpenMetrics with known rates, turned into blocks
// by promtool and served by `prometheus`; the signals Paved reads back are compared with the
// values worked out by hand below.
#include "monitoring/golden/golden_signals.h"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/clock.h"
#include "gtest/gtest.h"
#include "monitoring/monitoring_config.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_prometheus.h"

namespace paved::monitoring {
namespace {

namespace fs = std::filesystem;

constexpr double kMiB = 1024.0 * 1024.0;
constexpr int64_t kHour = 3600;

// Per service: requests per second answered 200 and 503, the share of requests under 100 ms and
// under 250 ms, and memory (working set growing linearly from `mem_start_mib`, and its limit).
struct Load {
  std::string service;
  double ok_per_s, failed_per_s, under_100ms, under_250ms;
  double mem_start_mib, mem_mib_per_hour, limit_mib;
};

const std::map<std::string, Load>& Loads() {
  static const auto* loads = new std::map<std::string, Load>{
      {"web", {"web", 10, 0.5, 0.9, 0.99, 200, 12, 512}},
      {"api", {"api", 2, 0, 1.0, 1.0, 100, 0, 256}},
  };
  return *loads;
}

std::string OpenMetrics(int64_t from, int64_t to) {
  std::string out;
  auto series = [&](const std::string& name, const std::string& labels, auto value) {
    for (int64_t t = from; t <= to; t += 60) {
      absl::StrAppend(&out, name, "{", labels, "} ", absl::StrFormat("%.17g", value(t)), " ", t,
                      "\n");
    }
  };
  for (const auto& entry : Loads()) {
    const std::string& name = entry.first;
    const auto& l = entry.second;  // a reference lambdas can capture, unlike a binding
    std::string dst = absl::StrCat(
        "reporter=\"destination\",destination_service_namespace=\"shop\","
        "destination_service_name=\"",
        name, "\"");
    auto counter = [&](double per_s) {
      return [per_s, from](int64_t t) { return per_s * static_cast<double>(t - from); };
    };
    series("istio_requests_total", dst + ",response_code=\"200\"", counter(l.ok_per_s));
    series("istio_requests_total", dst + ",response_code=\"503\"", counter(l.failed_per_s));
    double all = l.ok_per_s + l.failed_per_s;
    for (const auto& [le, share] : std::map<std::string, double>{
             {"100", l.under_100ms}, {"250", l.under_250ms}, {"+Inf", 1.0}}) {
      series("istio_request_duration_milliseconds_bucket", dst + ",le=\"" + le + "\"",
             counter(all * share));
    }
    std::string c =
        absl::StrCat("namespace=\"shop\",pod=\"", name, "-1\",container=\"", name, "\"");
    series("container_memory_working_set_bytes", c, [&l, from](int64_t t) {
      return (l.mem_start_mib + l.mem_mib_per_hour * static_cast<double>(t - from) / 3600) * kMiB;
    });
    series("kube_pod_container_resource_limits", c + ",resource=\"memory\",unit=\"byte\"",
           [&l](int64_t) { return l.limit_mib * kMiB; });
  }
  // Another namespace's service, which the signals must leave out.
  series("istio_requests_total",
         "reporter=\"destination\",destination_service_namespace=\"other\","
         "destination_service_name=\"web\",response_code=\"500\"",
         [from](int64_t t) { return 100.0 * static_cast<double>(t - from); });
  return out + "# EOF\n";
}

class GoldenSignalsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!test_support::PrometheusInstalled()) return;
    char pattern[] = "/tmp/paved-golden-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = new std::string(pattern);
    int64_t now = SystemClock::Get()->NowMs() / 1000;
    start_ = now - now % kHour - 5 * kHour;
    auto prom = test_support::TestPrometheus::Start(*dir_, OpenMetrics(start_, start_ + 4 * kHour));
    ASSERT_OK(prom);
    prometheus_ = prom->release();
  }
  static void TearDownTestSuite() {
    delete prometheus_;
    prometheus_ = nullptr;
    if (dir_ != nullptr) fs::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (!test_support::PrometheusInstalled()) {
      GTEST_SKIP() << "prometheus and promtool are not installed (scripts/install-deps)";
    }
    ASSERT_NE(prometheus_, nullptr);
    http_ = http::NewCurlClient({.max_response_bytes = 4 << 20, .use_env_proxy = false});
  }

  Target Shop() {
    MonitoringConfig config;
    Target t{.project = "shop",
             .team = "retail",
             .cluster = "prod",
             .ns = "shop",
             .services = {"api", "web"}};
    t.metrics = ResolveMetrics(config, {});
    t.slo = config.slo;
    return t;
  }

  GoldenSignals Read(const Target& t) {
    // Two hours into the data, an hour long, a point every five minutes.
    return ReadGoldenSignals({.http = http_.get(), .url = prometheus_->url()}, t,
                             {.from = start_ + 2 * kHour, .to = start_ + 3 * kHour, .step = 300});
  }

  static const SignalPanel& Panel(const GoldenSignals& g, const std::string& key) {
    for (const SignalPanel& p : g.panels) {
      if (p.signal.key == key) return p;
    }
    ADD_FAILURE() << "no panel " << key;
    static const SignalPanel kNone;
    return kNone;
  }

  // The panel's series of `service`: every point must carry the same value, which is returned.
  static double Steady(const SignalPanel& p, const std::string& service) {
    for (const SignalSeries& s : p.series) {
      if (s.service != service) continue;
      EXPECT_EQ(s.points.size(), 13u) << p.signal.key;
      for (const auto& [t, v] : s.points) EXPECT_NEAR(v, s.points.front().second, 1e-9);
      return s.points.empty() ? -1 : s.points.front().second;
    }
    ADD_FAILURE() << p.signal.key << " has no series for " << service;
    return -1;
  }

  static inline std::string* dir_ = nullptr;
  static inline int64_t start_ = 0;
  static inline test_support::TestPrometheus* prometheus_ = nullptr;
  std::unique_ptr<http::Client> http_;
};

TEST_F(GoldenSignalsTest, RateErrorsAndLatencyAreThoseTheRequestsWereWrittenWith) {
  GoldenSignals g = Read(Shop());
  const SignalPanel& rate = Panel(g, "request_rate");
  ASSERT_EQ(rate.error, "");
  ASSERT_EQ(rate.series.size(), 2u) << "the other namespace's web is left out";
  EXPECT_NEAR(Steady(rate, "web"), 10.5, 1e-6);
  EXPECT_NEAR(Steady(rate, "api"), 2, 1e-6);
  const SignalPanel& errors = Panel(g, "error_ratio");
  EXPECT_NEAR(Steady(errors, "web"), 0.5 / 10.5, 1e-6);
  EXPECT_NEAR(Steady(errors, "api"), 0, 1e-9);
  // 90 % under 100 ms, 99 % under 250 ms; histogram_quantile interpolates inside a bucket.
  EXPECT_NEAR(Steady(Panel(g, "latency_p50"), "web"), 0.1 * 0.5 / 0.9, 1e-6);
  EXPECT_NEAR(Steady(Panel(g, "latency_p90"), "web"), 0.1, 1e-6);
  EXPECT_NEAR(Steady(Panel(g, "latency_p99"), "web"), 0.25, 1e-6);
}

TEST_F(GoldenSignalsTest, MemoryAndItsDaysLeftFollowTheWorkingSetsTrend) {
  GoldenSignals g = Read(Shop());
  const SignalPanel& memory = Panel(g, "memory_limit_ratio");
  ASSERT_EQ(memory.error, "");
  EXPECT_NEAR(Steady(memory, "api"), 100.0 / 256, 1e-9);
  ASSERT_EQ(g.capacity_error, "");
  std::map<std::string, CapacityEstimate> by_service;
  for (const CapacityEstimate& c : g.capacity) {
    if (c.resource == "memory") by_service[c.service] = c;
  }
  ASSERT_EQ(by_service.size(), 2u);
  // web: 200 MiB + 12 MiB/h, three hours in at the window's end: 236 of 512 MiB, 276 MiB to
  // go at 12 MiB/h is 23 h.
  EXPECT_NEAR(by_service["web"].used, 236.0 / 512, 1e-6);
  ASSERT_TRUE(by_service["web"].days_left.has_value());
  EXPECT_NEAR(*by_service["web"].days_left, 23.0 / 24, 1e-3);
  EXPECT_FALSE(by_service["api"].days_left.has_value()) << "api's memory does not grow";
}

TEST_F(GoldenSignalsTest, SloBudgetsFollowTheBadRatiosOverTheWindowAndTheLastHour) {
  Target t = Shop();
  t.slo.availability = 90;       // a budget of 10 % of requests
  t.slo.latency_percent = 98.5;  // 1.5 % may be slower than 250 ms
  GoldenSignals g = Read(t);
  ASSERT_EQ(g.slo_error, "");
  ASSERT_EQ(g.slos.size(), 2u);
  EXPECT_EQ(g.slos[0].service, "api");
  const SloStatus& web = g.slos[1];
  ASSERT_EQ(web.service, "web");
  ASSERT_EQ(web.budgets.size(), 2u);
  const SloBudget& availability = web.budgets[0];
  EXPECT_EQ(availability.sli, "availability");
  EXPECT_NEAR(availability.error_budget, 0.1, 1e-12);
  // web fails 0.5 of 10.5 requests per second all along: 4.76 % of a 10 % budget is spent.
  ASSERT_TRUE(availability.bad_ratio && availability.budget_remaining && availability.burn_rate_1h);
  EXPECT_NEAR(*availability.bad_ratio, 0.5 / 10.5, 1e-6);
  EXPECT_NEAR(*availability.budget_remaining, 1 - (0.5 / 10.5) / 0.1, 1e-6);
  EXPECT_NEAR(*availability.burn_rate_1h, (0.5 / 10.5) / 0.1, 1e-6);
  // 1 % slower than 250 ms against 1.5 % allowed: a third of the budget left.
  const SloBudget& latency = web.budgets[1];
  EXPECT_EQ(latency.sli, "latency");
  ASSERT_TRUE(latency.budget_remaining.has_value());
  EXPECT_NEAR(*latency.budget_remaining, 1 - 0.01 / 0.015, 1e-6);
  // api never fails and is always fast: the whole budget is left and nothing burns.
  EXPECT_NEAR(*g.slos[0].budgets[0].budget_remaining, 1, 1e-9);
  EXPECT_NEAR(*g.slos[0].budgets[1].burn_rate_1h, 0, 1e-9);
}

TEST_F(GoldenSignalsTest, AQueryPrometheusRefusesFailsItsPanelAndTheOthersStillCome) {
  Target t = Shop();
  // A metric name Prometheus cannot parse in one query only: the duration histogram.
  t.metrics.requests.duration_bucket = "bad-name";
  GoldenSignals g = Read(t);
  EXPECT_NE(Panel(g, "latency_p99").error, "");
  EXPECT_EQ(Panel(g, "request_rate").error, "");
  EXPECT_NEAR(Steady(Panel(g, "request_rate"), "web"), 10.5, 1e-6);
}

TEST_F(GoldenSignalsTest, PrometheusDownFailsEveryPanelWithItsAddress) {
  auto port = test_support::FreeLoopbackPort();
  ASSERT_OK(port);
  std::string url = absl::StrCat("http://127.0.0.1:", *port);
  GoldenSignals g = ReadGoldenSignals({.http = http_.get(), .url = url, .timeout_ms = 2000}, Shop(),
                                      {.from = start_, .to = start_ + 600, .step = 60});
  ASSERT_FALSE(g.panels.empty());
  for (const SignalPanel& p : g.panels) EXPECT_NE(p.error.find(url), std::string::npos);
  EXPECT_NE(g.capacity_error, "");
}

}  // namespace
}  // namespace paved::monitoring
