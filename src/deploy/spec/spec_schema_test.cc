// docs/paved.schema.json and the parser must describe the same paved.yaml: every key the schema
// names is accepted (with the schema's own example value), and the parser accepts no other key.

#include <fstream>
#include <set>
#include <sstream>

#include "core/files.h"
#include "deploy/spec/spec_keys.h"
#include "deploy/spec/spec_parser.h"
#include "gtest/gtest.h"

namespace paved::deploy::spec {
namespace {

using json = nlohmann::json;

json Schema() { return json::parse(ReadWholeFile(PAVED_SCHEMA_JSON).value_or(""), nullptr, false); }

std::set<std::string> PropertyNames(const json& object_schema) {
  std::set<std::string> out;
  for (const auto& [key, value] : object_schema.at("properties").items()) out.insert(key);
  return out;
}

std::set<std::string> AsSet(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

std::string Errors(const std::string& yaml) {
  std::vector<SpecError> errors;
  (void)ParseAppSpec(yaml, &errors);
  std::string out;
  for (const auto& e : errors) out += e.ToString() + "\n";
  return out;
}

struct KindDef {
  const char* def;
  const char* section;
  ComponentKind kind;
  json minimal;  // the required fields
};

std::vector<KindDef> Kinds() {
  return {{"service",
           "services",
           ComponentKind::kService,
           {{"image", "registry.example.com/a"}, {"port", 8080}}},
          {"worker", "workers", ComponentKind::kWorker, {{"image", "registry.example.com/a"}}},
          {"cronjob",
           "cronjobs",
           ComponentKind::kCronJob,
           {{"image", "registry.example.com/a"}, {"schedule", "@daily"}}}};
}

class SpecSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = Schema();
    ASSERT_TRUE(schema_.is_object()) << "cannot read " << PAVED_SCHEMA_JSON;
    ASSERT_EQ(schema_["$schema"], "https://json-schema.org/draft/2020-12/schema");
  }
  const json& Def(const std::string& name) { return schema_.at("$defs").at(name); }
  json schema_;
};

TEST_F(SpecSchemaTest, SchemaAndParserNameTheSameKeys) {
  EXPECT_EQ(PropertyNames(schema_), AsSet(TopLevelKeys()));
  for (const KindDef& k : Kinds()) {
    EXPECT_EQ(PropertyNames(Def(k.def)), AsSet(ComponentKeys(k.kind))) << k.def;
  }
  EXPECT_EQ(PropertyNames(Def("overrides")), AsSet(OverrideKeys(ComponentKind::kService)));
  EXPECT_EQ(PropertyNames(Def("cronjobOverrides")), AsSet(OverrideKeys(ComponentKind::kCronJob)));
  EXPECT_EQ(PropertyNames(Def("resources")), AsSet(ResourcesKeys()));
  EXPECT_EQ(PropertyNames(Def("autoscale")), AsSet(AutoscaleKeys()));
  EXPECT_EQ(PropertyNames(Def("service").at("properties").at("health")), AsSet(HealthKeys()));
  EXPECT_EQ(PropertyNames(Def("service").at("properties").at("ingress")), AsSet(IngressKeys()));
  EXPECT_EQ(PropertyNames(Def("service").at("properties").at("traffic")), AsSet(TrafficKeys()));
  const json& monitoring = schema_.at("properties").at("monitoring");
  EXPECT_EQ(PropertyNames(monitoring), AsSet(MonitoringKeys()));
  EXPECT_EQ(PropertyNames(monitoring.at("properties").at("metrics").at("oneOf").at(1)),
            AsSet(MonitoringMetricsKeys()));
  EXPECT_EQ(PropertyNames(monitoring.at("properties").at("slo")), AsSet(SloKeys()));
  EXPECT_EQ(PropertyNames(monitoring.at("properties").at("slo").at("properties").at("latency")),
            AsSet(SloLatencyKeys()));
}

TEST_F(SpecSchemaTest, FixedShapeObjectsForbidOtherProperties) {
  int checked = 0;
  std::function<void(const json&, const std::string&)> walk = [&](const json& j,
                                                                  const std::string& at) {
    if (j.is_object()) {
      if (j.contains("properties")) {
        EXPECT_EQ(j.value("additionalProperties", json(true)), json(false)) << at;
        EXPECT_TRUE(j.contains("description")) << at;
        ++checked;
      }
      for (const auto& [k, v] : j.items()) walk(v, at + "/" + k);
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v, at);
    }
  };
  walk(schema_, "");
  EXPECT_GE(checked, 10);
}

// JSON is YAML: each example from the schema goes into a spec as it is and must parse cleanly.
TEST_F(SpecSchemaTest, EveryComponentPropertyExampleIsAccepted) {
  int tried = 0;
  for (const KindDef& k : Kinds()) {
    for (const auto& [key, prop] : Def(k.def).at("properties").items()) {
      ASSERT_TRUE(prop.contains("examples")) << k.def << "." << key << " needs examples";
      for (const json& example : prop["examples"]) {
        json component = k.minimal;
        component[key] = example;
        json doc = {{"apiVersion", "paved.dev/v1"}, {k.section, {{"web", component}}}};
        EXPECT_EQ(Errors(doc.dump()), "") << doc.dump();
        ++tried;
      }
    }
  }
  EXPECT_GE(tried, 35);
}

TEST_F(SpecSchemaTest, EveryTopLevelPropertyExampleIsAccepted) {
  for (const auto& [key, prop] : schema_.at("properties").items()) {
    ASSERT_TRUE(prop.contains("examples")) << key;
    for (const json& example : prop["examples"]) {
      json doc = {{"apiVersion", "paved.dev/v1"},
                  {"services", {{"web", {{"image", "r/web"}, {"port", 80}}}}}};
      doc[key] = example;
      EXPECT_EQ(Errors(doc.dump()), "") << doc.dump();
    }
  }
}

TEST_F(SpecSchemaTest, KeysOutsideTheSchemaAreRefused) {
  for (const KindDef& k : Kinds()) {
    json component = k.minimal;
    component["sidecars"] = json::array();
    json doc = {{"apiVersion", "paved.dev/v1"}, {k.section, {{"web", component}}}};
    EXPECT_NE(Errors(doc.dump()).find("unknown key"), std::string::npos) << k.def;
  }
}

// testdata/example.yaml is the example of docs/deploy.md, so the guide's example is the one that
// the parser tests read.
TEST(SpecDocsTest, TheGuideShowsTheTestedExample) {
  std::string example =
      ReadWholeFile(std::string(PAVED_SPEC_TESTDATA) + "/example.yaml").value_or("");
  std::string guide = ReadWholeFile(PAVED_DEPLOY_GUIDE).value_or("");
  ASSERT_FALSE(example.empty());
  EXPECT_NE(guide.find("```yaml\n" + example + "```"), std::string::npos);
  EXPECT_NE(guide.find("paved.schema.json"), std::string::npos);
}

}  // namespace
}  // namespace paved::deploy::spec
