#include "cost/kubernetes/allocation.h"

#include <cmath>

#include "cost/kubernetes/pricing.h"
#include "gtest/gtest.h"

namespace paved::cost::kubernetes {
namespace {

// 4 cores and 16 GiB at $0.04 per core-hour and $0.005 per GiB-hour: $0.24 an hour.
NodeDay Node(const std::string& name, int hours = 1) {
  return {.node = name,
          .instance_id = "i-" + name,
          .cpu_cores = 4,
          .ram_gib = 16,
          .hours = hours,
          .cpu_hour_price = 0.04,
          .gib_hour_price = 0.005,
          .price_source = "table"};
}

ContainerHour Container(const std::string& ns, const std::string& node, double cpu_request,
                        double cpu_usage, double ram_request, double ram_usage) {
  return {.namespace_name = ns,
          .pod = ns + "-pod",
          .container = "app",
          .node = node,
          .cpu_request = cpu_request,
          .cpu_usage = cpu_usage,
          .ram_request_gib = ram_request,
          .ram_usage_gib = ram_usage};
}

const AllocationRow* Find(const DayAllocation& a, const std::string& ns, const std::string& kind,
                          const std::string& team = "") {
  for (const AllocationRow& r : a.rows) {
    if (r.namespace_name == ns && r.kind == kind && r.team_id == team) return &r;
  }
  return nullptr;
}

TEST(AllocateTest, AContainerCostsTheLargerOfItsRequestAndItsUsage) {
  // CPU: request 1 > usage 0.5; RAM: usage 3 GiB > request 2 GiB.
  DayAllocation a = Allocate({Node("n1")}, {Container("shop", "n1", 1, 0.5, 2, 3)}, {}, {});
  const AllocationRow* shop = Find(a, "shop", "workload");
  ASSERT_NE(shop, nullptr);
  EXPECT_DOUBLE_EQ(shop->cpu_core_hours, 1);
  EXPECT_DOUBLE_EQ(shop->ram_gib_hours, 3);
  EXPECT_EQ(shop->cpu.nanos, 40'000'000);
  EXPECT_EQ(shop->ram.nanos, 15'000'000);
  EXPECT_EQ(shop->total.nanos, 55'000'000);
  // The rest of the node's $0.24 is idle.
  const AllocationRow* idle = Find(a, "", "idle");
  ASSERT_NE(idle, nullptr);
  EXPECT_EQ(idle->total.nanos, 240'000'000 - 55'000'000);
  EXPECT_DOUBLE_EQ(idle->cpu_core_hours, 3);
  EXPECT_DOUBLE_EQ(idle->ram_gib_hours, 13);
  ASSERT_EQ(a.nodes.size(), 1u);
  EXPECT_EQ(a.nodes[0].cost.nanos, 240'000'000);
  EXPECT_EQ(a.nodes[0].instance_id, "i-n1");
}

TEST(AllocateTest, IdleIsPerNodeAndNeverBelowZero) {
  // n1 is overcommitted (6 cores used of 4), n2 is empty for two hours.
  DayAllocation a =
      Allocate({Node("n1"), Node("n2", 2)}, {Container("shop", "n1", 6, 6, 16, 1)}, {}, {});
  const AllocationRow* idle = Find(a, "", "idle");
  ASSERT_NE(idle, nullptr);
  EXPECT_EQ(idle->total.nanos, 2 * 240'000'000);
  EXPECT_EQ(Find(a, "shop", "workload")->total.nanos, 6 * 40'000'000 + 16 * 5'000'000);
}

TEST(AllocateTest, AContainerOnAnUnknownNodeIsLeftOut) {
  DayAllocation a = Allocate({Node("n1")}, {Container("shop", "gone", 1, 1, 1, 1)}, {}, {});
  EXPECT_EQ(Find(a, "shop", "workload"), nullptr);
  EXPECT_EQ(Find(a, "", "idle")->total.nanos, 240'000'000);
}

TEST(AllocateTest, ASharedNamespaceIsSplitByItsWeights) {
  DayAllocation a = Allocate({Node("n1")}, {Container("kube-system", "n1", 1, 0, 4, 0)},
                             {{"kube-system", {{"team-a", 1}, {"team-b", 3}}}}, {});
  // $0.04 + $0.02 = $0.06, one quarter and three quarters.
  EXPECT_EQ(Find(a, "kube-system", "workload"), nullptr);
  ASSERT_NE(Find(a, "kube-system", "shared", "team-a"), nullptr);
  EXPECT_EQ(Find(a, "kube-system", "shared", "team-a")->total.nanos, 15'000'000);
  EXPECT_EQ(Find(a, "kube-system", "shared", "team-b")->total.nanos, 45'000'000);
  EXPECT_DOUBLE_EQ(Find(a, "kube-system", "shared", "team-b")->cpu_core_hours, 0.75);
}

TEST(AllocateTest, WithoutWeightsASharedNamespaceFollowsEachTeamsCost) {
  DayAllocation a = Allocate({Node("n1")},
                             {Container("shop", "n1", 1, 0, 0, 0),         // team-a $0.04
                              Container("cart", "n1", 0, 0, 8, 0),         // team-a $0.04
                              Container("search", "n1", 2, 0, 0, 0),       // team-b $0.08
                              Container("monitoring", "n1", 1, 0, 4, 0)},  // $0.06
                             {{"monitoring", {}}},
                             {{"shop", "team-a"}, {"cart", "team-a"}, {"search", "team-b"}});
  EXPECT_EQ(Find(a, "monitoring", "shared", "team-a")->total.nanos, 30'000'000);
  EXPECT_EQ(Find(a, "monitoring", "shared", "team-b")->total.nanos, 30'000'000);
  // Workload rows keep no team: the views resolve it from the namespace.
  EXPECT_EQ(Find(a, "shop", "workload")->team_id, "");
}

TEST(AllocateTest, ASharedNamespaceWithNoTeamToSplitToStaysAWorkload) {
  DayAllocation a = Allocate({Node("n1")}, {Container("kube-system", "n1", 1, 0, 0, 0)},
                             {{"kube-system", {}}}, {});
  ASSERT_NE(Find(a, "kube-system", "workload"), nullptr);
  EXPECT_EQ(Find(a, "kube-system", "workload")->total.nanos, 40'000'000);
}

TEST(PricingTest, ABillsDayCostIsSpreadOverTheHoursAndSplitByTheRatio) {
  KubernetesCostConfig config;
  config.cpu_to_ram_price_ratio = 8;
  NodeDay n = Node("n1", 24);
  // $4.80 a day → $0.20 an hour over 4 × 8 + 16 = 48 units: $0.0041666… per GiB-hour.
  PriceNode(n, config, Money{4'800'000'000});
  EXPECT_EQ(n.price_source, "bill");
  EXPECT_DOUBLE_EQ(n.gib_hour_price, 0.2 / 48);
  EXPECT_DOUBLE_EQ(n.cpu_hour_price, 8 * 0.2 / 48);
  EXPECT_NEAR(4 * n.cpu_hour_price + 16 * n.gib_hour_price, 0.2, 1e-12);
}

TEST(PricingTest, TheTableGivesPerUnitPricesOrAnHourlyNodePrice) {
  KubernetesCostConfig config;
  config.cpu_to_ram_price_ratio = 8;
  config.node_prices["m5.xlarge"] = {.cpu_hour = 0.05, .gib_hour = 0.01};
  config.node_prices["c5.xlarge"] = {.hourly = 0.48};
  NodeDay m = Node("m");
  m.instance_type = "m5.xlarge";
  PriceNode(m, config, std::nullopt);
  EXPECT_EQ(m.price_source, "table");
  EXPECT_DOUBLE_EQ(m.cpu_hour_price, 0.05);
  EXPECT_DOUBLE_EQ(m.gib_hour_price, 0.01);
  NodeDay c = Node("c");
  c.instance_type = "c5.xlarge";
  PriceNode(c, config, std::nullopt);
  EXPECT_DOUBLE_EQ(c.gib_hour_price, 0.01);
  EXPECT_DOUBLE_EQ(c.cpu_hour_price, 0.08);
  NodeDay other = Node("o");
  other.instance_type = "unknown.type";
  PriceNode(other, config, std::nullopt);
  EXPECT_DOUBLE_EQ(other.cpu_hour_price, 0.031611);
  EXPECT_DOUBLE_EQ(other.gib_hour_price, 0.004237);
}

}  // namespace
}  // namespace paved::cost::kubernetes
