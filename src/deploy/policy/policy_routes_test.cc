#include "deploy/policy/policy_routes.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::policy {
namespace {

const char kPrivileged[] = R"(apiVersion: v1
kind: Pod
metadata: {name: debug, namespace: chat}
spec:
  containers:
    - name: shell
      image: busybox
      securityContext: {privileged: true}
)";

class PolicyRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override { router_.Add(PolicyRoutes(nullptr)); }

  http::Response Post(const std::string& content_type, const std::string& body,
                      const std::string& env = "") {
    auto m = router_.Find("POST", "/api/v1/policy/check");
    EXPECT_NE(m.route, nullptr);
    if (!m.route) return {};
    EXPECT_EQ(m.route->access, http::Access::kViewer);
    http::Request req;
    req.method = "POST";
    req.path = "/api/v1/policy/check";
    req.headers["Content-Type"] = content_type;
    req.body = body;
    if (!env.empty()) req.query["environment"] = env;
    http::Caller caller;
    caller.login = "dev";
    http::Context ctx{req, &caller};
    return m.route->handler(ctx);
  }

  http::Router router_;
};

TEST_F(PolicyRoutesTest, YamlBodyAnswersFindingsAndBlocking) {
  auto r = Post("application/yaml", kPrivileged);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_TRUE(j["blocking"].get<bool>());
  bool privileged = false;
  for (const auto& f : j["findings"]) {
    if (f["rule"] == "no-privileged") {
      privileged = true;
      EXPECT_EQ(f["object"], "Pod/chat/debug");
      EXPECT_EQ(f["path"], "spec.containers[0].securityContext.privileged");
      EXPECT_EQ(f["severity"], "error");
    }
  }
  EXPECT_TRUE(privileged) << r.body;
}

TEST_F(PolicyRoutesTest, JsonBodyPassesTheEnvironment) {
  std::string yaml = R"(kind: Deployment
metadata: {name: web, namespace: chat}
spec: {replicas: 1}
)";
  auto prod = Post("application/json",
                   nlohmann::json{{"yaml", yaml}, {"environment", "production"}}.dump());
  auto alpha = Post("application/json", nlohmann::json{{"yaml", yaml}}.dump());
  ASSERT_EQ(prod.status, 200) << prod.body;
  ASSERT_EQ(alpha.status, 200) << alpha.body;
  EXPECT_NE(prod.body.find("production-replicas"), std::string::npos);
  EXPECT_EQ(alpha.body.find("production-replicas"), std::string::npos);
}

TEST_F(PolicyRoutesTest, MalformedYamlIs422NamingDocumentAndLine) {
  auto r = Post("text/yaml; charset=utf-8", "kind: Pod\n---\nkind: [Pod\n");
  ASSERT_EQ(r.status, 422) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "invalid_yaml");
  EXPECT_NE(j["error"]["message"].get<std::string>().find("document 2, line "), std::string::npos);
}

TEST_F(PolicyRoutesTest, JsonWithoutYamlIsRejected) {
  auto r = Post("application/json", R"({"environment": "production"})");
  EXPECT_EQ(r.status, 422) << r.body;
}

}  // namespace
}  // namespace paved::deploy::policy
