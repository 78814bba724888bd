#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"

#include "gtest/gtest.h"
#include "server/testing/test_app.h"

namespace paved::server {
namespace {

using json = nlohmann::json;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApiTest, DescribesEveryRouteAndNothingElse) {
  testing::TestApp t;
  auto doc = t.Call("GET", "/api/v1/openapi.json", "", "");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.json["openapi"], "3.0.3");
  size_t operations = 0;
  for (const auto& [path, methods] : doc.json["paths"].items()) operations += methods.size();
  EXPECT_EQ(operations, t.app().router().routes().size());
  for (const http::Route& r : t.app().router().routes()) {
    SCOPED_TRACE(r.method + " " + r.path);
    ASSERT_TRUE(doc.json["paths"].contains(r.path));
    const json& op = doc.json["paths"][r.path][Lower(r.method)];
    ASSERT_TRUE(op.is_object());
    EXPECT_FALSE(op["summary"].get<std::string>().empty());
    size_t path_params = std::count(r.path.begin(), r.path.end(), '{');
    size_t declared = 0;
    for (const auto& p : op.value("parameters", json::array())) declared += p["in"] == "path";
    EXPECT_EQ(declared, path_params);
    EXPECT_EQ(op.contains("requestBody"), r.request.has_value());
    // A route that takes a body rejects unknown fields, and says so in its schema.
    if (r.request) {
      EXPECT_EQ(op["requestBody"]["content"]["application/json"]["schema"]["additionalProperties"],
                false);
    }
  }
}

std::string ContractPath() { return std::string(PAVED_SOURCE_DIR) + "/docs/openapi.json"; }

// The served document is the checked-in contract the web client is generated from. After a
// deliberate API change, regenerate it: PAVED_WRITE_OPENAPI=1 build/src/server/server_test
// --gtest_filter=OpenApiTest.ServedDocumentIsTheCheckedInContract
TEST(OpenApiTest, ServedDocumentIsTheCheckedInContract) {
  testing::TestApp t;
  auto doc = t.Call("GET", "/api/v1/openapi.json", "", "");
  ASSERT_EQ(doc.status, 200);
  const char* write = std::getenv("PAVED_WRITE_OPENAPI");
  if (write != nullptr && std::string(write) == "1") {
    std::ofstream(ContractPath()) << doc.json.dump(2) << "\n";
  }
  std::ifstream in(ContractPath());
  ASSERT_TRUE(in.good()) << ContractPath() << " is missing";
  json file = json::parse(in, nullptr, false);
  ASSERT_FALSE(file.is_discarded()) << ContractPath() << " is not JSON";
  EXPECT_TRUE(file == doc.json)
      << "the API differs from docs/openapi.json; if the change is meant, regenerate it with "
         "PAVED_WRITE_OPENAPI=1 (see docs/api.md). Diff: "
      << json::diff(file, doc.json).dump().substr(0, 2000);
}

// Every "$ref" anywhere in `node`, as written.
void CollectRefs(const json& node, std::vector<std::string>& refs) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) refs.push_back(value);
      CollectRefs(value, refs);
    }
  } else if (node.is_array()) {
    for (const auto& item : node) CollectRefs(item, refs);
  }
}

// Routes whose success answer is not a JSON body: streams, text and YAML, empty answers to
// webhooks and Slack.
bool AnswersWithoutJson(const std::string& method, const std::string& path) {
  static const std::set<std::string> kNotJson = {
      "GET /metrics",
      "GET /api/v1/events/stream",
      "GET /api/v1/alerts/stream",
      "GET /api/v1/catalog/export",
      "GET /api/v1/projects/{slug}/catalog-info.yaml",
      "POST /api/v2/alerts",
      "POST /api/v1/slack/interactions",
  };
  return kNotJson.count(method + " " + path) > 0;
}

// Routes whose success answer is JSON that no schema describes yet (the deploy domain's), so the
// web client still types them by hand. Each entry goes once its route declares .response.
const std::set<std::string>& StillUndescribed() {
  static const std::set<std::string> kRoutes = {
      // BEGIN-UNDESCRIBED
      "GET /api/v1/approvals",
      "GET /api/v1/clusters",
      "GET /api/v1/clusters/{name}",
      "GET /api/v1/deployments/overview",
      "GET /api/v1/deployments/{id}",
      "GET /api/v1/environments",
      "GET /api/v1/metrics/deployments",
      "GET /api/v1/platform/standards",
      "GET /api/v1/policy/rules",
      "GET /api/v1/projects/{slug}/artifacts",
      "GET /api/v1/projects/{slug}/artifacts/{digest}",
      "GET /api/v1/projects/{slug}/config/{env}",
      "GET /api/v1/projects/{slug}/config/{env}/{set}",
      "GET /api/v1/projects/{slug}/config/{env}/{set}/diff",
      "GET /api/v1/projects/{slug}/config/{env}/{set}/history",
      "GET /api/v1/projects/{slug}/deployments",
      "GET /api/v1/projects/{slug}/deployments/{id}",
      "GET /api/v1/projects/{slug}/deployments/{id}/diff",
      "GET /api/v1/projects/{slug}/manifests",
      "GET /api/v1/projects/{slug}/policy",
      "GET /api/v1/projects/{slug}/policy/exceptions",
      "GET /api/v1/projects/{slug}/secrets/{env}",
      "GET /api/v1/projects/{slug}/secrets/{env}/{name}/history",
      "GET /api/v1/projects/{slug}/spec",
      "GET /api/v1/projects/{slug}/spec/diff",
      "GET /api/v1/projects/{slug}/spec/versions",
      "GET /api/v1/projects/{slug}/targets",
      "GET /api/v1/projects/{slug}/timeline",
      "GET /api/v1/projects/{slug}/workloads",
      "GET /api/v1/projects/{slug}/workloads/{cluster}/{instance}/logs",
      "POST /api/v1/auth/logout",
      "POST /api/v1/projects/{slug}/artifacts",
      "POST /api/v1/projects/{slug}/deployments",
      "POST /api/v1/projects/{slug}/deployments/{id}/approve",
      "POST /api/v1/projects/{slug}/deployments/{id}/cancel",
      "POST /api/v1/projects/{slug}/deployments/{id}/reject",
      "POST /api/v1/projects/{slug}/deployments/{id}/rollback",
      "POST /api/v1/projects/{slug}/policy/exceptions",
      "POST /api/v1/spec/validate",
      "PUT /api/v1/clusters/{name}",
      "PUT /api/v1/environments/{name}",
      "PUT /api/v1/projects/{slug}/config/{env}/{set}",
      "PUT /api/v1/projects/{slug}/secrets/{env}/{name}",
      "PUT /api/v1/projects/{slug}/spec",
      "PUT /api/v1/projects/{slug}/targets",
      // END-UNDESCRIBED
  };
  return kRoutes;
}

TEST(OpenApiTest, DocumentIsWhatAClientGeneratorNeeds) {
  testing::TestApp t;
  json doc = t.Call("GET", "/api/v1/openapi.json", "", "").json;
  EXPECT_FALSE(doc.contains("x-paved-schema-conflicts")) << doc["x-paved-schema-conflicts"];
  std::vector<std::string> refs;
  CollectRefs(doc, refs);
  EXPECT_FALSE(refs.empty());
  for (const std::string& ref : refs) {
    const std::string prefix = "#/components/schemas/";
    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
    EXPECT_TRUE(doc["components"]["schemas"].contains(ref.substr(prefix.size())))
        << ref << " does not resolve";
  }
  EXPECT_EQ(doc.dump().find("x-paved-name"), std::string::npos);
  std::vector<std::string> undescribed;
  for (const auto& [path, methods] : doc["paths"].items()) {
    for (const auto& [method, op] : methods.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      json success;
      for (const auto& [status, response] : op["responses"].items()) {
        if (status[0] == '2') success = response;
      }
      ASSERT_TRUE(success.is_object()) << upper << " " << path << " has no 2xx response";
      if (op["responses"].contains("204") || AnswersWithoutJson(upper, path)) continue;
      const bool described = success.contains("content");
      const bool listed = StillUndescribed().count(upper + " " + path) > 0;
      if (described == listed) undescribed.push_back(upper + " " + path);
    }
  }
  // Every route describes its answer, apart from those listed (and a listed route that gained a
  // schema must leave the list).
  EXPECT_THAT(undescribed, ::testing::IsEmpty());
}

TEST(OpenApiTest, NamedSchemasBecomeComponentsAndRefs) {
  testing::TestApp t;
  json doc = t.Call("GET", "/api/v1/openapi.json", "", "").json;
  const json& get = doc["paths"]["/api/v1/projects/{slug}"]["get"];
  EXPECT_EQ(get["responses"]["200"]["content"]["application/json"]["schema"],
            json({{"$ref", "#/components/schemas/Project"}}));
  const json& project = doc["components"]["schemas"]["Project"];
  EXPECT_EQ(project["type"], "object");
  EXPECT_EQ(project["additionalProperties"], false);
  EXPECT_TRUE(project["properties"].contains("slug"));
}

TEST(OpenApiTest, MetricsExposeRequestsJobsAndBuildInfo) {
  testing::TestApp t;
  t.Call("GET", "/api/v1/projects", "", t.admin_token());
  t.Call("GET", "/api/v1/projects/nope", "", t.admin_token());
  auto m = t.Call("GET", "/metrics", "", "");
  ASSERT_EQ(m.status, 200);
  const std::string& text = m.raw.body;
  EXPECT_NE(text.find("paved_build_info{version=\""), std::string::npos);
  EXPECT_NE(
      text.find(
          "paved_http_requests_total{method=\"GET\",route=\"/api/v1/projects\",status=\"200\"} 1"),
      std::string::npos);
  EXPECT_NE(text.find("route=\"/api/v1/projects/{slug}\",status=\"404\""), std::string::npos);
  EXPECT_NE(text.find("paved_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/"
                      "projects\",status=\"200\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("paved_job_queue_depth 0"), std::string::npos);
}

TEST(OpenApiTest, HealthAndReadiness) {
  testing::TestApp t;
  EXPECT_EQ(t.Call("GET", "/healthz", "", "").json["status"], "ok");
  EXPECT_EQ(t.Call("GET", "/readyz", "", "").json["status"], "ready");
}

TEST(OpenApiTest, WebUiFallsBackToIndexButApiPathsDoNot) {
  testing::TestApp t;
  std::filesystem::create_directories(t.dir() + "/web/assets");
  std::ofstream(t.dir() + "/web/index.html") << "<html>paved</html>";
  std::ofstream(t.dir() + "/web/assets/app.js") << "console.log(1)";
  auto page = t.Call("GET", "/projects/chat-gateway", "", "");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.raw.body, "<html>paved</html>");
  EXPECT_EQ(page.raw.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(t.Call("GET", "/assets/app.js", "", "").raw.Header("Content-Type"),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(t.Call("GET", "/assets/missing.js", "", "").status, 404);
  EXPECT_EQ(t.Call("GET", "/../../etc/passwd", "", "").status, 404);
  EXPECT_EQ(t.Call("GET", "/api/v1/unknown", "", "").json["error"]["code"], "not_found");
}

}  // namespace
}  // namespace paved::server
