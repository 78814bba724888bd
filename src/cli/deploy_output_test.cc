#include "cli/deploy_output.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1795521600);  // 2026-11-24T12:00:00Z

TEST(FormatSpecErrorsTest, OneCompilerStyleLinePerError) {
  const json error = json::parse(R"({"code":"invalid_spec",
    "message":"line 7, column 5: services.web.foo: unknown key","field":"services.web.foo",
    "line":7,"column":5,"errors":[
      {"line":7,"column":5,"field":"services.web.foo","message":"unknown key"},
      {"line":12,"column":15,"field":"services.web.replicas","message":"must be an integer"}]})");
  EXPECT_EQ(FormatSpecErrors("paved.yaml", error),
            "paved.yaml:7:5: services.web.foo: unknown key\n"
            "paved.yaml:12:15: services.web.replicas: must be an integer\n");
}

TEST(FormatSpecErrorsTest, FallsBackToTheErrorItselfAndToTheFileAlone) {
  EXPECT_EQ(FormatSpecErrors("app.yaml", json::parse(R"({"line":3,"column":1,"field":"",
              "message":"mapping values are not allowed here"})")),
            "app.yaml:3:1: mapping values are not allowed here\n");
  EXPECT_EQ(FormatSpecErrors("app.yaml", json::parse(R"({"message":"empty spec"})")),
            "app.yaml: empty spec\n");
}

TEST(FormatSpecErrorsTest, ServerTextCannotDriveTheTerminal) {
  const json error = {
      {"errors", {{{"line", 1}, {"column", 2}, {"field", "a"}, {"message", "bad\x1b[31m red"}}}}};
  EXPECT_EQ(FormatSpecErrors("f", error), "f:1:2: a: bad [31m red\n");
}

const json kFindings = json::parse(R"([
  {"rule":"image-digest","severity":"error","object":"Deployment/chat/web",
   "path":"spec.template.spec.containers[0].image","message":"image is not pinned by digest",
   "how_to_fix":"use image@sha256:...","excepted":false},
  {"rule":"probes","severity":"warning","object":"Deployment/chat/web",
   "path":"spec.template.spec.containers[0]","message":"no readiness probe",
   "how_to_fix":"add health.path","excepted":false},
  {"rule":"image-digest","severity":"error","object":"Deployment/chat/worker",
   "path":"spec.template.spec.containers[0].image","message":"image is not pinned by digest",
   "how_to_fix":"use image@sha256:...","excepted":true,"exception":"migration"}])");

TEST(RenderFindingsTest, TableThenOneFixPerRule) {
  EXPECT_EQ(RenderFindings(kFindings),
            "SEVERITY           RULE           OBJECT                   PATH                      "
            "               MESSAGE\n"
            "error              image-digest   Deployment/chat/web      "
            "spec.template.spec.containers[0].image   image is not pinned by digest\n"
            "warning            probes         Deployment/chat/web      "
            "spec.template.spec.containers[0]         no readiness probe\n"
            "error (excepted)   image-digest   Deployment/chat/worker   "
            "spec.template.spec.containers[0].image   image is not pinned by digest\n"
            "\nHow to fix:\n"
            "  image-digest: use image@sha256:...\n"
            "  probes: add health.path\n");
  EXPECT_EQ(RenderFindings(json::array()), "");
}

TEST(FindingsSummaryTest, CountsWhatBlocksAndWhatDoesNot) {
  EXPECT_EQ(FindingsSummary(kFindings, true), "1 error, 1 warning, 1 excepted: blocking\n");
  EXPECT_EQ(FindingsSummary(json::array({kFindings[1], kFindings[1]}), false),
            "2 warnings: not blocking\n");
  EXPECT_EQ(FindingsSummary(json::array(), false), "no findings\n");
}

TEST(ChangeSummaryTest, AddedChangedRemoved) {
  EXPECT_EQ(
      ChangeSummary({{"added", {"A", "files/app.toml"}}, {"removed", {"C"}}, {"changed", {"B"}}}),
      "+A +files/app.toml ~B -C");
  EXPECT_EQ(ChangeSummary(json()), "");
}

TEST(RenderConfigTest, FieldsKeysUncutAndFileSizes) {
  const std::string long_value(100, 'v');
  const json version = {{"project", "chat"},
                        {"environment", "alpha"},
                        {"set", "app-config"},
                        {"version", 3},
                        {"author", "kim"},
                        {"created_at", "2026-11-24T11:00:00Z"},
                        {"message", "more workers"},
                        {"data", {{"LOG", "info"}, {"LONG", long_value}}},
                        {"files", {{"app.toml", "a = 1\n"}}}};
  const std::string text = RenderConfig(version);
  EXPECT_THAT(text, HasSubstr("Set:          app-config\nVersion:      3\n"));
  EXPECT_THAT(text, HasSubstr("\nKEY    VALUE\nLOG    info\nLONG   " + long_value + "\n"));
  EXPECT_THAT(text, HasSubstr("\nFILE       BYTES\napp.toml   6\n"));
}

TEST(RenderHistoryTest, ConfigAndSecretHistoriesShowNoValues) {
  const json config = json::parse(R"([{"version":2,"author":"kim","message":"tune",
    "created_at":"2026-11-24T09:00:00Z","changes":{"added":[],"removed":["OLD"],"changed":["N"]}}])");
  EXPECT_EQ(RenderConfigHistory(config, kNow),
            "VERSION   AUTHOR   AGE   CHANGES   MESSAGE\n"
            "2         kim      3h    ~N -OLD   tune\n");
  const json secrets = json::parse(R"([{"version":4,"author":"kim","message":"rotate",
    "created_at":"2026-11-24T11:59:00Z","key_id":"k2","changed":true}])");
  EXPECT_EQ(RenderSecretHistory(secrets, kNow),
            "VERSION   AUTHOR   AGE   KEY   MESSAGE\n"
            "4         kim      60s   k2    rotate\n");
}

}  // namespace
}  // namespace paved::cli
