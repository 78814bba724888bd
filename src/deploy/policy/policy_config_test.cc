#include "deploy/policy/policy_config.h"

#include "gtest/gtest.h"

namespace paved::deploy::policy {
namespace {

using json = nlohmann::json;

TEST(PolicyConfigTest, NullGivesDefaults) {
  auto cfg = ParsePolicyConfig(nullptr);
  ASSERT_TRUE(cfg.ok());
  EXPECT_DOUBLE_EQ(*cfg->cpu_ceiling, 4);
  EXPECT_EQ(cfg->required_labels.size(), 4u);
  EXPECT_TRUE(cfg->severities.empty());
}

TEST(PolicyConfigTest, ParsesEverySetting) {
  auto cfg = ParsePolicyConfig(json{
      {"rules",
       {{"image-digest", {{"severity", "warning"}}}, {"probes-required", {{"severity", "off"}}}}},
      {"allowed_load_balancer_namespaces", {"ingress"}},
      {"ceilings", {{"cpu", "2"}, {"memory", "4Gi"}}},
      {"required_labels", {"team"}}});
  ASSERT_TRUE(cfg.ok()) << cfg.status();
  EXPECT_EQ(cfg->severities.at("image-digest"), Severity::kWarning);
  EXPECT_EQ(cfg->severities.at("probes-required"), std::nullopt);
  EXPECT_EQ(cfg->allowed_load_balancer_namespaces, std::vector<std::string>{"ingress"});
  EXPECT_DOUBLE_EQ(*cfg->memory_ceiling, 4.0 * 1024 * 1024 * 1024);
  EXPECT_EQ(cfg->cpu_ceiling_text, "2");
  EXPECT_EQ(cfg->required_labels, std::vector<std::string>{"team"});
}

TEST(PolicyConfigTest, YamlOffIsAcceptedAsFalse) {
  auto cfg = ParsePolicyConfig(json{{"rules", {{"image-digest", {{"severity", false}}}}}});
  ASSERT_TRUE(cfg.ok());
  EXPECT_EQ(cfg->severities.at("image-digest"), std::nullopt);
}

void ExpectError(const json& section, const std::string& needle) {
  auto cfg = ParsePolicyConfig(section);
  ASSERT_FALSE(cfg.ok()) << section.dump();
  EXPECT_EQ(cfg.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(cfg.status().message().find(needle), std::string::npos) << cfg.status();
}

TEST(PolicyConfigTest, RejectsBadSettings) {
  ExpectError({{"rules", {{"no-such-rule", {{"severity", "error"}}}}}},
              "unknown rule id 'no-such-rule'");
  ExpectError({{"rules", {{"image-digest", {{"severity", "fatal"}}}}}},
              "policy.rules.image-digest.severity");
  ExpectError({{"ceilings", {{"cpu", "four"}}}}, "policy.ceilings.cpu");
  ExpectError({{"ceilings", {{"gpu", "1"}}}}, "policy.ceilings.gpu");
  ExpectError({{"required_labels", "team"}}, "policy.required_labels");
  ExpectError({{"colour", "blue"}}, "policy.colour: unknown key");
  ExpectError(json::array(), "expected a mapping");
}

}  // namespace
}  // namespace paved::deploy::policy
