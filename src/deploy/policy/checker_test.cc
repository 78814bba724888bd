#include "deploy/policy/checker.h"

#include "deploy/policy/policy_test_objects.h"
#include "deploy/policy/rules.h"
#include "gtest/gtest.h"

namespace paved::deploy::policy {
namespace {

using json = nlohmann::json;

TEST(CheckObjectsTest, StandardObjectsPassInProduction) {
  auto f =
      CheckObjects({testing::GoodDeployment(), testing::GoodPdb()}, "production", PolicyConfig());
  EXPECT_TRUE(f.empty()) << FindingsToJson(f).dump(2);
}

TEST(CheckObjectsTest, ConfigChangesSeverityOrTurnsRulesOff) {
  json d = testing::GoodDeployment();
  testing::Container(d)["image"] = "chat:1.0";
  PolicyConfig cfg;
  cfg.severities["image-digest"] = Severity::kWarning;
  auto f = CheckObjects({d, testing::GoodPdb()}, "production", cfg);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_FALSE(Blocks(f));
  cfg.severities["image-digest"] = std::nullopt;
  EXPECT_TRUE(CheckObjects({d, testing::GoodPdb()}, "production", cfg).empty());
}

TEST(CheckObjectsTest, EveryRuleHasIdKindsAndAdvice) {
  EXPECT_EQ(Rules().size(), 16u);
  for (const auto& r : Rules()) {
    // promotion-order is checked by the deploy part, on artifacts rather than objects.
    EXPECT_EQ(r.kinds.empty(), r.id == "promotion-order") << r.id;
    EXPECT_FALSE(r.how_to_fix.empty()) << r.id;
    EXPECT_EQ(FindRule(r.id), &r);
  }
  EXPECT_EQ(FindRule("nope"), nullptr);
}

TEST(CheckYamlTest, ChecksEveryDocumentAndListItems) {
  std::string yaml = R"(apiVersion: v1
kind: Service
metadata: {name: web, namespace: chat}
spec: {type: LoadBalancer}
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: Service, metadata: {name: api, namespace: chat}, spec: {type: LoadBalancer}}
)";
  auto f = CheckYaml(yaml, "alpha", PolicyConfig());
  ASSERT_TRUE(f.ok()) << f.status();
  int lb = 0;
  for (const auto& x : *f) lb += x.rule == "load-balancer-namespaces";
  EXPECT_EQ(lb, 2);
  EXPECT_TRUE(Blocks(*f));
}

TEST(CheckYamlTest, MalformedYamlNamesDocumentAndLine) {
  std::string yaml = "kind: Service\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: [x\n";
  auto f = CheckYaml(yaml, "", PolicyConfig());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(f.status().message().find("document 2, line "), std::string::npos) << f.status();
}

TEST(CheckYamlTest, DocumentWithoutKindIsAnError) {
  auto f = CheckYaml("---\nkind: Service\n---\nmetadata: {name: x}\n", "", PolicyConfig());
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("document 2, line 3"), std::string::npos) << f.status();
}

}  // namespace
}  // namespace paved::deploy::policy
