#include "deploy/runtime/kubernetes/kubernetes_runtime.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "deploy/render/testing/render_fixture.h"
#include "deploy/runtime/kubernetes/testing/fake_apiserver.h"

namespace paved::deploy::runtime::kubernetes {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using testing::FakeApiServer;
using ::testing::HasSubstr;
using testing::RecordedRequest;
using ::testing::UnorderedElementsAre;

constexpr char kToken[] = "test-token";
constexpr char kWebPath[] = "/apis/apps/v1/namespaces/chat/deployments/web";

class KubernetesRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> url = server_.Start();
    ASSERT_TRUE(url.ok()) << url.status();
    ::setenv("PAVED_CLUSTER_K8S_RUNTIME_TEST_TOKEN", kToken, 1);
    spec_ = render::testing::FixtureSpec();
    target_ = Target(render::testing::ProductionCluster());
    target_.cluster.endpoint = *url;
    target_.cluster.credentials = "env:PAVED_CLUSTER_K8S_RUNTIME_TEST_TOKEN";
  }

  runtime::RolloutTarget Target(const platform::Cluster& cluster) {
    runtime::RolloutTarget t;
    t.cluster = cluster;
    t.project = "chat";
    t.namespace_name = "chat";
    t.deployment_id = "dep-1";
    const render::RenderInput input =
        render::testing::FixtureInput(spec_, render::testing::ProductionEnvironment(), cluster);
    absl::StatusOr<std::vector<json>> objects =
        render::Render(input, render::testing::FixtureStandards());
    EXPECT_TRUE(objects.ok()) << objects.status();
    if (objects.ok()) t.objects = *objects;
    return t;
  }

  std::vector<RecordedRequest> Requests(const std::string& method) {
    std::vector<RecordedRequest> out;
    for (RecordedRequest& r : server_.Requests()) {
      if (r.method == method) out.push_back(std::move(r));
    }
    return out;
  }

  // Applies the release; web (autoscaled, so applied without spec.replicas) is then scaled to
  // the autoscaler's minimum, 3, as the HorizontalPodAutoscaler controller would.
  void ApplyOk() {
    absl::Status applied = runtime_.Apply(target_);
    ASSERT_TRUE(applied.ok()) << applied;
    std::optional<json> web = server_.Object(kWebPath);
    ASSERT_TRUE(web.has_value());
    (*web)["spec"]["replicas"] = 3;
    server_.Put("/apis/apps/v1/namespaces/chat/deployments", *web);
  }

  static KubernetesOptions Polling() {
    KubernetesOptions options;
    options.watch_timeout_seconds = 0;
    return options;
  }

  std::vector<RecordedRequest> Watches() {
    std::vector<RecordedRequest> out;
    for (RecordedRequest& r : Requests("GET")) {
      if (r.query.count("watch") > 0) out.push_back(std::move(r));
    }
    return out;
  }

  HealthReport CheckOk() {
    absl::StatusOr<HealthReport> r = runtime_.Check(target_);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : HealthReport{};
  }

  FakeApiServer server_{kToken};
  KubernetesRuntime runtime_{Polling()};  // judges each GET, as the documented steps are
  KubernetesRuntime watching_;            // the default: follows a progressing rollout
  spec::AppSpec spec_;
  runtime::RolloutTarget target_;
};

TEST_F(KubernetesRuntimeTest, AppliesEveryRenderedKindWithServerSideApply) {
  ApplyOk();
  const std::vector<RecordedRequest> patches = Requests("PATCH");
  ASSERT_EQ(patches.size(), target_.objects.size());
  EXPECT_EQ(patches.front().path, "/api/v1/namespaces/chat");
  const std::map<std::string, std::string> collection_by_kind = {
      {"Namespace", "/api/v1/namespaces"},
      {"ServiceAccount", "/api/v1/namespaces/chat/serviceaccounts"},
      {"ConfigMap", "/api/v1/namespaces/chat/configmaps"},
      {"Secret", "/api/v1/namespaces/chat/secrets"},
      {"Deployment", "/apis/apps/v1/namespaces/chat/deployments"},
      {"Service", "/api/v1/namespaces/chat/services"},
      {"Ingress", "/apis/networking.k8s.io/v1/namespaces/chat/ingresses"},
      {"HorizontalPodAutoscaler", "/apis/autoscaling/v2/namespaces/chat/horizontalpodautoscalers"},
      {"PodDisruptionBudget", "/apis/policy/v1/namespaces/chat/poddisruptionbudgets"},
      {"CronJob", "/apis/batch/v1/namespaces/chat/cronjobs"},
      {"DestinationRule", "/apis/networking.istio.io/v1beta1/namespaces/chat/destinationrules"},
  };
  std::set<std::string> kinds;
  for (size_t i = 0; i < patches.size(); ++i) {
    const RecordedRequest& r = patches[i];
    const json& object = target_.objects[i];
    const std::string kind = object["kind"];
    kinds.insert(kind);
    EXPECT_EQ(r.path,
              collection_by_kind.at(kind) + "/" + object["metadata"]["name"].get<std::string>());
    EXPECT_EQ(r.query,
              (std::map<std::string, std::string>{{"fieldManager", "paved"}, {"force", "true"}}));
    EXPECT_EQ(r.headers.at("Content-Type"), "application/apply-patch+yaml");
    EXPECT_EQ(r.headers.at("Authorization"), "Bearer test-token");
    json expected = object;
    expected["metadata"]["labels"]["paved.dev/deployment"] = "dep-1";
    EXPECT_EQ(json::parse(r.body), expected) << kind;
  }
  EXPECT_EQ(kinds.size(), collection_by_kind.size());
  // The Secret goes out with its values (only the API server sees them).
  const std::optional<json> secret = server_.Object("/api/v1/namespaces/chat/secrets/chat-secrets");
  ASSERT_TRUE(secret.has_value());
  EXPECT_TRUE((*secret)["data"].contains("db-password"));
}

// traffic: {locality: true} on a cluster without a mesh: the Service carries
// spec.trafficDistribution, and turning locality off again drops it (server-side apply: a field
// Paved no longer sends is removed).
TEST_F(KubernetesRuntimeTest, AppliesAndRemovesAServicesTrafficDistribution) {
  constexpr char kService[] = "/api/v1/namespaces/chat/services/web";
  platform::Cluster plain = render::testing::AlphaCluster();
  plain.endpoint = target_.cluster.endpoint;
  plain.credentials = target_.cluster.credentials;
  plain.kubernetes_version = "1.34";
  spec_.components[0].traffic = spec::Traffic{.locality = true};
  target_ = Target(plain);
  ApplyOk();
  std::optional<json> service = server_.Object(kService);
  ASSERT_TRUE(service.has_value());
  EXPECT_EQ((*service)["spec"]["trafficDistribution"], "PreferSameZone");

  spec_.components[0].traffic->locality = false;
  target_ = Target(plain);
  ApplyOk();
  service = server_.Object(kService);
  ASSERT_TRUE(service.has_value());
  EXPECT_FALSE((*service)["spec"].contains("trafficDistribution")) << service->dump();
}

TEST_F(KubernetesRuntimeTest, ReapplyingIsIdempotentAndSpecChangesBumpGeneration) {
  ApplyOk();
  ApplyOk();
  EXPECT_EQ((*server_.Object(kWebPath))["metadata"]["generation"], 1);
  for (json& o : target_.objects) {
    if (o["kind"] == "Deployment" && o["metadata"]["name"] == "web") {
      o["spec"]["template"]["spec"]["containers"][0]["image"] = "registry/web@sha256:feed";
    }
  }
  target_.deployment_id = "dep-2";
  ApplyOk();
  const json web = *server_.Object(kWebPath);
  EXPECT_EQ(web["metadata"]["generation"], 2);
  EXPECT_EQ(web["metadata"]["labels"]["paved.dev/deployment"], "dep-2");
}

TEST_F(KubernetesRuntimeTest, WrongTokenFailsWithTheServersMessage) {
  ::setenv("PAVED_CLUSTER_K8S_RUNTIME_TEST_TOKEN", "wrong", 1);
  absl::Status s = runtime_.Apply(target_);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnauthenticated) << s;
  // The first request reads the namespace (whose project it is) before anything is applied.
  EXPECT_THAT(s.message(), HasSubstr("get namespace chat: 401 Unauthorized"));
}

TEST_F(KubernetesRuntimeTest, RejectionNamesTheObjectAndServerErrorsAreUnavailable) {
  server_.FailNext(422, "Namespace \"chat\" is invalid: metadata.labels: Invalid value");
  absl::Status s = runtime_.Apply(target_);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_THAT(s.message(), HasSubstr("namespace chat: 422 Namespace \"chat\" is invalid"));
  server_.FailNext(503, "etcdserver: request timed out");
  EXPECT_EQ(runtime_.Apply(target_).code(), absl::StatusCode::kUnavailable);
  target_.cluster.endpoint = "http://127.0.0.1:1";  // nothing listens
  EXPECT_EQ(runtime_.Apply(target_).code(), absl::StatusCode::kUnavailable);
}

json Rolling(int64_t observed, int replicas, int updated, int available) {
  return {{"observedGeneration", observed},
          {"replicas", replicas},
          {"updatedReplicas", updated},
          {"availableReplicas", available}};
}

TEST_F(KubernetesRuntimeTest, FollowsTheDeploymentThroughEachDocumentedProgression) {
  ApplyOk();
  server_.ScriptDeployment(kWebPath, {Rolling(0, 3, 0, 3), Rolling(1, 4, 1, 3), Rolling(1, 4, 3, 3),
                                      Rolling(1, 3, 3, 2), Rolling(1, 3, 3, 3)});
  std::vector<std::string> messages;
  for (int i = 0; i < 4; ++i) {
    HealthReport r = CheckOk();
    EXPECT_EQ(r.health, Health::kProgressing) << r.message;
    messages.push_back(r.message);
  }
  EXPECT_THAT(messages, ElementsAre(HasSubstr("spec update to be observed"),
                                    HasSubstr("1 out of 3 new replicas"),
                                    HasSubstr("1 old replicas are pending termination"),
                                    HasSubstr("2 of 3 updated replicas are available")));
  HealthReport done = CheckOk();
  EXPECT_EQ(done.health, Health::kHealthy) << done.message;
  EXPECT_EQ(CheckOk().health, Health::kHealthy);  // the last snapshot stays
}

TEST_F(KubernetesRuntimeTest, ProgressDeadlineExceededFails) {
  ApplyOk();
  json status = Rolling(1, 4, 1, 3);
  status["conditions"] = {
      {{"type", "Progressing"}, {"status", "False"}, {"reason", "ProgressDeadlineExceeded"}}};
  server_.ScriptDeployment(kWebPath, {status});
  HealthReport r = CheckOk();
  EXPECT_EQ(r.health, Health::kFailed);
  EXPECT_THAT(r.message, HasSubstr("deployment web exceeded its progress deadline"));
}

json WebPod(const std::string& name, int restarts) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata",
           {{"name", name},
            {"namespace", "chat"},
            {"labels",
             {{"app.kubernetes.io/instance", "chat-web"}, {"app.kubernetes.io/name", "web"}}}}},
          {"status",
           {{"phase", "Running"},
            {"startTime", "2026-01-01T00:01:00Z"},
            {"containerStatuses",
             {{{"name", "web"},
               {"restartCount", restarts},
               {"state", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}}}}}}}};
}

TEST_F(KubernetesRuntimeTest, CrashLoopingPodsFailBeforeTheDeadline) {
  ApplyOk();
  server_.ScriptDeployment(kWebPath, {Rolling(1, 4, 1, 3)});
  server_.Put("/api/v1/namespaces/chat/pods", WebPod("web-7d9f-a", 2));
  EXPECT_EQ(CheckOk().health, Health::kProgressing);  // not yet 3 restarts

  server_.Put("/api/v1/namespaces/chat/pods", WebPod("web-7d9f-a", 4));
  HealthReport r = CheckOk();
  EXPECT_EQ(r.health, Health::kFailed);
  EXPECT_THAT(r.details,
              ElementsAre("pod web-7d9f-a: container web CrashLoopBackOff (4 restarts)"));
  bool listed_by_selector = false;
  for (const RecordedRequest& req : Requests("GET")) {
    if (req.path == "/api/v1/namespaces/chat/pods") {
      listed_by_selector = req.query.count("labelSelector") > 0 &&
                           req.query.at("labelSelector") ==
                               "app.kubernetes.io/instance=chat-web,app.kubernetes.io/name=web";
    }
  }
  EXPECT_TRUE(listed_by_selector);
}

json ReplicaSet(const std::string& hash, const json& owner, json pod_template) {
  pod_template["metadata"]["labels"]["pod-template-hash"] = hash;
  return {{"metadata",
           {{"name", "web-" + hash},
            {"labels", pod_template["metadata"]["labels"]},
            {"ownerReferences",
             {{{"kind", "Deployment"}, {"name", "web"}, {"uid", owner["metadata"]["uid"]}}}}}},
          {"spec", {{"template", pod_template}}}};
}

json HashedPod(const std::string& name, const std::string& hash, int restarts) {
  json pod = WebPod(name, restarts);
  pod["metadata"]["labels"]["pod-template-hash"] = hash;
  return pod;
}

TEST_F(KubernetesRuntimeTest, OnlyTheNewReplicaSetsPodsCanFailTheRollout) {
  ApplyOk();
  server_.ScriptDeployment(kWebPath, {Rolling(1, 4, 1, 3)});
  const json web = *server_.Object(kWebPath);
  json old_template = web["spec"]["template"];
  old_template["spec"]["containers"][0]["image"] = "registry/web@sha256:0ld";
  const std::string sets = "/apis/apps/v1/namespaces/chat/replicasets";
  server_.Put(sets, ReplicaSet("0ld", web, old_template));
  server_.Put(sets, ReplicaSet("n3w", web, web["spec"]["template"]));
  const std::string pods = "/api/v1/namespaces/chat/pods";
  server_.Put(pods, HashedPod("web-0ld-a", "0ld", 9));  // the release being replaced
  server_.Put(pods, HashedPod("web-n3w-b", "n3w", 0));
  HealthReport r = CheckOk();
  EXPECT_EQ(r.health, Health::kProgressing) << r.message;

  server_.Put(pods, HashedPod("web-n3w-b", "n3w", 3));
  r = CheckOk();
  EXPECT_EQ(r.health, Health::kFailed);
  EXPECT_THAT(r.details, ElementsAre("pod web-n3w-b: container web CrashLoopBackOff (3 restarts)"));
}

TEST_F(KubernetesRuntimeTest, AnAutoscaledDeploymentIsAppliedWithoutReplicas) {
  ApplyOk();
  std::vector<RecordedRequest> patches = Requests("PATCH");
  bool web_applied = false;
  for (const RecordedRequest& r : patches) {
    if (r.path != kWebPath) continue;
    web_applied = true;
    EXPECT_FALSE(json::parse(r.body)["spec"].contains("replicas"));
  }
  EXPECT_TRUE(web_applied);
  ASSERT_TRUE(runtime_.Apply(target_).ok());  // re-applying keeps the autoscaler's count
  EXPECT_EQ((*server_.Object(kWebPath))["spec"]["replicas"], 3);
}

TEST_F(KubernetesRuntimeTest, AWatchFollowsTheRolloutWithinOneCheck) {
  ApplyOk();
  server_.ScriptDeployment(kWebPath, {Rolling(1, 4, 1, 3), Rolling(1, 4, 3, 3), Rolling(1, 3, 3, 2),
                                      Rolling(1, 3, 3, 3)});
  server_.ClearRequests();
  absl::StatusOr<HealthReport> r = watching_.Check(target_);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->health, Health::kHealthy) << r->message;
  std::vector<RecordedRequest> watches = Watches();
  ASSERT_EQ(watches.size(), 1u);
  EXPECT_EQ(watches[0].path, "/apis/apps/v1/namespaces/chat/deployments");
  EXPECT_EQ(watches[0].query.at("watch"), "true");
  EXPECT_EQ(watches[0].query.at("fieldSelector"), "metadata.name=web");
  EXPECT_EQ(watches[0].query.at("timeoutSeconds"), "5");
  EXPECT_FALSE(watches[0].query.at("resourceVersion").empty());
}

TEST_F(KubernetesRuntimeTest, AWatchFromAnExpiredVersionReadsAgainAndWatchesFromThere) {
  ApplyOk();
  server_.ScriptDeployment(kWebPath,
                           {Rolling(1, 4, 1, 3), Rolling(1, 4, 2, 3), Rolling(1, 3, 3, 3)});
  // The first GET's write makes resourceVersion R+1; watching from it is already too old.
  server_.ExpireBefore(server_.ResourceVersion() + 2);
  server_.ClearRequests();
  absl::StatusOr<HealthReport> r = watching_.Check(target_);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->health, Health::kHealthy) << r->message;
  std::vector<RecordedRequest> watches = Watches();
  ASSERT_EQ(watches.size(), 2u);
  EXPECT_NE(watches[0].query.at("resourceVersion"), watches[1].query.at("resourceVersion"));
}

TEST_F(KubernetesRuntimeTest, AFailedWatchFallsBackToPolling) {
  ApplyOk();
  server_.ScriptDeployment(kWebPath, {Rolling(1, 4, 1, 3), Rolling(1, 3, 3, 3)});
  server_.FailNextWatch(500, "watch broke");
  absl::StatusOr<HealthReport> first = watching_.Check(target_);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->health, Health::kProgressing);  // the GET's judgement
  absl::StatusOr<HealthReport> second = watching_.Check(target_);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->health, Health::kHealthy);
}

json Event(const std::string& kind, const std::string& name, const std::string& type,
           const std::string& reason, const std::string& message, int count,
           const std::string& last) {
  return {{"metadata", {{"name", name + "." + reason}, {"namespace", "chat"}}},
          {"involvedObject", {{"kind", kind}, {"name", name}, {"namespace", "chat"}}},
          {"type", type},
          {"reason", reason},
          {"message", message},
          {"count", count},
          {"lastTimestamp", last},
          {"eventTime", nullptr}};
}

TEST_F(KubernetesRuntimeTest, AFailedRolloutShowsTheWarningEvents) {
  ApplyOk();
  json status = Rolling(1, 4, 1, 3);
  status["conditions"] = {
      {{"type", "Progressing"}, {"status", "False"}, {"reason", "ProgressDeadlineExceeded"}}};
  server_.ScriptDeployment(kWebPath, {status});
  const std::string events = "/api/v1/namespaces/chat/events";
  server_.Put(events,
              Event("Pod", "web-7d9f8-x2kq", "Warning", "FailedScheduling",
                    "0/3 nodes are available: 3 Insufficient cpu.", 4, "2026-01-01T00:05:00Z"));
  server_.Put(events, Event("Pod", "web-7d9f8-x2kq", "Normal", "Scheduled", "assigned", 1,
                            "2026-01-01T00:06:00Z"));
  server_.Put(events, Event("Pod", "web-api-5d8f-abcde", "Warning", "BackOff", "other app", 9,
                            "2026-01-01T00:07:00Z"));
  HealthReport r = CheckOk();
  EXPECT_EQ(r.health, Health::kFailed);
  EXPECT_THAT(r.message, HasSubstr("exceeded its progress deadline"));
  EXPECT_THAT(r.message, HasSubstr("FailedScheduling: 0/3 nodes are available"));
  EXPECT_THAT(r.details, ::testing::Contains(
                             HasSubstr("event Pod/web-7d9f8-x2kq: FailedScheduling: 0/3 nodes are "
                                       "available: 3 Insufficient cpu. (x4)")));
  EXPECT_THAT(r.details, ::testing::Not(::testing::Contains(HasSubstr("other app"))));
}

TEST_F(KubernetesRuntimeTest, PruneDeletesOnlyObjectsTheReleaseDropped) {
  ApplyOk();
  const json labels = {{"paved.dev/project", "chat"}, {"app.kubernetes.io/managed-by", "paved"}};
  server_.Put("/api/v1/namespaces/chat/configmaps",
              {{"metadata", {{"name", "old-config"}, {"labels", labels}}}});
  server_.Put(
      "/api/v1/namespaces/chat/configmaps",
      {{"metadata",
        {{"name", "other-project"},
         {"labels", {{"paved.dev/project", "mail"}, {"app.kubernetes.io/managed-by", "paved"}}}}}});
  server_.Put("/api/v1/namespaces/chat/configmaps", {{"metadata", {{"name", "kube-root-ca.crt"}}}});
  // The next release no longer has the cron job.
  std::erase_if(target_.objects, [](const json& o) { return o["kind"] == "CronJob"; });
  server_.ClearRequests();
  ASSERT_TRUE(runtime_.Prune(target_).ok());

  std::vector<std::string> deleted;
  for (const RecordedRequest& r : Requests("DELETE")) deleted.push_back(r.path);
  EXPECT_THAT(deleted, UnorderedElementsAre("/api/v1/namespaces/chat/configmaps/old-config",
                                            "/apis/batch/v1/namespaces/chat/cronjobs/cleanup"));
  for (const RecordedRequest& r : Requests("GET")) {
    EXPECT_EQ(r.query.at("labelSelector"),
              "paved.dev/project=chat,app.kubernetes.io/managed-by=paved");
  }
  EXPECT_TRUE(server_.Object("/api/v1/namespaces/chat/configmaps/other-project").has_value());
  EXPECT_TRUE(server_.Object("/api/v1/namespaces/chat/configmaps/kube-root-ca.crt").has_value());
  EXPECT_TRUE(server_.Object(kWebPath).has_value());
  EXPECT_TRUE(server_.Object("/api/v1/namespaces/chat").has_value());
}

TEST_F(KubernetesRuntimeTest, PruneSkipsKindsTheClusterDoesNotServe) {
  ApplyOk();
  server_.RemoveApi("networking.istio.io/v1beta1");
  EXPECT_TRUE(runtime_.Prune(target_).ok());
}

TEST_F(KubernetesRuntimeTest, WorkloadsShowPodsAndRecentCronJobRuns) {
  ApplyOk();
  ASSERT_EQ(CheckOk().health, Health::kHealthy);  // the fake controller completes the rollout
  server_.Put("/api/v1/namespaces/chat/pods", WebPod("web-7d9f-a", 1));
  for (const auto& [name, start, complete] :
       std::vector<std::tuple<std::string, std::string, bool>>{
           {"cleanup-1", "2026-01-01T01:00:00Z", true},
           {"cleanup-2", "2026-01-01T02:00:00Z", false}}) {
    server_.Put(
        "/apis/batch/v1/namespaces/chat/jobs",
        {{"metadata",
          {{"name", name}, {"ownerReferences", {{{"kind", "CronJob"}, {"name", "cleanup"}}}}}},
         {"status",
          {{"startTime", start},
           {"conditions", {{{"type", complete ? "Complete" : "Failed"}, {"status", "True"}}}}}}});
  }
  server_.Put("/api/v1/namespaces/chat/events",
              Event("Pod", "web-7d9f-a", "Warning", "BackOff",
                    "Back-off restarting failed container", 5, "2026-01-01T00:05:00Z"));
  server_.Put("/api/v1/namespaces/chat/events", Event("Pod", "mail-1", "Warning", "BackOff",
                                                      "someone else", 1, "2026-01-01T00:05:00Z"));
  const std::string cron_path = "/apis/batch/v1/namespaces/chat/cronjobs/cleanup";
  json cron = *server_.Object(cron_path);
  cron["status"] = {{"lastScheduleTime", "2026-01-01T02:00:00Z"},
                    {"lastSuccessfulTime", "2026-01-01T01:00:00Z"}};
  server_.Put("/apis/batch/v1/namespaces/chat/cronjobs", cron);
  absl::StatusOr<std::vector<Workload>> workloads =
      runtime_.Workloads(target_.cluster, "chat", "chat");
  ASSERT_TRUE(workloads.ok()) << workloads.status();
  std::map<std::string, Workload> by_component;
  for (const Workload& w : *workloads) by_component[w.component] = w;
  ASSERT_EQ(by_component.count("web"), 1u);
  const Workload& web = by_component["web"];
  EXPECT_EQ(web.kind, "Deployment");
  EXPECT_EQ(web.desired, 3);
  EXPECT_EQ(web.ready, 3);
  ASSERT_EQ(web.instances.size(), 1u);
  EXPECT_EQ(web.instances[0].name, "web-7d9f-a");
  EXPECT_EQ(web.instances[0].state, "CrashLoopBackOff");
  EXPECT_EQ(web.instances[0].restarts, 1);
  EXPECT_EQ(web.instances[0].deployment_id, "dep-1");
  ASSERT_EQ(web.events.size(), 1u);
  EXPECT_EQ(web.events[0].reason, "BackOff");
  EXPECT_EQ(web.events[0].object, "Pod/web-7d9f-a");
  EXPECT_EQ(web.events[0].count, 5);
  EXPECT_EQ(web.events[0].last_seen_ms, 1767225900000);  // 2026-01-01T00:05:00Z
  const Workload& cleanup = by_component["cleanup"];
  EXPECT_EQ(cleanup.kind, "CronJob");
  EXPECT_EQ(cleanup.schedule, "0 3 * * *");
  EXPECT_EQ(cleanup.last_schedule_ms, 1767232800000);    // 02:00
  EXPECT_EQ(cleanup.last_successful_ms, 1767229200000);  // 01:00
  const json cron_json = WorkloadToJson(cleanup);
  EXPECT_EQ(cron_json["schedule"], "0 3 * * *");
  EXPECT_EQ(cron_json["last_successful_at"], "2026-01-01T01:00:00.000Z");
  EXPECT_EQ(cron_json["last_runs"].size(), 2u);
  EXPECT_EQ(WorkloadToJson(web)["events"][0]["last_seen"], "2026-01-01T00:05:00.000Z");
  ASSERT_EQ(cleanup.instances.size(), 2u);
  EXPECT_EQ(cleanup.instances[0].name, "cleanup-2");  // newest first
  EXPECT_EQ(cleanup.instances[0].state, "failed");
  EXPECT_EQ(cleanup.instances[1].state, "succeeded");
}

TEST_F(KubernetesRuntimeTest, LogsTailTheFirstContainerOfAProjectPod) {
  json pod = WebPod("web-7d9f-a", 0);
  pod["metadata"]["labels"]["paved.dev/project"] = "chat";
  pod["metadata"]["labels"]["app.kubernetes.io/managed-by"] = "paved";
  pod["spec"] = {{"containers", {{{"name", "web"}}, {{"name", "istio-proxy"}}}}};
  server_.Put("/api/v1/namespaces/chat/pods", pod);
  server_.SetLogs("chat", "web-7d9f-a", "one\ntwo\nthree\n");
  absl::StatusOr<std::string> logs = runtime_.Logs(target_.cluster, "chat", "web-7d9f-a", 2);
  ASSERT_TRUE(logs.ok()) << logs.status();
  EXPECT_EQ(*logs, "two\nthree\n");
  const RecordedRequest last = server_.Requests().back();
  EXPECT_EQ(last.path, "/api/v1/namespaces/chat/pods/web-7d9f-a/log");
  EXPECT_EQ(last.query,
            (std::map<std::string, std::string>{{"container", "web"}, {"tailLines", "2"}}));
  EXPECT_EQ(runtime_.Logs(target_.cluster, "mail", "web-7d9f-a", 2).status().code(),
            absl::StatusCode::kNotFound);
}

// An HTTP client factory that remembers the options it was asked for.
TEST_F(KubernetesRuntimeTest, KubeconfigCredentialsReachTheClient) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("paved-k8s-runtime-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "config")
      << "current-context: c\ncontexts:\n- name: c\n  context: {cluster: k, user: u}\n"
         "clusters:\n- name: k\n  cluster:\n    server: "
      << target_.cluster.endpoint
      << "\n    certificate-authority: ca.pem\nusers:\n- name: u\n  user: {token: test-token}\n";
  std::vector<http::ClientOptions> seen;
  KubernetesOptions options;
  options.credentials_policy.files_dir = dir.string();
  options.new_client = [&seen](const http::ClientOptions& o) {
    seen.push_back(o);
    return http::NewCurlClient(o);
  };
  KubernetesRuntime runtime(options);
  target_.cluster.endpoint = "";
  target_.cluster.credentials = (dir / "config").string();
  absl::Status applied = runtime.Apply(target_);
  EXPECT_TRUE(applied.ok()) << applied;
  ASSERT_EQ(seen.size(), 1u);  // one client per API server, reused
  EXPECT_EQ(seen[0].ca_file, (dir / "ca.pem").string());
  EXPECT_TRUE(seen[0].verify_tls);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace paved::deploy::runtime::kubernetes
