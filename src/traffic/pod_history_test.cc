#include "traffic/pod_history.h"

#include "gtest/gtest.h"

namespace paved::traffic {
namespace {

PodRecord Pod(std::string ns, std::string name, std::string kind, std::string owner) {
  return {.namespace_name = ns, .name = name, .owner_kind = kind, .owner_name = owner};
}

TEST(WorkloadOf, ControllerOwnerNamesTheWorkload) {
  EXPECT_EQ(WorkloadOf(Pod("chat", "api-5c6b-xyz12", "ReplicaSet", "api-5c6b")), "chat/api");
  EXPECT_EQ(WorkloadOf(Pod("chat", "web-app-7d9f-ab", "ReplicaSet", "web-app-7d9f")),
            "chat/web-app");
  EXPECT_EQ(WorkloadOf(Pod("chat", "redis-0", "StatefulSet", "redis")), "chat/redis");
  EXPECT_EQ(WorkloadOf(Pod("ops", "fluentbit-x7k", "DaemonSet", "fluentbit")), "ops/fluentbit-x7k");
  EXPECT_EQ(WorkloadOf(Pod("ops", "debug", "", "")), "ops/debug");
}

TEST(ParseIp, ReadsV4AndV6) {
  EXPECT_EQ(ParseIp("10.0.1.37"), absl::MakeUint128(0, 0xffff0a000125ULL));
  EXPECT_EQ(ParseIp("::ffff:10.0.1.37"), ParseIp("10.0.1.37"));
  EXPECT_EQ(ParseIp("2600:1f18::1"), absl::MakeUint128(0x26001f1800000000ULL, 1));
  EXPECT_FALSE(ParseIp("10.0.1"));
  EXPECT_FALSE(ParseIp("10.0.1.256"));
  EXPECT_FALSE(ParseIp("10.0.1.3x"));
  EXPECT_FALSE(ParseIp("-"));
}

TEST(PodHistory, IntervalsAreKeyedOnIpAndTime) {
  PodRecord first = Pod("db", "redis-0", "StatefulSet", "redis");
  first.ips = {"10.0.0.5"};
  first.node_name = "n1";
  first.start = 100;
  first.deletion = 200;
  PodRecord recreated = first;  // same name, new IP
  recreated.ips = {"10.0.0.9"};
  recreated.start = 210;
  recreated.deletion.reset();
  PodRecord reuse = Pod("web", "api-1-a", "ReplicaSet", "api-1");  // takes 10.0.0.5 later
  reuse.ips = {"10.0.0.5"};
  reuse.node_name = "n2";
  reuse.start = 300;
  PodRecord host = Pod("kube-system", "proxy", "DaemonSet", "proxy");
  host.ips = {"10.0.0.1"};
  host.start = 0;
  host.host_network = true;
  PodRecord pending = Pod("web", "api-1-b", "ReplicaSet", "api-1");
  pending.ips = {"10.0.0.7"};
  PodHistory h = PodHistory::FromRecords({first, recreated, reuse, host, pending},
                                         {{"n1", "use1-az1"}, {"n2", "use1-az2"}});
  IpKey five = *ParseIp("10.0.0.5");
  EXPECT_EQ(h.Find(five, 99), nullptr);
  ASSERT_NE(h.Find(five, 100), nullptr);
  EXPECT_EQ(h.workloads()[h.Find(five, 100)->workload], "db/redis");
  EXPECT_EQ(h.zones()[h.Find(five, 199)->zone], "use1-az1");
  EXPECT_EQ(h.Find(five, 200), nullptr);  // the deletion timestamp is excluded
  EXPECT_EQ(h.Find(five, 299), nullptr);  // the gap
  EXPECT_EQ(h.workloads()[h.Find(five, 300)->workload], "web/api");
  EXPECT_EQ(h.zones()[h.Find(five, 1'000'000)->zone], "use1-az2");
  EXPECT_EQ(h.workloads()[h.Find(*ParseIp("10.0.0.9"), 210)->workload], "db/redis");
  EXPECT_EQ(h.Find(*ParseIp("10.0.0.1"), 50), nullptr);   // hostNetwork
  EXPECT_EQ(h.Find(*ParseIp("10.0.0.7"), 500), nullptr);  // pending (no start)
  EXPECT_EQ(h.interval_count(), 3u);
}

TEST(PodHistory, ReadsKubectlJson) {
  constexpr char kPods[] = R"({"items":[
    {"metadata":{"name":"a-1-x","namespace":"n","ownerReferences":[
      {"kind":"Node","name":"ignored"},{"kind":"ReplicaSet","name":"a-1","controller":true}]},
     "spec":{"nodeName":"node-a"},
     "status":{"podIP":"10.1.0.1","startTime":"2023-11-14T20:00:00Z"}},
    {"metadata":{"name":"gone","namespace":"n","deletionTimestamp":"2023-11-14T21:00:00Z"},
     "spec":{"nodeName":"node-b"},
     "status":{"podIPs":[{"ip":"10.1.0.2"},{"ip":"2600::2"}],"startTime":"2023-11-14T20:00:00Z"}},
    {"metadata":{"name":"pending","namespace":"n"},"spec":{},"status":{}}]})";
  constexpr char kNodes[] = R"({"items":[
    {"metadata":{"name":"node-a","labels":{"topology.k8s.aws/zone-id":"apne2-az1"}}},
    {"metadata":{"name":"node-b","labels":{}}}]})";
  auto h = PodHistory::FromJson(kPods, kNodes);
  ASSERT_TRUE(h.ok()) << h.status();
  const int64_t t = 1700000000;  // 2023-11-14T22:13:20Z
  ASSERT_NE(h->Find(*ParseIp("10.1.0.1"), t), nullptr);
  EXPECT_EQ(h->workloads()[h->Find(*ParseIp("10.1.0.1"), t)->workload], "n/a");
  EXPECT_EQ(h->zones()[h->Find(*ParseIp("10.1.0.1"), t)->zone], "apne2-az1");
  EXPECT_EQ(h->Find(*ParseIp("10.1.0.2"), t), nullptr);  // deleted at 21:00
  ASSERT_NE(h->Find(*ParseIp("2600::2"), t - 7200), nullptr);
  EXPECT_EQ(h->zones()[h->Find(*ParseIp("2600::2"), t - 7200)->zone], "");
}

TEST(PodHistory, NamesTheBrokenItem) {
  constexpr char kPods[] = R"({"items":[{"metadata":{"name":"a"},"status":{"startTime":"soon"}}]})";
  auto h = PodHistory::FromJson(kPods, R"({"items":[]})");
  EXPECT_EQ(h.status().message(), "pods.json item 0: status/startTime: 'soon' is not a time");
  EXPECT_EQ(PodHistory::FromJson("[1,", "{}").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PodHistory::FromJson(R"({"items":[]})", "{}").status().message(),
            "nodes.json: no \"items\" array");
}

TEST(PodHistory, LoadRefusesFilesBeyondTheLimit) {
  EXPECT_EQ(PodHistory::Load("/nonexistent/pods.json", "/nonexistent/nodes.json").status().code(),
            absl::StatusCode::kNotFound);
  std::string dir = PAVED_SOURCE_DIR "/src/traffic/testdata/";
  auto h = PodHistory::Load(dir + "pods.json", dir + "nodes.json", {.max_pods_json_bytes = 100});
  EXPECT_EQ(h.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(PodHistory::Load(dir + "pods.json", dir + "nodes.json").ok());
}

}  // namespace
}  // namespace paved::traffic
