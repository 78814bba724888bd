// The cost views on both engines: per-team totals equal an independent sum of the bill's CSV,
// unowned cost stays visible, Kubernetes allocation replaces its nodes' bill rows, month-to-date
// and forecast, filters, the caller's visible teams, and the exports.
#include "cost/cost_views.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/str_split.h"
#include "cost/bill_import.h"
#include "cost/team_spend.h"
#include "cost/testing/cost_fixture.h"

namespace paved::cost {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::Dollars;

class CostViewsTest : public testing::CostFixture {
 protected:
  // Node i-3's bill row of `day` spread by the Kubernetes allocation over chat-gateway.
  void SpreadNode(const std::string& day) {
    CreateAllocationTables();
    ASSERT_OK(db_->Query("INSERT INTO cost_allocation_nodes (cluster, day, node, instance_id, "
                         "cost_nanos, price_source) VALUES ('k1', $1, 'n1', 'i-3', 0, 'bill')",
                         {day})
                  .status());
    PutAllocation(day, "chat-gateway", "workload", "", Dollars(5).nanos);
  }
  json View(CostQuery q) {
    OwnerResolver owners(db_.get());
    auto view = CostView(*costs_, owners, q);
    EXPECT_OK(view);
    return view.ok() ? *view : json();
  }
  // group key (dimensions joined by "/", team "" as "unowned") → effective nanos
  static std::map<std::string, int64_t> Groups(const json& view,
                                               const char* field = "effective_nanos") {
    std::map<std::string, int64_t> out;
    for (const json& g : view["groups"]) {
      std::string key;
      for (const auto& [dim, value] : g["keys"].items()) {
        std::string v = value.get<std::string>();
        if (dim == "team" && v.empty()) v = "unowned";
        key += (key.empty() ? "" : "/") + v;
      }
      out[key] = g[field].get<int64_t>();
    }
    return out;
  }
  std::string Import(const std::string& path) {
    audit::AuditLog audit(db_.get(), &clock_);
    BillImportDeps deps{
        .store = db_.get(), .costs = costs_.get(), .audit = &audit, .clock = &clock_};
    auto done = ImportBill(deps, path, fs::path(path).filename().string(), "test");
    EXPECT_OK(done);
    return done.ok() ? done->id : "";
  }
};

// Sums UnblendedCost per owner with a few lines of its own: the project tag chat-gateway is
// chat's project, a team tag naming a fixture team is that team, anything else is unowned.
std::map<std::string, int64_t> IndependentSums(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = absl::StrSplit(line, ',');
  auto col = [&](const std::string& name) {
    return std::find(header.begin(), header.end(), name) - header.begin();
  };
  const auto cost = col("lineItem/UnblendedCost"), team = col("resourceTags/user:team"),
             project = col("resourceTags/user:project");
  std::map<std::string, int64_t> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f = absl::StrSplit(line, ',');
    std::string owner = f[project] == "chat-gateway"                                ? "chat"
                        : f[team] == "chat" || f[team] == "ads" || f[team] == "old" ? f[team]
                                                                                    : "unowned";
    out[owner] += ParseMoney(f[cost])->nanos;
  }
  return out;
}

// A month of a CUR bill with random lines: tagged, tagged with unknown names, untagged. Many
// lines give most of its keys a line on most days.
std::string RandomBill(const fs::path& dir, int lines = 400) {
  std::mt19937 random(7);
  const char* teams[] = {"chat", "ads", "old", "ghost", ""};
  const char* projects[] = {"chat-gateway", "", "", "nowhere"};
  std::ostringstream csv;
  csv << "bill/PayerAccountId,lineItem/UsageStartDate,lineItem/UsageAccountId,"
         "lineItem/ProductCode,lineItem/ResourceId,lineItem/UnblendedCost,"
         "resourceTags/user:team,resourceTags/user:project\n";
  for (int i = 0; i < lines; ++i) {
    char day[11];
    snprintf(day, sizeof(day), "2026-11-%02d", 1 + static_cast<int>(random() % 30));
    csv << "P," << day << "T00:00:00Z," << (random() % 2 ? "111" : "222") << ","
        << (random() % 2 ? "AmazonEC2" : "AmazonS3") << ",i-" << random() % 9 << ","
        << random() % 100000 << "." << random() % 1000000 << "," << teams[random() % 5] << ","
        << projects[random() % 4] << "\n";
  }
  std::string path = (dir / "random.csv").string();
  std::ofstream(path) << csv.str();
  return path;
}

TEST_P(CostViewsTest, TeamTotalsEqualAnIndependentSumOfTheBill) {
  fs::path dir = fs::temp_directory_path() / ("paved-views-" + std::to_string(getpid()));
  fs::create_directories(dir);
  for (const std::string& path :
       {std::string(PAVED_SOURCE_DIR) + "/src/cost/testdata/cur-sample.csv", RandomBill(dir)}) {
    Import(path);
    auto period = path.find("cur-sample") != std::string::npos
                      ? std::make_pair(std::string("2026-10-01"), std::string("2026-10-31"))
                      : std::make_pair(std::string("2026-11-01"), std::string("2026-11-30"));
    json view = View(
        {.from = period.first, .to = period.second, .today = "2026-12-07", .group_by = {"team"}});
    EXPECT_EQ(Groups(view, "billed_nanos"), IndependentSums(path)) << path;
  }
  fs::remove_all(dir);
}

// A closed month is read from cost_monthly; grouping by day reads every daily row. Both must
// give each team the same cost, also when a project changes owner in the middle of the month
// (its rows then come per day) and when a node's bill row is spread by the allocation.
TEST_P(CostViewsTest, AMonthReadWholeEqualsTheSameMonthReadDayByDay) {
  fs::path dir = fs::temp_directory_path() / ("paved-months-" + std::to_string(getpid()));
  fs::create_directories(dir);
  Import(RandomBill(dir));
  fs::remove_all(dir);
  SpreadNode("2026-11-09");
  auto by_team_from_days = [&] {
    json days = View({.from = "2026-11-01",
                      .to = "2026-11-30",
                      .today = "2026-12-07",
                      .group_by = {"day", "team"}});
    std::map<std::string, int64_t> out;
    for (const auto& [key, nanos] : Groups(days)) out[key.substr(key.find('/') + 1)] += nanos;
    return out;
  };
  CostQuery month{
      .from = "2026-11-01", .to = "2026-11-30", .today = "2026-12-07", .group_by = {"team"}};
  std::map<std::string, int64_t> before = Groups(View(month));
  EXPECT_EQ(before, by_team_from_days());
  EXPECT_GT(before["chat"], 0);
  // chat-gateway goes to ads on 2026-11-16: the second half of its month is ads' cost.
  Transfer("chat-gateway", "ads", *DayStartMs("2026-11-16"));
  std::map<std::string, int64_t> after = Groups(View(month));
  EXPECT_EQ(after, by_team_from_days());
  EXPECT_LT(after["chat"], before["chat"]);
  EXPECT_GT(after["ads"], before["ads"]);
  EXPECT_EQ(after["chat"] + after["ads"], before["chat"] + before["ads"]);
}

// A view of the current month reads the month's rows minus the days the forecast needs one by
// one, and a view of part of a month reads spans of days summed: every team's cost,
// month-to-date and forecast must equal the same view read day by day (grouped by day and
// filtered to the team), whatever the range and today, across a mid-month transfer and a node
// the allocation spread.
TEST_P(CostViewsTest, SpansOfDaysReadSummedEqualTheSameDaysReadOneByOne) {
  fs::path dir = fs::temp_directory_path() / ("paved-spans-" + std::to_string(getpid()));
  fs::create_directories(dir);
  Import(RandomBill(dir, 20'000));
  fs::remove_all(dir);
  {
    // Most keys have a line every day: the month comes in a few lines per key, not 30.
    OwnerResolver owners(db_.get());
    auto per_day = OwnedLines(*costs_, owners, "2026-11-01", "2026-11-30");
    auto summed = OwnedLines(*costs_, owners, "2026-11-01", "2026-11-30",
                             {.months = {"2026-11"}, .cuts = {"2026-11-24"}});
    ASSERT_OK(per_day);
    ASSERT_OK(summed);
    EXPECT_LT(summed->size() * 5, per_day->size());
  }
  SpreadNode("2026-11-27");
  auto check = [&](const CostQuery& q) {
    SCOPED_TRACE(q.from + ".." + q.to + " today " + q.today);
    json view = View(q);
    ASSERT_FALSE(view["groups"].empty());
    for (const json& g : view["groups"]) {
      std::string team = g["keys"]["team"].get<std::string>();
      CostQuery one = q;
      one.group_by = {"day"};
      one.filter["team"] = {team.empty() ? "unowned" : team};
      json days = View(one);
      int64_t sum = 0;
      for (const auto& [day, nanos] : Groups(days)) sum += nanos;
      EXPECT_EQ(g["effective_nanos"], sum) << team;
      EXPECT_EQ(g["month_to_date_nanos"], days["month"]["to_date_nanos"]) << team;
      EXPECT_EQ(g["forecast_nanos"], days["month"]["forecast_nanos"]) << team;
    }
  };
  const std::vector<CostQuery> queries = {
      {.from = "2026-11-01", .to = "2026-11-30", .today = "2026-11-30", .group_by = {"team"}},
      {.from = "2026-11-01", .to = "2026-11-20", .today = "2026-11-20", .group_by = {"team"}},
      {.from = "2026-11-10", .to = "2026-11-30", .today = "2026-11-15", .group_by = {"team"}},
      {.from = "2026-11-03", .to = "2026-12-02", .today = "2026-12-02", .group_by = {"team"}},
      {.from = "2026-11-01", .to = "2026-11-05", .today = "2026-11-05", .group_by = {"team"}},
  };
  for (const CostQuery& q : queries) check(q);
  Transfer("chat-gateway", "ads", *DayStartMs("2026-11-16"));
  for (const CostQuery& q : queries) check(q);
}

// A closed month's rows come summed, one line each dated the month's first day; a node without
// an instance id (priced from the table, no bill row spread) holds none of them back.
TEST_P(CostViewsTest, AClosedMonthIsReadAsItsMonthlyRows) {
  CreateAllocationTables();
  PutBill("2026-11", testing::NovemberDays(1, 20, 1, "chat", "chat-gateway"));
  ASSERT_OK(db_->Query("INSERT INTO cost_allocation_nodes (cluster, day, node, instance_id, "
                       "cost_nanos, price_source) VALUES ('k1', '2026-11-10', 'n2', '', 0, "
                       "'table')",
                       {})
                .status());
  OwnerResolver owners(db_.get());
  auto per_day = OwnedLines(*costs_, owners, "2026-11-01", "2026-11-30");
  ASSERT_OK(per_day);
  EXPECT_EQ(per_day->size(), 20u);
  auto whole = OwnedLines(*costs_, owners, "2026-11-01", "2026-11-30", {.months = {"2026-11"}});
  ASSERT_OK(whole);
  ASSERT_EQ(whole->size(), 1u);
  EXPECT_EQ((*whole)[0].day, "2026-11-01");
  EXPECT_EQ((*whole)[0].effective, Dollars(20));
  EXPECT_EQ((*whole)[0].owner.team, "chat");
}

TEST_P(CostViewsTest, UnownedCostIsAGroupAndItsLinesNameTheResources) {
  PutBill("2026-11", {{.day = "2026-11-02",
                       .account = "111",
                       .service = "AmazonEC2",
                       .team_tag = "chat",
                       .billed = Dollars(3),
                       .effective = Dollars(2)},
                      {.day = "2026-11-02",
                       .account = "111",
                       .service = "AmazonEC2",
                       .resource_id = "i-0stray",
                       .billed = Dollars(4),
                       .effective = Dollars(4)},
                      {.day = "2026-11-03",
                       .account = "222",
                       .service = "AmazonS3",
                       .team_tag = "ghost",
                       .billed = Dollars(1),
                       .effective = Dollars(1)}});
  json view =
      View({.from = "2026-11-01", .to = "2026-11-30", .today = "2026-12-07", .group_by = {"team"}});
  EXPECT_EQ(Groups(view), (std::map<std::string, int64_t>{{"chat", Dollars(2).nanos},
                                                          {"unowned", Dollars(5).nanos}}));
  EXPECT_EQ(view["total"]["billed"], "8.00");
  EXPECT_EQ(view["total"]["effective_nanos"], Dollars(7).nanos);
  OwnerResolver owners(db_.get());
  auto unowned = UnownedView(*costs_, owners, {.from = "2026-11-01", .to = "2026-11-30"});
  ASSERT_OK(unowned);
  ASSERT_EQ((*unowned)["lines"].size(), 2u);
  EXPECT_EQ((*unowned)["lines"][0]["resource_id"], "i-0stray");
  EXPECT_EQ((*unowned)["lines"][0]["account"], "111");
  EXPECT_EQ((*unowned)["lines"][1]["team_tag"], "ghost");
  EXPECT_EQ((*unowned)["total"]["effective"], "5.00");
}

TEST_P(CostViewsTest, KubernetesAllocationReplacesItsNodesBillRowsOfThatDayOnly) {
  CreateAllocationTables();
  PutBill("2026-11", {{.day = "2026-11-02",
                       .account = "111",
                       .service = "AmazonEC2",
                       .resource_id = "i-0node",
                       .billed = Dollars(7),
                       .effective = Dollars(7)},
                      {.day = "2026-11-03",
                       .account = "111",
                       .service = "AmazonEC2",
                       .resource_id = "i-0node",
                       .billed = Dollars(7),
                       .effective = Dollars(7)}});
  ASSERT_OK(db_->Query("INSERT INTO cost_allocation_nodes (cluster, day, node, instance_id, "
                       "cost_nanos, price_source) VALUES ('k1', '2026-11-02', 'n1', 'i-0node', "
                       "$1, 'bill')",
                       {Dollars(7).nanos})
                .status());
  PutAllocation("2026-11-02", "chat-gateway", "workload", "", Dollars(5).nanos);
  PutAllocation("2026-11-02", "kube-system", "shared", team_ids_["ads"], Dollars(1).nanos);
  PutAllocation("2026-11-02", "", "idle", "", Dollars(1).nanos);
  json by_team =
      View({.from = "2026-11-01", .to = "2026-11-30", .today = "2026-12-07", .group_by = {"team"}});
  // 11-02: the node's 7 shown as 5 chat + 1 ads + 1 idle; 11-03: the node's bill row, unowned.
  EXPECT_EQ(Groups(by_team), (std::map<std::string, int64_t>{{"chat", Dollars(5).nanos},
                                                             {"ads", Dollars(1).nanos},
                                                             {"unowned", Dollars(8).nanos}}));
  json by_ns = View(
      {.from = "2026-11-02", .to = "2026-11-02", .today = "2026-12-07", .group_by = {"namespace"}});
  EXPECT_EQ(Groups(by_ns), (std::map<std::string, int64_t>{{"chat-gateway", Dollars(5).nanos},
                                                           {"kube-system", Dollars(1).nanos},
                                                           {"", Dollars(1).nanos}}));
}

TEST_P(CostViewsTest, MonthToDateAndForecastToTheMonthsEnd) {
  std::vector<RollupRow> rows = testing::NovemberDays(1, 20, 1, "chat");
  rows.push_back({.day = "2026-11-14",
                  .account = "111",
                  .service = "AmazonS3",
                  .team_tag = "ads",
                  .billed = Dollars(7),
                  .effective = Dollars(7)});
  PutBill("2026-11", rows);
  json view =
      View({.from = "2026-11-01", .to = "2026-11-20", .today = "2026-11-20", .group_by = {"team"}});
  EXPECT_EQ(view["month"]["month"], "2026-11");
  EXPECT_EQ(view["month"]["to_date"], "27.00");
  // Last 7 days (14th..20th): 7 × $1 + $7 → $2 a day, 10 days left.
  EXPECT_EQ(view["month"]["forecast"], "47.00");
  EXPECT_EQ(
      Groups(view, "forecast_nanos"),
      (std::map<std::string, int64_t>{{"chat", Dollars(30).nanos}, {"ads", Dollars(17).nanos}}));
  auto chat = SpendOfTeam(*db_, team_ids_["chat"], "2026-11", "2026-11-20");
  ASSERT_OK(chat);
  EXPECT_EQ(chat->actual, Dollars(20));
  EXPECT_EQ(chat->forecast, Dollars(30));
  auto past = SpendOfTeam(*db_, team_ids_["chat"], "2026-11", "2026-12-07");
  ASSERT_OK(past);
  EXPECT_EQ(past->actual, Dollars(20));
  EXPECT_EQ(past->forecast, Dollars(20));
  EXPECT_EQ(SpendOfTeam(*db_, team_ids_["ads"], "2026-10", "2026-11-20")->actual, Money{});
  EXPECT_CODE(SpendOfTeam(*db_, team_ids_["chat"], "2026-13", "2026-11-20"), kInvalidArgument);
}

TEST_P(CostViewsTest, FiltersAndVisibleTeamsLeaveUnownedCostIn) {
  std::vector<RollupRow> rows = testing::NovemberDays(1, 2, 1, "chat");
  rows.push_back({.day = "2026-11-01",
                  .account = "222",
                  .service = "AmazonS3",
                  .team_tag = "ads",
                  .billed = Dollars(2),
                  .effective = Dollars(2)});
  rows.push_back({.day = "2026-11-02",
                  .account = "222",
                  .service = "AmazonS3",
                  .resource_id = "b",
                  .billed = Dollars(4),
                  .effective = Dollars(4)});
  PutBill("2026-11", rows);
  CostQuery q{
      .from = "2026-11-01", .to = "2026-11-30", .today = "2026-12-07", .group_by = {"day", "team"}};
  EXPECT_EQ(Groups(View(q)),
            (std::map<std::string, int64_t>{{"2026-11-01/chat", Dollars(1).nanos},
                                            {"2026-11-01/ads", Dollars(2).nanos},
                                            {"2026-11-02/chat", Dollars(1).nanos},
                                            {"2026-11-02/unowned", Dollars(4).nanos}}));
  q.visible_team_ids = std::set<std::string>{team_ids_["ads"]};
  EXPECT_EQ(Groups(View(q)),
            (std::map<std::string, int64_t>{{"2026-11-01/ads", Dollars(2).nanos},
                                            {"2026-11-02/unowned", Dollars(4).nanos}}));
  q.visible_team_ids.reset();
  q.group_by = {"service"};
  q.filter = {{"team", {"chat", "unowned"}}};
  EXPECT_EQ(Groups(View(q)), (std::map<std::string, int64_t>{{"AmazonEC2", Dollars(2).nanos},
                                                             {"AmazonS3", Dollars(4).nanos}}));
}

TEST_P(CostViewsTest, ExportsAreCsvAndFocusShaped) {
  PutBill("2026-11", testing::NovemberDays(1, 1, 3, "chat"));
  OwnerResolver owners(db_.get());
  CostQuery q{.from = "2026-11-01", .to = "2026-11-30"};
  auto csv = CostExport(*costs_, owners, q, "csv");
  ASSERT_OK(csv);
  EXPECT_EQ(*csv,
            "day,account,service,team,project,namespace,billed,effective\n"
            "2026-11-01,111,AmazonEC2,chat,,,3.000000000,3.000000000\n");
  auto focus = CostExport(*costs_, owners, q, "focus");
  ASSERT_OK(focus);
  EXPECT_EQ(*focus,
            "ChargePeriodStart,ChargePeriodEnd,SubAccountId,ServiceName,BilledCost,"
            "EffectiveCost,BillingCurrency,x_Team,x_Project,x_Namespace\n"
            "2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,111,AmazonEC2,3.000000000,3.000000000,"
            "USD,chat,,\n");
}

INSTANTIATE_TEST_SUITE_P(Engines, CostViewsTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::cost
