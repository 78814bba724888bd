// One golden file per rendered kind, from the fixture project on a production istio cluster.
// PAVED_UPDATE_GOLDEN=1 rewrites them.
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/files.h"
#include "deploy/policy/yaml_documents.h"
#include "deploy/render/render_test_util.h"
#include "deploy/render/renderer.h"
#include "deploy/render/testing/render_fixture.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::render {
namespace {

using nlohmann::json;

const char* const kKinds[] = {
    "Namespace",           "ServiceAccount", "ConfigMap",      "Secret",
    "Deployment",          "Service",        "Ingress",        "HorizontalPodAutoscaler",
    "PodDisruptionBudget", "CronJob",        "DestinationRule"};

std::string GoldenPath(const std::string& kind) {
  return std::string(PAVED_RENDER_GOLDEN_DIR) + "/" + kind + ".yaml";
}

// Compares `yaml` with golden file `name` (rewriting it first under PAVED_UPDATE_GOLDEN=1).
void ExpectGolden(const std::string& name, const std::string& yaml);

bool UpdateGolden() {
  const char* v = std::getenv("PAVED_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

class GoldenTest : public ::testing::TestWithParam<const char*> {
 protected:
  static std::vector<json> Rendered() {
    static const spec::AppSpec spec = testing::FixtureSpec();
    auto objects = Render(
        testing::FixtureInput(spec, testing::ProductionEnvironment(), testing::ProductionCluster()),
        testing::FixtureStandards());
    EXPECT_OK(objects);
    return objects.ok() ? *objects : std::vector<json>{};
  }
};

void ExpectGolden(const std::string& name, const std::string& yaml) {
  if (UpdateGolden()) {
    std::ofstream(GoldenPath(name)) << yaml;
  }
  EXPECT_EQ(yaml, ReadWholeFile(GoldenPath(name)).value_or(""))
      << "rerun with PAVED_UPDATE_GOLDEN=1 to accept the new output";
}

TEST_P(GoldenTest, MatchesGoldenFile) {
  std::vector<json> objects = testing::OfKind(Rendered(), GetParam());
  ASSERT_FALSE(objects.empty()) << "the fixture renders no " << GetParam();
  ExpectGolden(GetParam(), ToYaml(objects));
}

TEST_P(GoldenTest, GoldenFileParsesBackToTheObjects) {
  auto docs = policy::ParseYamlDocuments(ReadWholeFile(GoldenPath(GetParam())).value_or(""));
  ASSERT_OK(docs);
  std::vector<json> parsed;
  for (const auto& d : *docs) parsed.push_back(d.value);
  EXPECT_EQ(parsed, testing::OfKind(Rendered(), GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Kinds, GoldenTest, ::testing::ValuesIn(kKinds));

// `traffic: {locality: ...}` on the fixture's service "web", per kind of cluster: the object that
// carries it, as a golden file of its own (testdata/golden/locality/).
struct LocalityCase {
  const char* golden;  // file under golden/, without .yaml
  const char* mesh;
  const char* kubernetes_version;
  bool locality;
  const char* kind;  // the object that changes
};

class LocalityGoldenTest : public ::testing::TestWithParam<LocalityCase> {};

TEST_P(LocalityGoldenTest, MatchesGoldenFile) {
  const LocalityCase& c = GetParam();
  spec::AppSpec spec = testing::FixtureSpec();
  spec.components[0].traffic = spec::Traffic{.locality = c.locality};
  platform::Cluster cluster =
      std::string(c.mesh).empty() ? testing::AlphaCluster() : testing::ProductionCluster();
  platform::Environment env =
      std::string(c.mesh).empty() ? testing::AlphaEnvironment() : testing::ProductionEnvironment();
  cluster.kubernetes_version = c.kubernetes_version;
  auto objects = Render(testing::FixtureInput(spec, env, cluster), testing::FixtureStandards());
  ASSERT_OK(objects);
  json object = testing::Find(*objects, c.kind, "web");
  ASSERT_FALSE(object.is_null());
  ExpectGolden(c.golden, ToYaml({object}));
}

INSTANTIATE_TEST_SUITE_P(
    Clusters, LocalityGoldenTest,
    ::testing::Values(LocalityCase{"locality/Service-1.34", "", "1.34", true, "Service"},
                      LocalityCase{"locality/Service-1.32", "", "1.32", true, "Service"},
                      LocalityCase{"locality/Service-1.30", "", "1.30", true, "Service"},
                      LocalityCase{"locality/Service-off", "", "1.34", false, "Service"},
                      // On: the same DestinationRule as without the key (the mesh's default).
                      LocalityCase{"DestinationRule", "istio", "", true, "DestinationRule"},
                      LocalityCase{"locality/DestinationRule-off", "istio", "", false,
                                   "DestinationRule"},
                      // The mesh routes by the DestinationRule: the Service stays as it was.
                      LocalityCase{"Service", "istio", "1.34", true, "Service"}),
    [](const ::testing::TestParamInfo<LocalityCase>& info) {
      std::string name = info.param.golden;
      for (char& ch : name) {
        if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return name + "_" + info.param.mesh;
    });

TEST(GoldenCoverageTest, EveryRenderedKindHasAGoldenFile) {
  auto spec = testing::FixtureSpec();
  auto objects = Render(
      testing::FixtureInput(spec, testing::ProductionEnvironment(), testing::ProductionCluster()),
      testing::FixtureStandards());
  ASSERT_OK(objects);
  std::set<std::string> kinds(std::begin(kKinds), std::end(kKinds));
  for (const auto& obj : *objects) EXPECT_TRUE(kinds.contains(obj["kind"])) << obj["kind"];
  EXPECT_EQ(kinds.size(), 11u);
}

}  // namespace
}  // namespace paved::deploy::render
