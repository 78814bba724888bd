// The pod history job against the in-test Kubernetes API server: each list recorded as the
// cluster's state (pods appearing, deleted, gone, IPs reused, StatefulSet pods recreated),
// lists read in chunks, a failed list changing nothing, and a flow-log analysis over HistoryOf's
// history attributing bytes to the workload that held each IP at the time.
#include "traffic/pods/pod_history_job.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "deploy/runtime/kubernetes/testing/fake_apiserver.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"
#include "traffic/analyze.h"
#include "traffic/pods/testing/stored_spans.h"

namespace paved::traffic::pods {
namespace {

namespace fs = std::filesystem;
using deploy::runtime::kubernetes::testing::FakeApiServer;
using nlohmann::json;
using testing::Spans;

constexpr char kToken[] = "pod-history-token";
constexpr char kTokenVariable[] = "PAVED_CLUSTER_POD_HISTORY_TEST";
constexpr int64_t T = 1700000000;  // 2023-11-14T22:13:20Z

std::string Rfc3339(int64_t seconds) {
  return absl::FormatTime(absl::RFC3339_sec, absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
}

// A pod as `kubectl get pods -o json` shows it (status.podIP and podIPs, a controller owner).
json PodObject(const std::string& ns, const std::string& name, const std::string& uid,
               const std::string& owner_kind, const std::string& owner, const std::string& node,
               const std::string& ip, int64_t start) {
  json pod = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", name}, {"namespace", ns}, {"uid", uid}}},
              {"spec", {{"nodeName", node}}},
              {"status",
               {{"phase", "Running"},
                {"podIP", ip},
                {"podIPs", {{{"ip", ip}}}},
                {"startTime", Rfc3339(start)}}}};
  if (!owner_kind.empty()) {
    pod["metadata"]["ownerReferences"] = {{{"apiVersion", "apps/v1"},
                                           {"kind", owner_kind},
                                           {"name", owner},
                                           {"controller", true},
                                           {"uid", "owner-" + owner}}};
  }
  return pod;
}

json NodeObject(const std::string& name, const std::string& zone_id) {
  return {{"apiVersion", "v1"},
          {"kind", "Node"},
          {"metadata",
           {{"name", name},
            {"labels",
             {{"topology.kubernetes.io/zone", "ap-northeast-2x"},
              {"topology.k8s.aws/zone-id", zone_id}}}}}};
}

class PodHistoryJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> url = server_.Start();
    ASSERT_OK(url);
    ::setenv(kTokenVariable, kToken, 1);
    auto db = test_support::NewMigratedStore(store::Engine::kSqlite);
    ASSERT_OK(db);
    db_ = std::move(*db);
    platform_ = std::make_unique<deploy::platform::PlatformStore>(db_.get(), &clock_);
    pods_ = std::make_unique<PodHistoryStore>(db_.get());
    cluster_ = {.name = "k1",
                .region = "ap-northeast-2",
                .environment = "alpha",
                .runtime = "kubernetes",
                .endpoint = *url,
                .credentials = absl::StrCat("env:", kTokenVariable)};
    ASSERT_OK(db_->Transaction([&](store::Tx& tx) { return platform_->PutCluster(tx, cluster_); }));
    server_.Put("/api/v1/nodes", NodeObject("n1", "apne2-az1"));
    server_.Put("/api/v1/nodes", NodeObject("n2", "apne2-az2"));
    job_ = NewJob({});
  }

  std::unique_ptr<PodHistoryJob> NewJob(PodHistoryConfig config) {
    return std::make_unique<PodHistoryJob>(
        PodHistoryJobDeps{.platform = platform_.get(),
                          .pods = pods_.get(),
                          .clock = &clock_,
                          .credentials = {.files_dir = "", .data_dir = ""},
                          .timeout = std::chrono::seconds(10)},
        config);
  }

  void PutPod(const json& pod) {
    server_.Put(absl::StrCat("/api/v1/namespaces/", pod["metadata"]["namespace"].get<std::string>(),
                             "/pods"),
                pod);
  }
  // Deleted through the API, as the kubelet finishes a pod's deletion.
  void DeletePod(const std::string& ns, const std::string& name) {
    http::Request req;
    req.method = "DELETE";
    req.path = absl::StrCat("/api/v1/namespaces/", ns, "/pods/", name);
    req.headers["Authorization"] = absl::StrCat("Bearer ", kToken);
    http::Response r = server_.Handle(req);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // Lists the cluster at `at` (Unix seconds).
  RecordCounts SyncAt(int64_t at) {
    clock_.AdvanceMs(at * 1000 - clock_.NowMs());
    absl::StatusOr<RecordCounts> counts = job_->SyncCluster(cluster_);
    EXPECT_OK(counts);
    return counts.ok() ? *counts : RecordCounts{};
  }

  Spans Intervals() { return testing::StoredSpans(*pods_, "k1"); }

  std::vector<std::map<std::string, std::string>> ListQueries(const std::string& path) {
    std::vector<std::map<std::string, std::string>> out;
    for (const auto& r : server_.Requests()) {
      if (r.method == "GET" && r.path == path) out.push_back(r.query);
    }
    return out;
  }

  FakeApiServer server_{kToken};
  FakeClock clock_{T * 1000};
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<deploy::platform::PlatformStore> platform_;
  std::unique_ptr<PodHistoryStore> pods_;
  deploy::platform::Cluster cluster_;
  std::unique_ptr<PodHistoryJob> job_;
};

TEST_F(PodHistoryJobTest, APodAppearsIsDeletedAndAnotherGoesBetweenLists) {
  PutPod(PodObject("shop", "web-7d-a", "u-web", "ReplicaSet", "web-7d", "n1", "10.0.1.5", T));
  PutPod(PodObject("shop", "api-5c-b", "u-api", "ReplicaSet", "api-5c", "n2", "10.0.2.6", T));
  RecordCounts first = SyncAt(T + 60);
  EXPECT_EQ(first.pods, 2);
  EXPECT_EQ(first.nodes, 2);
  EXPECT_EQ(Intervals(), (Spans{{"u-web", {T, 0}}, {"u-api", {T, 0}}}));

  json web = PodObject("shop", "web-7d-a", "u-web", "ReplicaSet", "web-7d", "n1", "10.0.1.5", T);
  web["metadata"]["deletionTimestamp"] = Rfc3339(T + 100);
  PutPod(web);
  DeletePod("shop", "api-5c-b");  // gone before the next list: ends at that list's time
  RecordCounts second = SyncAt(T + 120);
  EXPECT_EQ(second.closed, 1);
  EXPECT_EQ(Intervals(), (Spans{{"u-web", {T, T + 100}}, {"u-api", {T, T + 120}}}));

  DeletePod("shop", "web-7d-a");
  EXPECT_EQ(SyncAt(T + 180).closed, 0);  // it already ended at its deletionTimestamp
  EXPECT_EQ(Intervals(), (Spans{{"u-web", {T, T + 100}}, {"u-api", {T, T + 120}}}));
}

TEST_F(PodHistoryJobTest, PendingAndHostNetworkPodsAreNotRecorded) {
  json pending = PodObject("shop", "web-7d-p", "u-p", "ReplicaSet", "web-7d", "", "", T);
  pending["status"] = {{"phase", "Pending"}};
  PutPod(pending);
  json host =
      PodObject("kube-system", "aws-node-x", "u-h", "DaemonSet", "aws-node", "n1", "10.0.1.10", T);
  host["spec"]["hostNetwork"] = true;
  PutPod(host);
  PutPod(PodObject("shop", "web-7d-a", "u-web", "ReplicaSet", "web-7d", "n1", "10.0.1.5", T));
  EXPECT_EQ(SyncAt(T + 60).pods, 1);
  EXPECT_EQ(Intervals(), (Spans{{"u-web", {T, 0}}}));
}

TEST_F(PodHistoryJobTest, ARecreatedStatefulSetPodKeepsItsNameNotItsUid) {
  PutPod(PodObject("db", "redis-0", "u1", "StatefulSet", "redis", "n2", "10.0.2.9", T));
  SyncAt(T + 60);
  DeletePod("db", "redis-0");
  PutPod(PodObject("db", "redis-0", "u2", "StatefulSet", "redis", "n1", "10.0.1.7", T + 90));
  EXPECT_EQ(SyncAt(T + 120).closed, 1);
  EXPECT_EQ(Intervals(), (Spans{{"u1", {T, T + 120}}, {"u2", {T + 90, 0}}}));
  auto stored = pods_->Pods("k1");
  ASSERT_OK(stored);
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ((*stored)[1].pod.ips, std::vector<std::string>{"10.0.1.7"});
  EXPECT_EQ((*stored)[1].pod.node_name, "n1");
}

TEST_F(PodHistoryJobTest, ListsAreReadInChunks) {
  for (int i = 0; i < 5; ++i) {
    PutPod(PodObject("shop", absl::StrCat("web-7d-", i), absl::StrCat("u", i), "ReplicaSet",
                     "web-7d", "n1", absl::StrCat("10.0.1.", i + 1), T));
  }
  job_ = NewJob({.page_size = 2});
  server_.ClearRequests();
  EXPECT_EQ(SyncAt(T + 60).pods, 5);
  EXPECT_EQ(Intervals().size(), 5u);
  auto pages = ListQueries("/api/v1/pods");
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].count("continue"), 0u);
  for (const auto& q : pages) EXPECT_EQ(q.at("limit"), "2");
  EXPECT_FALSE(pages[1].at("continue").empty());
  EXPECT_NE(pages[2].at("continue"), pages[1].at("continue"));
  EXPECT_EQ(ListQueries("/api/v1/nodes").size(), 1u);
}

TEST_F(PodHistoryJobTest, AnExpiredContinueTokenBeginsTheListAgain) {
  for (int i = 0; i < 3; ++i) {
    PutPod(PodObject("shop", absl::StrCat("web-7d-", i), absl::StrCat("u", i), "ReplicaSet",
                     "web-7d", "n1", absl::StrCat("10.0.1.", i + 1), T));
  }
  job_ = NewJob({.page_size = 2});
  server_.ExpireBefore(server_.ResourceVersion() + 1);  // every token is compacted away
  absl::StatusOr<RecordCounts> counts = job_->SyncCluster(cluster_);
  // Begun again once, the second token expires too: the sync fails and records nothing.
  EXPECT_TRUE(absl::IsOutOfRange(counts.status())) << counts.status();
  EXPECT_EQ(ListQueries("/api/v1/pods").size(), 4u);
  EXPECT_TRUE(Intervals().empty());
}

TEST_F(PodHistoryJobTest, AFailedListLeavesTheStoreAsItWas) {
  for (int i = 0; i < 4; ++i) {
    PutPod(PodObject("shop", absl::StrCat("web-7d-", i), absl::StrCat("u", i), "ReplicaSet",
                     "web-7d", "n1", absl::StrCat("10.0.1.", i + 1), T));
  }
  job_ = NewJob({.page_size = 2});
  SyncAt(T + 60);
  const Spans before = Intervals();
  DeletePod("shop", "web-7d-0");
  server_.ClearRequests();
  server_.FailNext(500, "etcdserver: request timed out", /*after=*/1);  // the second page
  clock_.AdvanceMs(60'000);
  EXPECT_TRUE(absl::IsUnavailable(job_->RunOnce()));
  EXPECT_EQ(ListQueries("/api/v1/pods").size(), 2u);
  EXPECT_EQ(job_->failures(), 1);
  EXPECT_EQ(Intervals(), before);
  server_.FailNext(403, "pods is forbidden: User cannot list resource \"pods\"");
  EXPECT_TRUE(absl::IsPermissionDenied(job_->RunOnce()));
  EXPECT_EQ(job_->failures(), 2);
  EXPECT_EQ(Intervals(), before);
  ASSERT_OK(job_->RunOnce());
  EXPECT_EQ(job_->syncs(), 1);
  EXPECT_EQ(Intervals().at("u0").second, T + 120);
}

TEST_F(PodHistoryJobTest, AListBeyondTheCapIsRefused) {
  for (int i = 0; i < 3; ++i) {
    PutPod(PodObject("shop", absl::StrCat("web-7d-", i), absl::StrCat("u", i), "ReplicaSet",
                     "web-7d", "n1", absl::StrCat("10.0.1.", i + 1), T));
  }
  job_ = NewJob({.page_size = 2, .max_pods = 2});
  absl::Status refused = job_->SyncCluster(cluster_).status();
  EXPECT_TRUE(absl::IsResourceExhausted(refused)) << refused;
  EXPECT_NE(refused.message().find("traffic.pod_history_max_pods"), std::string::npos);
  EXPECT_TRUE(Intervals().empty());
}

TEST_F(PodHistoryJobTest, OnlyKubernetesClustersAreListed) {
  PutPod(PodObject("shop", "web-7d-a", "u-web", "ReplicaSet", "web-7d", "n1", "10.0.1.5", T));
  auto has = HasKubernetesCluster(*platform_);
  ASSERT_OK(has);
  EXPECT_TRUE(*has);
  server_.ClearRequests();
  ASSERT_OK(job_->RunOnce());  // local-alpha and local-production are not asked
  EXPECT_EQ(job_->syncs(), 1);
  EXPECT_EQ(ListQueries("/api/v1/pods").size(), 1u);
  ASSERT_OK(db_->Transaction([&](store::Tx& tx) { return platform_->DeleteCluster(tx, "k1"); }));
  has = HasKubernetesCluster(*platform_);
  ASSERT_OK(has);
  EXPECT_FALSE(*has);
}

TEST_F(PodHistoryJobTest, ConfigSetsTheIntervalAndLimits) {
  auto config = ParsePodHistoryConfig(json::parse(
      R"({"traffic": {"pod_history_every_seconds": 30, "pod_history_page_size": 100,
          "pod_history_max_pods": 5000, "pod_history_keep_days": 7}})"));
  ASSERT_OK(config);
  EXPECT_EQ(config->every_ms, 30000);
  EXPECT_EQ(config->page_size, 100);
  EXPECT_EQ(config->max_pods, 5000);
  EXPECT_EQ(config->keep_seconds, 7 * 86400);
  auto defaults = ParsePodHistoryConfig(json::object());
  ASSERT_OK(defaults);
  EXPECT_EQ(defaults->every_ms, 60000);
  auto bad = ParsePodHistoryConfig(json::parse(R"({"traffic": {"pod_history_every_seconds": 1}})"));
  EXPECT_TRUE(absl::IsInvalidArgument(bad.status()));
  EXPECT_NE(bad.status().message().find("traffic.pod_history_every_seconds"), std::string::npos);
}

// A v5 flow-log record from node 10.0.1.10 to node 10.0.2.10 for pods src → dst at `start`.
std::string V5(const std::string& src, const std::string& dst, int64_t bytes, int64_t start) {
  return absl::StrCat("5 1 eni-1 10.0.1.10 10.0.2.10 1 2 6 3 ", bytes, " ", start, " ", start + 60,
                      " ACCEPT OK vpc-1 subnet-1 i-1 0 IPv4 ", src, " ", dst,
                      " r az - - - - egress 1\n");
}

TEST_F(PodHistoryJobTest, AnAnalysisOverTheHistoryFollowsAReusedIp) {
  // 10.0.2.9 is held by db/redis-0 (zone az2) until it goes between the lists at T + 600 and
  // T + 1200, then by jobs/backup-x (zone az1); redis-0 comes back with a new uid and IP.
  PutPod(PodObject("shop", "web-7d-a", "u-web", "ReplicaSet", "web-7d", "n1", "10.0.1.5", T));
  PutPod(PodObject("db", "redis-0", "u-r1", "StatefulSet", "redis", "n2", "10.0.2.9", T));
  SyncAt(T + 600);
  DeletePod("db", "redis-0");
  SyncAt(T + 1200);  // redis-0 (u-r1) is gone: it ends here
  PutPod(PodObject("db", "redis-0", "u-r2", "StatefulSet", "redis", "n2", "10.0.2.7", T + 1300));
  PutPod(PodObject("jobs", "backup-x", "u-b", "Job", "backup", "n1", "10.0.2.9", T + 1250));
  SyncAt(T + 1800);

  const fs::path dir = fs::temp_directory_path() / absl::StrCat("paved-pod-history-", ::getpid());
  fs::create_directories(dir);
  const fs::path log = dir / "flows.log";
  std::ofstream(log) << "version account-id interface-id srcaddr dstaddr srcport dstport protocol "
                        "packets bytes start end action log-status vpc-id subnet-id instance-id "
                        "tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type "
                        "sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction "
                        "traffic-path\n"
                     << V5("10.0.1.5", "10.0.2.9", 1000, T + 300)  // web → redis
                     << V5("10.0.1.5", "10.0.2.9", 200, T + 1500)  // web → backup
                     << V5("10.0.1.5", "10.0.2.7", 30, T + 1500)   // web → redis again
                     << V5("10.0.1.5", "10.0.2.9", 4, T + 1210);   // between holders
  auto history = pods_->HistoryOf("k1", T, T + 3600);
  ASSERT_OK(history);
  auto report = Analyze({log}, *history, {.threads = 1});
  fs::remove_all(dir);
  ASSERT_OK(report);
  std::map<std::string, std::tuple<int64_t, int64_t, std::string>> edges;  // dst → bytes
  for (const TrafficEdge& e : report->flows) {
    EXPECT_EQ(e.src, "shop/web");
    EXPECT_EQ(e.src_zone, "apne2-az1");
    edges[e.dst] = {e.bytes, e.cross_zone_bytes, e.dst_zone};
  }
  using Edge = std::tuple<int64_t, int64_t, std::string>;
  EXPECT_EQ(edges, (std::map<std::string, Edge>{{"db/redis", Edge{1030, 1030, "apne2-az2"}},
                                                {"jobs/backup-x", Edge{200, 0, "apne2-az1"}}}));
  EXPECT_EQ(report->dst_no_pod_bytes, 4);
}

}  // namespace
}  // namespace paved::traffic::pods
