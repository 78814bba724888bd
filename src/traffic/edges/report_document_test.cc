// The vpc-flow-xzone/1 reader: a valid report is read whole, and each kind of mistake is refused
// naming its field.
#include "traffic/edges/report_document.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "nlohmann/json.hpp"

namespace paved::traffic::edges {
namespace {

using nlohmann::json;

json ValidReport() {
  return json::parse(R"({
    "schema": "vpc-flow-xzone/1",
    "flows": [
      {"src": "shop/web", "dst": "shop/db", "src_zone": "use1-az1", "dst_zone": "use1-az2",
       "bytes": 300, "cross_zone_bytes": 300, "cost_usd": 0.000000006,
       "bytes_by_day": {"2026-11-01": 100, "2026-11-02": 200}},
      {"src": "shop/web", "dst": "shop/db", "src_zone": "use1-az1", "dst_zone": "use1-az1",
       "bytes": 50, "cross_zone_bytes": 0, "bytes_by_day": {"2026-11-01": 50}}
    ],
    "totals": {"bytes": 350, "cross_zone_bytes": 300, "cost_usd": 0.000000006},
    "unattributed_bytes": 7,
    "unattributed_detail": {"src_no_pod_bytes": 3, "dst_no_pod_bytes": 4},
    "rejected_egress_bytes": 9,
    "counts": {"counted_records": 5, "lines": 6, "files": 1, "uncompressed_bytes": 700,
               "undirected_records": 0}
  })");
}

std::string FieldOf(const json& doc) {
  auto report = ParseReportDocument(doc.dump());
  EXPECT_FALSE(report.ok());
  if (report.ok()) return "(accepted)";
  EXPECT_TRUE(absl::IsInvalidArgument(report.status())) << report.status();
  return ErrorField(report.status());
}

TEST(ReportDocumentTest, ReadsEveryFigure) {
  auto report = ParseReportDocument(ValidReport().dump());
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->flows.size(), 2u);
  EXPECT_EQ(report->flows[0].src, "shop/web");
  EXPECT_EQ(report->flows[0].dst_zone, "use1-az2");
  EXPECT_EQ(report->flows[0].bytes_by_day.at("2026-11-02"), 200);
  EXPECT_EQ(report->total_bytes, 350);
  EXPECT_EQ(report->total_cross_zone_bytes, 300);
  EXPECT_EQ(report->src_no_pod_bytes, 3);
  EXPECT_EQ(report->dst_no_pod_bytes, 4);
  EXPECT_EQ(report->rejected_egress_bytes, 9);
  EXPECT_EQ(report->counts.uncompressed_bytes, 700);
}

TEST(ReportDocumentTest, RefusesEachMistakeNamingItsField) {
  EXPECT_EQ(ErrorField(ParseReportDocument("{not json").status()), "body");
  json doc = ValidReport();
  doc["schema"] = "vpc-flow-xzone/2";
  EXPECT_EQ(FieldOf(doc), "schema");
  doc = ValidReport();
  doc["flows"][1]["src"] = "no-slash";
  EXPECT_EQ(FieldOf(doc), "flows[1].src");
  doc = ValidReport();
  doc["flows"][0]["bytes"] = -1;
  EXPECT_EQ(FieldOf(doc), "flows[0].bytes");
  doc = ValidReport();
  doc["flows"][0]["bytes"] = "300";
  EXPECT_EQ(FieldOf(doc), "flows[0].bytes");
  doc = ValidReport();
  doc["flows"][0]["cross_zone_bytes"] = 10;
  EXPECT_EQ(FieldOf(doc), "flows[0].cross_zone_bytes");
  doc = ValidReport();
  doc["flows"][1]["cross_zone_bytes"] = 50;  // same zone
  EXPECT_EQ(FieldOf(doc), "flows[1].cross_zone_bytes");
  doc = ValidReport();
  doc["flows"][0]["bytes_by_day"]["2026-11-02"] = 199;
  EXPECT_EQ(FieldOf(doc), "flows[0].bytes_by_day");
  doc = ValidReport();
  doc["flows"][0]["bytes_by_day"] = {{"2026-02-30", 300}};
  EXPECT_EQ(FieldOf(doc), "flows[0].bytes_by_day");
  doc = ValidReport();
  doc["flows"][1]["dst_zone"] = "use1-az1";
  doc["flows"].push_back(doc["flows"][1]);
  doc["totals"]["bytes"] = 400;
  EXPECT_EQ(FieldOf(doc), "flows[2]");
  doc = ValidReport();
  doc["totals"]["cross_zone_bytes"] = 301;
  EXPECT_EQ(FieldOf(doc), "totals.cross_zone_bytes");
  doc = ValidReport();
  doc["counts"].erase("lines");
  EXPECT_EQ(FieldOf(doc), "counts.lines");
  doc = ValidReport();
  doc["unattributed_detail"]["dst_no_pod_bytes"] = 1.5;
  EXPECT_EQ(FieldOf(doc), "unattributed_detail.dst_no_pod_bytes");
}

TEST(ReportDocumentTest, BoundsFlowsAndDays) {
  EXPECT_EQ(ErrorField(ParseReportDocument(ValidReport().dump(), {.max_flows = 1}).status()),
            "flows");
  EXPECT_EQ(ErrorField(ParseReportDocument(ValidReport().dump(), {.max_days = 1}).status()),
            "flows[0].bytes_by_day");
}

}  // namespace
}  // namespace paved::traffic::edges
