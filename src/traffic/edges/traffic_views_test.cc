// The traffic views on both engines: ranking by team, project, workload and edge (unowned kept,
// cost at 0.02 USD per GB), what a developer sees, and a project's and team's tab: share, cost
// per day, month to date, trend, top edges and the facts handed to the advisor.
#include "traffic/edges/traffic_views.h"

#include <map>

#include "traffic/edges/testing/traffic_fixture.h"

namespace paved::traffic::edges {
namespace {

using nlohmann::json;
using testing::kGb;

class TrafficViewsTest : public testing::TrafficFixture {
 protected:
  void SetUp() override {
    TrafficFixture::SetUp();
    // shop/web → ads-api/api across zones: 10 GB on Nov 1, 20 GB on Nov 2.
    Put("k1", "shop/web", "ads-api/api", "az1", "az2",
        {{"2026-11-01", 10 * kGb}, {"2026-11-02", 20 * kGb}});
    // ads-api/api → shop/db across zones: 5 GB on Nov 2 (stored as its own analysis of k2).
    Put("k2", "ads-api/api", "shop/db", "az2", "az3", {{"2026-11-02", 5 * kGb}});
    // unowned kube-system/coredns → ads-api/api: 4 GB across; and shop/web → shop/db in zone.
    Put("k3", "kube-system/coredns", "ads-api/api", "az1", "az3", {{"2026-11-02", 4 * kGb}});
    Put("k4", "shop/web", "shop/db", "az1", "az1", {{"2026-11-02", 70 * kGb}});
    // the period before: shop/web sent 15 GB across on Oct 31.
    Put("k5", "shop/web", "ads-api/api", "az1", "az2", {{"2026-10-31", 15 * kGb}});
  }

  std::vector<OwnedEdge> Edges(const TrafficQuery& q) {
    WorkloadOwners owners(db_.get());
    auto edges = OwnedEdges(*traffic_, owners, q);
    EXPECT_OK(edges);
    return edges.ok() ? *edges : std::vector<OwnedEdge>{};
  }

  // group keys joined by "/" → cost_usd
  std::map<std::string, std::string> Ranking(const TrafficQuery& q, const std::string& group_by) {
    json view = RankingView(Edges(q), q, group_by);
    std::map<std::string, std::string> out;
    for (const json& g : view["groups"]) {
      std::string key;
      for (const auto& [dim, value] : g["keys"].items()) {
        key += (key.empty() ? "" : "/") + dim + "=" + value.get<std::string>();
      }
      out[key] = g["cost_usd"];
    }
    return out;
  }

  TrafficQuery november_ = {.from = "2026-11-01", .to = "2026-11-02"};
};

TEST_P(TrafficViewsTest, RanksTeamsBySentCrossZoneCostKeepingUnowned) {
  json view = RankingView(Edges(november_), november_, "team");
  ASSERT_EQ(view["groups"].size(), 3u);
  EXPECT_EQ(view["groups"][0]["keys"]["team"], "shop");  // 30 GB across of 100 sent
  EXPECT_EQ(view["groups"][0]["cost_usd"], "0.60");
  EXPECT_EQ(view["groups"][0]["cross_zone_bytes"], 30 * kGb);
  EXPECT_DOUBLE_EQ(view["groups"][0]["share"].get<double>(), 0.3);
  EXPECT_EQ(view["groups"][1]["keys"]["team"], "ads");
  EXPECT_EQ(view["groups"][1]["cost_usd"], "0.10");
  EXPECT_EQ(view["groups"][2]["keys"]["team"], "");
  EXPECT_TRUE(view["groups"][2]["unowned"].get<bool>());
  EXPECT_EQ(view["total"]["cost_usd"], "0.78");
  EXPECT_EQ(view["total"]["cost_nanos"], 780'000'000);
}

TEST_P(TrafficViewsTest, GroupsByProjectWorkloadAndEdge) {
  EXPECT_EQ(Ranking(november_, "project"),
            (std::map<std::string, std::string>{{"project=shop/team=shop", "0.60"},
                                                {"project=ads-api/team=ads", "0.10"},
                                                {"project=/team=", "0.08"}}));
  auto workloads = Ranking(november_, "workload");
  EXPECT_EQ(workloads["cluster=k1/project=shop/team=shop/workload=shop/web"], "0.60");
  EXPECT_EQ(workloads["cluster=k4/project=shop/team=shop/workload=shop/web"], "0.00");
  auto edges = Ranking(november_, "edge");
  EXPECT_EQ(edges["cluster=k2/dst=shop/db/dst_project=shop/dst_team=shop/project=ads-api/"
                  "src=ads-api/api/team=ads"],
            "0.10");
}

TEST_P(TrafficViewsTest, DeveloperSeesEdgesTouchingTheirTeamsAndUnownedSenders) {
  TrafficQuery q = november_;
  q.visible_teams = std::set<std::string>{"shop"};
  EXPECT_EQ(Edges(q).size(), 5u);  // every edge touches shop or is sent by unowned
  q.cluster = "k3";
  EXPECT_EQ(Edges(q).size(), 1u);  // coredns → ads-api: unowned sender
  q.cluster = "";
  q.visible_teams = std::set<std::string>{"nobody"};
  std::vector<OwnedEdge> edges = Edges(q);
  ASSERT_EQ(edges.size(), 1u);
  EXPECT_EQ(edges[0].row.src, "kube-system/coredns");
}

TEST_P(TrafficViewsTest, ProjectTabHasShareDaysMonthTrendAndEdges) {
  TrafficQuery load = november_;
  load.from = ScopeFirstDay(november_);
  EXPECT_EQ(load.from, "2026-10-30");
  std::vector<EdgeFacts> asked;
  EdgeAdvisor advisor = [&](const EdgeFacts& f) -> absl::StatusOr<std::optional<json>> {
    asked.push_back(f);
    return std::optional<json>(json{{"kind", "DestinationRule"}});
  };
  auto view = ScopeView(Edges(load), november_, {Scope::Kind::kProject, "shop"}, advisor);
  ASSERT_OK(view);
  const json& v = *view;
  EXPECT_EQ(v["sent"]["cross_zone_bytes"], 30 * kGb);
  EXPECT_EQ(v["sent"]["bytes"], 100 * kGb);
  EXPECT_EQ(v["received"]["cross_zone_bytes"], 5 * kGb);
  ASSERT_EQ(v["days"].size(), 2u);
  EXPECT_EQ(v["days"][0]["cost_usd"], "0.20");
  EXPECT_EQ(v["days"][1]["cost_usd"], "0.40");
  EXPECT_EQ(v["month"]["month"], "2026-11");
  EXPECT_EQ(v["month"]["cost_usd"], "0.60");
  EXPECT_EQ(v["trend"]["previous_from"], "2026-10-30");
  EXPECT_EQ(v["trend"]["previous"]["cost_usd"], "0.30");
  EXPECT_DOUBLE_EQ(v["trend"]["change"].get<double>(), 1.0);
  ASSERT_EQ(v["edges"].size(), 2u);  // the in-zone edge is no cross-zone edge
  EXPECT_EQ(v["edges"][0]["src"], "shop/web");
  EXPECT_EQ(v["edges"][0]["direction"], "out");
  EXPECT_EQ(v["edges"][0]["proposal"]["kind"], "DestinationRule");
  EXPECT_EQ(v["edges"][1]["direction"], "in");
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[0].dst, "ads-api/api");
  EXPECT_EQ(asked[0].dst_project, "ads-api");
  EXPECT_EQ(asked[0].window_seconds, 2 * 86400);
  EXPECT_EQ(asked[0].source_zones,
            (std::vector<std::pair<std::string, int64_t>>{{"az1", 30 * kGb}}));
  std::map<std::string, double> shares;  // cluster/workload → share crossing zones
  for (const json& w : v["workloads"]) {
    shares[w["cluster"].get<std::string>() + "/" + w["workload"].get<std::string>()] =
        w["share"].get<double>();
  }
  ASSERT_TRUE(shares.count("k1/shop/web") && shares.count("k4/shop/web")) << v["workloads"];
  EXPECT_DOUBLE_EQ(shares["k1/shop/web"], 1.0);
  EXPECT_DOUBLE_EQ(shares["k4/shop/web"], 0.0);
}

TEST_P(TrafficViewsTest, TeamTabSumsItsProjects) {
  auto view =
      ScopeView(Edges({.from = "2026-10-01", .to = "2026-11-02"}),
                {.from = "2026-11-01", .to = "2026-11-02"}, {Scope::Kind::kTeam, "ads"}, nullptr);
  ASSERT_OK(view);
  EXPECT_EQ((*view)["sent"]["cost_usd"], "0.10");
  EXPECT_EQ((*view)["received"]["cross_zone_bytes"], 34 * kGb);
  EXPECT_TRUE((*view)["edges"][0]["proposal"].is_null());
}

TEST(TrafficCostTest, TwoCentsPerGigabyte) {
  EXPECT_EQ(CostNanos(kGb), 20'000'000);
  EXPECT_EQ(UsdText(CostNanos(1234 * kGb)), "24.68");
  EXPECT_EQ(UsdText(CostNanos(1)), "0.00");
}

INSTANTIATE_TEST_SUITE_P(Engines, TrafficViewsTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::traffic::edges
