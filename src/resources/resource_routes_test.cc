// The resources API as users meet it: a developer of the owner team, one of another team, an
// sre and a viewer, on a server whose first start set a local standard for every environment,
// creating a real Redis through the job queue.
#include "resources/resource_routes.h"

#include <unistd.h>

#include <csignal>
#include <set>

#include "gtest/gtest.h"
#include "providers/slack/testing/fake_slack_server.h"
#include "resources/local/local_provider.h"
#include "server/testing/test_app.h"

namespace paved::resources {
namespace {

using nlohmann::json;
using server::testing::TestApp;

class ResourceRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(slack_.Start().ok());
    slack_.AddChannel("chat-team");
    app_ = std::make_unique<TestApp>(
        "", SystemClock::Get(),
        json{{"local_runtime", {{"unsafe_shared_host", true}}},
             {"slack", {{"api_url", slack_.api_url()}, {"bot_token", "xoxb-test-token"}}}});
    const std::string& admin = app_->admin_token();
    ASSERT_EQ(Call("POST", "/api/v1/teams",
                   {{"slug", "chat"}, {"name", "Chat"}, {"chat_channel", "#chat-team"}}, admin)
                  .status,
              201);
    ASSERT_EQ(Call("POST", "/api/v1/teams", {{"slug", "ads"}, {"name", "Ads"}}, admin).status, 201);
    dev_ = app_->UserToken("dev", "developer");
    other_ = app_->UserToken("other", "developer");
    sre_ = app_->UserToken("sre", "sre");
    viewer_ = app_->UserToken("viewer", "viewer");
    ASSERT_EQ(Call("POST", "/api/v1/teams/chat/members", {{"login", "dev"}}, admin).status, 201);
    ASSERT_EQ(Call("POST", "/api/v1/teams/ads/members", {{"login", "other"}}, admin).status, 201);
    ASSERT_EQ(
        Call("POST", "/api/v1/projects",
             {{"slug", "chat-gateway"}, {"name", "Chat gateway"}, {"owner_team", "chat"}}, dev_)
            .status,
        201);
    ASSERT_TRUE(app_->app().StartBackground().ok());
  }
  void TearDown() override {
    app_->app().StopBackground();
    // Stop any Redis a failed assertion left running.
    auto list = Call("GET", "/api/v1/resources?status=ready", json(), app_->admin_token());
    for (const json& r : list.json.value("items", json::array())) {
      if (r["outputs"].contains("pid"))
        kill(-r["outputs"]["pid"].get<int>(), SIGKILL);  // its group
    }
  }

  TestApp::Reply Call(const std::string& method, const std::string& path, const json& body,
                      const std::string& token) {
    return body.is_null() ? app_->Call(method, path, "", token)
                          : app_->Call(method, path, body, token);
  }

  json WaitSettled(const std::string& id) {
    json r;
    for (int i = 0; i < 200; ++i) {
      r = Call("GET", "/api/v1/resources/" + id, json(), viewer_).json;
      std::string status = r.value("status", "");
      if (status != "creating" && status != "deleting" && status != "undoing" &&
          status != "updating")
        return r;
      usleep(50'000);
    }
    ADD_FAILURE() << "did not settle: " << r.dump();
    return r;
  }

  json CreateBody(const std::string& env = "alpha") {
    return {{"kind", "redis"}, {"name", "cache"}, {"environment", env}, {"spec", {{"size", "m"}}}};
  }

  slack::testing::FakeSlackServer slack_;
  std::unique_ptr<TestApp> app_;
  std::string dev_, other_, sre_, viewer_;
};

TEST_F(ResourceRoutesTest, TheOwnerTeamCreatesARedisThatAnswersAndDeletesIt) {
  auto created = Call("POST", "/api/v1/projects/chat-gateway/resources", CreateBody(), dev_);
  ASSERT_EQ(created.status, 202) << created.json.dump();
  EXPECT_EQ(created.json["status"], "creating");
  EXPECT_EQ(created.json["owner_team"], "chat");
  EXPECT_EQ(created.json["effective"]["size"]["source"], "team");
  EXPECT_EQ(created.json["effective"]["eviction_policy"]["source"], "standard");
  EXPECT_DOUBLE_EQ(created.json["outputs"]["estimated_monthly_usd"].get<double>(), 115.34);
  std::string id = created.json["id"];
  json ready = WaitSettled(id);
  ASSERT_EQ(ready["status"], "ready") << ready.dump();
  EXPECT_EQ(ready["live"]["state"], "available");
  std::vector<std::string> done;
  for (const json& e : ready["journal"]) {
    if (e["event"] == "done") done.push_back(e["step"]);
  }
  EXPECT_EQ(done, (std::vector<std::string>{"config", "process"})) << ready["journal"].dump();
  EXPECT_FALSE(ready.dump().find("requirepass") != std::string::npos);
  int port = ready["outputs"]["port"];
  EXPECT_FALSE(local::PingRedis(port, "wrong").ok());

  // Listed for its team and project, not for another team.
  auto mine = Call("GET", "/api/v1/resources?team=chat", json(), viewer_);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json["items"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/resources?team=ads", json(), viewer_).json["items"].size(), 0u);
  EXPECT_EQ(Call("GET", "/api/v1/resources?kind=postgres", json(), viewer_).status, 422);

  // A second one of that name in that environment is refused; another team cannot delete it.
  auto twice = Call("POST", "/api/v1/projects/chat-gateway/resources", CreateBody(), dev_);
  EXPECT_EQ(twice.status, 409) << twice.json.dump();
  EXPECT_EQ(Call("DELETE", "/api/v1/resources/" + id + "?confirm=cache", json(), other_).status,
            403);
  auto unconfirmed = Call("DELETE", "/api/v1/resources/" + id + "?confirm=cach", json(), dev_);
  EXPECT_EQ(unconfirmed.status, 422);
  EXPECT_EQ(unconfirmed.json["error"]["field"], "confirm");
  auto deleted = Call("DELETE", "/api/v1/resources/" + id + "?confirm=cache", json(), dev_);
  ASSERT_EQ(deleted.status, 202) << deleted.json.dump();
  EXPECT_EQ(WaitSettled(id)["status"], "deleted");
  EXPECT_FALSE(local::PingRedis(port, "").ok());

  auto audit = Call("GET", "/api/v1/audit?subject=resource:" + id, json(), app_->admin_token());
  std::string actions = audit.json.dump();
  for (const char* action :
       {"resource.create", "resource.ready", "resource.delete", "resource.deleted"}) {
    EXPECT_NE(actions.find(action), std::string::npos) << action << " in " << actions;
  }
}

// The frames of a resource stream until it finishes (or 10 s pass), each parsed.
std::vector<json> FollowToEnd(EventStream& stream) {
  std::vector<json> frames;
  stream.Start([] {});
  for (int i = 0; i < 1000; ++i) {
    bool finished = stream.Finished();
    for (const std::string& frame : stream.Drain()) {
      const std::string prefix = "event: resource\ndata: ";
      EXPECT_EQ(frame.rfind(prefix, 0), 0u) << frame;
      frames.push_back(json::parse(frame.substr(prefix.size())));
    }
    if (finished) break;
    usleep(10'000);
  }
  stream.Stop();
  return frames;
}

TEST_F(ResourceRoutesTest, TheStreamShowsTheJournalGrowUntilTheResourceIsReady) {
  EXPECT_EQ(Call("GET", "/api/v1/resources/nope/stream", json(), viewer_).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/resources/nope/stream", json(), "").status, 401);
  auto created = Call("POST", "/api/v1/projects/chat-gateway/resources", CreateBody(), dev_);
  ASSERT_EQ(created.status, 202) << created.json.dump();
  const std::string stream_path =
      "/api/v1/resources/" + created.json["id"].get<std::string>() + "/stream";
  auto opened = Call("GET", stream_path, json(), viewer_);
  ASSERT_EQ(opened.status, 200);
  ASSERT_TRUE(opened.raw.stream);
  std::vector<json> frames = FollowToEnd(*opened.raw.stream);
  ASSERT_GE(frames.size(), 2u);
  EXPECT_EQ(frames.front()["status"], "creating");
  const json& last = frames.back();
  ASSERT_EQ(last["status"], "ready") << last.dump();
  EXPECT_EQ(last["live"]["state"], "available");
  EXPECT_FALSE(last["journal"].empty());
  EXPECT_FALSE(last["connection"].is_null()) << last.dump();
  // Each frame shows something new: the journal never shrinks and no frame repeats; none
  // carries the password the creation's answer showed.
  const std::string token = created.json.value("auth_token", "");
  ASSERT_FALSE(token.empty());
  for (const json& frame : frames) EXPECT_EQ(frame.dump().find(token), std::string::npos);
  for (size_t i = 1; i < frames.size(); ++i) {
    EXPECT_GE(frames[i]["journal"].size(), frames[i - 1]["journal"].size());
    json a = frames[i], b = frames[i - 1];
    a.erase("live");
    b.erase("live");
    EXPECT_NE(a, b) << "frame " << i << " repeats the one before";
  }

  // A settled resource gives one frame and ends.
  auto again = Call("GET", stream_path, json(), viewer_);
  ASSERT_TRUE(again.raw.stream);
  std::vector<json> settled = FollowToEnd(*again.raw.stream);
  ASSERT_EQ(settled.size(), 1u);
  EXPECT_EQ(settled[0]["status"], "ready");
  EXPECT_TRUE(again.raw.stream->Finished());
}

TEST_F(ResourceRoutesTest, OthersCannotCreateAndMistakesNameTheirField) {
  const std::string path = "/api/v1/projects/chat-gateway/resources";
  EXPECT_EQ(Call("POST", path, CreateBody(), other_).status, 403);
  EXPECT_EQ(Call("POST", path, CreateBody(), viewer_).status, 403);
  EXPECT_EQ(Call("POST", path, CreateBody(), "").status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/projects/nope/resources", CreateBody(), dev_).status, 404);
  auto expect_field = [&](json body, const std::string& field) {
    auto reply = Call("POST", path, body, dev_);
    EXPECT_EQ(reply.status, 422) << body.dump() << " " << reply.json.dump();
    EXPECT_EQ(reply.json["error"]["field"], field) << reply.json.dump();
  };
  json body = CreateBody();
  body["environment"] = "prod";
  expect_field(body, "environment");
  body = CreateBody();
  body["spec"]["size"] = "xl";
  expect_field(body, "spec.size");
  body = CreateBody();
  body["name"] = "Cache!";
  expect_field(body, "name");
  body = CreateBody();
  body["kind"] = "postgres";
  expect_field(body, "kind");
  body = CreateBody();
  body["overrides"] = {{"subnet_group", "x"}};
  auto kept = Call("POST", path, body, dev_);
  EXPECT_EQ(kept.status, 403);
  EXPECT_EQ(kept.json["error"]["code"], "not_overridable");
  // Every kind is made locally now (a table in dynalite), so a table needs its key.
  body = CreateBody();
  body["kind"] = "dynamodb";
  body["spec"] = json::object();
  auto keyless = Call("POST", path, body, dev_);
  EXPECT_EQ(keyless.status, 422) << keyless.json.dump();
  EXPECT_EQ(keyless.json["error"]["field"], "spec.partition_key");
  // Nothing was stored by any of these.
  EXPECT_EQ(Call("GET", "/api/v1/resources", json(), viewer_).json["items"].size(), 0u);
}

TEST_F(ResourceRoutesTest, ACreationOverTheTeamsBudgetWaitsForAnApprovedBudget) {
  const std::string path = "/api/v1/projects/chat-gateway/resources";
  auto asked = Call("POST", "/api/v1/budgets/requests",
                    {{"team", "chat"}, {"amount", 100}, {"reason", "small things"}}, dev_);
  ASSERT_EQ(asked.status, 201) << asked.json.dump();
  ASSERT_EQ(
      Call("POST", "/api/v1/budgets/requests/" + asked.json["id"].get<std::string>() + "/approve",
           json::object(), sre_)
          .status,
      200);
  // A Redis of size m is priced 115.34 USD a month by the local standard: over the 100.
  auto refused = Call("POST", path, CreateBody(), dev_);
  EXPECT_EQ(refused.status, 409) << refused.json.dump();
  EXPECT_EQ(refused.json["error"]["code"], "budget_exceeded");
  EXPECT_EQ(Call("GET", "/api/v1/resources", json(), viewer_).json["items"].size(), 0u);
  auto pending = Call("GET", "/api/v1/budgets/requests?state=pending", json(), sre_);
  ASSERT_EQ(pending.json["items"].size(), 1u) << pending.json.dump();
  const json& request = pending.json["items"][0];
  EXPECT_EQ(request["kind"], "resource");
  EXPECT_EQ(request["amount"], 116.0);
  EXPECT_EQ(request["requester"], "dev");
  EXPECT_NE(
      refused.json["error"]["message"].get<std::string>().find(request["id"].get<std::string>()),
      std::string::npos);
  EXPECT_EQ(Call("POST", path, CreateBody(), dev_).status, 409);  // still waiting

  ASSERT_EQ(
      Call("POST", "/api/v1/budgets/requests/" + request["id"].get<std::string>() + "/approve",
           json::object(), sre_)
          .status,
      200);
  auto created = Call("POST", path, CreateBody(), dev_);
  ASSERT_EQ(created.status, 202) << created.json.dump();
  EXPECT_EQ(WaitSettled(created.json["id"])["status"], "ready");
}

TEST_F(ResourceRoutesTest, ProductionIsProtectedUntilAnSreLiftsItWithAReason) {
  auto created =
      Call("POST", "/api/v1/projects/chat-gateway/resources", CreateBody("production"), dev_);
  ASSERT_EQ(created.status, 202) << created.json.dump();
  std::string id = created.json["id"];
  EXPECT_TRUE(created.json["deletion_protection"].get<bool>());
  ASSERT_EQ(WaitSettled(id)["status"], "ready");
  auto refused = Call("DELETE", "/api/v1/resources/" + id + "?confirm=cache", json(), dev_);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.json["error"]["code"], "deletion_protected");
  const std::string protection = "/api/v1/resources/" + id + "/deletion-protection";
  EXPECT_EQ(Call("PUT", protection, {{"enabled", false}, {"reason", "done"}}, dev_).status, 403);
  EXPECT_EQ(Call("PUT", protection, {{"enabled", false}}, sre_).status, 422);
  auto lifted = Call("PUT", protection, {{"enabled", false}, {"reason", "retiring"}}, sre_);
  ASSERT_EQ(lifted.status, 200) << lifted.json.dump();
  EXPECT_FALSE(lifted.json["deletion_protection"].get<bool>());
  EXPECT_EQ(Call("DELETE", "/api/v1/resources/" + id + "?confirm=cache", json(), dev_).status, 202);
  EXPECT_EQ(WaitSettled(id)["status"], "deleted");
}

TEST_F(ResourceRoutesTest, OnlySreAndAdminSetTheStandard) {
  auto profiles = Call("GET", "/api/v1/resource-profiles", json(), viewer_);
  ASSERT_EQ(profiles.status, 200);
  EXPECT_EQ(profiles.json["items"].size(), 2u);  // local, for alpha and production
  json body = {{"provider", "local"},
               {"defaults", {{"redis", {{"size", "l"}}}}},
               {"overridable", {"backup_retention_days"}}};
  const std::string path = "/api/v1/resource-profiles/local/alpha";
  EXPECT_EQ(Call("PUT", path, body, dev_).status, 403);
  auto set = Call("PUT", path, body, sre_);
  ASSERT_EQ(set.status, 200) << set.json.dump();
  EXPECT_EQ(set.json["updated_by"], "sre");
  body["defaults"]["common"] = {{"maintenance_window", "sun:05:00-sun:05:30"}};
  auto short_window = Call("PUT", path, body, sre_);
  EXPECT_EQ(short_window.status, 422);
  EXPECT_EQ(short_window.json["error"]["field"], "defaults.common.maintenance_window");
  EXPECT_EQ(Call("PUT", "/api/v1/resource-profiles/local/staging", body, sre_).status, 422);
  auto created = Call("POST", "/api/v1/projects/chat-gateway/resources",
                      {{"kind", "redis"}, {"name", "big"}, {"environment", "alpha"}}, dev_);
  ASSERT_EQ(created.status, 202);
  EXPECT_EQ(created.json["effective"]["size"]["value"], "l");
  EXPECT_EQ(WaitSettled(created.json["id"])["status"], "ready");
  EXPECT_EQ(Call("DELETE", path, json(), sre_).status, 204);
  EXPECT_EQ(Call("DELETE", path, json(), sre_).status, 404);
  auto none = Call("POST", "/api/v1/projects/chat-gateway/resources", CreateBody(), dev_);
  EXPECT_EQ(none.status, 409) << none.json.dump();
  EXPECT_EQ(none.json["error"]["code"], "no_standard");
}

TEST_F(ResourceRoutesTest, TheTokenIsShownOnceAndOpensTheRedisThePageDescribes) {
  auto created = Call("POST", "/api/v1/projects/chat-gateway/resources", CreateBody(), dev_);
  ASSERT_EQ(created.status, 202) << created.json.dump();
  std::string token = created.json.value("auth_token", "");
  ASSERT_GE(token.size(), 40u);
  EXPECT_TRUE(created.json["connection"].is_null());  // not ready yet
  std::string id = created.json["id"];
  json ready = WaitSettled(id);
  ASSERT_EQ(ready["status"], "ready") << ready.dump();

  // The page says how to connect, with every secret by name only.
  const json& connection = ready["connection"];
  int port = connection["port"];
  EXPECT_EQ(connection["host"], "127.0.0.1");
  EXPECT_EQ(connection["command"],
            "redis-cli -h 127.0.0.1 -p " + std::to_string(port) + " --askpass");
  json by_name;
  for (const json& v : connection["env"]) by_name[v["name"].get<std::string>()] = v;
  EXPECT_EQ(by_name["REDIS_URL"]["secret"], true);
  EXPECT_FALSE(by_name["REDIS_URL"].contains("value"));
  EXPECT_EQ(by_name["REDIS_PORT"]["value"], std::to_string(port));
  EXPECT_TRUE(local::PingRedis(port, token).ok());

  // No other answer carries the token: the detail, the list, the project's secrets.
  for (const std::string& path : {"/api/v1/resources/" + id, std::string("/api/v1/resources"),
                                  std::string("/api/v1/projects/chat-gateway/secrets/alpha")}) {
    auto reply = Call("GET", path, json(), dev_);
    ASSERT_EQ(reply.status, 200) << path;
    EXPECT_EQ(reply.raw.body.find(token), std::string::npos) << path;
  }
  auto secrets = Call("GET", "/api/v1/projects/chat-gateway/secrets/alpha", json(), dev_);
  std::set<std::string> names;
  for (const json& s : secrets.json["items"]) names.insert(s["name"].get<std::string>());
  EXPECT_TRUE(names.contains("resource.cache.url")) << secrets.raw.body;
  EXPECT_TRUE(names.contains("resource.cache.auth-token")) << secrets.raw.body;
  // Nobody overwrites them through the secrets API: their names are not a user's.
  // The owner team's channel is told, without the token.
  std::vector<slack::testing::FakeSlackServer::StoredMessage> told;
  for (int i = 0; i < 100 && told.empty(); ++i) {
    told = slack_.Messages("#chat-team");
    if (told.empty()) usleep(50'000);
  }
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0].text.find("*redis cache* of chat-gateway in alpha is ready"), std::string::npos)
      << told[0].text;
  EXPECT_NE(told[0].text.find("resources: [cache]"), std::string::npos) << told[0].text;
  EXPECT_EQ(told[0].text.find(token), std::string::npos);
  auto overwrite = Call("PUT", "/api/v1/projects/chat-gateway/secrets/alpha/resource.cache.url",
                        {{"value", "redis://evil"}}, dev_);
  EXPECT_EQ(overwrite.status, 422) << overwrite.raw.body;
}

TEST_F(ResourceRoutesTest, AnUpdateChangesTheRunningRedisAndRefusesWhatCannotChange) {
  auto created = Call("POST", "/api/v1/projects/chat-gateway/resources", CreateBody(), dev_);
  ASSERT_EQ(created.status, 202) << created.json.dump();
  std::string id = created.json["id"];
  std::string token = created.json["auth_token"];
  json ready = WaitSettled(id);
  ASSERT_EQ(ready["status"], "ready") << ready.dump();
  int port = ready["connection"]["port"];
  // What Debian's redis-cli reads from the server.
  auto setting = [&](const std::string& name) {
    std::string command = "REDISCLI_AUTH=" + token + " redis-cli -p " + std::to_string(port) +
                          " CONFIG GET " + name + " 2>&1";
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    for (char buf[256]; pipe && fgets(buf, sizeof buf, pipe);) out += buf;
    if (pipe) pclose(pipe);
    return out;
  };
  const std::string path = "/api/v1/resources/" + id;

  // Another team may not; a field the standard keeps is refused naming it; so is a bad value.
  EXPECT_EQ(Call("PATCH", path, {{"spec", {{"size", "l"}}}}, other_).status, 403);
  auto bad = Call("PATCH", path, {{"spec", {{"size", "xl"}}}}, dev_);
  EXPECT_EQ(bad.status, 422) << bad.json.dump();
  EXPECT_EQ(bad.json["error"]["field"], "spec.size");
  auto kept = Call("PATCH", path, {{"overrides", {{"encryption_at_rest", true}}}}, dev_);
  EXPECT_EQ(kept.status, 403) << kept.json.dump();

  auto bigger =
      Call("PATCH", path, {{"spec", {{"size", "l"}, {"eviction_policy", "volatile-lru"}}}}, dev_);
  ASSERT_EQ(bigger.status, 202) << bigger.json.dump();
  EXPECT_EQ(bigger.json["status"], "updating");
  EXPECT_DOUBLE_EQ(bigger.json["outputs"]["estimated_monthly_usd"].get<double>(), 316.09);
  json after = WaitSettled(id);
  ASSERT_EQ(after["status"], "ready") << after.dump();
  EXPECT_EQ(after["status_detail"], "");
  EXPECT_EQ(after["effective"]["size"]["value"], "l");
  // The running server took the change, and its config keeps it for the next start.
  EXPECT_EQ(setting("maxmemory"), "maxmemory\n1073741824\n");
  EXPECT_EQ(setting("maxmemory-policy"), "maxmemory-policy\nvolatile-lru\n");
  EXPECT_TRUE(local::PingRedis(port, token).ok());
  std::vector<std::string> events;
  for (const json& e : after["journal"]) {
    if (e["saga"] == "update") events.push_back(e["event"]);
  }
  EXPECT_EQ(events, (std::vector<std::string>{"started", "done"}));

  // The same settings again change nothing.
  auto same = Call("PATCH", path, {{"spec", {{"size", "l"}}}}, dev_);
  EXPECT_EQ(same.status, 202);
  EXPECT_EQ(same.json["status"], "ready");
}

}  // namespace
}  // namespace paved::resources
