#include "deploy/render/testing/render_fixture.h"

#include <set>

namespace paved::deploy::render::testing {
namespace {

using spec::Component;
using spec::ComponentKind;

Component Web() {
  Component c;
  c.name = "web";
  c.kind = ComponentKind::kService;
  c.image = "registry.example.com/chat-gateway";
  c.port = 8080;
  c.replicas_by_env = {{"alpha", 1}, {"production", 3}};
  c.resources = spec::Resources{.cpu = "500m", .memory = "512Mi"};
  c.health = spec::Health{.path = "/healthz"};
  c.env = {{"LOG_LEVEL", "info"}};
  c.config = {"app-config"};
  c.secrets = {"db-password"};
  c.ingress = spec::Ingress{.host = "chat.example.com", .path = "/"};
  c.autoscale = spec::Autoscale{.min = 3, .max = 20, .cpu = 70};
  c.environments["production"].env = {{"LOG_LEVEL", "warn"}};
  c.clusters["prod-eu-west"].resources = spec::Resources{.cpu = "1", .memory = "1Gi"};
  return c;
}

Component Consumer() {
  Component c;
  c.name = "consumer";
  c.kind = ComponentKind::kWorker;
  c.image = "registry.example.com/chat-consumer";
  c.replicas = 2;
  c.command = {"./consumer"};
  c.health = spec::Health{.path = "/healthz", .port = 9090};
  c.secrets = {"db-password"};
  return c;
}

Component Cleanup() {
  Component c;
  c.name = "cleanup";
  c.kind = ComponentKind::kCronJob;
  c.image = "registry.example.com/chat-tools";
  c.schedule = "0 3 * * *";
  c.command = {"./cleanup"};
  c.args = {"--older-than", "30d"};
  c.config = {"app-config"};
  return c;
}

std::string Digest(int n) {
  std::string hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 64; ++i) out += hex[(n * 7 + i * 3) % 16];
  return "sha256:" + out;
}

}  // namespace

spec::AppSpec FixtureSpec() {
  spec::AppSpec s;
  s.components = {Web(), Consumer(), Cleanup()};
  return s;
}

platform::Cluster ProductionCluster() {
  return {.name = "prod-eu-west",
          .region = "eu-west-1",
          .environment = "production",
          .runtime = "kubernetes",
          .endpoint = "https://k8s.prod-eu-west.example.com",
          .credentials = "PROD_EU_WEST_KUBECONFIG",
          .mesh = "istio",
          .zones = {"eu-west-1a", "eu-west-1b", "eu-west-1c"}};
}

platform::Cluster AlphaCluster() {
  return {.name = "alpha-eu-west",
          .region = "eu-west-1",
          .environment = "alpha",
          .runtime = "kubernetes",
          .endpoint = "https://k8s.alpha-eu-west.example.com",
          .credentials = "ALPHA_EU_WEST_KUBECONFIG",
          .mesh = "",
          .zones = {"eu-west-1a", "eu-west-1b"}};
}

platform::Environment ProductionEnvironment() {
  return {.name = "production", .position = 1, .production = true};
}

platform::Environment AlphaEnvironment() {
  return {.name = "alpha", .position = 0, .production = false};
}

RenderInput FixtureInput(const spec::AppSpec& spec, const platform::Environment& env,
                         const platform::Cluster& cluster, bool redacted) {
  RenderInput in;
  in.spec = &spec;
  in.spec_version = 7;
  in.project = "chat";
  in.team = "messaging";
  in.namespace_name = "chat";
  in.environment = env;
  in.cluster = cluster;
  int n = 0;
  for (const auto& c : spec.components) {
    if (!in.digests.contains(c.image)) in.digests[c.image] = Digest(++n);
  }
  std::set<std::string> sets, secrets;
  for (const auto& c : spec.components) {
    sets.insert(c.config.begin(), c.config.end());
    secrets.insert(c.secrets.begin(), c.secrets.end());
  }
  for (const std::string& set : sets) {
    in.config[set] = {.version = 4,
                      .data = {{"LOG_FORMAT", "json"}, {"FEATURE_SEARCH", "true"}},
                      .files = {{"app.yaml", "listen: 8080\nmode: \"fast\"\nretries: 3\n"}}};
  }
  for (const std::string& name : secrets) {
    in.secrets[name] = {.version = 2};
    if (!redacted) in.secrets[name].value = "s3cr3t-" + name;
  }
  return in;
}

spec::AppSpec LargeSpec(int components) {
  spec::AppSpec s;
  for (int i = 0; i < components; ++i) {
    Component c = i % 5 == 3 ? Consumer() : i % 5 == 4 ? Cleanup() : Web();
    c.name += "-" + std::to_string(i);
    c.image += "-" + std::to_string(i);
    if (c.ingress) c.ingress->host = c.name + ".example.com";
    s.components.push_back(c);
  }
  return s;
}

Standards FixtureStandards() {
  Standards s;
  s.labels = {{"company.example/cost-center", "messaging"}};
  s.image_pull_secrets = {"registry-credentials"};
  s.cpu_limit_equal_request = true;
  return s;
}

}  // namespace paved::deploy::render::testing
