#include "deploy/render/renderer.h"

#include "deploy/render/render_test_util.h"
#include "deploy/render/shadowed_env.h"
#include "deploy/render/testing/render_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::render {
namespace {

using nlohmann::json;
using testing::Find;
using ::testing::HasSubstr;

class RendererTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::vector<json>> RenderProd() {
    return Render(testing::FixtureInput(spec_, testing::ProductionEnvironment(),
                                        testing::ProductionCluster()),
                  standards_);
  }
  absl::StatusOr<std::vector<json>> RenderAlpha() {
    return Render(
        testing::FixtureInput(spec_, testing::AlphaEnvironment(), testing::AlphaCluster()),
        standards_);
  }
  // The error message of a render that must fail with InvalidArgument.
  std::string ErrorOf(const RenderInput& input) {
    auto r = Render(input, standards_);
    EXPECT_CODE(r, kInvalidArgument);
    return std::string(r.status().message());
  }
  RenderInput RenderAlphaInput() {
    return testing::FixtureInput(spec_, testing::AlphaEnvironment(), testing::AlphaCluster());
  }
  RenderInput ProdInput() {
    return testing::FixtureInput(spec_, testing::ProductionEnvironment(),
                                 testing::ProductionCluster());
  }
  spec::Component& Web() { return spec_.components[0]; }

  spec::AppSpec spec_ = testing::FixtureSpec();
  Standards standards_ = testing::FixtureStandards();
};

std::vector<std::string> KindsAndNames(const std::vector<json>& objects) {
  std::vector<std::string> out;
  for (const auto& o : objects) {
    out.push_back(o["kind"].get<std::string>() + "/" + o["metadata"]["name"].get<std::string>());
  }
  return out;
}

TEST_F(RendererTest, ObjectsInKindOrderThenName) {
  auto objects = RenderProd();
  ASSERT_OK(objects);
  EXPECT_THAT(
      KindsAndNames(*objects),
      ::testing::ElementsAre("Namespace/chat", "ServiceAccount/chat", "ConfigMap/app-config",
                             "ConfigMap/app-config-files", "Secret/chat-secrets",
                             "Deployment/consumer", "Deployment/web", "Service/web", "Ingress/web",
                             "HorizontalPodAutoscaler/web", "PodDisruptionBudget/consumer",
                             "PodDisruptionBudget/web", "CronJob/cleanup", "DestinationRule/web"));
}

TEST_F(RendererTest, NoMeshNoDestinationRule) {
  auto objects = RenderAlpha();
  ASSERT_OK(objects);
  EXPECT_TRUE(testing::OfKind(*objects, "DestinationRule").empty());
  EXPECT_FALSE(
      Find(*objects, "Namespace", "chat")["metadata"]["labels"].contains("istio-injection"));
}

TEST_F(RendererTest, SameInputTwiceIsByteIdentical) {
  auto a = RenderProd();
  auto b = RenderProd();
  ASSERT_OK(a);
  ASSERT_OK(b);
  EXPECT_EQ(ToYaml(*a), ToYaml(*b));
  EXPECT_EQ(ManifestHash(*a), ManifestHash(*b));
  EXPECT_THAT(ManifestHash(*a), ::testing::MatchesRegex("sha256:[0-9a-f]{64}"));
}

TEST_F(RendererTest, EveryObjectCarriesTheStandardLabels) {
  auto objects = RenderProd();
  ASSERT_OK(objects);
  for (const auto& obj : *objects) {
    const json& labels = obj["metadata"]["labels"];
    EXPECT_EQ(labels["app.kubernetes.io/part-of"], "chat") << obj["kind"];
    EXPECT_EQ(labels["app.kubernetes.io/managed-by"], "paved");
    EXPECT_EQ(labels["app.kubernetes.io/version"], "7");
    EXPECT_EQ(labels["paved.dev/team"], "messaging");
    EXPECT_EQ(labels["paved.dev/project"], "chat");
    EXPECT_EQ(labels["paved.dev/environment"], "production");
    EXPECT_EQ(labels["company.example/cost-center"], "messaging");
    EXPECT_EQ(obj["metadata"].contains("namespace"), obj["kind"] != "Namespace");
  }
}

TEST_F(RendererTest, SelectorsUseOnlyStableLabels) {
  auto objects = RenderProd();
  ASSERT_OK(objects);
  json selector = {{"app.kubernetes.io/name", "web"}, {"app.kubernetes.io/instance", "chat-web"}};
  EXPECT_EQ(Find(*objects, "Deployment", "web")["spec"]["selector"]["matchLabels"], selector);
  EXPECT_EQ(Find(*objects, "Service", "web")["spec"]["selector"], selector);
  EXPECT_EQ(Find(*objects, "PodDisruptionBudget", "web")["spec"]["selector"]["matchLabels"],
            selector);
}

TEST_F(RendererTest, EnvironmentAndClusterOverridesApplied) {
  auto prod = RenderProd();
  auto alpha = RenderAlpha();
  ASSERT_OK(prod);
  ASSERT_OK(alpha);
  const json prod_c = Find(*prod, "Deployment", "web")["spec"]["template"]["spec"]["containers"][0];
  const json alpha_c =
      Find(*alpha, "Deployment", "web")["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(prod_c["resources"]["requests"], json({{"cpu", "1"}, {"memory", "1Gi"}}));
  EXPECT_EQ(prod_c["resources"]["limits"], json({{"cpu", "1"}, {"memory", "1Gi"}}));
  EXPECT_EQ(alpha_c["resources"]["requests"], json({{"cpu", "500m"}, {"memory", "512Mi"}}));
  EXPECT_EQ(prod_c["env"][0], json({{"name", "LOG_LEVEL"}, {"value", "warn"}}));
  EXPECT_EQ(alpha_c["env"][0], json({{"name", "LOG_LEVEL"}, {"value", "info"}}));
}

TEST_F(RendererTest, ReplicasPerEnvironmentAndPdbOnlyWhenReplicated) {
  Web().autoscale.reset();
  auto prod = RenderProd();
  auto alpha = RenderAlpha();
  ASSERT_OK(prod);
  ASSERT_OK(alpha);
  EXPECT_EQ(Find(*prod, "Deployment", "web")["spec"]["replicas"], 3);
  EXPECT_EQ(Find(*alpha, "Deployment", "web")["spec"]["replicas"], 1);
  EXPECT_FALSE(Find(*prod, "PodDisruptionBudget", "web").is_null());
  EXPECT_TRUE(Find(*alpha, "PodDisruptionBudget", "web").is_null());
  EXPECT_TRUE(Find(*alpha, "HorizontalPodAutoscaler", "web").is_null());
}

TEST_F(RendererTest, AutoscaledDeploymentLeavesReplicasToTheHpa) {
  auto prod = RenderProd();
  ASSERT_OK(prod);
  const json web = Find(*prod, "Deployment", "web");
  ASSERT_FALSE(web.is_null());
  EXPECT_FALSE(web["spec"].contains("replicas"));
  EXPECT_EQ(Find(*prod, "HorizontalPodAutoscaler", "web")["spec"]["minReplicas"], 3);
  EXPECT_EQ(Find(*prod, "Deployment", "consumer")["spec"]["replicas"], 2);  // no autoscaler
}

TEST_F(RendererTest, DefaultsWhenNoResourcesAndNoCpuLimitByDefault) {
  standards_.cpu_limit_equal_request = false;
  auto objects = RenderProd();
  ASSERT_OK(objects);
  json r = Find(*objects, "Deployment",
                "consumer")["spec"]["template"]["spec"]["containers"][0]["resources"];
  EXPECT_EQ(r, json({{"requests", {{"cpu", "100m"}, {"memory", "128Mi"}}},
                     {"limits", {{"memory", "128Mi"}}}}));
}

TEST_F(RendererTest, PodHardening) {
  auto objects = RenderProd();
  ASSERT_OK(objects);
  json pod = Find(*objects, "Deployment", "web")["spec"]["template"];
  EXPECT_EQ(pod["spec"]["securityContext"]["runAsNonRoot"], true);
  EXPECT_EQ(pod["spec"]["securityContext"]["runAsUser"], 10001);
  EXPECT_EQ(pod["spec"]["securityContext"]["seccompProfile"]["type"], "RuntimeDefault");
  EXPECT_EQ(pod["spec"]["automountServiceAccountToken"], false);
  EXPECT_EQ(pod["spec"]["imagePullSecrets"][0]["name"], "registry-credentials");
  EXPECT_EQ(pod["spec"]["topologySpreadConstraints"][0]["topologyKey"],
            "topology.kubernetes.io/zone");
  json c = pod["spec"]["containers"][0];
  EXPECT_EQ(c["securityContext"]["readOnlyRootFilesystem"], true);
  EXPECT_EQ(c["securityContext"]["allowPrivilegeEscalation"], false);
  EXPECT_EQ(c["securityContext"]["capabilities"]["drop"], json({"ALL"}));
  EXPECT_EQ(c["image"], "registry.example.com/chat-gateway@" +
                            ProdInput().digests.at("registry.example.com/chat-gateway"));
  EXPECT_EQ(c["livenessProbe"]["httpGet"]["port"], "http");
  EXPECT_EQ(pod["metadata"]["annotations"]["prometheus.io/port"], "8080");
}

TEST_F(RendererTest, WorkerWithoutHealthHasNoProbes) {
  spec_.components[1].health.reset();
  auto objects = RenderProd();
  ASSERT_OK(objects);
  json c = Find(*objects, "Deployment", "consumer")["spec"]["template"]["spec"]["containers"][0];
  EXPECT_FALSE(c.contains("livenessProbe"));
  EXPECT_FALSE(c.contains("readinessProbe"));
}

TEST_F(RendererTest, ConfigAndSecretsWired) {
  auto objects = RenderProd();
  ASSERT_OK(objects);
  json c = Find(*objects, "Deployment", "web")["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(c["envFrom"][0]["configMapRef"]["name"], "app-config");
  EXPECT_EQ(c["env"][1]["name"], "DB_PASSWORD");
  EXPECT_EQ(c["env"][1]["valueFrom"]["secretKeyRef"],
            json({{"name", "chat-secrets"}, {"key", "db-password"}}));
  EXPECT_THAT(c["volumeMounts"].dump(), HasSubstr("\"/etc/paved/config/app-config\""));
  json secret = Find(*objects, "Secret", "chat-secrets");
  EXPECT_EQ(secret["data"]["db-password"], "czNjcjN0LWRiLXBhc3N3b3Jk");  // s3cr3t-db-password
  EXPECT_FALSE(secret["metadata"].contains("annotations"));
  // Keys come in as env from one ConfigMap, files are mounted from another: a file never
  // becomes an environment variable.
  json cm = Find(*objects, "ConfigMap", "app-config");
  EXPECT_EQ(cm["data"]["LOG_FORMAT"], "json");
  EXPECT_FALSE(cm["data"].contains("app.yaml"));
  json files = Find(*objects, "ConfigMap", "app-config-files");
  EXPECT_TRUE(files["data"].contains("app.yaml"));
  EXPECT_FALSE(files["data"].contains("LOG_FORMAT"));
  json pod = Find(*objects, "Deployment", "web")["spec"]["template"]["spec"];
  EXPECT_THAT(pod["volumes"].dump(), HasSubstr("\"name\":\"app-config-files\""));
}

TEST_F(RendererTest, AConfigSetKeyReplacesTheSpecEnvValue) {
  // The spec says LOG_LEVEL=warn in production; `paved config set … LOG_LEVEL=debug` must win.
  RenderInput in = ProdInput();
  in.config["app-config"].data["LOG_LEVEL"] = "debug";
  auto objects = Render(in, standards_);
  ASSERT_OK(objects);
  json c = Find(*objects, "Deployment", "web")["spec"]["template"]["spec"]["containers"][0];
  for (const json& e : c["env"]) EXPECT_NE(e["name"], "LOG_LEVEL") << c["env"].dump();
  EXPECT_EQ(c["envFrom"][0]["configMapRef"]["name"], "app-config");
  EXPECT_EQ(Find(*objects, "ConfigMap", "app-config")["data"]["LOG_LEVEL"], "debug");

  ConfigData data = {{"app-config", in.config["app-config"].data}};
  auto shadowed = FindShadowedEnv(spec_, "production", "prod-eu-west", data);
  ASSERT_EQ(shadowed.size(), 1u);
  EXPECT_EQ(shadowed[0].field, "services.web.env.LOG_LEVEL");
  EXPECT_EQ(shadowed[0].set, "app-config");
  EXPECT_EQ(DescribeShadowedEnv(shadowed[0], "production"),
            "services.web.env.LOG_LEVEL: config set app-config in production sets LOG_LEVEL, "
            "which replaces the spec's value");
  // Without the key in the set, the spec's value stays and nothing is shadowed.
  in.config["app-config"].data.erase("LOG_LEVEL");
  auto plain = Render(in, standards_);
  ASSERT_OK(plain);
  EXPECT_EQ(
      Find(*plain, "Deployment", "web")["spec"]["template"]["spec"]["containers"][0]["env"][0],
      json({{"name", "LOG_LEVEL"}, {"value", "warn"}}));
  EXPECT_TRUE(FindShadowedEnv(spec_, "production", "prod-eu-west",
                              {{"app-config", in.config["app-config"].data}})
                  .empty());
}

TEST_F(RendererTest, RedactedSecretHasEmptyValuesAndAnnotation) {
  auto objects = Render(testing::FixtureInput(spec_, testing::ProductionEnvironment(),
                                              testing::ProductionCluster(), true),
                        standards_);
  ASSERT_OK(objects);
  json secret = Find(*objects, "Secret", "chat-secrets");
  EXPECT_EQ(secret["data"]["db-password"], "");
  EXPECT_EQ(secret["metadata"]["annotations"]["paved.dev/redacted"], "true");
}

TEST_F(RendererTest, ConfigHashChangesWithConfigVersion) {
  RenderInput in = ProdInput();
  auto before = Render(in, standards_);
  in.config["app-config"].version = 5;
  auto after = Render(in, standards_);
  ASSERT_OK(before);
  ASSERT_OK(after);
  auto hash = [](const std::vector<json>& objs, const char* kind, const char* name) {
    json t = Find(objs, kind, name)["spec"];
    if (t.contains("jobTemplate")) t = t["jobTemplate"]["spec"];
    return t["template"]["metadata"]["annotations"]["paved.dev/config-hash"];
  };
  EXPECT_NE(hash(*before, "Deployment", "web"), hash(*after, "Deployment", "web"));
  EXPECT_NE(hash(*before, "CronJob", "cleanup"), hash(*after, "CronJob", "cleanup"));
  // The consumer uses no config set: its pods do not roll.
  EXPECT_EQ(hash(*before, "Deployment", "consumer"), hash(*after, "Deployment", "consumer"));
}

TEST_F(RendererTest, MissingDigestNamesTheImageField) {
  RenderInput in = ProdInput();
  in.digests.erase("registry.example.com/chat-tools");
  EXPECT_THAT(ErrorOf(in), HasSubstr("cronjobs.cleanup.image"));
}

TEST_F(RendererTest, MissingConfigSetOrSecret) {
  RenderInput in = ProdInput();
  in.config.clear();
  EXPECT_THAT(ErrorOf(in), HasSubstr("services.web.config[0]"));
  in = ProdInput();
  in.secrets.clear();
  EXPECT_THAT(ErrorOf(in), HasSubstr("services.web.secrets[0]"));
}

TEST_F(RendererTest, RequestAboveCeilingNamesTheField) {
  Web().resources->memory = "9Gi";
  EXPECT_THAT(ErrorOf(RenderAlphaInput()), HasSubstr("services.web.resources.memory"));
}

TEST_F(RendererTest, ClusterOverrideAboveCeilingNamesTheOverride) {
  Web().clusters["prod-eu-west"].resources->cpu = "6";
  std::string message = ErrorOf(ProdInput());
  EXPECT_THAT(message, HasSubstr("services.web.clusters.prod-eu-west.resources.cpu"));
  EXPECT_THAT(message, HasSubstr("ceiling of 4"));
}

TEST_F(RendererTest, BadQuantityNamesTheField) {
  spec_.components[1].resources = spec::Resources{.cpu = "fast"};
  EXPECT_THAT(ErrorOf(ProdInput()), HasSubstr("workers.consumer.resources.cpu"));
}

TEST_F(RendererTest, LimitBelowRequestIsAnError) {
  spec_.components[1].resources = spec::Resources{.memory = "1Gi", .memory_limit = "512Mi"};
  EXPECT_THAT(ErrorOf(ProdInput()), HasSubstr("workers.consumer.resources.memory_limit"));
}

TEST_F(RendererTest, DisallowedOverrideNamesTheField) {
  standards_.overridable = {"replicas", "env", "autoscale", "probes.path"};
  EXPECT_THAT(ErrorOf(ProdInput()), HasSubstr("services.web.resources"));
  Web().resources.reset();
  EXPECT_THAT(ErrorOf(ProdInput()), HasSubstr("services.web.clusters.prod-eu-west.resources"));
  standards_.overridable = {"resources", "replicas", "autoscale", "probes.path"};
  EXPECT_THAT(ErrorOf(ProdInput()), HasSubstr("services.web.env"));
}

TEST_F(RendererTest, WorkerHealthNeedsAPort) {
  spec_.components[1].health->port.reset();
  EXPECT_THAT(ErrorOf(ProdInput()), HasSubstr("workers.consumer.health.port"));
}

TEST_F(RendererTest, SecretEnvClashIsAnError) {
  Web().env["DB_PASSWORD"] = "x";
  EXPECT_THAT(ErrorOf(ProdInput()), HasSubstr("services.web.secrets[0]"));
}

// `resources: [cache]`: every component gets the resource's variables, the URL from the Secret.
TEST_F(RendererTest, AResourceGivesEveryComponentItsConnection) {
  RenderInput in = ProdInput();
  in.secrets["resource.cache.url"] = {.version = 2, .value = "redis://:t0k3n@10.0.0.5:6379"};
  in.resources.push_back({.name = "cache",
                          .values = {{"REDIS_HOST", "10.0.0.5"}, {"REDIS_PORT", "6379"}},
                          .secrets = {{"REDIS_URL", "resource.cache.url"}}});
  auto objects = Render(in, standards_);
  ASSERT_OK(objects);
  for (const char* name : {"web", "consumer"}) {
    json env =
        Find(*objects, "Deployment", name)["spec"]["template"]["spec"]["containers"][0]["env"];
    json by_name;
    for (const json& e : env) by_name[e["name"].get<std::string>()] = e;
    EXPECT_EQ(by_name["REDIS_HOST"]["value"], "10.0.0.5") << name;
    EXPECT_EQ(by_name["REDIS_URL"]["valueFrom"]["secretKeyRef"],
              json({{"name", "chat-secrets"}, {"key", "resource.cache.url"}}))
        << name;
  }
  EXPECT_EQ(Find(*objects, "Secret", "chat-secrets")["data"]["resource.cache.url"],
            "cmVkaXM6Ly86dDBrM25AMTAuMC4wLjU6NjM3OQ==");
  // A new token (a new secret version) rolls the pods.
  auto hash = [](const std::vector<json>& objs) {
    return Find(objs, "Deployment",
                "consumer")["spec"]["template"]["metadata"]["annotations"]["paved.dev/config-hash"];
  };
  in.secrets["resource.cache.url"].version = 3;
  auto rotated = Render(in, standards_);
  ASSERT_OK(rotated);
  EXPECT_NE(hash(*objects), hash(*rotated));

  // A variable the component already sets is an error naming the resource.
  Web().env["REDIS_HOST"] = "elsewhere";
  RenderInput clash = ProdInput();
  clash.secrets = in.secrets;
  clash.resources = in.resources;
  EXPECT_THAT(ErrorOf(clash), HasSubstr("resources[0]: resource cache sets REDIS_HOST"));
  // Its secret must be there.
  RenderInput missing = ProdInput();
  Web().env.erase("REDIS_HOST");
  missing.resources = in.resources;
  EXPECT_THAT(ErrorOf(missing), HasSubstr("no secret resource.cache.url"));
}

TEST_F(RendererTest, NoSpecIsAnError) {
  RenderInput in = ProdInput();
  in.spec = nullptr;
  EXPECT_THAT(ErrorOf(in), HasSubstr("spec"));
}

}  // namespace
}  // namespace paved::deploy::render
