// The traffic API through the whole App: an sre stores a report for a known cluster (a mistake
// is 422 naming the field and stores nothing, a developer is refused), the ranking is scoped to
// the caller's teams with unowned traffic kept, and project and team tabs are only for their
// members (and sre, admin).
#include "traffic/edges/traffic_routes.h"

#include <map>
#include <set>

#include "gtest/gtest.h"
#include "server/testing/test_app.h"

namespace paved::traffic::edges {
namespace {

using json = nlohmann::json;
using server::testing::TestApp;

constexpr int64_t kGb = 1'000'000'000;

json Flow(const std::string& src, const std::string& dst, const std::string& src_zone,
          const std::string& dst_zone, int64_t bytes, const std::string& day) {
  bool crosses = src_zone != dst_zone;
  return {{"src", src},
          {"dst", dst},
          {"src_zone", src_zone},
          {"dst_zone", dst_zone},
          {"bytes", bytes},
          {"cross_zone_bytes", crosses ? bytes : 0},
          {"bytes_by_day", {{day, bytes}}}};
}

json Report(const json& flows) {
  int64_t bytes = 0, cross = 0;
  for (const json& f : flows) {
    bytes += f["bytes"].get<int64_t>();
    cross += f["cross_zone_bytes"].get<int64_t>();
  }
  return {{"schema", "vpc-flow-xzone/1"},
          {"flows", flows},
          {"totals", {{"bytes", bytes}, {"cross_zone_bytes", cross}}},
          {"unattributed_bytes", 0},
          {"unattributed_detail", {{"src_no_pod_bytes", 0}, {"dst_no_pod_bytes", 0}}},
          {"rejected_egress_bytes", 0},
          {"counts",
           {{"counted_records", 3},
            {"lines", 3},
            {"files", 1},
            {"uncompressed_bytes", 300},
            {"undirected_records", 0}}}};
}

class TrafficRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Call("PUT", "/api/v1/clusters/prod-eu", admin(),
                   json{{"region", "eu-west-1"},
                        {"environment", "production"},
                        {"runtime", "kubernetes"},
                        {"endpoint", "https://k8s.example.com"},
                        {"mesh", "istio"},
                        {"zones", {"euw1-az1", "euw1-az2"}}})
                  .status,
              200);
    for (auto [team, project] : {std::pair{"shop", "shop"}, std::pair{"ads", "ads-api"}}) {
      ASSERT_EQ(Call("POST", "/api/v1/teams", admin(), json{{"slug", team}, {"name", team}}).status,
                201);
      ASSERT_EQ(Call("POST", "/api/v1/projects", admin(),
                     json{{"slug", project}, {"name", project}, {"owner_team", team}})
                    .status,
                201);
      std::string dev = std::string("dev-") + team;
      devs_[team] = t_.UserToken(dev, "developer");
      ASSERT_EQ(Call("POST", std::string("/api/v1/teams/") + team + "/members", admin(),
                     json{{"login", dev}})
                    .status,
                201);
    }
    sre_ = t_.UserToken("sre1", "sre");
  }

  TestApp::Reply Call(const std::string& method, const std::string& target,
                      const std::string& token, const json& body = nullptr) {
    return t_.Call(method, target, body.is_null() ? "" : body.dump(), token);
  }
  const std::string& admin() { return t_.admin_token(); }

  void StoreNovember() {
    json report = Report(
        {Flow("shop/web", "ads-api/api", "euw1-az1", "euw1-az2", 10 * kGb, "2026-11-02"),
         Flow("ads-api/api", "shop/db", "euw1-az2", "euw1-az1", 5 * kGb, "2026-11-02"),
         Flow("kube-system/dns", "ads-api/api", "euw1-az1", "euw1-az2", 2 * kGb, "2026-11-02"),
         Flow("ads-api/api", "kube-system/dns", "euw1-az2", "euw1-az1", 3 * kGb, "2026-11-02")});
    auto stored =
        Call("POST", "/api/v1/traffic/analyses?cluster=prod-eu&name=nov.json", sre_, report);
    ASSERT_EQ(stored.status, 201) << stored.raw.body;
    EXPECT_EQ(stored.json["cross_zone_bytes"], 20 * kGb);
    EXPECT_EQ(stored.json["source"], "nov.json");
  }

  // team ("unowned" for "") → cost_usd, as `token` sees it.
  std::map<std::string, std::string> ByTeam(const std::string& token) {
    auto r = Call("GET", "/api/v1/traffic?group_by=team&from=2026-11-01&to=2026-11-30", token);
    EXPECT_EQ(r.status, 200) << r.raw.body;
    std::map<std::string, std::string> out;
    for (const json& g : r.json["groups"]) {
      std::string team = g["keys"]["team"];
      out[team.empty() ? "unowned" : team] = g["cost_usd"];
    }
    return out;
  }

  TestApp t_;
  std::map<std::string, std::string> devs_;
  std::string sre_;
};

TEST_F(TrafficRoutesTest, AnSreStoresAReportAndTheRankingShowsIt) {
  StoreNovember();
  EXPECT_EQ(ByTeam(sre_), (std::map<std::string, std::string>{
                              {"shop", "0.20"}, {"ads", "0.16"}, {"unowned", "0.04"}}));
  auto list = Call("GET", "/api/v1/traffic/analyses", sre_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json["items"].size(), 1u);
  EXPECT_EQ(list.json["items"][0]["stored_by"], "sre1");
}

TEST_F(TrafficRoutesTest, MistakesAreRefusedNamingTheFieldAndStoreNothing) {
  json report = Report(json::array({Flow("shop/web", "ads-api/api", "a", "b", 10, "2026-11-02")}));
  EXPECT_EQ(Call("POST", "/api/v1/traffic/analyses?cluster=prod-eu", devs_["shop"], report).status,
            403);
  auto missing = Call("POST", "/api/v1/traffic/analyses", sre_, report);
  EXPECT_EQ(missing.status, 422) << missing.raw.body;
  EXPECT_EQ(missing.json["error"]["field"], "cluster");
  auto unknown = Call("POST", "/api/v1/traffic/analyses?cluster=prod-us", sre_, report);
  EXPECT_EQ(unknown.status, 422) << unknown.raw.body;
  EXPECT_EQ(unknown.json["error"]["field"], "cluster");
  report["flows"][0]["bytes_by_day"]["2026-11-02"] = 9;
  auto bad = Call("POST", "/api/v1/traffic/analyses?cluster=prod-eu", sre_, report);
  EXPECT_EQ(bad.status, 422) << bad.raw.body;
  EXPECT_EQ(bad.json["error"]["field"], "flows[0].bytes_by_day");
  auto not_json = t_.Call("POST", "/api/v1/traffic/analyses?cluster=prod-eu", "{", sre_);
  EXPECT_EQ(not_json.status, 422) << not_json.raw.body;
  EXPECT_EQ(not_json.json["error"]["field"], "body");
  EXPECT_EQ(Call("GET", "/api/v1/traffic/analyses", sre_).json["items"].size(), 0u);
  auto group = Call("GET", "/api/v1/traffic?group_by=zone", sre_);
  EXPECT_EQ(group.status, 422);
  EXPECT_EQ(group.json["error"]["field"], "group_by");
  auto day = Call("GET", "/api/v1/traffic?from=2026-11-31", sre_);
  EXPECT_EQ(day.json["error"]["field"], "from");
  auto cluster = Call("GET", "/api/v1/traffic?cluster=nope", sre_);
  EXPECT_EQ(cluster.json["error"]["field"], "cluster");
}

TEST_F(TrafficRoutesTest, DevelopersSeeTheirTeamsEdgesAndUnownedOnly) {
  StoreNovember();
  // shop's developer: shop's and ads' edges that touch shop, and the unowned sender; not ads'
  // calls to kube-system (0.06 of ads' 0.16).
  EXPECT_EQ(ByTeam(devs_["shop"]), (std::map<std::string, std::string>{
                                       {"shop", "0.20"}, {"ads", "0.10"}, {"unowned", "0.04"}}));
  auto mine =
      Call("GET", "/api/v1/projects/shop/traffic?from=2026-11-01&to=2026-11-30", devs_["shop"]);
  ASSERT_EQ(mine.status, 200) << mine.raw.body;
  EXPECT_EQ(mine.json["sent"]["cost_usd"], "0.20");
  EXPECT_EQ(mine.json["received"]["cross_zone_bytes"], 5 * kGb);
  ASSERT_EQ(mine.json["edges"].size(), 2u);
  EXPECT_EQ(mine.json["edges"][0]["direction"], "out");
  // prod-eu runs Istio: the fix for shop/web → ads-api/api is a DestinationRule with locality
  // load balancing and outlier detection for the destination's Service.
  const json& proposal = mine.json["edges"][0]["proposal"];
  ASSERT_TRUE(proposal.is_object()) << mine.json["edges"][0].dump();
  EXPECT_EQ(proposal["kind"], "DestinationRule");
  EXPECT_EQ(proposal["object"]["spec"]["host"], "api.ads-api.svc.cluster.local");
  EXPECT_TRUE(proposal["object"]["spec"]["trafficPolicy"].contains("outlierDetection"));
  // ads-api/api only ever received in euw1-az2, and shop/web sends from euw1-az1: locality keeps
  // nothing in zone until the destination is spread, which the proposal warns about.
  EXPECT_EQ(proposal["monthly_saving_usd"].get<double>(), 0);
  // Paved renders locality on Istio already for a project's service, so the proposal also says
  // that what still crosses comes from zones without a replica.
  std::map<std::string, std::string> warnings;
  for (const json& w : proposal["warnings"]) warnings[w["code"]] = w["message"];
  EXPECT_EQ(warnings.size(), 2u) << proposal["warnings"].dump();
  EXPECT_TRUE(warnings.count("already_applied"));
  EXPECT_NE(warnings["not_spread"].find("euw1-az1"), std::string::npos);
  // Replicas known only by the zones they answered from: no guess about a single replica.
  EXPECT_FALSE(warnings.count("single_replica"));
  // Once ads-api's spec turns locality off for api, Paved no longer renders it there.
  ASSERT_EQ(Call("PUT", "/api/v1/projects/ads-api/spec", devs_["ads"],
                 json{{"yaml",
                       "apiVersion: paved.dev/v1\nservices:\n  api:\n    image: "
                       "registry.example.com/api\n    port: 8080\n    traffic: {locality: "
                       "false}\n"}})
                .status,
            201);
  auto after =
      Call("GET", "/api/v1/projects/shop/traffic?from=2026-11-01&to=2026-11-30", devs_["shop"]);
  std::set<std::string> codes;
  for (const json& w : after.json["edges"][0]["proposal"]["warnings"]) codes.insert(w["code"]);
  EXPECT_EQ(codes, std::set<std::string>{"not_spread"}) << after.raw.body;
  EXPECT_EQ(Call("GET", "/api/v1/projects/ads-api/traffic", devs_["shop"]).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/teams/ads/traffic", devs_["shop"]).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/projects/nope/traffic", devs_["shop"]).status, 404);
  auto team = Call("GET", "/api/v1/teams/ads/traffic?from=2026-11-01&to=2026-11-30", devs_["ads"]);
  ASSERT_EQ(team.status, 200) << team.raw.body;
  EXPECT_EQ(team.json["received"]["cross_zone_bytes"], 12 * kGb);
  EXPECT_EQ(Call("GET", "/api/v1/teams/shop/traffic", sre_).status, 200);
}

}  // namespace
}  // namespace paved::traffic::edges
