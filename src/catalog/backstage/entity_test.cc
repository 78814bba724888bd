#include "catalog/backstage/entity.h"

#include "core/testing/yaml_bombs.h"
#include "gtest/gtest.h"

namespace paved::catalog::backstage {
namespace {

std::vector<CatalogError> Check(const std::string& yaml, std::vector<Entity>* out = nullptr) {
  std::vector<Entity> entities;
  std::vector<CatalogError> errors;
  ParseDocuments(yaml, "", entities, errors);
  for (Entity& e : entities) ValidateEntity(e, errors);
  if (out) *out = entities;
  return errors;
}

constexpr char kGroup[] = R"(apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: chat
spec:
  type: team
  children: []
)";

TEST(EntityTest, ErrorNamesDocumentEntityLineAndField) {
  std::string yaml = std::string(kGroup) + "---\n" + kGroup +  // documents 1 and 2
                     R"(---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: chat-gateway
  description: gateway
spec:
  type: service
  lifecycle: production
)";
  auto errors = Check(yaml);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].ToString(),
            "document 3 (Component chat-gateway), line 22: spec.owner is required");
  EXPECT_EQ(errors[0].field, "spec.owner");
  EXPECT_EQ(errors[0].ToJson()["line"], 22);
}

TEST(EntityTest, RequiredFieldsPerKind) {
  struct Case {
    std::string yaml, field;
  };
  std::vector<Case> cases = {
      {"kind: Component\nmetadata: {name: a}\nspec: {type: s, lifecycle: l, owner: o}\n",
       "apiVersion"},
      {"apiVersion: backstage.io/v1alpha1\nmetadata: {name: a}\n", "kind"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Component\nspec: {}\n", "metadata"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {title: x}\n",
       "metadata.name"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: -bad}\n",
       "metadata.name"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: " +
           std::string(64, 'a') + "}\n",
       "metadata.name"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\n"
       "spec: {lifecycle: l, owner: o}\n",
       "spec.type"},
      {"apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: a}\n"
       "spec: {type: openapi, lifecycle: l, owner: o}\n",
       "spec.definition"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: {name: a}\nspec: {type: db}\n",
       "spec.owner"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: a}\nspec: {type: team}\n",
       "spec.children"},
      {"apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: a}\nspec: {}\n",
       "spec.owner"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Domain\nmetadata: {name: a}\n", "spec.owner"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\n"
       "spec: {type: s, lifecycle: l, owner: o, dependsOn: [chat-redis]}\n",
       "spec.dependsOn"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\n"
       "spec: {type: s, lifecycle: l, owner: 'group:bad name'}\n",
       "spec.owner"},
      {"apiVersion: example.com/v9\nkind: Component\nmetadata: {name: a}\n"
       "spec: {type: s, lifecycle: l, owner: o}\n",
       "apiVersion"},
      {"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a, tags: [1, {}]}\n"
       "spec: {type: s, lifecycle: l, owner: o}\n",
       "metadata.tags"},
  };
  for (const Case& c : cases) {
    auto errors = Check(c.yaml);
    ASSERT_FALSE(errors.empty()) << c.yaml;
    EXPECT_EQ(errors[0].field, c.field) << c.yaml << errors[0].ToString();
  }
}

TEST(EntityTest, AcceptsV1beta1ObjectRefsAndUnknownKinds) {
  std::vector<Entity> entities;
  auto errors = Check(R"(apiVersion: backstage.io/v1beta1
kind: Component
metadata: {name: Web_App.v2, namespace: shop}
spec:
  type: website
  lifecycle: beta
  owner: {kind: Group, namespace: shop, name: web}
  dependsOn: [{kind: Resource, name: db}, "component:api"]
---
apiVersion: example.com/v1
kind: Template
metadata: {name: scaffold}
spec: {anything: [1, 2]}
)",
                      &entities);
  EXPECT_TRUE(errors.empty()) << errors[0].ToString();
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].Ref().String(), "component:shop/Web_App.v2");
  EXPECT_EQ(entities[1].Ref().String(), "template:default/scaffold");
  EXPECT_EQ(entities[1].doc["spec"]["anything"][1], 2);
}

TEST(EntityTest, RefsInStringAndObjectForm) {
  auto a = ParseRef("chat", "group", "default");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->String(), "group:default/chat");
  auto b = ParseRef("Group:ops/sre", "group", "default");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->String(), "group:ops/sre");
  auto c = ParseRef(nlohmann::json{{"kind", "Resource"}, {"name", "db"}}, "", "shop");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->String(), "resource:shop/db");
  EXPECT_FALSE(ParseRef("db", "", "default").ok());  // dependsOn needs a kind
  EXPECT_FALSE(ParseRef("group:a/b/c", "group", "default").ok());
  EXPECT_FALSE(ParseRef(5, "group", "default").ok());
}

TEST(EntityTest, ObjectRefWithBytesThatAreNotUtf8IsAnError) {
  // YAML lets "owner: {kind: Group, name: \xF0}" through; the error quotes the ref.
  auto ref = ParseRef(nlohmann::json{{"kind", "Group"}, {"name", "web\xF0"}}, "", "default");
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(ref.status().message().find("invalid entity reference"), std::string::npos);
}

TEST(EntityTest, SyntaxErrorNamesItsLine) {
  auto errors = Check(std::string(kGroup) + "---\nkind: [unclosed\nmetadata: {}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].document, 2);
  EXPECT_GE(errors[0].line, 9);
  EXPECT_NE(errors[0].ToString().find("invalid YAML"), std::string::npos);
}

TEST(EntityTest, AliasBombIsOneErrorNotAnOutOfMemory) {
  auto errors = Check(paved::testing::BillionLaughsYaml());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].ToString().find("the limit is 1000000"), std::string::npos)
      << errors[0].ToString();
}

TEST(EntityTest, NonScalarKeysAndLongNumbersAreNotACrash) {
  EXPECT_EQ(Check("? [a, b]\n: 1\n").size(), 1u);
  std::string digits(200000, '7');
  std::vector<Entity> entities;
  Check("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: x}\nspec: {n: " +
            digits + "}\n",
        &entities);
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].doc["spec"]["n"], digits);
}

}  // namespace
}  // namespace paved::catalog::backstage
