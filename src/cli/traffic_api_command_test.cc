// `paved traffic upload|show|analyses` against canned answers: the report goes as it is with
// the cluster and its name, show asks the ranking or a project's or team's tab with the window
// it was given and prints it, a server's field error reaches the user, --team with --project is
// refused before any request.
#include <fstream>

#include "cli/testing/canned_cli_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;

class TrafficCliTest : public testing::CannedCliTest {
 protected:
  const json kFigures = {{"bytes", 100'000'000'000},
                         {"cross_zone_bytes", 30'000'000'000},
                         {"share", 0.3},
                         {"cost_usd", "0.60"},
                         {"cost_nanos", 600'000'000}};
};

TEST_F(TrafficCliTest, UploadSendsTheReportAsItIs) {
  const std::string report = R"({"schema":"vpc-flow-xzone/1","flows":[]})";
  std::string path = ::testing::TempDir() + "/nov.json";
  std::ofstream(path) << report;
  Answer("POST /traffic/analyses", 201,
         {{"id", "a1"},
          {"cluster", "prod-eu"},
          {"source", "nov.json"},
          {"first_day", "2026-11-01"},
          {"last_day", "2026-11-02"},
          {"bytes", 2'000'000'000},
          {"cross_zone_bytes", 500'000'000}});
  ASSERT_EQ(Run({"traffic", "upload", "--cluster", "prod-eu", path}), 0) << err_.str();
  EXPECT_EQ(Target(0), "POST /traffic/analyses?cluster=prod-eu&name=nov.json");
  EXPECT_EQ(SentBody(0), report);
  EXPECT_THAT(out_.str(), HasSubstr("stored nov.json for cluster prod-eu: days 2026-11-01 to "
                                    "2026-11-02, 0.50 GB across zones of 2.00 GB"));
}

TEST_F(TrafficCliTest, UploadShowsTheServersField) {
  std::string path = ::testing::TempDir() + "/bad.json";
  std::ofstream(path) << "{}";
  Answer("POST /traffic/analyses", 422,
         {{"error",
           {{"code", "invalid_field"},
            {"field", "flows[0].bytes"},
            {"message", "flows[0].bytes must be an integer"}}}});
  EXPECT_EQ(Run({"traffic", "upload", "--cluster", "prod-eu", path}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("flows[0].bytes must be an integer"));
}

TEST_F(TrafficCliTest, ShowPrintsTheRanking) {
  json group = kFigures;
  group["keys"] = {{"team", ""}};
  group["unowned"] = true;
  Answer("GET /traffic", 200,
         {{"from", "2026-11-01"}, {"to", "2026-11-30"}, {"groups", {group}}, {"total", kFigures}});
  ASSERT_EQ(Run({"traffic", "show", "--from", "2026-11-01", "--to", "2026-11-30"}), 0)
      << err_.str();
  EXPECT_EQ(Target(0), "GET /traffic?from=2026-11-01&to=2026-11-30&group_by=team");
  EXPECT_THAT(out_.str(), HasSubstr("(unowned)"));
  EXPECT_THAT(out_.str(), HasSubstr("30.00 GB across zones (30.0%), $0.60"));
}

TEST_F(TrafficCliTest, ShowPrintsAProjectsTopEdges) {
  json edge = kFigures;
  edge.update({{"direction", "out"},
               {"cluster", "prod-eu"},
               {"src", "shop/web"},
               {"dst", "ads/api"},
               {"proposal", {{"kind", "DestinationRule"}}}});
  Answer(
      "GET /projects/shop/traffic", 200,
      {{"from", "2026-11-01"},
       {"to", "2026-11-30"},
       {"scope", {{"kind", "project"}, {"slug", "shop"}}},
       {"sent", kFigures},
       {"month", {{"month", "2026-11"}, {"cost_usd", "0.60"}}},
       {"trend", {{"previous_from", "2026-10-02"}, {"previous_to", "2026-10-31"}, {"change", 1.0}}},
       {"edges", {edge}}});
  ASSERT_EQ(Run({"traffic", "show", "--project", "shop", "--cluster", "prod-eu"}), 0) << err_.str();
  EXPECT_EQ(Target(0), "GET /projects/shop/traffic?cluster=prod-eu");
  EXPECT_THAT(out_.str(), HasSubstr("30.0% across zones, $0.60 (+100% against 2026-10-02"));
  EXPECT_THAT(out_.str(), HasSubstr("DestinationRule"));
}

TEST_F(TrafficCliTest, TeamAndProjectTogetherAreRefusedBeforeAnyRequest) {
  EXPECT_EQ(Run({"traffic", "show", "--team", "shop", "--project", "shop"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("--team or --project, not both"));
  EXPECT_EQ(RequestCount(), 0u);
}

}  // namespace
}  // namespace paved::cli
