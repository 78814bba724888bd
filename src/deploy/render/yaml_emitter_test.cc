#include "deploy/policy/yaml_documents.h"
#include "deploy/render/renderer.h"
#include "deploy/render/testing/render_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::render {
namespace {

using nlohmann::json;

// The objects read back from ToYaml.
std::vector<json> RoundTrip(const std::vector<json>& objects) {
  auto docs = policy::ParseYamlDocuments(ToYaml(objects));
  EXPECT_OK(docs);
  std::vector<json> out;
  if (docs.ok()) {
    for (const auto& d : *docs) out.push_back(d.value);
  }
  return out;
}

TEST(ToYamlTest, TopLevelKeyOrder) {
  json obj = {{"zeta", 1},          {"data", {{"b", "x"}, {"a", "z"}}},
              {"kind", "Thing"},    {"metadata", {{"name", "web"}}},
              {"apiVersion", "v1"}, {"alpha", true}};
  EXPECT_EQ(ToYaml({obj}),
            "apiVersion: v1\n"
            "kind: Thing\n"
            "metadata:\n"
            "  name: web\n"
            "data:\n"
            "  a: z\n"
            "  b: x\n"
            "alpha: true\n"
            "zeta: 1\n");
}

TEST(ToYamlTest, QuotesStringsThatReadAsOtherTypes) {
  json obj = {{"a", "true"},   {"b", "0755"},        {"c", "1.0"},       {"d", ""},
              {"e", "yes"},    {"f", "null"},        {"g", "1e3"},       {"h", "- x"},
              {"i", "a: b"},   {"j", "12:30"},       {"k", "0 3 * * *"}, {"l", "line\nbreak"},
              {"m", "500m"},   {"path", "/healthz"}, {"y", "n"},         {"o", "./run"},
              {"p", "--flag"}, {"q", "---"},         {"r", "-"},         {"s", ".5"},
              {"t", "-1"}};
  std::string yaml = ToYaml({obj});
  for (const char* quoted : {"\"true\"", "\"0755\"", "\"1.0\"", "\"\"", "\"yes\"", "\"null\"",
                             "\"1e3\"", "\"- x\"", "\"a: b\"", "\"12:30\"", "\"0 3 * * *\"",
                             "\"line\\nbreak\"", "\"---\"", "\"-\"", "\".5\"", "\"-1\""}) {
    EXPECT_THAT(yaml, ::testing::HasSubstr(quoted));
  }
  EXPECT_THAT(yaml, ::testing::HasSubstr("m: 500m\n"));
  EXPECT_THAT(yaml, ::testing::HasSubstr("path: /healthz\n"));
  EXPECT_THAT(yaml, ::testing::HasSubstr("o: ./run\n"));
  EXPECT_THAT(yaml, ::testing::HasSubstr("p: --flag\n"));
  // YAML 1.1 reads y and n as booleans: both the key and the value are quoted.
  EXPECT_THAT(yaml, ::testing::HasSubstr("\"y\": \"n\"\n"));
  EXPECT_EQ(RoundTrip({obj}), std::vector<json>{obj});
}

TEST(ToYamlTest, NestedListsAndEmptyCollections) {
  json obj = {{"kind", "K"},
              {"spec",
               {{"items", {{{"a", 1}, {"b", {{"c", {"x", "y"}}}}}, "plain", json::array({1, 2})}},
                {"empty_map", json::object()},
                {"empty_list", json::array()},
                {"nothing", nullptr}}}};
  EXPECT_EQ(RoundTrip({obj}), std::vector<json>{obj});
}

TEST(ToYamlTest, DocumentsSeparated) {
  json a = {{"kind", "A"}};
  json b = {{"kind", "B"}};
  EXPECT_EQ(ToYaml({a, b}), "kind: A\n---\nkind: B\n");
  EXPECT_EQ(RoundTrip({a, b}), (std::vector<json>{a, b}));
}

TEST(ToYamlTest, RenderedFixtureRoundTrips) {
  auto spec = testing::FixtureSpec();
  for (bool prod : {true, false}) {
    auto in = prod ? testing::FixtureInput(spec, testing::ProductionEnvironment(),
                                           testing::ProductionCluster())
                   : testing::FixtureInput(spec, testing::AlphaEnvironment(),
                                           testing::AlphaCluster(), true);
    auto objects = Render(in, testing::FixtureStandards());
    ASSERT_OK(objects);
    EXPECT_EQ(RoundTrip(*objects), *objects);
  }
}

TEST(ToYamlTest, InvalidUtf8IsReplacedNotThrown) {
  json obj = {{"kind", "K"}, {"data", {{"a", std::string("bad \xff byte")}}}};
  EXPECT_THAT(ToYaml({obj}), ::testing::HasSubstr("a: \"bad \xef\xbf\xbd byte\""));
}

TEST(ManifestHashTest, ChangesWithContent) {
  json a = {{"kind", "A"}};
  json b = {{"kind", "B"}};
  EXPECT_NE(ManifestHash({a}), ManifestHash({b}));
  EXPECT_EQ(ManifestHash({}),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace paved::deploy::render
