#include "catalog/backstage/yaml_json.h"
#include "core/yaml.h"

#include "gtest/gtest.h"

namespace paved::catalog::backstage {
namespace {

nlohmann::json Load(const std::string& text) { return YamlNodeToJson(YAML::Load(text)); }

TEST(YamlJsonTest, CoreSchemaScalars) {
  auto j = Load("a: 1\nb: '1'\nc: true\nd: \"true\"\ne: ~\nf: 1.5\ng: text\nh: 0x1F\ni: ''\n");
  EXPECT_EQ(j["a"], 1);
  EXPECT_EQ(j["b"], "1");
  EXPECT_EQ(j["c"], true);
  EXPECT_EQ(j["d"], "true");
  EXPECT_TRUE(j["e"].is_null());
  EXPECT_EQ(j["f"], 1.5);
  EXPECT_EQ(j["g"], "text");
  EXPECT_EQ(j["h"], "0x1F");
  EXPECT_EQ(j["i"], "");
}

TEST(YamlJsonTest, EmitReadsBackIdentically) {
  nlohmann::json doc = {
      {"strings",
       {"1", "true", "null", "", " padded ", "a: b", "- dash", "#hash", "plain", "multi\nline\n",
        "no trailing\nnewline", "two\n\n", "quote \" and '", "tab\there", "unicode é"}},
      {"numbers", {1, -2, 1.5, 1e20}},
      {"bools", {true, false}},
      {"null", nullptr},
      {"empty", {{"map", nlohmann::json::object()}, {"list", nlohmann::json::array()}}},
      {"needs quotes: key", 1},
      {"nested", {{"a", {{"b", {{"c", "d"}}}}}}}};
  std::string text = EmitDocuments({doc, {{"second", 2}}});
  std::vector<YAML::Node> nodes = YAML::LoadAll(text);
  ASSERT_EQ(nodes.size(), 2u) << text;
  EXPECT_EQ(YamlNodeToJson(nodes[0]), doc) << text;
  EXPECT_EQ(YamlNodeToJson(nodes[1])["second"], 2);
  EXPECT_EQ(EmitDocuments({YamlNodeToJson(nodes[0])}), EmitDocuments({doc}));
}

}  // namespace
}  // namespace paved::catalog::backstage
