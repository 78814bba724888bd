#include "deploy/platform/platform_routes.h"

#include "deploy/platform/testing/platform_test_fixture.h"
#include "deploy/policy/exceptions.h"
#include "deploy/policy/rules.h"
#include "gmock/gmock.h"

namespace paved::deploy::platform {
namespace {

using json = nlohmann::json;
using testing::EngineParamName;
using testing::PlatformFixture;

constexpr int64_t kDayMs = 86'400'000;
constexpr char kTargets[] = "/api/v1/projects/chat-gateway/targets";
constexpr char kExceptions[] = "/api/v1/projects/chat-gateway/policy/exceptions";

const json kEuCluster = {{"region", "eu-west-1"},
                         {"environment", "production"},
                         {"runtime", "kubernetes"},
                         {"endpoint", "https://k8s.eu.example.com"},
                         {"credentials", "env:PAVED_CLUSTER_EU"},
                         {"mesh", "istio"},
                         {"zones", {"eu-west-1a", "eu-west-1b"}},
                         {"kubernetes_version", "1.33"}};

class PlatformRoutesTest : public PlatformFixture {};

TEST_P(PlatformRoutesTest, EnvironmentsListPutAndDelete) {
  Reply list = Call("GET", "/api/v1/environments", Viewer());
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json["items"].size(), 2u);
  EXPECT_EQ(list.json["items"][0],
            (json{{"name", "alpha"}, {"position", 1}, {"production", false}}));
  EXPECT_EQ(list.json["items"][1]["production"], true);

  Reply created = Call("PUT", "/api/v1/environments/staging", Sre(), json{{"position", 2}});
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.json, (json{{"name", "staging"}, {"position", 2}, {"production", false}}));
  // Only the fields given change.
  Reply changed = Call("PUT", "/api/v1/environments/staging", Admin(), json{{"production", true}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json, (json{{"name", "staging"}, {"position", 2}, {"production", true}}));
  Reply missing = Call("PUT", "/api/v1/environments/qa", Admin(), json{{"production", true}});
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_EQ(missing.json["error"]["field"], "position");

  Reply in_use = Call("DELETE", "/api/v1/environments/alpha", Admin());
  EXPECT_EQ(in_use.status, 409) << in_use.body;
  EXPECT_EQ(Call("DELETE", "/api/v1/environments/staging", Sre()).status, 204);
  EXPECT_EQ(Call("DELETE", "/api/v1/environments/staging", Sre()).status, 404);

  auto events = Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].action, "environment.delete");
  EXPECT_EQ(events[1].action, "environment.put");
  EXPECT_EQ(events[1].subject, "environment:staging");
  EXPECT_EQ(events[1].summary["production"], true);
  EXPECT_EQ(events[1].summary["created"], false);
  EXPECT_EQ(events[2].actor, "sre");
  EXPECT_EQ(events[2].summary["created"], true);
}

TEST_P(PlatformRoutesTest, ClustersPutGetDeleteAndConflicts) {
  Reply put = Call("PUT", "/api/v1/clusters/prod-eu-west", Admin(), kEuCluster);
  ASSERT_EQ(put.status, 200) << put.body;
  json expected = kEuCluster;
  expected["name"] = "prod-eu-west";
  expected["teams"] = json::array();
  EXPECT_EQ(put.json, expected);
  Reply got = Call("GET", "/api/v1/clusters/prod-eu-west", Viewer());
  ASSERT_EQ(got.status, 200) << got.body;
  expected.erase("credentials");  // admins only
  EXPECT_EQ(got.json, expected);
  Reply list = Call("GET", "/api/v1/clusters", Developer("ads"));
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.json["items"].size(), 3u);
  EXPECT_EQ(list.json["items"][2]["name"], "prod-eu-west");
  EXPECT_EQ(Call("GET", "/api/v1/clusters/nope", Viewer()).status, 404);

  // Partial update keeps the other fields.
  Reply mesh_off = Call("PUT", "/api/v1/clusters/prod-eu-west", Admin(), json{{"mesh", ""}});
  ASSERT_EQ(mesh_off.status, 200) << mesh_off.body;
  EXPECT_EQ(mesh_off.json["mesh"], "");
  EXPECT_EQ(mesh_off.json["zones"], kEuCluster["zones"]);

  ASSERT_EQ(Call("PUT", kTargets, Developer("chat"), json{{"clusters", {"prod-eu-west"}}}).status,
            200);
  Reply in_use = Call("DELETE", "/api/v1/clusters/prod-eu-west", Sre());
  EXPECT_EQ(in_use.status, 409) << in_use.body;
  EXPECT_EQ(in_use.json["error"]["code"], "conflict");
  ASSERT_EQ(Call("PUT", kTargets, Developer("chat"), json{{"clusters", json::array()}}).status,
            200);
  EXPECT_EQ(Call("DELETE", "/api/v1/clusters/prod-eu-west", Sre()).status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/clusters/prod-eu-west", Viewer()).status, 404);

  auto events = Events();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].action, "cluster.delete");
  EXPECT_EQ(events[0].subject, "cluster:prod-eu-west");
  EXPECT_EQ(events[4].action, "cluster.put");
  EXPECT_EQ(events[4].summary["created"], true);
  EXPECT_EQ(events[4].summary["runtime"], "kubernetes");
  EXPECT_FALSE(events[4].summary.contains("credentials"));
  EXPECT_EQ(events[3].summary["created"], false);
}

TEST_P(PlatformRoutesTest, KubernetesVersionIsStoredAsMajorMinorOrRefused) {
  ASSERT_EQ(Call("PUT", "/api/v1/clusters/prod-eu-west", Admin(), kEuCluster).status, 200);
  Reply patch =
      Call("PUT", "/api/v1/clusters/prod-eu-west", Sre(), json{{"kubernetes_version", "v1.34.2"}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.json["kubernetes_version"], "1.34");
  EXPECT_EQ(patch.json["mesh"], "istio");  // the other fields stay

  for (const char* bad : {"1", "2.0", "1.x", "1.33-eks", " 1.33", "1.0333"}) {
    Reply refused =
        Call("PUT", "/api/v1/clusters/prod-eu-west", Sre(), json{{"kubernetes_version", bad}});
    EXPECT_EQ(refused.status, 422) << bad << ": " << refused.body;
    EXPECT_EQ(refused.json["error"]["field"], "kubernetes_version") << bad;
  }
  Reply unknown =
      Call("PUT", "/api/v1/clusters/prod-eu-west", Sre(), json{{"kubernetes_version", ""}});
  ASSERT_EQ(unknown.status, 200) << unknown.body;
  EXPECT_EQ(unknown.json["kubernetes_version"], "");
  Reply got = Call("GET", "/api/v1/clusters/prod-eu-west", Viewer());
  EXPECT_EQ(got.json["kubernetes_version"], "");
  auto events = Events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].summary["kubernetes_version"], "");
  EXPECT_EQ(events[1].summary["kubernetes_version"], "1.34");
}

TEST_P(PlatformRoutesTest, OnlySreAndAdminChangePlatformSettings) {
  for (const http::Caller& who : {Viewer(), Developer("chat")}) {
    EXPECT_EQ(Call("PUT", "/api/v1/clusters/c1", who, kEuCluster).status, 403);
    EXPECT_EQ(Call("DELETE", "/api/v1/clusters/local-alpha", who).status, 403);
    EXPECT_EQ(Call("PUT", "/api/v1/environments/qa", who, json{{"position", 3}}).status, 403);
    EXPECT_EQ(Call("DELETE", "/api/v1/environments/production", who).status, 403);
    EXPECT_EQ(Call("POST", kExceptions, who,
                   json{{"rule", "no-privileged"}, {"reason", "r"}, {"duration", "1d"}})
                  .status,
              403);
    EXPECT_EQ(Call("GET", "/api/v1/clusters", who).status, 200);
    EXPECT_EQ(Call("GET", "/api/v1/environments", who).status, 200);
    EXPECT_EQ(Call("GET", kExceptions, who).status, 200);
  }
  EXPECT_TRUE(Events().empty());
}

// Endpoint and credentials together decide where Paved sends a secret: only admins set them,
// and only admins read the credentials reference.
TEST_P(PlatformRoutesTest, OnlyAdminsSetOrSeeClusterEndpointAndCredentials) {
  Reply created = Call("PUT", "/api/v1/clusters/prod-eu-west", Sre(), kEuCluster);
  EXPECT_EQ(created.status, 403) << created.body;
  EXPECT_EQ(created.json["error"]["code"], "forbidden");
  EXPECT_EQ(created.json["error"]["field"], "endpoint");
  EXPECT_EQ(Call("GET", "/api/v1/clusters/prod-eu-west", Viewer()).status, 404);
  ASSERT_EQ(Call("PUT", "/api/v1/clusters/prod-eu-west", Admin(), kEuCluster).status, 200);

  EXPECT_EQ(Call("PUT", "/api/v1/clusters/prod-eu-west", Sre(),
                 json{{"endpoint", "https://attacker.example"}})
                .status,
            403);
  Reply creds = Call("PUT", "/api/v1/clusters/prod-eu-west", Sre(),
                     json{{"credentials", "env:PAVED_CLUSTER_OTHER"}});
  EXPECT_EQ(creds.status, 403);
  EXPECT_EQ(creds.json["error"]["field"], "credentials");
  // The other fields stay the sre's, also when the form sends endpoint and credentials unchanged.
  json unchanged = kEuCluster;
  unchanged["mesh"] = "";
  Reply mesh = Call("PUT", "/api/v1/clusters/prod-eu-west", Sre(), unchanged);
  ASSERT_EQ(mesh.status, 200) << mesh.body;
  EXPECT_FALSE(mesh.json.contains("credentials"));
  // A new cluster without a connection is the sre's too.
  EXPECT_EQ(Call("PUT", "/api/v1/clusters/local-beta", Sre(),
                 json{{"region", "local"}, {"environment", "alpha"}, {"runtime", "local"}})
                .status,
            200);

  for (const http::Caller& who : {Viewer(), Developer("chat"), Sre()}) {
    Reply one = Call("GET", "/api/v1/clusters/prod-eu-west", who);
    EXPECT_FALSE(one.json.contains("credentials")) << one.body;
    Reply list = Call("GET", "/api/v1/clusters", who);
    for (const auto& c : list.json["items"]) EXPECT_FALSE(c.contains("credentials")) << c;
  }
  ASSERT_EQ(Call("PUT", kTargets, Developer("chat"), json{{"clusters", {"prod-eu-west"}}}).status,
            200);
  Reply targets = Call("GET", kTargets, Viewer());
  ASSERT_EQ(targets.json["items"].size(), 1u);
  EXPECT_FALSE(targets.json["items"][0].contains("credentials"));
  EXPECT_EQ(Call("GET", "/api/v1/clusters/prod-eu-west", Admin()).json["credentials"],
            "env:PAVED_CLUSTER_EU");

  Reply moved = Call("PUT", "/api/v1/clusters/prod-eu-west", Admin(),
                     json{{"endpoint", "https://k8s2.eu.example.com"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto events = Events();
  ASSERT_GE(events.size(), 1u);
  EXPECT_EQ(events[0].action, "cluster.put");
  EXPECT_EQ(events[0].actor, "admin");
  EXPECT_EQ(events[0].summary["endpoint_changed"], true);
  EXPECT_EQ(events[0].summary["credentials_changed"], false);
  for (const auto& e : events)
    EXPECT_EQ(e.summary.dump().find("PAVED_CLUSTER_EU"), std::string::npos);
}

// A cluster that names teams takes projects of those teams only: at PUT targets, and (in the
// deploy service) at deploy time.
TEST_P(PlatformRoutesTest, ClustersNameTheTeamsThatMayTargetThem) {
  json body = kEuCluster;
  body["teams"] = {"ads"};
  Reply put = Call("PUT", "/api/v1/clusters/ads-only", Admin(), body);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json["teams"], json({"ads"}));
  Reply refused = Call("PUT", kTargets, Developer("chat"), json{{"clusters", {"ads-only"}}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.json["error"]["field"], "clusters");
  EXPECT_TRUE(Call("GET", kTargets, Viewer()).json["items"].empty());
  Reply ads = Call("PUT", "/api/v1/projects/ads-api/targets", Developer("ads"),
                   json{{"clusters", {"ads-only"}}});
  EXPECT_EQ(ads.status, 200) << ads.body;
  Reply bad = Call("PUT", "/api/v1/clusters/ads-only", Sre(), json{{"teams", {"Not A Slug"}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.json["error"]["field"], "teams");
  Reply open = Call("PUT", "/api/v1/clusters/ads-only", Sre(), json{{"teams", json::array()}});
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_EQ(Call("PUT", kTargets, Developer("chat"), json{{"clusters", {"ads-only"}}}).status, 200);
}

// Files named by a reference must lie in the credentials directory and never in the data dir.
TEST_P(PlatformRoutesTest, CredentialsFilesOutsideTheAllowedDirectoryAreRefused) {
  PlatformDeps deps{
      .store = store_.get(),
      .projects = projects_.get(),
      .audit = audit_.get(),
      .clock = &clock_,
      .policy = &policy_,
      .credentials = {.files_dir = "/srv/paved/clusters", .data_dir = "/srv/paved/clusters/data"}};
  http::Router router;
  router.Add(PlatformRoutes(deps));
  auto put = [&](const std::string& credentials) {
    json body = kEuCluster;
    body["credentials"] = credentials;
    return test_support::CallRoute(router, "PUT", "/api/v1/clusters/c1", Admin(), body.dump());
  };
  EXPECT_EQ(put("file:/srv/paved/clusters/eu.token").status, 200);
  EXPECT_EQ(put("/srv/paved/clusters/eu.kubeconfig").status, 200);
  for (const char* bad : {"file:/srv/paved/clusters/data/secret.keys", "/srv/paved/other/config",
                          "file:/srv/paved/clusters/../secret.keys"}) {
    Reply r = put(bad);
    EXPECT_EQ(r.status, 422) << bad << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], "credentials") << bad;
  }
}

// An admin pasting the token, certificate or kubeconfig itself hears which references are
// accepted; nothing is stored or audited and the answer does not repeat the secret.
TEST_P(PlatformRoutesTest, InlineCredentialsAreRefusedNamingTheAcceptedForms) {
  for (const std::string secret :
       {std::string("-----BEGIN RSA PRIVATE KEY-----\nMIIEpPastedKey\n-----END RSA PRIVATE "
                    "KEY-----\n"),
        std::string("apiVersion: v1\nclusters:\n- cluster: {server: https://k}\nusers:\n- "
                    "user: {token: MIIEpPastedKey}\n"),
        std::string("eyJhbGciOiJSUzI1NiJ9.MIIEpPastedKey.c2ln")}) {
    json body = kEuCluster;
    body["credentials"] = secret;
    Reply r = Call("PUT", "/api/v1/clusters/prod-eu-west", Admin(), body);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.json["error"]["field"], "credentials");
    EXPECT_THAT(r.json["error"]["message"].get<std::string>(),
                ::testing::AllOf(::testing::HasSubstr("not the secret itself"),
                                 ::testing::HasSubstr("env:PAVED_CLUSTER_<NAME>"),
                                 ::testing::HasSubstr("file:<absolute path>")));
    EXPECT_EQ(r.body.find("MIIEpPastedKey"), std::string::npos) << r.body;
  }
  EXPECT_EQ(Call("GET", "/api/v1/clusters/prod-eu-west", Admin()).status, 404);
  EXPECT_TRUE(Events().empty());
}

TEST_P(PlatformRoutesTest, BadPlatformInputIsRefusedNamingTheField) {
  struct Case {
    std::string target;
    json body;
    std::string field;
  };
  auto with = [](const char* key, json value) {
    json b = kEuCluster;
    b[key] = std::move(value);
    return b;
  };
  json no_env = kEuCluster;
  no_env.erase("environment");
  std::vector<Case> cases = {
      {"/api/v1/clusters/Bad_Name", kEuCluster, "name"},
      {"/api/v1/clusters/c1", with("runtime", "docker"), "runtime"},
      {"/api/v1/clusters/c1", with("mesh", "linkerd"), "mesh"},
      {"/api/v1/clusters/c1", with("environment", "staging"), "environment"},
      {"/api/v1/clusters/c1", with("environment", "Prod"), "environment"},
      {"/api/v1/clusters/c1", with("region", "EU West"), "region"},
      {"/api/v1/clusters/c1", with("zones", "eu-west-1a"), "zones"},
      {"/api/v1/clusters/c1", with("zones", {"a", "a"}), "zones"},
      {"/api/v1/clusters/c1", with("zones", {1}), "zones"},
      {"/api/v1/clusters/c1", with("endpoint", "https://x y"), "endpoint"},
      {"/api/v1/clusters/c1", with("credentials", "line\nbreak"), "credentials"},
      {"/api/v1/clusters/c1", with("credentials", "env:PAVED_SECRET_KEY"), "credentials"},
      {"/api/v1/clusters/c1", with("credentials", "env:AWS_SECRET_ACCESS_KEY"), "credentials"},
      {"/api/v1/clusters/c1", with("credentials", "file:/proc/self/environ"), "credentials"},
      {"/api/v1/clusters/c1", with("credentials", "file:/etc/paved/clusters/../../passwd"),
       "credentials"},
      {"/api/v1/clusters/c1", with("credentials", "relative/kubeconfig"), "credentials"},
      {"/api/v1/clusters/c1", with("colour", "red"), "colour"},
      {"/api/v1/clusters/c1", no_env, "environment"},
      {"/api/v1/environments/Bad_Env", json{{"position", 1}}, "name"},
      {"/api/v1/environments/qa", json{{"position", -1}}, "position"},
      {"/api/v1/environments/qa", json{{"position", "1"}}, "position"},
      {"/api/v1/environments/qa", json{{"position", 1}, {"production", "yes"}}, "production"},
  };
  for (const auto& tc : cases) {
    Reply r = Call("PUT", tc.target, Admin(), tc.body);
    EXPECT_EQ(r.status, 422) << tc.target << " " << tc.body.dump() << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], tc.field) << tc.target << " " << r.body;
  }
  EXPECT_EQ(Call("GET", "/api/v1/clusters/c1", Viewer()).status, 404);
  EXPECT_TRUE(Events().empty());
}

TEST_P(PlatformRoutesTest, TargetsAreEditedByTheProjectsWriters) {
  Reply empty = Call("GET", kTargets, Viewer());
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(empty.json["items"].empty());

  EXPECT_EQ(Call("PUT", kTargets, Developer("ads"), json{{"clusters", {"local-alpha"}}}).status,
            403);
  EXPECT_EQ(Call("PUT", kTargets, Viewer(), json{{"clusters", {"local-alpha"}}}).status, 403);
  Reply unknown =
      Call("PUT", kTargets, Developer("chat"), json{{"clusters", {"local-alpha", "mars-1"}}});
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(unknown.json["error"]["field"], "clusters");
  EXPECT_NE(unknown.body.find("mars-1"), std::string::npos);
  for (const json& bad : {json{{"clusters", {1}}}, json{{"clusters", "local-alpha"}},
                          json{{"clusters", {"Local_Alpha"}}}, json::object()}) {
    Reply r = Call("PUT", kTargets, Admin(), bad);
    EXPECT_EQ(r.status, 422) << bad.dump() << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], "clusters") << r.body;
  }
  EXPECT_EQ(
      Call("PUT", "/api/v1/projects/nope/targets", Admin(), json{{"clusters", {"local-alpha"}}})
          .status,
      404);
  EXPECT_TRUE(Events().empty());

  Reply set = Call("PUT", kTargets, Developer("chat"),
                   json{{"clusters", {"local-production", "local-alpha"}}});
  ASSERT_EQ(set.status, 200) << set.body;
  ASSERT_EQ(set.json["items"].size(), 2u);
  EXPECT_EQ(set.json["items"][0]["name"], "local-alpha");
  EXPECT_EQ(set.json["items"][1]["runtime"], "local");
  Reply read = Call("GET", kTargets, Developer("ads"));
  EXPECT_EQ(read.json["items"], set.json["items"]);
  EXPECT_EQ(Call("PUT", kTargets, Sre(), json{{"clusters", {"local-alpha"}}}).status, 200);

  auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].action, "project.targets");
  EXPECT_EQ(events[1].subject, "project:chat-gateway");
  EXPECT_EQ(events[1].actor, "dev-chat");
  EXPECT_EQ(events[1].summary["from"], json::array());
  EXPECT_EQ(events[1].summary["to"], json::array({"local-alpha", "local-production"}));
  EXPECT_EQ(events[0].summary["to"], json::array({"local-alpha"}));
}

TEST_P(PlatformRoutesTest, ExceptionLifecycle) {
  Reply added = Call("POST", kExceptions, Sre(),
                     json{{"rule", "no-privileged"},
                          {"reason", "node agent needs privileged mode"},
                          {"duration", "30d"}});
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.json["project"], "chat-gateway");
  EXPECT_EQ(added.json["rule"], "no-privileged");
  EXPECT_EQ(added.json["approved_by"], "sre");
  EXPECT_EQ(added.json["active"], true);
  EXPECT_TRUE(added.json["revoked_at"].is_null());
  EXPECT_EQ(added.json["expires_at"], FormatTimeMs(clock_.NowMs() + 30 * kDayMs));
  std::string id = added.json["id"];

  clock_.AdvanceMs(1000);
  Reply at = Call("POST", kExceptions, Admin(),
                  json{{"rule", "image-digest"},
                       {"reason", "vendor image"},
                       {"expires_at", FormatTimeMs(clock_.NowMs() + 2 * kDayMs)}});
  ASSERT_EQ(at.status, 201) << at.body;

  Reply list = Call("GET", kExceptions, Viewer());
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json["items"].size(), 2u);
  EXPECT_EQ(list.json["items"][0]["rule"], "image-digest");
  EXPECT_EQ(list.json["items"][1]["id"], id);
  EXPECT_EQ(list.json["items"][1]["active"], true);

  // What the policy check gets: the privileged finding no longer blocks.
  std::vector<policy::Finding> findings = {
      {.rule = "no-privileged", .severity = policy::Severity::kError, .object = "Pod/chat/a"}};
  auto active = platform_->ActiveExceptions(project_ids_["chat-gateway"], clock_.NowMs());
  ASSERT_OK(active);
  EXPECT_EQ(active->size(), 2u);
  auto applied = policy::ApplyExceptions(findings, *active, "chat-gateway", clock_.NowMs());
  EXPECT_TRUE(applied[0].excepted);
  EXPECT_FALSE(policy::Blocks(applied));

  Reply revoked = Call("DELETE", std::string(kExceptions) + "/" + id, Admin());
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(revoked.json["active"], false);
  EXPECT_EQ(revoked.json["revoked_by"], "admin");
  EXPECT_EQ(revoked.json["revoked_at"], FormatTimeMs(clock_.NowMs()));
  EXPECT_EQ(Call("DELETE", std::string(kExceptions) + "/" + id, Admin()).status, 409);
  EXPECT_EQ(Call("DELETE", std::string(kExceptions) + "/nope", Admin()).status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/projects/ads-api/policy/exceptions/" + id, Admin()).status,
            404);
  active = platform_->ActiveExceptions(project_ids_["chat-gateway"], clock_.NowMs());
  ASSERT_OK(active);
  applied = policy::ApplyExceptions(findings, *active, "chat-gateway", clock_.NowMs());
  EXPECT_FALSE(applied[0].excepted);
  EXPECT_TRUE(policy::Blocks(applied));

  // Two days on, the other one has expired: listed, inactive.
  clock_.AdvanceMs(2 * kDayMs);
  list = Call("GET", kExceptions, Viewer());
  ASSERT_EQ(list.json["items"].size(), 2u);
  EXPECT_EQ(list.json["items"][0]["active"], false);
  EXPECT_TRUE(list.json["items"][0]["revoked_at"].is_null());
  EXPECT_EQ(list.json["items"][1]["active"], false);

  auto events = Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].action, "policy.exception.revoke");
  EXPECT_EQ(events[0].subject, "project:chat-gateway");
  EXPECT_EQ(events[0].summary["id"], id);
  EXPECT_EQ(events[2].action, "policy.exception.add");
  EXPECT_EQ(events[2].actor, "sre");
  EXPECT_EQ(events[2].summary["rule"], "no-privileged");
  EXPECT_EQ(events[2].summary["reason"], "node agent needs privileged mode");
}

TEST_P(PlatformRoutesTest, BadExceptionsAreRefusedNamingTheField) {
  std::string past = FormatTimeMs(clock_.NowMs() - 1000);
  std::string far = FormatTimeMs(clock_.NowMs() + 91 * kDayMs);
  struct Case {
    json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"rule", "no-such-rule"}, {"reason", "r"}, {"duration", "1d"}}, "rule"},
      {{{"reason", "r"}, {"duration", "1d"}}, "rule"},
      {{{"rule", "no-privileged"}, {"duration", "1d"}}, "reason"},
      {{{"rule", "no-privileged"}, {"reason", "   "}, {"duration", "1d"}}, "reason"},
      {{{"rule", "no-privileged"}, {"reason", "r"}}, "expires_at"},
      {{{"rule", "no-privileged"}, {"reason", "r"}, {"duration", "91d"}}, "duration"},
      {{{"rule", "no-privileged"}, {"reason", "r"}, {"duration", "soon"}}, "duration"},
      {{{"rule", "no-privileged"}, {"reason", "r"}, {"expires_at", past}}, "expires_at"},
      {{{"rule", "no-privileged"}, {"reason", "r"}, {"expires_at", far}}, "expires_at"},
      {{{"rule", "no-privileged"}, {"reason", "r"}, {"expires_at", "tomorrow"}}, "expires_at"},
      {{{"rule", "no-privileged"}, {"reason", "r"}, {"expires_at", far}, {"duration", "1d"}},
       "duration"},
  };
  for (const auto& tc : cases) {
    Reply r = Call("POST", kExceptions, Sre(), tc.body);
    EXPECT_EQ(r.status, 422) << tc.body.dump() << " " << r.body;
    EXPECT_EQ(r.json["error"]["field"], tc.field) << tc.body.dump() << " " << r.body;
  }
  EXPECT_EQ(Call("POST", "/api/v1/projects/nope/policy/exceptions", Sre(),
                 json{{"rule", "no-privileged"}, {"reason", "r"}, {"duration", "1d"}})
                .status,
            404);
  // Exactly 90 days is allowed.
  EXPECT_EQ(Call("POST", kExceptions, Sre(),
                 json{{"rule", "no-privileged"}, {"reason", "r"}, {"duration", "90d"}})
                .status,
            201);
  EXPECT_EQ(Events().size(), 1u);
}

TEST_P(PlatformRoutesTest, RulesShowTheirEffectiveSeverity) {
  policy_.severities["image-digest"] = policy::Severity::kWarning;
  policy_.severities["probes-required"] = std::nullopt;
  Reply r = Call("GET", "/api/v1/policy/rules", Viewer());
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json["items"].size(), policy::Rules().size());
  std::map<std::string, json> by_id;
  for (const auto& item : r.json["items"]) by_id[item["id"]] = item;
  EXPECT_EQ(by_id["image-digest"]["severity"], "warning");
  EXPECT_EQ(by_id["probes-required"]["severity"], "off");
  EXPECT_EQ(by_id["no-privileged"]["severity"], "error");
  EXPECT_FALSE(by_id["no-privileged"]["description"].get<std::string>().empty());
  EXPECT_FALSE(by_id["no-privileged"]["how_to_fix"].get<std::string>().empty());
  EXPECT_EQ(by_id["no-privileged"]["kinds"], json(policy::FindRule("no-privileged")->kinds));
}

INSTANTIATE_TEST_SUITE_P(Engines, PlatformRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::deploy::platform
