// Probes that are not route walks: paths that try to leave the web UI's directory, bodies that
// are too large, malformed or built to exhaust memory, and framing the server cannot read.

#include <fstream>
#include <sstream>
#include <string>

#include "nlohmann/json.hpp"
#include "tests/security/security_fixture.h"

namespace paved::security_test {
namespace {

using json = nlohmann::json;

std::string ErrorCode(const http::ClientResponse& r) {
  json body = json::parse(r.body, nullptr, false);
  if (!body.is_object() || !body.contains("error")) return "";
  return body["error"].value("code", "");
}

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST_F(SecurityTest, StaticFilesNeverLeaveTheWebDirectory) {
  const std::string passwd = FileText("/etc/passwd");
  ASSERT_FALSE(passwd.empty());
  for (const char* target :
       {"//etc/passwd", "/%2fetc%2fpasswd", "/..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
        "/assets/..%2f..%2f..%2f..%2fetc/passwd", "/assets//etc/passwd", "/.%2e/.%2e/etc/passwd",
        "/..%5c..%5cetc/passwd"}) {
    auto r = Send("GET", target);
    EXPECT_LT(r.status, 500) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target << " served: " << r.body;
    EXPECT_EQ(r.body.find(passwd.substr(0, 32)), std::string::npos) << target;
  }
}

TEST_F(SecurityTest, OversizedJsonBodyIs413) {
  std::string big = json{
      {"slug", "big"},
      {"name", std::string(world_->max_body_bytes + 1, 'x')},
      {"owner_team",
       kTeamA}}.dump();
  auto r = Send("POST", "/api/v1/projects", big, world_->admin);
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  EXPECT_EQ(ErrorCode(r), "payload_too_large");
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
}

// A bill upload may be far larger than other bodies, but the limit is chosen before the body is
// read: without credentials that may import, the usual limit holds and the server never buffers
// the rest.
TEST_F(SecurityTest, OnlyACallerAllowedToUploadMaySendALargeBody) {
  const std::string bill = "not,a,bill\n" + std::string(world_->max_body_bytes + 4096, 'x');
  for (const std::string& token : {std::string(), world_->developer_a, world_->viewer}) {
    auto r = Send("POST", "/api/v1/cost/imports?name=b.csv", bill, token);
    EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
    EXPECT_EQ(ErrorCode(r), "payload_too_large");
  }
  auto admin = Send("POST", "/api/v1/cost/imports?name=b.csv", bill, world_->admin);
  EXPECT_EQ(admin.status, 422) << admin.body.substr(0, 200);  // read whole, refused as a bill
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
}

TEST_F(SecurityTest, MalformedJsonIs400WithACode) {
  for (const char* body : {"{not json", "{\"slug\": ", "[1, 2", "\xff\xfe{}", "{\"a\":1}}"}) {
    auto r = Send("POST", "/api/v1/projects", body, world_->admin);
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_EQ(ErrorCode(r), "invalid_json") << body << ": " << r.body;
  }
}

// Billion laughs: nine levels of nine aliases each, ~342 bytes that expand to 9^9 nodes. A parser
// that expands aliases exhausts memory here: run under `ulimit -v` while debugging one.
TEST_F(SecurityTest, YamlAliasBombIsRefusedAndTheServerLives) {
  std::string yaml =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    std::string prev(1, static_cast<char>(level - 1));
    yaml += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) yaml += (i ? ",*" : "*") + prev;
    yaml += "]\n";
  }
  ASSERT_LT(yaml.size(), 400u);
  auto r = Send("POST", "/api/v1/policy/check", json{{"yaml", yaml}}.dump(), world_->viewer);
  EXPECT_GE(r.status, 400) << r.body.substr(0, 300);
  EXPECT_LT(r.status, 500) << r.body.substr(0, 300);
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
}

// A body the server cannot read is refused, never handed on as empty or still compressed.
TEST_F(SecurityTest, UnreadableBodiesAreRefused) {
  auto gzip_framed =
      Send("POST", "/api/v1/projects", "{}", world_->admin, {{"Transfer-Encoding", "gzip"}});
  EXPECT_TRUE(gzip_framed.status == 400 || gzip_framed.status == 501) << gzip_framed.status;
  auto compressed = Send("POST", "/api/v1/policy/check", "\x1f\x8b\x08\x00garbage", world_->viewer,
                         {{"Content-Encoding", "gzip"}});
  EXPECT_EQ(compressed.status, 415) << compressed.body;
  EXPECT_EQ(ErrorCode(compressed), "unsupported_encoding");
}

}  // namespace
}  // namespace paved::security_test
