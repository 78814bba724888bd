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

TEST_P(GoldenTest, MatchesGoldenFile) {
  std::vector<json> objects = testing::OfKind(Rendered(), GetParam());
  ASSERT_FALSE(objects.empty()) << "the fixture renders no " << GetParam();
  std::string yaml = ToYaml(objects);
  if (UpdateGolden()) {
    std::ofstream(GoldenPath(GetParam())) << yaml;
  }
  EXPECT_EQ(yaml, ReadWholeFile(GoldenPath(GetParam())).value_or(""))
      << "rerun with PAVED_UPDATE_GOLDEN=1 to accept the new output";
}

TEST_P(GoldenTest, GoldenFileParsesBackToTheObjects) {
  auto docs = policy::ParseYamlDocuments(ReadWholeFile(GoldenPath(GetParam())).value_or(""));
  ASSERT_OK(docs);
  std::vector<json> parsed;
  for (const auto& d : *docs) parsed.push_back(d.value);
  EXPECT_EQ(parsed, testing::OfKind(Rendered(), GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Kinds, GoldenTest, ::testing::ValuesIn(kKinds));

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
