// The traffic tables on both engines: an analysis replaces exactly its cluster's days, is listed
// with its figures, and leaves an audit event.
#include "traffic/edges/traffic_store.h"

#include "traffic/edges/testing/traffic_fixture.h"

namespace paved::traffic::edges {
namespace {

using testing::kGb;

class TrafficStoreTest : public testing::TrafficFixture {
 protected:
  std::map<std::string, int64_t> BytesByDay(const std::string& cluster) {
    auto rows = traffic_->Edges("2026-01-01", "2026-12-31", cluster);
    EXPECT_OK(rows);
    std::map<std::string, int64_t> out;
    if (rows.ok()) {
      for (const EdgeRow& r : *rows) out[r.day] += r.bytes;
    }
    return out;
  }
};

TEST_P(TrafficStoreTest, AnalysisReplacesOnlyTheClusterDaysItCovers) {
  Put("k1", "shop/web", "shop/db", "az1", "az2", {{"2026-11-01", 10}, {"2026-11-02", 20}});
  Put("k2", "shop/web", "shop/db", "az1", "az2", {{"2026-11-02", 7}});
  Put("k1", "shop/web", "ads-api/api", "az1", "az1", {{"2026-11-02", 5}, {"2026-11-03", 6}});
  EXPECT_EQ(BytesByDay("k1"), (std::map<std::string, int64_t>{
                                  {"2026-11-01", 10}, {"2026-11-02", 5}, {"2026-11-03", 6}}));
  EXPECT_EQ(BytesByDay("k2"), (std::map<std::string, int64_t>{{"2026-11-02", 7}}));
  auto rows = traffic_->Edges("2026-11-01", "2026-11-01", "k1");
  ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].cross_zone_bytes, 10);
}

TEST_P(TrafficStoreTest, RowsBeyondOneInsertBatchAreAllStored) {
  TrafficReport report;
  for (int i = 0; i < 450; ++i) {
    report.flows.push_back({.src = "shop/web",
                            .dst = "shop/db-" + std::to_string(i),
                            .src_zone = "az1",
                            .dst_zone = "az2",
                            .bytes = i,
                            .cross_zone_bytes = i,
                            .bytes_by_day = {{"2026-11-07", i}}});
  }
  TrafficAnalysis a = Put("k1", report);
  EXPECT_EQ(a.edges, 450);
  EXPECT_EQ(BytesByDay("k1"), (std::map<std::string, int64_t>{{"2026-11-07", 449 * 450 / 2}}));
}

TEST_P(TrafficStoreTest, AnalysesAreListedNewestFirstWithTheirFigures) {
  TrafficReport report;
  report.flows.push_back({.src = "shop/web",
                          .dst = "shop/db",
                          .src_zone = "az1",
                          .dst_zone = "az2",
                          .bytes = 3 * kGb,
                          .cross_zone_bytes = 3 * kGb,
                          .bytes_by_day = {{"2026-11-04", kGb}, {"2026-11-05", 2 * kGb}}});
  report.total_bytes = report.total_cross_zone_bytes = 3 * kGb;
  report.src_no_pod_bytes = 11;
  report.dst_no_pod_bytes = 12;
  report.rejected_egress_bytes = 13;
  report.counts.files = 2;
  Put("k1", report);
  clock_.AdvanceMs(1000);
  TrafficAnalysis second = Put("k2", "shop/web", "shop/db", "", "", {{"2026-11-06", 1}});
  auto all = traffic_->Analyses("");
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, second.id);
  const TrafficAnalysis& first = (*all)[1];
  EXPECT_EQ(first.cluster, "k1");
  EXPECT_EQ(first.first_day, "2026-11-04");
  EXPECT_EQ(first.last_day, "2026-11-05");
  EXPECT_EQ(first.edges, 2);
  EXPECT_EQ(first.cross_zone_bytes, 3 * kGb);
  EXPECT_EQ(first.src_no_pod_bytes, 11);
  EXPECT_EQ(first.dst_no_pod_bytes, 12);
  EXPECT_EQ(first.rejected_bytes, 13);
  EXPECT_EQ(first.files, 2);
  EXPECT_EQ(first.stored_by, "sre1");
  auto k2 = traffic_->Analyses("k2");
  ASSERT_OK(k2);
  ASSERT_EQ(k2->size(), 1u);
  auto events = db_->Query(
      "SELECT actor, subject FROM audit_events WHERE action = 'traffic.analysis' ORDER BY seq");
  ASSERT_OK(events);
  ASSERT_EQ(events->rows.size(), 2u);
  EXPECT_EQ(events->rows[0].Text("subject"), "cluster:k1");
  EXPECT_EQ(events->rows[0].Text("actor"), "sre1");
}

INSTANTIATE_TEST_SUITE_P(Engines, TrafficStoreTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::traffic::edges
