// The cost API through the whole App: bill upload (sre and admin only; a broken line stores
// nothing; a restated period replaces the old one), views scoped to the caller's teams (a
// developer of another team is refused), and bad parameters naming their field (422, as every
// invalid field of the API).
#include <map>

#include "gtest/gtest.h"
#include "server/testing/test_app.h"

namespace paved::server {
namespace {

using testing::TestApp;
using json = nlohmann::json;

const char kHead[] =
    "bill/PayerAccountId,lineItem/UsageStartDate,lineItem/UsageAccountId,"
    "lineItem/ProductCode,lineItem/ResourceId,lineItem/UnblendedCost,resourceTags/user:team\n";

class CostApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* team : {"team-a", "team-b"}) {
      ASSERT_EQ(
          t_.Call("POST", "/api/v1/teams", json{{"slug", team}, {"name", team}}, admin()).status,
          201);
    }
    dev_a_ = t_.UserToken("dev-a", "developer");
    ASSERT_EQ(
        t_.Call("POST", "/api/v1/teams/team-a/members", json{{"login", "dev-a"}}, admin()).status,
        201);
    sre_ = t_.UserToken("sre-user", "sre");
  }
  const std::string& admin() { return t_.admin_token(); }

  // team slug ("unowned" for unowned cost) → effective, as the caller `token` sees November.
  std::map<std::string, std::string> ByTeam(const std::string& token,
                                            const std::string& extra = "") {
    auto r = t_.Call("GET", "/api/v1/cost?group_by=team&from=2026-11-01&to=2026-11-30" + extra, "",
                     token);
    EXPECT_EQ(r.status, 200) << r.raw.body;
    std::map<std::string, std::string> out;
    for (const json& g : r.json["groups"]) {
      std::string team = g["keys"]["team"];
      out[team.empty() ? "unowned" : team] = g["effective"];
    }
    return out;
  }

  TestApp t_;
  std::string dev_a_, sre_;
};

TEST_F(CostApiTest, AnUploadedBillIsSeenByTeamAndUnownedStaysVisible) {
  std::string bill = std::string(kHead) +
                     "P,2026-11-01T00:00:00Z,111,AmazonEC2,i-1,10.0,team-a\n"
                     "P,2026-11-02T00:00:00Z,111,AmazonS3,b-1,5.0,team-b\n"
                     "P,2026-11-02T00:00:00Z,222,AmazonEC2,i-stray,2.5,\n";
  auto done = t_.Call("POST", "/api/v1/cost/imports?name=nov.csv", bill, sre_);
  ASSERT_EQ(done.status, 201) << done.raw.body;
  EXPECT_EQ(done.json["source"], "nov.csv");
  EXPECT_EQ(done.json["lines"], 3);
  EXPECT_EQ(ByTeam(sre_), (std::map<std::string, std::string>{
                              {"team-a", "10.00"}, {"team-b", "5.00"}, {"unowned", "2.50"}}));
  // A developer sees their team and the unowned cost; another team's cost is refused.
  EXPECT_EQ(ByTeam(dev_a_),
            (std::map<std::string, std::string>{{"team-a", "10.00"}, {"unowned", "2.50"}}));
  auto other =
      t_.Call("GET", "/api/v1/cost?filter=team:team-b&from=2026-11-01&to=2026-11-30", "", dev_a_);
  EXPECT_EQ(other.status, 403) << other.raw.body;
  auto unowned = t_.Call("GET", "/api/v1/cost/unowned?from=2026-11-01&to=2026-11-30", "", dev_a_);
  ASSERT_EQ(unowned.status, 200);
  ASSERT_EQ(unowned.json["lines"].size(), 1u);
  EXPECT_EQ(unowned.json["lines"][0]["resource_id"], "i-stray");
  auto csv =
      t_.Call("GET", "/api/v1/cost/export?format=focus&from=2026-11-01&to=2026-11-30", "", dev_a_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.raw.Header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.raw.body.find("team-a"), std::string::npos);
  EXPECT_EQ(csv.raw.body.find("team-b"), std::string::npos) << csv.raw.body;
  auto imports = t_.Call("GET", "/api/v1/cost/imports", "", sre_);
  ASSERT_EQ(imports.status, 200);
  EXPECT_EQ(imports.json["items"].size(), 1u);
  auto audit = t_.Call("GET", "/api/v1/audit?action=cost.import", "", admin());
  EXPECT_NE(audit.raw.body.find("bill:nov.csv"), std::string::npos) << audit.raw.body;
}

TEST_F(CostApiTest, ABillUploadMayBeBiggerThanOtherBodies) {
  auto limit = [&](const std::string& method, const std::string& target, const std::string& auth) {
    return t_.app().BodyLimit(TestApp::MakeRequest(method, target, "", auth));
  };
  const size_t big = static_cast<size_t>(256) << 20;
  const size_t usual = limit("POST", "/api/v1/teams", sre_);
  EXPECT_LT(usual, big);
  EXPECT_EQ(limit("POST", "/api/v1/cost/imports?name=big.csv.gz", sre_), big);
  EXPECT_EQ(limit("POST", "/api/v1/cost/imports", admin()), big);
  EXPECT_EQ(limit("GET", "/api/v1/cost/imports", sre_), usual);
  EXPECT_EQ(limit("POST", "/api/v1/cost/importsx", sre_), usual);
}

// The big limit is decided before the body is read, so it must not be granted to a caller the
// route would refuse: they would make the server hold 256 MiB only to answer 401 or 403.
TEST_F(CostApiTest, OnlyACallerAllowedToImportMaySendABigBody) {
  auto limit = [&](const std::string& auth) {
    return t_.app().BodyLimit(TestApp::MakeRequest("POST", "/api/v1/cost/imports", "", auth));
  };
  const size_t usual = limit("");
  EXPECT_LT(usual, static_cast<size_t>(256) << 20);
  EXPECT_EQ(limit("pvd_not-a-token"), usual);
  EXPECT_EQ(limit(dev_a_), usual);  // developers may not import
  EXPECT_EQ(limit(sre_), static_cast<size_t>(256) << 20);
  std::string cookie = t_.LoginCookie("sre-user", "password-sre-user");
  EXPECT_EQ(limit(cookie), static_cast<size_t>(256) << 20);
  // A browser session without its CSRF token is what a cross-site form would send.
  EXPECT_EQ(limit(cookie.substr(0, cookie.find('|') + 1) + "wrong"), usual);
}

TEST_F(CostApiTest, OnlySreAndAdminImport) {
  std::string bill = std::string(kHead) + "P,2026-11-01T00:00:00Z,111,AmazonEC2,i-1,10.0,team-a\n";
  EXPECT_EQ(t_.Call("POST", "/api/v1/cost/imports?name=x.csv", bill, dev_a_).status, 403);
  EXPECT_EQ(t_.Call("GET", "/api/v1/cost/imports", "", dev_a_).status, 403);
  EXPECT_EQ(t_.Call("POST", "/api/v1/cost/imports?name=x.csv", bill, admin()).status, 201);
}

TEST_F(CostApiTest, ARestatedPeriodReplacesTheOldOneAndABrokenBillStoresNothing) {
  std::string first = std::string(kHead) +
                      "P,2026-11-01T00:00:00Z,111,AmazonEC2,i-1,10.0,team-a\n"
                      "P,2026-11-02T00:00:00Z,111,AmazonEC2,i-2,3.0,\n";
  ASSERT_EQ(t_.Call("POST", "/api/v1/cost/imports?name=nov.csv", first, sre_).status, 201);
  std::string restated = std::string(kHead) +
                         "P,2026-11-01T00:00:00Z,111,AmazonEC2,i-1,12.0,team-a\n"
                         "P,2026-11-03T00:00:00Z,111,AmazonS3,b,1.0,team-b\n";
  ASSERT_EQ(t_.Call("POST", "/api/v1/cost/imports?name=nov2.csv", restated, sre_).status, 201);
  const std::map<std::string, std::string> after = {{"team-a", "12.00"}, {"team-b", "1.00"}};
  EXPECT_EQ(ByTeam(sre_), after);
  std::string broken = std::string(kHead) +
                       "P,2026-11-01T00:00:00Z,111,AmazonEC2,i-1,99.0,team-a\n"
                       "P,2026-11-02T00:00:00Z,111,AmazonEC2,i-1,ten,team-a\n";
  auto refused = t_.Call("POST", "/api/v1/cost/imports?name=broken.csv", broken, sre_);
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.json["error"]["field"], "body");
  EXPECT_NE(refused.json["error"]["message"].get<std::string>().find(
                "broken.csv line 3, column lineItem/UnblendedCost"),
            std::string::npos)
      << refused.raw.body;
  EXPECT_EQ(ByTeam(sre_), after);
  EXPECT_EQ(t_.Call("POST", "/api/v1/cost/imports?name=empty.csv", "", sre_).status, 422);
}

TEST_F(CostApiTest, BadParametersNameTheirField) {
  const std::map<std::string, std::string> cases = {{"group_by=color", "group_by"},
                                                    {"group_by=day,day", "group_by"},
                                                    {"group_by=day,team,project", "group_by"},
                                                    {"from=2026-13-01", "from"},
                                                    {"to=yesterday", "to"},
                                                    {"from=2026-11-05&to=2026-11-01", "from"},
                                                    {"filter=colour:red", "filter"},
                                                    {"filter=team:no-such-team", "filter"}};
  for (const auto& [query, field] : cases) {
    auto r = t_.Call("GET", "/api/v1/cost?" + query, "", sre_);
    EXPECT_EQ(r.status, 422) << query;
    EXPECT_EQ(r.json["error"]["field"], field) << query << " " << r.raw.body;
  }
  auto format = t_.Call("GET", "/api/v1/cost/export?format=xlsx", "", sre_);
  EXPECT_EQ(format.status, 422);
  EXPECT_EQ(format.json["error"]["field"], "format");
}

}  // namespace
}  // namespace paved::server
