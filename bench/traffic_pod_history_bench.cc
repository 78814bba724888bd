// The pod history of a large cluster, in process: PODS pods (default 20,000) on 200 nodes served by
// the in-test Kubernetes API server on 127.0.0.1, listed in chunks of 500 through the libcurl
// client and recorded in a SQLite store on disk. Prints the first sync (every pod new), a resync
// with nothing changed, a resync after 5% of the pods were replaced (deleted, new uids and IPs),
// each split into list and record; then HistoryOf over the day (read + PodHistory built) and peak
// RSS. Checks the stored counts against what it served.
//   build/bench/traffic_pod_history_bench [--pods N] [DATA_DIR]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "bench/bench_support.h"
#include "bench/proc_status.h"
#include "deploy/runtime/kubernetes/testing/fake_apiserver.h"
#include "traffic/pods/cluster_listing.h"
#include "traffic/pods/pod_history_store.h"

namespace {

using namespace paved;
using deploy::runtime::kubernetes::ApiClient;
using deploy::runtime::kubernetes::testing::FakeApiServer;
using nlohmann::json;

constexpr char kToken[] = "bench-token";
constexpr int kNodes = 200, kNamespaces = 100;
constexpr int64_t T = 1796601600;  // 2026-12-07T00:00:00Z

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Pod `i` of generation `gen` (a replaced pod gets a new uid, name suffix and IP).
json PodObject(int i, int gen) {
  const std::string ns = absl::StrCat("ns-", i % kNamespaces);
  const std::string owner = absl::StrCat("app-", i % 2000, "-7d9f");
  const int ip = (gen * 40000 + i) % 65000 + 256;
  return {
      {"metadata",
       {{"name", absl::StrCat(owner, "-", i, "-", gen)},
        {"namespace", ns},
        {"uid", absl::StrCat("uid-", i, "-", gen)},
        {"labels", {{"app", owner}, {"pod-template-hash", "7d9f"}}},
        {"ownerReferences",
         {{{"apiVersion", "apps/v1"},
           {"kind", "ReplicaSet"},
           {"name", owner},
           {"controller", true},
           {"uid", "rs-uid"}}}}}},
      {"spec",
       {{"nodeName", absl::StrCat("node-", i % kNodes)},
        {"containers", {{{"name", "app"}, {"image", "registry/app:1.2.3"}}}}}},
      {"status",
       {{"phase", "Running"},
        {"podIP", absl::StrCat("10.", 64 + ip / 65536 % 64, ".", ip / 256 % 256, ".", ip % 256)},
        {"podIPs", json::array()},
        {"startTime", "2026-12-06T12:00:00Z"},
        {"conditions", {{{"type", "Ready"}, {"status", "True"}}}}}}};
}

void Put(FakeApiServer& api, int i, int gen) {
  api.Put(absl::StrCat("/api/v1/namespaces/ns-", i % kNamespaces, "/pods"), PodObject(i, gen));
}

// The libcurl client, timing its calls: the time spent waiting for the in-process API server
// (its own map walks, copies and JSON dumps on the same cores) and the transfer, which a
// list's time minus it leaves as Paved's reading of the pages.
class TimedClient : public http::Client {
 public:
  explicit TimedClient(std::unique_ptr<http::Client> inner) : inner_(std::move(inner)) {}
  absl::StatusOr<http::ClientResponse> Send(const std::string& method, const std::string& url,
                                            const http::ClientHeaders& headers,
                                            const std::string& body,
                                            std::chrono::milliseconds timeout) override {
    auto start = std::chrono::steady_clock::now();
    auto r = inner_->Send(method, url, headers, body, timeout);
    waited_ += SecondsSince(start);
    return r;
  }
  double TakeWaited() { return std::exchange(waited_, 0); }

 private:
  std::unique_ptr<http::Client> inner_;
  double waited_ = 0;
};

struct Timed {
  double list = 0, read = 0, record = 0;  // read: the list's time not spent waiting on Send
  traffic::pods::RecordCounts counts;
};

absl::StatusOr<Timed> Sync(ApiClient& api, TimedClient& http, traffic::pods::PodHistoryStore& store,
                           int64_t at) {
  Timed t;
  http.TakeWaited();
  auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(traffic::pods::ClusterListing listing,
                   traffic::pods::ListCluster(api, {.page_size = 500}, at));
  t.list = SecondsSince(start);
  t.read = t.list - http.TakeWaited();
  start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(t.counts, store.Record("bench", listing));
  t.record = SecondsSince(start);
  return t;
}

void Print(const char* what, const Timed& t, int pods) {
  std::printf(
      "%-22s list %6.3f s, of which read %5.3f s (%7.0f pods/s); record %5.3f s (%7.0f "
      "pods/s); ended %lld\n",
      what, t.list, t.read, pods / t.read, t.record, pods / t.record,
      static_cast<long long>(t.counts.closed));
}

int Run(int pods, const std::string& dir) {
  FakeApiServer server(kToken);
  auto url = server.Start();
  if (!url.ok()) return std::fprintf(stderr, "%s\n", url.status().ToString().c_str()), 1;
  for (int n = 0; n < kNodes; ++n) {
    server.Put(
        "/api/v1/nodes",
        {{"metadata",
          {{"name", absl::StrCat("node-", n)},
           {"labels", {{"topology.k8s.aws/zone-id", absl::StrCat("use1-az", n % 3 + 1)}}}}}});
  }
  for (int i = 0; i < pods; ++i) Put(server, i, 0);
  std::filesystem::create_directories(dir);
  auto db = bench::OpenMigratedStore("sqlite://" + dir + "/paved.db");
  if (!db.ok()) return std::fprintf(stderr, "%s\n", db.status().ToString().c_str()), 1;
  traffic::pods::PodHistoryStore store(db->get());
  TimedClient http(http::NewCurlClient({.max_response_bytes = 64 << 20, .use_env_proxy = false}));
  ApiClient api(&http, {.server = *url, .token = kToken}, std::chrono::seconds(60));

  auto first = Sync(api, http, store, T);
  auto again = first.ok() ? Sync(api, http, store, T + 60) : first;
  if (!again.ok()) return std::fprintf(stderr, "%s\n", again.status().ToString().c_str()), 1;
  const int churn = pods / 20;
  for (int i = 0; i < churn; ++i) {
    (void)server.Handle([&] {
      http::Request req;
      req.method = "DELETE";
      req.path = absl::StrCat("/api/v1/namespaces/ns-", i % kNamespaces, "/pods/",
                              PodObject(i, 0)["metadata"]["name"].get<std::string>());
      req.headers["Authorization"] = absl::StrCat("Bearer ", kToken);
      return req;
    }());
    Put(server, i, 1);
  }
  auto churned = Sync(api, http, store, T + 120);
  if (!churned.ok()) return std::fprintf(stderr, "%s\n", churned.status().ToString().c_str()), 1;
  Print("first sync (all new)", *first, pods);
  Print("resync (unchanged)", *again, pods);
  Print("resync (5% replaced)", *churned, pods);

  auto start = std::chrono::steady_clock::now();
  auto history = store.HistoryOf("bench", T, T + 86400);
  const double read = SecondsSince(start);
  if (!history.ok()) return std::fprintf(stderr, "%s\n", history.status().ToString().c_str()), 1;
  std::printf("HistoryOf (a day)            %6.3f s  %zu intervals, %zu workloads, %zu zones\n",
              read, history->interval_count(), history->workloads().size(),
              history->zones().size());
  std::printf("peak RSS %ld MB (the API server's objects included)\n",
              bench::ProcStatusKb("VmHWM:") / 1024);
  const bool ok = first->counts.pods == pods && again->counts.closed == 0 &&
                  churned->counts.closed == churn &&
                  history->interval_count() == static_cast<size_t>(pods + churn) &&
                  history->zones().size() == 4;
  std::printf("check: %s\n", ok ? "stored counts match what was served" : "MISMATCH");
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const int pods = paved::bench::IntFlag(argc, argv, "--pods", 20000);
  std::string dir = absl::StrCat("/tmp/paved-pod-history-bench-", ::getpid());
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] != '-' && (i == 1 || std::string(argv[i - 1]) != "--pods")) dir = argv[i];
  }
  const int rc = Run(pods, dir);
  std::filesystem::remove_all(dir);
  return rc;
}
