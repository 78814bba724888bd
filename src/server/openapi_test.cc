#include <fstream>

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
