#include "deploy/spec/spec_parser.h"

#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace paved::deploy::spec {
namespace {

using json = nlohmann::json;

std::string ReadExample() {
  std::ifstream in(PAVED_SPEC_TESTDATA "/example.yaml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<SpecError> Errors(const std::string& yaml) {
  std::vector<SpecError> errors;
  auto spec = ParseAppSpec(yaml, &errors);
  EXPECT_EQ(spec.ok(), errors.empty()) << yaml;
  return errors;
}

std::string Dump(const std::vector<SpecError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.ToString() + "\n";
  return out;
}

TEST(SpecParserTest, TheDocumentedExampleParses) {
  std::string yaml = ReadExample();
  ASSERT_NE(yaml.find("apiVersion"), std::string::npos);
  std::vector<SpecError> errors;
  auto spec = ParseAppSpec(yaml, &errors);
  ASSERT_TRUE(spec.ok()) << spec.status() << "\n" << Dump(errors);
  ASSERT_EQ(spec->components.size(), 3u);
  const Component& web = spec->components[0];
  EXPECT_EQ(web.name, "web");
  EXPECT_EQ(web.kind, ComponentKind::kService);
  EXPECT_EQ(web.image, "registry.example.com/chat-gateway");
  EXPECT_EQ(web.port, 8080);
  EXPECT_EQ(web.replicas_by_env, (std::map<std::string, int>{{"alpha", 1}, {"production", 3}}));
  ASSERT_TRUE(web.resources);
  EXPECT_EQ(web.resources->cpu, "500m");
  EXPECT_EQ(web.resources->memory, "512Mi");
  ASSERT_TRUE(web.health);
  EXPECT_EQ(web.health->path, "/healthz");
  EXPECT_EQ(web.env.at("LOG_LEVEL"), "info");
  EXPECT_EQ(web.config, std::vector<std::string>{"app-config"});
  EXPECT_EQ(web.secrets, std::vector<std::string>{"db-password"});
  ASSERT_TRUE(web.ingress);
  EXPECT_EQ(web.ingress->host, "chat.example.com");
  ASSERT_TRUE(web.autoscale);
  EXPECT_EQ(web.autoscale->min, 3);
  EXPECT_EQ(web.autoscale->max, 20);
  EXPECT_EQ(web.autoscale->cpu, 70);
  EXPECT_EQ(web.environments.at("production").env.at("LOG_LEVEL"), "warn");
  EXPECT_EQ(web.clusters.at("prod-eu-west").resources->memory, "1Gi");
  EXPECT_EQ(web.local_command,
            (std::vector<std::string>{"python3", "-m", "http.server", "${PORT}"}));
  EXPECT_EQ(spec->components[1].name, "consumer");
  EXPECT_EQ(spec->components[1].kind, ComponentKind::kWorker);
  EXPECT_EQ(spec->components[1].replicas, 2);
  EXPECT_EQ(spec->components[1].command, std::vector<std::string>{"./consumer"});
  EXPECT_EQ(spec->components[2].kind, ComponentKind::kCronJob);
  EXPECT_EQ(spec->components[2].schedule, "0 3 * * *");

  ResolvedComponent prod = Resolve(web, "production", "prod-eu-west");
  EXPECT_EQ(prod.env.at("LOG_LEVEL"), "warn");
  EXPECT_EQ(prod.resources.cpu, "1");
  EXPECT_EQ(prod.replicas, 3);  // autoscale.min
}

TEST(SpecParserTest, ComponentsAreSortedByKindThenName) {
  auto spec = ParseAppSpec(R"(apiVersion: paved.dev/v1
cronjobs:
  a-job: {image: r/x, schedule: "@daily"}
workers:
  zed: {image: r/x}
  alpha: {image: r/x}
services:
  web: {image: r/x, port: 80}
  api: {image: r/x, port: 81}
)",
                           nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status();
  std::vector<std::string> names;
  for (const auto& c : spec->components) names.push_back(c.name);
  EXPECT_EQ(names, (std::vector<std::string>{"api", "web", "alpha", "zed", "a-job"}));
}

TEST(SpecParserTest, ScalarsAsWrittenBecomeStrings) {
  auto spec = ParseAppSpec(R"(apiVersion: paved.dev/v1
workers:
  w:
    image: localhost:5000/team/w
    command: [run, 42, true]
    env: {PORT: 8080, DEBUG: true, RATIO: 0.5, EMPTY: }
)",
                           nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status();
  const Component& w = spec->components[0];
  EXPECT_EQ(w.command, (std::vector<std::string>{"run", "42", "true"}));
  EXPECT_EQ(w.env, (std::map<std::string, std::string>{
                       {"PORT", "8080"}, {"DEBUG", "true"}, {"RATIO", "0.5"}, {"EMPTY", ""}}));
}

struct BadCase {
  std::string yaml;  // after "apiVersion: paved.dev/v1\n"
  std::string field;
  int line;
  int column;
  std::string message;  // a part of it
};

TEST(SpecParserTest, EachProblemNamesFieldLineAndColumn) {
  std::vector<BadCase> cases = {
      {"services:\n  web: {image: r/web, port: 80, foo: 1}\n", "services.web.foo", 3, 33,
       "unknown key"},
      {"services:\n  web: {image: r/web, port: 80, replica: 1}\n", "services.web.replica", 3, 33,
       "did you mean replicas?"},
      {"colour: red\n", "colour", 2, 1, "unknown key"},
      {"services:\n  web: {image: r/web}\n", "services.web.port", 3, 3, "port is required"},
      {"services:\n  web: {port: 80}\n", "services.web.image", 3, 3, "image is required"},
      {"cronjobs:\n  c: {image: r/c}\n", "cronjobs.c.schedule", 3, 3, "schedule is required"},
      {"services:\n  Web: {image: r/web, port: 80}\n", "services.Web", 3, 3, "not a valid name"},
      {"services:\n  web: {image: r/web, port: 0}\n", "services.web.port", 3, 29,
       "between 1 and 65535"},
      {"services:\n  web: {image: r/web, port: \"80\"}\n", "services.web.port", 3, 29,
       "must be an integer"},
      {"services:\n  web: {image: r/web, port: 80, replicas: -1}\n", "services.web.replicas", 3, 43,
       "between 0 and"},
      {"services:\n  web:\n    image: r/web\n    port: 80\n    replicas: {production: x}\n",
       "services.web.replicas.production", 6, 28, "must be an integer"},
      {"services:\n  web: {image: r/web:1.2, port: 80}\n", "services.web.image", 3, 16,
       "the tag or digest is chosen at deploy time"},
      {"services:\n  web: {image: \"r/web@sha256:abc\", port: 80}\n", "services.web.image", 3, 16,
       "the tag or digest is chosen at deploy time"},
      {"services:\n  web: {image: r/web, port: 80, resources: {cpu: 500x}}\n",
       "services.web.resources.cpu", 3, 50, "not a CPU quantity"},
      {"services:\n  web: {image: r/web, port: 80, resources: {memory: 1GB}}\n",
       "services.web.resources.memory", 3, 53, "not a memory quantity"},
      {"services:\n  web: {image: r/web, port: 80, autoscale: {min: 5, max: 2}}\n",
       "services.web.autoscale.min", 3, 50, "must not exceed max"},
      {"services:\n  web: {image: r/web, port: 80, autoscale: {min: 0, max: 2}}\n",
       "services.web.autoscale.min", 3, 50, "between 1 and"},
      {"services:\n  web: {image: r/web, port: 80, autoscale: {max: 2, cpu: 101}}\n",
       "services.web.autoscale.cpu", 3, 58, "between 1 and 100"},
      {"cronjobs:\n  c: {image: r/c, schedule: \"0 3 * *\"}\n", "cronjobs.c.schedule", 3, 29,
       "five fields"},
      {"cronjobs:\n  c: {image: r/c, schedule: \"61 3 * * *\"}\n", "cronjobs.c.schedule", 3, 29,
       "minute field"},
      {"workers:\n  w: {image: r/w, ingress: {host: a.b}}\n", "workers.w.ingress", 3, 19,
       "ingress applies to services only"},
      {"workers:\n  w: {image: r/w, schedule: \"@daily\"}\n", "workers.w.schedule", 3, 19,
       "schedule applies to cronjobs only"},
      {"cronjobs:\n  c: {image: r/c, schedule: \"@daily\", replicas: 2}\n", "cronjobs.c.replicas",
       3, 39, "replicas applies to services and workers"},
      {"services:\n  web: {image: r/web, port: 80, config: [App_Config]}\n",
       "services.web.config[0]", 3, 42, "not a valid name"},
      {"services:\n  web: {image: r/web, port: 80, secrets: [a, a]}\n", "services.web.secrets[1]",
       3, 46, "listed twice"},
      {"services:\n  web: {image: r/web, port: 80}\nworkers:\n  web: {image: r/w}\n", "workers.web",
       5, 3, "already used by services.web"},
      {"services:\n  web: {image: r/web, port: 80}\nlocal:\n  api: {command: [x]}\n", "local.api",
       5, 3, "no service, worker or cronjob named api"},
      {"services:\n  web: {image: r/web, port: 80}\nlocal:\n  web: {command: [x], cwd: /tmp}\n",
       "local.web.cwd", 5, 23, "unknown key"},
      {"services:\n  web: {image: r/web, port: 80, environments: {production: {port: 1}}}\n",
       "services.web.environments.production.port", 3, 61, "unknown key"},
      {"cronjobs:\n  c: {image: r/c, schedule: \"@daily\", clusters: {eu: {replicas: 2}}}\n",
       "cronjobs.c.clusters.eu.replicas", 3, 55, "does not apply to cronjobs"},
      {"services:\n  web: {image: r/web, port: 80, env: {\"BAD NAME\": x}}\n",
       "services.web.env.BAD NAME", 3, 39, "environment variable name"},
      {"services:\n  web: {image: r/web, port: 80, env: {A: [1]}}\n", "services.web.env.A", 3, 42,
       "must be a string"},
      {"services:\n  web: {image: r/web, port: 80, health: {port: 81}}\n",
       "services.web.health.path", 3, 41, "path is required"},
      {"workers:\n  w: {image: r/w, health: {path: /h}}\n", "workers.w.health.port", 3, 27,
       "no port of its own"},
      {"services:\n  web: {image: r/web, port: 80, ingress: {host: Chat.Example}}\n",
       "services.web.ingress.host", 3, 49, "not a valid host name"},
      {"services:\n  web: {image: r/web, port: 80, command: run}\n", "services.web.command", 3, 42,
       "must be a list"},
      {"services: [web]\n", "services", 2, 11, "must be a mapping"},
      {"services:\n  web: r/web\n", "services.web", 3, 8, "must be a mapping"},
      {"services:\n  web: {image: r/web, port: 80, port: 81}\n", "services.web.port", 3, 33,
       "duplicate key"},
  };
  for (const BadCase& c : cases) {
    std::vector<SpecError> errors = Errors("apiVersion: paved.dev/v1\n" + c.yaml);
    ASSERT_EQ(errors.size(), 1u) << c.yaml << Dump(errors);
    EXPECT_EQ(errors[0].field, c.field) << c.yaml;
    EXPECT_EQ(errors[0].line, c.line) << c.yaml << Dump(errors);
    EXPECT_EQ(errors[0].column, c.column) << c.yaml << Dump(errors);
    EXPECT_NE(errors[0].message.find(c.message), std::string::npos) << c.yaml << Dump(errors);
  }
}

TEST(SpecParserTest, AFileOfMistakesListsTheFirstHundredAndCountsTheRest) {
  std::string yaml = "apiVersion: paved.dev/v1\nservices:\n  web:\n    image: r/x\n    port: 1\n";
  for (int i = 0; i < 150; ++i) yaml += "    bad" + std::to_string(i) + ": 1\n";
  std::vector<SpecError> errors;
  EXPECT_FALSE(ParseAppSpec(yaml, &errors).ok());
  ASSERT_EQ(errors.size(), 101u);
  EXPECT_EQ(errors[0].field, "services.web.bad0");
  EXPECT_EQ(errors[99].field, "services.web.bad99");
  EXPECT_EQ(errors[100].message, "50 more errors not listed (150 in all)");
}

TEST(SpecParserTest, ApiVersionIsRequiredAndChecked) {
  auto missing = Errors("services:\n  web: {image: r/web, port: 80}\n");
  ASSERT_EQ(missing.size(), 1u) << Dump(missing);
  EXPECT_EQ(missing[0].field, "apiVersion");
  EXPECT_EQ(missing[0].line, 1);
  auto wrong = Errors("apiVersion: apps/v1\n");
  ASSERT_EQ(wrong.size(), 1u) << Dump(wrong);
  EXPECT_EQ(wrong[0].column, 13);
  EXPECT_NE(wrong[0].message.find("paved.dev/v1"), std::string::npos);
}

TEST(SpecParserTest, EveryErrorIsCollectedInTextOrder) {
  std::string yaml = R"(apiVersion: paved.dev/v1
workers:
  w: {image: r/w, replicas: many}
services:
  web:
    image: r/web:latest
    port: 99999
    bogus: true
)";
  std::vector<SpecError> errors;
  auto spec = ParseAppSpec(yaml, &errors);
  ASSERT_FALSE(spec.ok());
  ASSERT_EQ(errors.size(), 4u) << Dump(errors);
  EXPECT_EQ(errors[0].field, "workers.w.replicas");
  EXPECT_EQ(errors[1].field, "services.web.image");
  EXPECT_EQ(errors[2].field, "services.web.port");
  EXPECT_EQ(errors[3].field, "services.web.bogus");
  EXPECT_EQ(errors[3].ToString(), "line 8, column 5: services.web.bogus: unknown key");
  EXPECT_EQ(spec.status().message(), errors[0].ToString());
}

TEST(SpecParserTest, EmptyOrNonMappingOrMalformedIsOneError) {
  for (const std::string yaml :
       {"", "   \n# only a comment\n", "- a\n- b\n", "just text", "a: 1\n---\nb: 2\n"}) {
    auto errors = Errors(yaml);
    ASSERT_EQ(errors.size(), 1u) << yaml << Dump(errors);
    EXPECT_GE(errors[0].line, 1) << yaml;
  }
  auto bad = Errors("apiVersion: paved.dev/v1\nservices:\n  web: {image: [r/web\n");
  ASSERT_EQ(bad.size(), 1u) << Dump(bad);
  EXPECT_EQ(bad[0].field, "");
  EXPECT_GE(bad[0].line, 3);
  EXPECT_NE(bad[0].message.find("invalid YAML"), std::string::npos);
  auto tabs = Errors("apiVersion: paved.dev/v1\nservices:\n\tweb: {}\n");
  ASSERT_EQ(tabs.size(), 1u) << Dump(tabs);
  EXPECT_EQ(tabs[0].line, 3);
}

TEST(SpecParserTest, HostileInputIsAnErrorNotACrash) {
  auto deep = Errors("apiVersion: paved.dev/v1\nservices: " + std::string(100000, '[') + "\n");
  ASSERT_EQ(deep.size(), 1u) << Dump(deep);
  EXPECT_NE(deep[0].message.find("invalid YAML"), std::string::npos) << Dump(deep);
  // An alias is read where it is used; errors point at the anchored text.
  auto aliased = Errors(R"(apiVersion: paved.dev/v1
services:
  web: &web {image: r/web, port: 80, env: &env {A: "1"}}
workers:
  w: {image: r/w, env: *env}
  x: *web
)");
  ASSERT_EQ(aliased.size(), 1u) << Dump(aliased);
  EXPECT_EQ(aliased[0].field, "workers.x.port");
}

TEST(SpecParserTest, ErrorsConvertToJson) {
  SpecError e{.line = 7, .column = 5, .field = "services.web.foo", .message = "unknown key"};
  EXPECT_EQ(
      SpecErrorToJson(e),
      (json{
          {"line", 7}, {"column", 5}, {"field", "services.web.foo"}, {"message", "unknown key"}}));
  EXPECT_EQ(e.ToString(), "line 7, column 5: services.web.foo: unknown key");
}

// `resources:` names resources of the project whose connection every component gets.
TEST(SpecParserTest, ResourcesAreNamedAtTheTopLevel) {
  const std::string head = "apiVersion: paved.dev/v1\nservices:\n  web: {image: r/web, port: 80}\n";
  std::vector<SpecError> errors;
  auto spec =
      ParseAppSpec(head + "resources: [cache, {name: sessions, prefix: SESSIONS}]\n", &errors);
  ASSERT_TRUE(spec.ok()) << Dump(errors);
  ASSERT_EQ(spec->resources.size(), 2u);
  EXPECT_EQ(spec->resources[0].name, "cache");
  EXPECT_EQ(spec->resources[0].prefix, "");
  EXPECT_EQ(spec->resources[1].prefix, "SESSIONS");
  EXPECT_EQ(AppSpecToJson(*spec)["resources"],
            (json{"cache", {{"name", "sessions"}, {"prefix", "SESSIONS"}}}));

  struct Bad {
    std::string yaml;
    std::string field;
    std::string says;
  };
  for (const Bad& b : std::vector<Bad>{
           {"resources: cache\n", "resources", "list of resource names"},
           {"resources: [Cache]\n", "resources[0]", "not a resource name"},
           {"resources: [cache, cache]\n", "resources[1]", "listed twice"},
           {"resources: [{name: cache, prefix: redis}]\n", "resources[0].prefix", "A-Z"},
           {"resources: [{prefix: X}]\n", "resources[0].name", "required"},
           {"resources: [{name: cache, port: 1}]\n", "resources[0].port", "unknown key"},
       }) {
    auto found = Errors(head + b.yaml);
    ASSERT_EQ(found.size(), 1u) << b.yaml << Dump(found);
    EXPECT_EQ(found[0].field, b.field) << b.yaml;
    EXPECT_NE(found[0].message.find(b.says), std::string::npos) << found[0].message;
  }
  // Under a component, `resources` is cpu and memory: a list there is pointed to the top level.
  auto misplaced = Errors(
      "apiVersion: paved.dev/v1\nservices:\n  web: {image: r/web, port: 80, resources: "
      "[cache]}\n");
  ASSERT_EQ(misplaced.size(), 1u) << Dump(misplaced);
  EXPECT_EQ(misplaced[0].field, "services.web.resources");
  EXPECT_NE(misplaced[0].message.find("at the top level"), std::string::npos);
}

// The JSON form has the YAML's shape: parsing it again (JSON is YAML) gives the same JSON.
TEST(SpecParserTest, TrafficLocalityIsAServiceBoolean) {
  std::vector<SpecError> errors;
  auto spec = ParseAppSpec(R"(apiVersion: paved.dev/v1
services:
  api: {image: r/api, port: 80, traffic: {locality: true}}
  web: {image: r/web, port: 80, traffic: {locality: false}}
  www: {image: r/www, port: 80}
)",
                           &errors);
  ASSERT_TRUE(spec.ok()) << Dump(errors);
  ASSERT_TRUE(spec->Find("api")->traffic);
  EXPECT_EQ(spec->Find("api")->traffic->locality, true);
  EXPECT_EQ(spec->Find("web")->traffic->locality, false);
  EXPECT_FALSE(spec->Find("www")->traffic);
  json out = AppSpecToJson(*spec);
  EXPECT_EQ(out["services"]["api"]["traffic"], (json{{"locality", true}}));
  EXPECT_EQ(out["services"]["web"]["traffic"], (json{{"locality", false}}));
  EXPECT_FALSE(out["services"]["www"].contains("traffic"));

  std::string problems = Dump(Errors(R"(apiVersion: paved.dev/v1
services:
  api: {image: r/api, port: 80, traffic: {locality: "true", zone: a}}
workers:
  jobs: {image: r/jobs, traffic: {locality: true}}
)"));
  EXPECT_NE(problems.find("services.api.traffic.locality: must be true or false, not 'true'"),
            std::string::npos)
      << problems;
  EXPECT_NE(problems.find("services.api.traffic.zone: unknown key"), std::string::npos) << problems;
  EXPECT_NE(problems.find("workers.jobs.traffic: traffic applies to services only"),
            std::string::npos)
      << problems;
}

TEST(SpecParserTest, MonitoringOverridesMetricsAndObjectives) {
  std::vector<SpecError> errors;
  auto spec = ParseAppSpec(R"(apiVersion: paved.dev/v1
services:
  web: {image: r/web, port: 80}
monitoring:
  metrics:
    source: app
    requests_total: http_server_requests_total
    duration_unit: milliseconds
    status_label: status
  slo: {availability: 99.95, latency: {percent: 99, ms: 250}}
)",
                           &errors);
  ASSERT_TRUE(spec.ok()) << Dump(errors);
  const MonitoringSpec& m = spec->monitoring;
  EXPECT_EQ(m.metrics.source, "app");
  EXPECT_EQ(m.metrics.requests_total, "http_server_requests_total");
  EXPECT_EQ(m.metrics.duration_unit, "milliseconds");
  EXPECT_EQ(m.metrics.status_label, "status");
  EXPECT_EQ(m.metrics.service_label, "");
  EXPECT_EQ(m.slo.availability, 99.95);
  EXPECT_EQ(m.slo.latency_percent, 99);
  EXPECT_EQ(m.slo.latency_ms, 250);
  json out = AppSpecToJson(*spec);
  EXPECT_EQ(out["monitoring"]["metrics"]["status_label"], "status");
  EXPECT_EQ(out["monitoring"]["slo"]["latency"], (json{{"percent", 99.0}, {"ms", 250}}));
  auto again = ParseAppSpec(out.dump(), nullptr);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(AppSpecToJson(*again), out);

  auto istio = ParseAppSpec(
      "apiVersion: paved.dev/v1\nservices:\n  web: {image: r/web, port: 80}\n"
      "monitoring: {metrics: istio}\n",
      nullptr);
  ASSERT_TRUE(istio.ok()) << istio.status();
  EXPECT_EQ(istio->monitoring.metrics.source, "istio");
  EXPECT_FALSE(AppSpecToJson(ParseAppSpec("apiVersion: paved.dev/v1\n", nullptr).value())
                   .contains("monitoring"));
}

TEST(SpecParserTest, MonitoringMistakesNameTheirField) {
  std::string problems = Dump(Errors(R"(apiVersion: paved.dev/v1
services:
  web: {image: r/web, port: 80}
monitoring:
  metrics: {source: app, requests_total: "http requests", status_label: a-b, color: red}
  slo: {availability: 100, latency: {percent: 99}}
  dashboards: true
)"));
  for (const char* expected :
       {"monitoring.metrics.requests_total: must be a Prometheus metric name",
        "monitoring.metrics.status_label: must be a Prometheus label name",
        "monitoring.metrics.color: unknown key",
        "monitoring.slo.availability: must be a percentage above 0 and below 100",
        "monitoring.slo.latency.ms: percent and ms are both required",
        "monitoring.dashboards: unknown key"}) {
    EXPECT_NE(problems.find(expected), std::string::npos) << expected << "\n" << problems;
  }
  problems =
      Dump(Errors("apiVersion: paved.dev/v1\nmonitoring: {metrics: linkerd}\n"
                  "services:\n  web: {image: r/web, port: 80}\n"));
  EXPECT_NE(problems.find("monitoring.metrics: must be istio or app, not 'linkerd'"),
            std::string::npos)
      << problems;
  problems = Dump(Errors(
      "apiVersion: paved.dev/v1\nmonitoring: {metrics: {source: istio, status_label: code}}\n"
      "services:\n  web: {image: r/web, port: 80}\n"));
  EXPECT_NE(problems.find("monitoring.metrics: metric names apply to source app only"),
            std::string::npos)
      << problems;
}

TEST(SpecJsonTest, JsonHasTheShapeOfTheYaml) {
  auto spec = ParseAppSpec(ReadExample(), nullptr);
  ASSERT_TRUE(spec.ok()) << spec.status();
  json j = AppSpecToJson(*spec);
  EXPECT_EQ(j["apiVersion"], "paved.dev/v1");
  EXPECT_EQ(j["services"]["web"]["replicas"], (json{{"alpha", 1}, {"production", 3}}));
  EXPECT_EQ(j["services"]["web"]["ingress"], (json{{"host", "chat.example.com"}, {"path", "/"}}));
  EXPECT_EQ(j["workers"]["consumer"]["replicas"], 2);
  EXPECT_EQ(j["cronjobs"]["cleanup"]["schedule"], "0 3 * * *");
  EXPECT_EQ(j["local"]["web"]["command"][3], "${PORT}");
  EXPECT_EQ(j["services"]["web"]["clusters"]["prod-eu-west"]["resources"]["cpu"], "1");
  std::vector<SpecError> errors;
  auto again = ParseAppSpec(j.dump(), &errors);
  ASSERT_TRUE(again.ok()) << again.status() << j.dump(2);
  EXPECT_EQ(AppSpecToJson(*again), j);
}

}  // namespace
}  // namespace paved::deploy::spec
