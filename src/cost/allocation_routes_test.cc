#include "cost/allocation_routes.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/testing/test_app.h"
#include "tests/support/peer_process.h"
#include "tests/support/status_assertions.h"

namespace paved::cost {
namespace {

using json = nlohmann::json;
using server::testing::TestApp;

constexpr char kDay[] = "2026-11-02";

class AllocationRoutesTest : public ::testing::Test {
 protected:
  // An app whose Prometheus is a port nobody listens on.
  void Start(bool configured) {
    auto port = test_support::FreeLoopbackPort();
    ASSERT_OK(port);
    json file = json::object();
    if (configured) {
      file = {{"cost",
               {{"kubernetes",
                 {{"prometheus_url", absl::StrCat("http://127.0.0.1:", *port)},
                  {"cluster", "prod"},
                  {"timeout_seconds", 5}}}}}};
    }
    t_ = std::make_unique<TestApp>("", SystemClock::Get(), file);
    const std::string& admin = t_->admin_token();
    for (const char* team : {"team-a", "team-b"}) {
      auto made = t_->Call("POST", "/api/v1/teams", json{{"slug", team}, {"name", team}}, admin);
      ASSERT_EQ(made.status, 201);
      team_ids_[team] = made.json["id"];
    }
    // Namespaces named like projects belong to the project's team.
    for (auto [project, team] : {std::pair{"shop", "team-a"}, std::pair{"search", "team-b"}}) {
      ASSERT_EQ(t_->Call("POST", "/api/v1/projects",
                         json{{"slug", project}, {"name", project}, {"owner_team", team}}, admin)
                    .status,
                201);
    }
    dev_ = t_->UserToken("dev", "developer");
    ASSERT_EQ(
        t_->Call("POST", "/api/v1/teams/team-a/members", json{{"login", "dev"}}, admin).status,
        201);
    sre_ = t_->UserToken("sre", "sre");
    viewer_ = t_->UserToken("viewer", "viewer");
  }

  void StoreDay() {
    auto row = [](const std::string& ns, const std::string& kind, const std::string& team) {
      return kubernetes::AllocationRow{
          .namespace_name = ns, .kind = kind, .team_id = team, .total = Money{1'000'000'000}};
    };
    kubernetes::DayAllocation a{
        .rows = {row("", "idle", ""), row("kube-system", "shared", team_ids_["team-a"]),
                 row("kube-system", "shared", team_ids_["team-b"]), row("search", "workload", ""),
                 row("shop", "workload", "")},
        .nodes = {{.node = "n1", .instance_id = "i-01", .cost = Money{5}, .price_source = "bill"}}};
    kubernetes::AllocationStore store(&t_->app().store());
    ASSERT_OK(t_->app().store().Transaction(
        [&](store::Tx& tx) { return store.Replace(tx, "prod", kDay, a); }));
  }

  std::set<std::string> Seen(const std::string& token) {
    auto reply = t_->Call("GET", std::string("/api/v1/cost/allocations?day=") + kDay, "", token);
    EXPECT_EQ(reply.status, 200) << reply.raw.body;
    std::set<std::string> out;
    for (const json& r : reply.json["items"]) {
      std::string team = r["team_id"];
      for (const auto& [slug, id] : team_ids_) {
        if (id == team) team = slug;
      }
      out.insert(r["namespace"].get<std::string>() + "/" + r["kind"].get<std::string>() + "/" +
                 team);
    }
    return out;
  }

  std::unique_ptr<TestApp> t_;
  std::map<std::string, std::string> team_ids_;
  std::string dev_, sre_, viewer_;
};

TEST_F(AllocationRoutesTest, ADeveloperSeesTheirTeamsRowsAndSreSeesAll) {
  Start(false);
  StoreDay();
  EXPECT_EQ(Seen(sre_), (std::set<std::string>{"/idle/", "kube-system/shared/team-a",
                                               "kube-system/shared/team-b", "search/workload/",
                                               "shop/workload/"}));
  EXPECT_EQ(Seen(dev_), (std::set<std::string>{"kube-system/shared/team-a", "shop/workload/"}));
  EXPECT_TRUE(Seen(viewer_).empty());  // in no team
  auto sre = t_->Call("GET", std::string("/api/v1/cost/allocations?day=") + kDay, "", sre_);
  ASSERT_EQ(sre.json["nodes"].size(), 1u);
  EXPECT_EQ(sre.json["nodes"][0]["instance_id"], "i-01");
  EXPECT_EQ(sre.json["items"][0]["total"], "1.000000000");
  auto dev = t_->Call("GET", std::string("/api/v1/cost/allocations?day=") + kDay, "", dev_);
  EXPECT_TRUE(dev.json["nodes"].empty());
  // Another cluster has nothing.
  auto other =
      t_->Call("GET", std::string("/api/v1/cost/allocations?cluster=dev&day=") + kDay, "", sre_);
  EXPECT_TRUE(other.json["items"].empty());
}

TEST_F(AllocationRoutesTest, ADayMustBeADate) {
  Start(true);
  for (const char* target : {"/api/v1/cost/allocations", "/api/v1/cost/allocations?day=2026-13-40",
                             "/api/v1/cost/allocations?day=yesterday"}) {
    auto reply = t_->Call("GET", target, "", sre_);
    EXPECT_EQ(reply.status, 422) << target;
    EXPECT_EQ(reply.json["error"]["field"], "day") << target;
  }
  auto future = t_->Call("POST", "/api/v1/cost/allocations/run?day=2999-01-01", "", sre_);
  EXPECT_EQ(future.status, 422);
  EXPECT_EQ(future.json["error"]["field"], "day");
}

TEST_F(AllocationRoutesTest, RunningIsForSreAndSaysWhenPrometheusIsDown) {
  Start(true);
  std::string run = std::string("/api/v1/cost/allocations/run?day=") + kDay;
  EXPECT_EQ(t_->Call("POST", run, "", dev_).status, 403);
  EXPECT_EQ(t_->Call("POST", run, "", viewer_).status, 403);
  // The answer says to retry; the server's log names the Prometheus and why.
  auto down = t_->Call("POST", run, "", sre_);
  EXPECT_EQ(down.status, 503) << down.raw.body;
  EXPECT_EQ(down.json["error"]["code"], "unavailable");
  auto rows = t_->Call("GET", std::string("/api/v1/cost/allocations?day=") + kDay, "", sre_);
  EXPECT_TRUE(rows.json["items"].empty());
}

TEST_F(AllocationRoutesTest, RunningWithoutConfigurationIsAConflict) {
  Start(false);
  auto reply = t_->Call("POST", std::string("/api/v1/cost/allocations/run?day=") + kDay, "", sre_);
  EXPECT_EQ(reply.status, 409);
  EXPECT_NE(reply.json["error"]["message"].get<std::string>().find("cost.kubernetes"),
            std::string::npos);
}

}  // namespace
}  // namespace paved::cost
