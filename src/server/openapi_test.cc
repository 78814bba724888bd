#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"

#include "gtest/gtest.h"
#include "server/openapi.h"
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
    ASSERT_TRUE(doc.json["paths"].contains(OpenApiPath(r.path)));
    const json& op = doc.json["paths"][OpenApiPath(r.path)][Lower(r.method)];
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
  for (const auto& [path, methods] : doc["paths"].items()) {
    for (const auto& [method, op] : methods.items()) {
      int successes = 0;
      for (const auto& [status, response] : op["responses"].items()) successes += status[0] == '2';
      EXPECT_EQ(successes, 1) << method << " " << path;
    }
  }
}

// Every route describes its success answer: a JSON one by its schema, any other by its media
// type; a 204 has no body.
TEST(OpenApiTest, EverySuccessAnswerIsDescribed) {
  testing::TestApp t;
  json doc = t.Call("GET", "/api/v1/openapi.json", "", "").json;
  for (const http::Route& r : t.app().router().routes()) {
    SCOPED_TRACE(r.method + " " + r.path);
    const json& success =
        doc["paths"][OpenApiPath(r.path)][Lower(r.method)]["responses"][std::to_string(r.success)];
    ASSERT_TRUE(success.is_object()) << "no " << r.success << " response";
    if (r.success == 204 || r.produces.empty()) {
      EXPECT_FALSE(success.contains("content"));
      EXPECT_FALSE(r.response.has_value());
    } else if (r.produces == "application/json") {
      EXPECT_TRUE(r.response.has_value()) << "a JSON answer without a response schema";
      EXPECT_TRUE(success["content"].contains("application/json"));
    } else {
      EXPECT_EQ(success["content"][r.produces]["schema"], json({{"type", "string"}}));
    }
  }
}

// The documented success status is the one the handler answers with.
TEST(OpenApiTest, SuccessStatusIsWhatTheHandlerSends) {
  testing::TestApp t;
  json doc = t.Call("GET", "/api/v1/openapi.json", "", "").json;
  auto status_of = [&](const std::string& path, const std::string& method) {
    json responses = doc["paths"][path][method]["responses"];
    std::vector<std::string> codes;
    for (const auto& [code, response] : responses.items()) codes.push_back(code);
    return codes;
  };
  ASSERT_EQ(
      t.Call("POST", "/api/v1/teams", R"({"slug":"ops","name":"Ops"})", t.admin_token()).status,
      201);
  auto created =
      t.Call("POST", "/api/v1/projects",
             R"({"slug":"status-check","name":"Status","owner_team":"ops"})", t.admin_token());
  ASSERT_EQ(created.status, 201) << created.raw.body;
  EXPECT_THAT(status_of("/api/v1/projects", "post"), ::testing::ElementsAre("201", "default"));
  auto deleted = t.Call("DELETE", "/api/v1/projects/status-check", "", t.admin_token());
  ASSERT_EQ(deleted.status, 204) << deleted.raw.body;
  EXPECT_THAT(status_of("/api/v1/projects/{slug}", "delete"),
              ::testing::ElementsAre("204", "default"));
  const std::string cookie = t.LoginCookie("admin", testing::kAdminPassword);
  ASSERT_EQ(t.Call("POST", "/api/v1/auth/logout", "", cookie).status, 204);
  EXPECT_THAT(status_of("/api/v1/auth/logout", "post"), ::testing::ElementsAre("204", "default"));
  // A POST that creates nothing answers 200, and says so.
  EXPECT_THAT(status_of("/api/v1/alerts/{fingerprint}/ack", "post"),
              ::testing::ElementsAre("200", "default"));
}

json RequestProperties(const json& doc, const std::string& path, const std::string& method) {
  return doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
            ["properties"];
}

// What a generated client may send is what the handlers accept: config values and files are
// maps of strings; a deploy's clusters are "all" or a list of names, its waves lists of them.
TEST(OpenApiTest, RequestSchemasSayWhatHandlersAccept) {
  testing::TestApp t;
  json doc = t.Call("GET", "/api/v1/openapi.json", "", "").json;
  json config = RequestProperties(doc, "/api/v1/projects/{slug}/config/{env}/{set}", "put");
  const json string_map = {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}};
  EXPECT_EQ(config["data"]["additionalProperties"], string_map["additionalProperties"]);
  EXPECT_EQ(config["files"]["additionalProperties"], string_map["additionalProperties"]);
  json deploy = RequestProperties(doc, "/api/v1/projects/{slug}/deployments", "post");
  EXPECT_EQ(deploy["clusters"]["oneOf"], json::parse(R"([{"type":"string","enum":["all"]},
                            {"type":"array","items":{"type":"string"}}])"));
  EXPECT_EQ(deploy["waves"]["items"]["items"]["type"], "string");
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
