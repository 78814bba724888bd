// `paved serve` with a kubernetes cluster: the job traffic.pod_history is scheduled at start and
// records the cluster's pods; its failures are counted in /metrics.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "deploy/platform/platform_store.h"
#include "deploy/runtime/kubernetes/testing/fake_apiserver.h"
#include "server/testing/test_app.h"
#include "store/migrate.h"
#include "tests/support/eventually.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"
#include "traffic/pods/pod_history_store.h"

namespace paved::traffic::pods {
namespace {

using deploy::runtime::kubernetes::testing::FakeApiServer;
using nlohmann::json;

constexpr char kToken[] = "serve-pod-history-token";
constexpr char kTokenVariable[] = "PAVED_CLUSTER_SERVE_POD_HISTORY";

json RunningPod(const std::string& uid, const std::string& ip) {
  return {
      {"metadata",
       {{"name", "web-7d-" + uid},
        {"namespace", "shop"},
        {"uid", uid},
        {"ownerReferences", {{{"kind", "ReplicaSet"}, {"name", "web-7d"}, {"controller", true}}}}}},
      {"spec", {{"nodeName", "n1"}}},
      {"status", {{"podIP", ip}, {"startTime", "2026-12-07T10:00:00Z"}}}};
}

TEST(PodHistoryServeTest, TheJobRecordsAKubernetesClusterAndCountsFailures) {
  FakeApiServer api(kToken);
  auto url = api.Start();
  ASSERT_OK(url);
  ::setenv(kTokenVariable, kToken, 1);
  api.Put("/api/v1/namespaces/shop/pods", RunningPod("u1", "10.0.1.1"));
  auto db_url = test_support::NewDatabaseUrl(store::Engine::kSqlite);
  ASSERT_OK(db_url);
  {
    auto db = store::OpenStore(*db_url);
    ASSERT_OK(db);
    ASSERT_OK(store::Migrate(**db, store::AllMigrations()));
    deploy::platform::PlatformStore platform(db->get(), SystemClock::Get());
    const deploy::platform::Cluster cluster{.name = "k1",
                                            .region = "eu-west-1",
                                            .environment = "alpha",
                                            .runtime = "kubernetes",
                                            .endpoint = *url,
                                            .credentials = absl::StrCat("env:", kTokenVariable)};
    ASSERT_OK((*db)->Transaction([&](store::Tx& tx) { return platform.PutCluster(tx, cluster); }));
  }
  server::testing::TestApp t(*db_url, SystemClock::Get(),
                             json{{"traffic", {{"pod_history_every_seconds", 10}}}});
  ASSERT_OK(t.app().StartBackground());
  PodHistoryStore stored(&t.app().store());
  EXPECT_TRUE(test_support::Eventually([&] {
    auto pods = stored.Pods("k1");
    return pods.ok() && pods->size() == 1;
  }));
  auto pods = stored.Pods("k1");
  ASSERT_OK(pods);
  ASSERT_EQ(pods->size(), 1u);
  EXPECT_EQ((*pods)[0].uid, "u1");
  EXPECT_EQ((*pods)[0].pod.ips, std::vector<std::string>{"10.0.1.1"});

  api.FailNext(503, "the server is shutting down");
  ASSERT_OK(t.app().scheduler().RunNow("traffic.pod_history").status());
  EXPECT_TRUE(test_support::Eventually([&] {
    return t.app().metrics().Render("test").find("paved_traffic_pod_history_failures_total 1") !=
           std::string::npos;
  }));
  t.app().StopBackground();
}

}  // namespace
}  // namespace paved::traffic::pods
