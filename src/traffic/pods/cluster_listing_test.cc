// Pod and node items of the Kubernetes API read as PodHistory reads `kubectl get -o json` files.
#include "traffic/pods/cluster_listing.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/support/status_assertions.h"

namespace paved::traffic::pods {
namespace {

using nlohmann::json;

json Item(const std::string& text) { return json::parse(text); }

TEST(PodFromItemTest, ReadsTheControllerOwnerEveryIpAndTheTimes) {
  auto pod = PodFromItem(Item(R"({
    "metadata": {"name": "web-7d-a", "namespace": "shop", "uid": "u1",
                 "deletionTimestamp": "2023-11-14T22:20:00Z",
                 "ownerReferences": [{"kind": "Other", "name": "x"},
                                     {"kind": "ReplicaSet", "name": "web-7d", "controller": true}]},
    "spec": {"nodeName": "n1"},
    "status": {"podIP": "10.0.0.1", "podIPs": [{"ip": "10.0.0.1"}, {"ip": "2600:1f18::1"}],
               "startTime": "2023-11-14T22:13:20Z"}})"));
  ASSERT_OK(pod);
  ASSERT_TRUE(pod->has_value());
  const ListedPod& p = **pod;
  EXPECT_EQ(p.uid, "u1");
  EXPECT_EQ(p.pod.owner_kind, "ReplicaSet");
  EXPECT_EQ(p.pod.owner_name, "web-7d");
  EXPECT_EQ(p.pod.node_name, "n1");
  EXPECT_EQ(p.pod.ips, (std::vector<std::string>{"10.0.0.1", "2600:1f18::1"}));
  EXPECT_EQ(p.pod.start, 1700000000);
  EXPECT_EQ(p.pod.deletion, 1700000400);
  EXPECT_EQ(WorkloadOf(p.pod), "shop/web");
}

TEST(PodFromItemTest, PodsHoldingNoIpOfTheirOwnAreLeftOut) {
  for (const char* text : {
           // pending: no IP, no start
           R"({"metadata": {"name": "a", "namespace": "s", "uid": "u"}, "status": {}})",
           // scheduled, IP not yet given
           R"({"metadata": {"name": "a", "namespace": "s", "uid": "u"},
               "status": {"startTime": "2023-11-14T22:13:20Z"}})",
           // the node's network
           R"({"metadata": {"name": "a", "namespace": "s", "uid": "u"},
               "spec": {"hostNetwork": true},
               "status": {"podIP": "10.0.0.1", "startTime": "2023-11-14T22:13:20Z"}})",
           // no uid to keep it by
           R"({"metadata": {"name": "a", "namespace": "s"},
               "status": {"podIP": "10.0.0.1", "startTime": "2023-11-14T22:13:20Z"}})",
           // fields of the wrong type
           R"({"metadata": "x", "spec": [], "status": {"podIP": 7}})",
       }) {
    auto pod = PodFromItem(Item(text));
    ASSERT_OK(pod);
    EXPECT_FALSE(pod->has_value()) << text;
  }
  auto bad = PodFromItem(Item(R"({"metadata": {"name": "a", "namespace": "s", "uid": "u"},
      "status": {"podIP": "10.0.0.1", "startTime": "yesterday"}})"));
  EXPECT_TRUE(absl::IsInvalidArgument(bad.status()));
  EXPECT_NE(bad.status().message().find("status/startTime"), std::string::npos);
}

TEST(NodeZoneFromItemTest, ReadsTheZoneIdLabel) {
  EXPECT_EQ(NodeZoneFromItem(Item(R"({"metadata": {"name": "n1", "labels": {
                "topology.kubernetes.io/zone": "ap-northeast-2a",
                "topology.k8s.aws/zone-id": "apne2-az1"}}})")),
            (std::pair<std::string, std::string>{"n1", "apne2-az1"}));
  EXPECT_EQ(NodeZoneFromItem(Item(R"({"metadata": {"name": "n2"}})")),
            (std::pair<std::string, std::string>{"n2", ""}));
}

std::string Read(const std::string& name) {
  std::ifstream in(std::string(PAVED_SOURCE_DIR) + "/src/traffic/testdata/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The sample `kubectl get pods -A -o json` items (given uids, which the trimmed sample lacks)
// give the history PodHistory::FromJson reads from the same files.
TEST(PodFromItemTest, TheSampleFilesGiveTheHistoryPodHistoryReads) {
  const std::string pods_text = Read("pods.json"), nodes_text = Read("nodes.json");
  std::vector<PodRecord> records;
  int uid = 0;
  const json pods = json::parse(pods_text), nodes = json::parse(nodes_text);
  for (json item : pods["items"]) {
    item["metadata"]["uid"] = "u" + std::to_string(++uid);
    auto pod = PodFromItem(item);
    ASSERT_OK(pod);
    ASSERT_TRUE(pod->has_value());
    records.push_back((*pod)->pod);
  }
  absl::flat_hash_map<std::string, std::string> zones;
  for (const json& item : nodes["items"]) zones.insert(NodeZoneFromItem(item));
  PodHistory listed = PodHistory::FromRecords(records, zones);
  auto files = PodHistory::FromJson(pods_text, nodes_text);
  ASSERT_OK(files);
  EXPECT_EQ(listed.interval_count(), files->interval_count());
  EXPECT_EQ(listed.workloads(), files->workloads());
  EXPECT_EQ(listed.zones(), files->zones());
  const PodHistory::Interval* a = listed.Find(*ParseIp("10.0.1.80"), 1700000000);
  const PodHistory::Interval* b = files->Find(*ParseIp("10.0.1.80"), 1700000000);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(listed.workloads()[a->workload], files->workloads()[b->workload]);
  EXPECT_EQ(listed.zones()[a->zone], "apne2-az1");
}

}  // namespace
}  // namespace paved::traffic::pods
