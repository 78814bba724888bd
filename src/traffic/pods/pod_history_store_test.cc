// The pod history tables on both engines: a list's pods recorded by uid, ended by their
// deletionTimestamp or by leaving the list, forgotten after the retention window, and read back
// as a PodHistory over a window.
#include "traffic/pods/pod_history_store.h"

#include <gtest/gtest.h>

#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"
#include "traffic/pods/testing/stored_spans.h"

namespace paved::traffic::pods {
namespace {

constexpr int64_t T = 1700000000;

ListedPod Pod(const std::string& uid, const std::string& ns, const std::string& name,
              const std::string& owner_kind, const std::string& owner, const std::string& node,
              const std::string& ip, int64_t start) {
  return {.uid = uid,
          .pod = {.namespace_name = ns,
                  .name = name,
                  .owner_kind = owner_kind,
                  .owner_name = owner,
                  .node_name = node,
                  .ips = {ip},
                  .start = start}};
}

class PodHistoryStoreTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);  // PostgreSQL must start: never skip
    db_ = std::move(*db);
    pods_ = std::make_unique<PodHistoryStore>(db_.get(), /*keep_seconds=*/86400);
  }

  RecordCounts Record(const std::string& cluster, std::vector<ListedPod> pods, int64_t at) {
    ClusterListing listing{.pods = std::move(pods), .node_zones = zones_, .at = at};
    auto counts = pods_->Record(cluster, listing);
    EXPECT_OK(counts);
    return counts.ok() ? *counts : RecordCounts{};
  }

  testing::Spans Intervals(const std::string& cluster) {
    return testing::StoredSpans(*pods_, cluster);
  }

  absl::flat_hash_map<std::string, std::string> zones_ = {{"n1", "az1"}, {"n2", "az2"}};
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<PodHistoryStore> pods_;
};

TEST_P(PodHistoryStoreTest, ListedPodsRunUntilDeletedOrGone) {
  ListedPod web = Pod("u-web", "shop", "web-7d-a", "ReplicaSet", "web-7d", "n1", "10.0.0.1", T);
  ListedPod db = Pod("u-db", "shop", "db-0", "StatefulSet", "db", "n2", "10.0.0.2", T);
  RecordCounts first = Record("k1", {web, db}, T + 60);
  EXPECT_EQ(first.pods, 2);
  EXPECT_EQ(first.closed, 0);
  EXPECT_EQ(first.nodes, 2);
  EXPECT_EQ(Intervals("k1"), (testing::Spans{{"u-web", {T, 0}}, {"u-db", {T, 0}}}));

  web.pod.deletion = T + 100;  // deletion under way: deletionTimestamp set
  Record("k1", {web, db}, T + 120);
  RecordCounts gone = Record("k1", {db}, T + 180);  // web went and stays ended at its deletion
  EXPECT_EQ(gone.closed, 0);
  RecordCounts db_gone = Record("k1", {}, T + 240);  // db left between two lists
  EXPECT_EQ(db_gone.closed, 1);
  EXPECT_EQ(Intervals("k1"), (testing::Spans{{"u-web", {T, T + 100}}, {"u-db", {T, T + 240}}}));
  auto stored = pods_->Pods("k1");
  ASSERT_OK(stored);
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[0].pod.name, "db-0");
  EXPECT_EQ((*stored)[0].last_seen, T + 180);
  EXPECT_EQ((*stored)[0].pod.owner_kind, "StatefulSet");
  EXPECT_EQ((*stored)[0].pod.node_name, "n2");
}

TEST_P(PodHistoryStoreTest, ClustersAreKeptApart) {
  Record("k1", {Pod("u1", "shop", "web-a", "", "", "n1", "10.0.0.1", T)}, T + 60);
  Record("k2", {Pod("u1", "ads", "api-a", "", "", "n1", "10.0.0.1", T)}, T + 60);
  Record("k2", {}, T + 120);
  EXPECT_EQ(Intervals("k1"), (testing::Spans{{"u1", {T, 0}}}));
  EXPECT_EQ(Intervals("k2"), (testing::Spans{{"u1", {T, T + 120}}}));
}

TEST_P(PodHistoryStoreTest, ARecreatedPodWithTheSameNameIsAnotherRow) {
  Record("k1", {Pod("u1", "shop", "db-0", "StatefulSet", "db", "n1", "10.0.0.2", T)}, T + 60);
  Record("k1", {Pod("u2", "shop", "db-0", "StatefulSet", "db", "n2", "10.0.0.9", T + 90)}, T + 120);
  EXPECT_EQ(Intervals("k1"), (testing::Spans{{"u1", {T, T + 120}}, {"u2", {T + 90, 0}}}));
}

TEST_P(PodHistoryStoreTest, APodListedAgainRunsAgain) {
  ListedPod p = Pod("u1", "shop", "web-a", "", "", "n1", "10.0.0.1", T);
  Record("k1", {p}, T + 60);
  Record("k1", {}, T + 120);
  Record("k1", {p}, T + 180);
  EXPECT_EQ(Intervals("k1"), (testing::Spans{{"u1", {T, 0}}}));
}

TEST_P(PodHistoryStoreTest, ListsBeyondOneInsertBatchAreAllStored) {
  std::vector<ListedPod> many;
  for (int i = 0; i < 450; ++i) {
    many.push_back(Pod("u" + std::to_string(i), "shop", "web-" + std::to_string(i), "", "", "n1",
                       "10.0.1." + std::to_string(i % 250), T));
  }
  many.push_back(many.front());  // listed twice: counted once
  EXPECT_EQ(Record("k1", many, T + 60).pods, 450);
  EXPECT_EQ(Intervals("k1").size(), 450u);
  EXPECT_EQ(Record("k1", {}, T + 120).closed, 450);
}

TEST_P(PodHistoryStoreTest, EndedPodsAndOldNodesAreForgottenAfterTheRetention) {
  Record("k1", {Pod("u1", "shop", "web-a", "", "", "n1", "10.0.0.1", T)}, T + 60);
  Record("k1", {}, T + 120);
  zones_ = {{"n3", "az3"}};
  RecordCounts later = Record("k1", {}, T + 120 + 86400 + 1);
  EXPECT_EQ(later.forgotten, 1);
  EXPECT_TRUE(Intervals("k1").empty());
  auto zones = pods_->NodeZones("k1");
  ASSERT_OK(zones);
  EXPECT_EQ(zones->size(), 1u);
  EXPECT_EQ(zones->at("n3"), "az3");
}

TEST_P(PodHistoryStoreTest, HistoryOfHoldsThePodsOverlappingTheWindow) {
  Record("k1",
         {Pod("u1", "shop", "db-0", "StatefulSet", "db", "n2", "10.0.0.2", T),
          Pod("u2", "shop", "web-7d-a", "ReplicaSet", "web-7d", "n1", "10.0.0.1", T + 1000)},
         T + 1000);
  Record("k1", {Pod("u2", "shop", "web-7d-a", "ReplicaSet", "web-7d", "n1", "10.0.0.1", T + 1000)},
         T + 1100);  // db-0 ended at T + 1100
  // 10.0.0.2 again, held by another workload from T + 1200.
  Record("k1",
         {Pod("u2", "shop", "web-7d-a", "ReplicaSet", "web-7d", "n1", "10.0.0.1", T + 1000),
          Pod("u3", "jobs", "backup-x", "Job", "backup", "n1", "10.0.0.2", T + 1200)},
         T + 1300);

  auto all = pods_->HistoryOf("k1", T, T + 2000);
  ASSERT_OK(all);
  EXPECT_EQ(all->interval_count(), 3u);
  const PodHistory::Interval* db = all->Find(*ParseIp("10.0.0.2"), T + 500);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(all->workloads()[db->workload], "shop/db");
  EXPECT_EQ(all->zones()[db->zone], "az2");
  EXPECT_EQ(db->end, T + 1100);
  const PodHistory::Interval* backup = all->Find(*ParseIp("10.0.0.2"), T + 1500);
  ASSERT_NE(backup, nullptr);
  EXPECT_EQ(all->workloads()[backup->workload], "jobs/backup-x");
  EXPECT_EQ(all->zones()[backup->zone], "az1");
  EXPECT_EQ(all->Find(*ParseIp("10.0.0.2"), T + 1150), nullptr);

  auto late = pods_->HistoryOf("k1", T + 1100, T + 2000);  // db-0 ended as the window begins
  ASSERT_OK(late);
  EXPECT_EQ(late->interval_count(), 2u);
  auto early = pods_->HistoryOf("k1", T, T + 1000);  // web and backup start at or after its end
  ASSERT_OK(early);
  EXPECT_EQ(early->interval_count(), 1u);
  auto other = pods_->HistoryOf("k2", T, T + 2000);
  ASSERT_OK(other);
  EXPECT_EQ(other->interval_count(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Engines, PodHistoryStoreTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::traffic::pods
