// Every route of the served OpenAPI document, called anonymously, as a viewer and as a developer
// of another team, with path parameters naming team A's project and things that exist: no
// route may answer 5xx, only documented public routes may serve the anonymous, and team B's
// developer may change nothing of team A. A new route is covered as soon as it is documented.

#include <cctype>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/security/security_fixture.h"

namespace paved::security_test {
namespace {

using json = nlohmann::json;

const std::string kDigest = "sha256:" + std::string(64, 'a');

// The value of path parameter `param` in `pattern`: team A's project and team, and names that
// exist in the world where there is one.
std::string ParamValue(const std::string& pattern, const std::string& param) {
  auto under = [&](const char* prefix) { return pattern.find(prefix) != std::string::npos; };
  if (param == "slug") return under("/api/v1/teams/") ? kTeamA : kProjectA;
  if (param == "env") return "alpha";
  if (param == "set") return "app-config";
  if (param == "cluster") return kGitopsCluster;
  if (param == "instance") return "web-1";
  if (param == "login") return "dev-a";
  if (param == "digest") return kDigest;
  if (param == "fingerprint") return "0123456789abcdef";
  if (param == "name") {
    if (under("/secrets/")) return "db-password";
    if (under("/environments/")) return "alpha";
    if (under("/clusters/")) return kGitopsCluster;
    return "new-x";
  }
  return "no-such-" + param;
}

std::string FillPath(const std::string& pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    size_t open = pattern.find('{', i);
    if (open == std::string::npos) {
      out += pattern.substr(i);
      break;
    }
    size_t close = pattern.find('}', open);
    out += pattern.substr(i, open - i);
    out += ParamValue(pattern, pattern.substr(open + 1, close - open - 1));
    i = close + 1;
  }
  return out;
}

// A plausible body: every required field of the documented schema with a value of its type.
json PlausibleBody(const json& op) {
  json body = json::object();
  if (!op.contains("requestBody")) return body;
  const json& schema = op["requestBody"]["content"]["application/json"]["schema"];
  for (const auto& name : schema.value("required", json::array())) {
    const json& prop = schema["properties"][name.get<std::string>()];
    std::string type = prop.value("type", "string");
    if (prop.contains("enum")) {
      body[name] = prop["enum"].back();
    } else if (type == "integer") {
      body[name] = 1;
    } else if (type == "boolean") {
      body[name] = false;
    } else if (type == "object") {
      body[name] = json::object();
    } else if (type == "array") {
      body[name] = json::array();
    } else if (name == "owner_team") {
      body[name] = kTeamA;  // creating for team A
    } else if (name.get<std::string>().find("team") != std::string::npos) {
      body[name] = "team-b";  // handing team A's things to the caller's team
    } else if (name == "artifact" || name == "digest") {
      body[name] = kDigest;
    } else if (name == "environment") {
      body[name] = "alpha";
    } else if (name == "yaml") {
      body[name] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n";
    } else {
      body[name] = "new-x";
    }
  }
  return body;
}

bool IsWrite(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// Whether the call acts on team A or its project.
bool OnTeamA(const std::string& method, const std::string& pattern) {
  return pattern.rfind("/api/v1/projects/{slug}", 0) == 0 ||
         pattern.rfind("/api/v1/teams/{slug}", 0) == 0 ||
         (method == "POST" && pattern == "/api/v1/projects");  // the body names team A
}

enum class Caller { kAnonymous, kViewer, kDeveloperB };

const char* Name(Caller c) {
  switch (c) {
    case Caller::kAnonymous:
      return "anonymous";
    case Caller::kViewer:
      return "viewer";
    case Caller::kDeveloperB:
      return "developer of team B";
  }
  return "?";
}

// Expected exceptions to the rules above, each with its reason: (method, pattern, caller) →
// why the answer is allowed to break a rule.
const std::map<std::tuple<std::string, std::string, Caller>, std::string>& Exceptions() {
  static const auto* kExceptions =
      new std::map<std::tuple<std::string, std::string, Caller>, std::string>{
          {{"GET", "/api/v1/events/stream", Caller::kViewer},
           "a stream never ends: only the anonymous refusal is probed"},
          {{"GET", "/api/v1/events/stream", Caller::kDeveloperB},
           "a stream never ends: only the anonymous refusal is probed"},
          {{"GET", "/api/v1/alerts/stream", Caller::kViewer},
           "a stream never ends: only the anonymous refusal is probed"},
          {{"GET", "/api/v1/alerts/stream", Caller::kDeveloperB},
           "a stream never ends: only the anonymous refusal is probed"},
      };
  return *kExceptions;
}

TEST_F(SecurityTest, EveryDocumentedRouteForThreeCallers) {
  // Team A's things as an admin reads them: what the walk must leave as it found it.
  auto team_a_state = [] {
    const std::string p = std::string("/api/v1/projects/") + kProjectA;
    std::string out;
    for (const std::string& path :
         {p, p + "/config/alpha/app-config", p + "/secrets", p + "/targets", p + "/artifacts",
          std::string("/api/v1/teams/") + kTeamA}) {
      auto r = Send("GET", path, "", world_->admin);
      out += path + " " + std::to_string(r.status) + " " + r.body + "\n";
    }
    return out;
  };
  const std::string before = team_a_state();
  auto doc = Send("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200) << doc.body;
  json openapi = json::parse(doc.body, nullptr, false);
  ASSERT_TRUE(openapi.is_object());
  const std::map<Caller, std::string> tokens = {{Caller::kAnonymous, ""},
                                                {Caller::kViewer, world_->viewer},
                                                {Caller::kDeveloperB, world_->developer_b}};
  int calls = 0;
  std::set<std::string> server_errors;
  for (const auto& [pattern, ops] : openapi["paths"].items()) {
    for (const auto& [lower_method, op] : ops.items()) {
      std::string method = lower_method;
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      bool is_public = op.contains("security") && op["security"].empty();
      std::string path = FillPath(pattern);
      std::string body = op.contains("requestBody") ? PlausibleBody(op).dump() : "";
      for (const auto& [caller, token] : tokens) {
        std::string what = std::string(Name(caller)) + " " + method + " " + path;
        if (Exceptions().count({method, pattern, caller})) continue;
        auto r = Send(method, path, body, token);
        ++calls;
        if (r.status >= 500) server_errors.insert(what + " → " + std::to_string(r.status));
        EXPECT_LT(r.status, 500) << what << ": " << r.body;
        EXPECT_NE(r.status, 0) << what;
        if (caller == Caller::kAnonymous && !is_public) {
          EXPECT_EQ(r.status, 401) << what << ": " << r.body;
        }
        if (caller == Caller::kDeveloperB && IsWrite(method) && OnTeamA(method, pattern)) {
          EXPECT_FALSE(r.status >= 200 && r.status < 300)
              << what << " → " << r.status << ": " << r.body;
        }
      }
    }
  }
  for (const auto& e : server_errors) ADD_FAILURE() << "5xx: " << e;
  EXPECT_GT(calls, 3 * 60);
  // Not only no 2xx: nothing of team A changed, and the audit log holds no change by the viewer
  // and none by team B's developer to team A's things.
  EXPECT_EQ(team_a_state(), before);
  for (const char* actor : {"viewer-user", "dev-b"}) {
    auto audit =
        Send("GET", std::string("/api/v1/audit?limit=500&actor=") + actor, "", world_->admin);
    ASSERT_EQ(audit.status, 200) << audit.body;
    for (const auto& e : json::parse(audit.body)["items"]) {
      std::string subject = e["subject"];
      bool team_a =
          subject.find(kProjectA) != std::string::npos || subject.find(kTeamA) != std::string::npos;
      EXPECT_FALSE(std::string(actor) == "viewer-user" || team_a)
          << actor << " changed " << subject << ": " << e.dump();
    }
  }
}

// A cluster's credentials reference is the admins' only: no documented GET route (clusters,
// targets, deployments and workloads, audit log, events, ...) shows it to a viewer or to a
// developer of either team; the admin does read it.
TEST_F(SecurityTest, NoRouteShowsClusterCredentialsToNonAdmins) {
  auto doc = Send("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200) << doc.body;
  json openapi = json::parse(doc.body, nullptr, false);
  ASSERT_TRUE(openapi.is_object());
  const std::string p = std::string("/api/v1/projects/") + kProjectA;
  // A deployment to the cluster, so that deployment views have something to show.
  auto pushed = Send("PUT", p + "/spec",
                     json{{"yaml",
                           "apiVersion: paved.dev/v1\nservices:\n  web:\n    image: "
                           "registry.example.com/proj-a\n    port: 8080\n    health: {path: /}\n"}}
                         .dump(),
                     world_->admin);
  ASSERT_TRUE(pushed.status == 200 || pushed.status == 201) << pushed.body;
  auto deployed =
      Send("POST", p + "/deployments", json{{"artifact", kDigest}, {"environment", "alpha"}}.dump(),
           world_->developer_a);
  ASSERT_EQ(deployed.status, 201) << deployed.body;
  int reads = 0;
  for (const auto& [pattern, ops] : openapi["paths"].items()) {
    if (!ops.contains("get") || pattern.find("/stream") != std::string::npos) continue;
    const std::string path = FillPath(pattern);
    for (const std::string& token : {world_->viewer, world_->developer_a, world_->developer_b}) {
      auto r = Send("GET", path, "", token);
      ++reads;
      EXPECT_EQ(r.body.find("ADMINS_ONLY"), std::string::npos) << path << ": " << r.body;
    }
  }
  EXPECT_GT(reads, 3 * 40);
  auto admin = Send("GET", std::string("/api/v1/clusters/") + kGitopsCluster, "", world_->admin);
  EXPECT_NE(admin.body.find(kClusterCredentials), std::string::npos) << admin.body;
}

// The unsupported-feature answer end to end: logs of a GitOps cluster's instance.
TEST_F(SecurityTest, LogsOfAGitopsClusterAreNotSupported) {
  auto r = Send(
      "GET",
      std::string("/api/v1/projects/") + kProjectA + "/workloads/" + kGitopsCluster + "/web-1/logs",
      "", world_->viewer);
  EXPECT_EQ(r.status, 400) << r.body;
  json body = json::parse(r.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << r.body;
  EXPECT_EQ(body["error"]["code"], "not_supported");
}

}  // namespace
}  // namespace paved::security_test
