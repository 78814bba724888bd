// The allocation against a real Prometheus: a day of known requests and usage is written as
// OpenMetrics, turned into TSDB blocks by promtool, served by `prometheus`, and allocated; the
// stored rows are compared with the cost worked out by hand below.

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "core/status_macros.h"
#include "cost/cost_store.h"
#include "cost/kubernetes/allocator.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"
#include "tests/support/test_prometheus.h"

namespace paved::cost::kubernetes {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kDaySeconds = 86'400;
constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// Namespace → team id, as the catalog would answer.
class FakeTeams : public TeamResolver {
 public:
  absl::StatusOr<std::string> TeamOfNamespace(const std::string& ns, const std::string&) override {
    if (ns == "shop" || ns == "cart") return std::string("team-a");
    if (ns == "search") return std::string("team-b");
    return std::string();
  }
  absl::StatusOr<std::string> TeamIdOfSlug(const std::string& slug) override {
    return "id-" + slug;
  }
};

struct Pod {
  std::string ns, pod, container, node;
  double cpu_request, cpu_usage, ram_request_gib, ram_usage_gib;
};

// The day under test: n1 (4 cores, 16 GiB) is priced by its bill, n2 (2 cores, 4 GiB) by the
// table; cart uses more than it requests; n2 keeps capacity nobody requested.
const std::vector<Pod>& Pods() {
  static const std::vector<Pod> pods = {
      {"shop", "shop-1", "app", "n1", 1, 0.5, 2, 1},
      {"cart", "cart-1", "app", "n1", 0.5, 1.5, 1, 3},
      {"search", "search-1", "app", "n2", 1, 0.25, 1, 0.5},
      {"kube-system", "coredns-1", "coredns", "n2", 0.5, 0.125, 0.5, 0.25},
  };
  return pods;
}

// OpenMetrics for [from, to) with a sample every minute.
std::string OpenMetrics(int64_t from, int64_t to) {
  std::string out;
  auto series = [&](const std::string& name, const std::string& labels, auto value) {
    for (int64_t t = from; t < to; t += 60) {
      absl::StrAppend(&out, name, "{", labels, "} ", absl::StrFormat("%.17g", value(t)), " ", t,
                      "\n");
    }
  };
  auto constant = [](double v) { return [v](int64_t) { return v; }; };
  for (const Pod& p : Pods()) {
    std::string id = absl::StrCat("namespace=\"", p.ns, "\",pod=\"", p.pod, "\"");
    std::string c = absl::StrCat(id, ",container=\"", p.container, "\"");
    series("container_cpu_usage_seconds_total", c,
           [&](int64_t t) { return p.cpu_usage * static_cast<double>(t - from); });
    // The pod's cgroup total: never counted on top of its containers.
    series("container_cpu_usage_seconds_total", id + ",container=\"\"",
           [&](int64_t t) { return 10.0 * static_cast<double>(t - from); });
    series("container_memory_working_set_bytes", c, constant(p.ram_usage_gib * kGiB));
    series("kube_pod_container_resource_requests", c + ",resource=\"cpu\",unit=\"core\"",
           constant(p.cpu_request));
    series("kube_pod_container_resource_requests", c + ",resource=\"memory\",unit=\"byte\"",
           constant(p.ram_request_gib * kGiB));
    series("kube_pod_info", id + ",node=\"" + p.node + "\"", constant(1));
  }
  struct Node {
    std::string name, type, provider_id;
    double cores, gib;
  };
  for (const Node& n : {Node{"n1", "m5.xlarge", "aws:///eu-west-1a/i-0n1", 4, 16},
                        Node{"n2", "c5.large", "aws:///eu-west-1b/i-0n2", 2, 4}}) {
    std::string node = "node=\"" + n.name + "\"";
    series("kube_node_status_capacity", node + ",resource=\"cpu\",unit=\"core\"",
           constant(n.cores));
    series("kube_node_status_capacity", node + ",resource=\"memory\",unit=\"byte\"",
           constant(n.gib * kGiB));
    series("kube_node_labels", node + ",label_node_kubernetes_io_instance_type=\"" + n.type + "\"",
           constant(1));
    series("kube_node_info", node + ",provider_id=\"" + n.provider_id + "\"", constant(1));
  }
  return out + "# EOF\n";
}

class PrometheusAllocationTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);
    db_ = std::move(*db);
    audit_ = std::make_unique<audit::AuditLog>(db_.get(), SystemClock::Get());
    http_ = http::NewCurlClient({.max_response_bytes = 1 << 20, .use_env_proxy = false});
    int64_t now = SystemClock::Get()->NowMs() / 1000;
    day_start_ = now - now % kDaySeconds - 2 * kDaySeconds;
    day_ = absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(day_start_), absl::UTCTimeZone());
    char pattern[] = "/tmp/paved-k8scost-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    prometheus_.reset();
    if (!dir_.empty() && !HasFailure()) fs::remove_all(dir_);
  }

  // Serves the day (with an hour either side) from a real Prometheus.
  void StartPrometheus() {
    if (!test_support::PrometheusInstalled()) {
      GTEST_SKIP() << "prometheus and promtool are not installed (scripts/install-deps)";
    }
    auto prom = test_support::TestPrometheus::Start(
        dir_.string(), OpenMetrics(day_start_ - 3600, day_start_ + kDaySeconds + 3600));
    ASSERT_OK(prom);
    prometheus_ = std::move(*prom);
    url_ = prometheus_->url();
  }

  KubernetesCostConfig Config() {
    KubernetesCostConfig c;
    c.enabled = true;
    c.prometheus_url = url_;
    c.cluster = "prod";
    c.cpu_to_ram_price_ratio = 8;
    c.node_prices["c5.large"] = {.cpu_hour = 0.05, .gib_hour = 0.01};
    return c;
  }

  std::unique_ptr<Allocator> NewAllocator(KubernetesCostConfig config) {
    return std::make_unique<Allocator>(AllocatorDeps{.store = db_.get(),
                                                     .audit = audit_.get(),
                                                     .clock = SystemClock::Get(),
                                                     .http = http_.get(),
                                                     .teams = &teams_,
                                                     .config = std::move(config)});
  }

  // n1's instance costs $4.80 on the day in the imported bill.
  void ImportBill() {
    CostStore costs(db_.get());
    BillImport import{.id = "imp1",
                      .source = "bill.csv",
                      .format = "focus",
                      .periods = {{"", day_.substr(0, 7)}}};
    RollupRow row{.billing_period = day_.substr(0, 7),
                  .day = day_,
                  .account = "1",
                  .service = "AmazonEC2",
                  .team_tag = "platform",
                  .resource_id = "i-0n1",
                  .billed = Money{4'800'000'000},
                  .effective = Money{4'800'000'000},
                  .lines = 24};
    ASSERT_OK(db_->Transaction([&](store::Tx& tx) { return costs.Replace(tx, import, {row}); }));
  }

  std::map<std::string, AllocationRow> Stored() {
    auto rows = AllocationStore(db_.get()).Rows(day_, "prod");
    EXPECT_OK(rows);
    std::map<std::string, AllocationRow> out;
    for (const auto& r : *rows)
      out[r.row.namespace_name + "/" + r.row.kind + "/" + r.row.team_id] = r.row;
    return out;
  }

  std::unique_ptr<store::Store> db_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<http::Client> http_;
  FakeTeams teams_;
  int64_t day_start_ = 0;
  std::string day_;
  fs::path dir_;
  std::string url_;
  std::unique_ptr<test_support::TestPrometheus> prometheus_;
};

// Within 10 nano-dollars of `dollars`: sums of doubles, rounded once per row.
#define EXPECT_DOLLARS(money, dollars) EXPECT_NEAR((money).nanos, (dollars)*1e9, 10)

TEST_P(PrometheusAllocationTest, ADayIsAllocatedAsWorkedOutByHand) {
  StartPrometheus();
  if (IsSkipped()) return;
  ImportBill();
  auto result = NewAllocator(Config())->RunDay(day_, "sre1");
  ASSERT_OK(result);
  EXPECT_EQ(result->hours, 24);
  EXPECT_EQ(result->nodes, 2);

  // n1 from its bill: $4.80 / 24 h = $0.20 an hour over 4 cores × 8 + 16 GiB = 48 units,
  // g = $0.2/48 per GiB-hour, c = 8g per core-hour. n2 from the table: c = $0.05, g = $0.01.
  // shop: max(1, 0.5) c + max(2, 1) g = 10g an hour → $1.00 a day (CPU $0.80, RAM $0.20).
  // cart: max(0.5, 1.5) c + max(1, 3) g = 15g → $1.50 (CPU $1.20, RAM $0.30).
  // search: 1 × $0.05 + 1 × $0.01 → $1.44 (CPU $1.20, RAM $0.24).
  // kube-system: 0.5 × $0.05 + 0.5 × $0.01 → $0.72 (CPU $0.60, RAM $0.12), shared by team
  // cost: team-a $2.50, team-b $1.44.
  // idle: n1 48g − 25g = 23g an hour → $2.30 (CPU 1.5 cores × c → $1.20, RAM 11 GiB → $1.10);
  // n2 $0.14 − $0.09 = $0.05 an hour → $1.20 (CPU $0.60, RAM $0.60).
  std::map<std::string, AllocationRow> rows = Stored();
  ASSERT_EQ(rows.size(), 6u) << ::testing::PrintToString(rows.size());
  EXPECT_DOLLARS(rows["shop/workload/"].total, 1.00);
  EXPECT_DOLLARS(rows["shop/workload/"].cpu, 0.80);
  EXPECT_DOLLARS(rows["shop/workload/"].ram, 0.20);
  EXPECT_NEAR(rows["shop/workload/"].cpu_core_hours, 24, 1e-9);
  EXPECT_NEAR(rows["shop/workload/"].ram_gib_hours, 48, 1e-9);
  EXPECT_DOLLARS(rows["cart/workload/"].cpu, 1.20);
  EXPECT_DOLLARS(rows["cart/workload/"].ram, 0.30);
  EXPECT_NEAR(rows["cart/workload/"].cpu_core_hours, 36, 1e-6);  // usage over the request
  EXPECT_DOLLARS(rows["search/workload/"].total, 1.44);
  EXPECT_DOLLARS(rows["kube-system/shared/team-a"].total, 0.72 * 2.50 / 3.94);
  EXPECT_DOLLARS(rows["kube-system/shared/team-b"].total, 0.72 * 1.44 / 3.94);
  EXPECT_DOLLARS(rows["/idle/"].cpu, 1.80);
  EXPECT_DOLLARS(rows["/idle/"].ram, 1.70);
  EXPECT_NEAR(rows["/idle/"].cpu_core_hours, 24 * (1.5 + 0.5), 1e-6);

  auto nodes = AllocationStore(db_.get()).Nodes(day_, "prod");
  ASSERT_OK(nodes);
  ASSERT_EQ(nodes->size(), 2u);
  EXPECT_EQ((*nodes)[0].node.instance_id, "i-0n1");
  EXPECT_EQ((*nodes)[0].node.price_source, "bill");
  EXPECT_DOLLARS((*nodes)[0].node.cost, 4.80);
  EXPECT_EQ((*nodes)[1].node.price_source, "table");
  EXPECT_DOLLARS((*nodes)[1].node.cost, 3.36);
  EXPECT_DOLLARS(result->total, 8.16);  // both nodes' cost, nothing lost or counted twice

  auto events =
      db_->Query("SELECT actor, subject FROM audit_events WHERE action = 'cost.allocation'");
  ASSERT_OK(events);
  ASSERT_EQ(events->rows.size(), 1u);
  EXPECT_EQ(events->rows[0].Text("actor"), "sre1");
  EXPECT_EQ(events->rows[0].Text("subject"), "cluster:prod/" + day_);
}

TEST_P(PrometheusAllocationTest, RerunningADayReplacesItWithTheNewPrices) {
  StartPrometheus();
  if (IsSkipped()) return;
  ASSERT_OK(NewAllocator(Config())->RunDay(day_, "sre1"));
  // Without a bill n1 is priced by the default: 4 × 0.031611 + 16 × 0.004237 an hour.
  EXPECT_EQ(Stored().size(), 6u);
  ImportBill();
  ASSERT_OK(NewAllocator(Config())->RunDay(day_, "sre1"));
  std::map<std::string, AllocationRow> rows = Stored();
  EXPECT_EQ(rows.size(), 6u);
  EXPECT_DOLLARS(rows["shop/workload/"].total, 1.00);
}

TEST_P(PrometheusAllocationTest, TheJobAllocatesFinishedDaysNotYetAllocatedWhole) {
  StartPrometheus();
  if (IsSkipped()) return;
  ImportBill();
  std::string before = absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(day_start_ - kDaySeconds),
                                        absl::UTCTimeZone());
  std::string after = absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(day_start_ + kDaySeconds),
                                       absl::UTCTimeZone());
  DayAllocation marker{.rows = {{.namespace_name = "marker", .kind = "workload"}}};
  AllocationStore store(db_.get());
  ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
    // The day before was allocated while it was going; the day after is done.
    RETURN_IF_ERROR(store.Replace(tx, "prod", before, marker, 13));
    return store.Replace(tx, "prod", after, marker, 24);
  }));
  ASSERT_OK(NewAllocator(Config())->RunDue());
  EXPECT_DOLLARS(Stored()["shop/workload/"].total, 1.00);
  auto namespaces = [&](const std::string& day) {
    auto r = store.Rows(day, "prod");
    EXPECT_OK(r);
    std::set<std::string> out;
    for (const auto& a : *r) out.insert(a.row.namespace_name);
    return out;
  };
  // Allocated again (Prometheus has its last hour only); the day after is left alone.
  EXPECT_EQ(namespaces(before).count("marker"), 0u);
  EXPECT_EQ(namespaces(before).count("shop"), 1u);
  EXPECT_EQ(namespaces(after), (std::set<std::string>{"marker"}));
  auto days = store.AllocatedDays("prod", before, after);
  ASSERT_OK(days);
  EXPECT_EQ(*days, (std::set<std::string>{before, day_, after}));
}

TEST_P(PrometheusAllocationTest, AnAnswerOverTheSizeLimitIsRefused) {
  StartPrometheus();
  if (IsSkipped()) return;
  http_ = http::NewCurlClient({.max_response_bytes = 512, .use_env_proxy = false});
  auto result = NewAllocator(Config())->RunDay(day_, "sre1");
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(absl::IsUnavailable(result.status())) << result.status();
  EXPECT_NE(result.status().message().find("answer too large"), std::string::npos)
      << result.status();
  EXPECT_TRUE(Stored().empty());
}

TEST_P(PrometheusAllocationTest, APrometheusThatIsDownIsAClearErrorAndKeepsTheStoredDay) {
  auto port = test_support::FreeLoopbackPort();
  ASSERT_OK(port);
  url_ = absl::StrCat("http://127.0.0.1:", *port);
  DayAllocation old{.rows = {{.namespace_name = "shop", .kind = "workload", .total = Money{7}}},
                    .nodes = {{.node = "n1", .cost = Money{7}, .price_source = "table"}}};
  ASSERT_OK(db_->Transaction(
      [&](store::Tx& tx) { return AllocationStore(db_.get()).Replace(tx, "prod", day_, old); }));
  auto result = NewAllocator(Config())->RunDay(day_, "paved");
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(absl::IsUnavailable(result.status())) << result.status();
  EXPECT_NE(result.status().message().find("prometheus at " + url_ + " unreachable"),
            std::string::npos)
      << result.status();
  EXPECT_EQ(Stored()["shop/workload/"].total.nanos, 7);
  // The periodic round fails too, so the job is tried again later.
  EXPECT_FALSE(NewAllocator(Config())->RunDue().ok());
}

TEST_P(PrometheusAllocationTest, DaysAfterTodayAndMalformedDaysAreRefused) {
  auto allocator = NewAllocator(Config());
  EXPECT_TRUE(absl::IsInvalidArgument(allocator->RunDay("2026-13-01", "sre1").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(allocator->RunDay("2999-01-01", "sre1").status()));
  KubernetesCostConfig off;
  EXPECT_TRUE(absl::IsFailedPrecondition(NewAllocator(off)->RunDay(day_, "sre1").status()));
}

INSTANTIATE_TEST_SUITE_P(Engines, PrometheusAllocationTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::cost::kubernetes
