// The incidents API through the whole server, on both engines: who may read and write, bad
// input as a 4xx (422 invalid_field) naming its field with nothing written, overdue actions of a
// team, the Markdown export. Every answer is checked against its route's response schema.
#include "monitoring/incidents/incident_routes.h"

#include "gtest/gtest.h"
#include "server/testing/test_app.h"
#include "tests/support/test_databases.h"

namespace paved::monitoring::incidents {
namespace {

using json = nlohmann::json;
using server::testing::TestApp;

std::string DatabaseFor(store::Engine engine) {
  auto url = test_support::NewDatabaseUrl(engine);
  EXPECT_TRUE(url.ok()) << url.status();  // PostgreSQL must start: never skip
  return url.value_or("postgres://unavailable");
}

class IncidentRoutesTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  IncidentRoutesTest() : t_(DatabaseFor(GetParam())) {}
  void SetUp() override {
    for (const char* team : {"chat", "ads"}) {
      ASSERT_EQ(Admin("POST", "/api/v1/teams", json{{"slug", team}, {"name", team}}).status, 201);
    }
    ASSERT_EQ(
        Admin("POST", "/api/v1/projects",
              json{{"slug", "chat-gateway"}, {"name", "Chat gateway"}, {"owner_team", "chat"}})
            .status,
        201);
    dev_ = t_.UserToken("dana", "developer");
    other_ = t_.UserToken("otto", "developer");
    viewer_ = t_.UserToken("vic", "viewer");
    ASSERT_EQ(Admin("POST", "/api/v1/teams/chat/members", json{{"login", "dana"}}).status, 201);
    ASSERT_EQ(Admin("POST", "/api/v1/teams/ads/members", json{{"login", "otto"}}).status, 201);
  }

  TestApp::Reply Admin(const std::string& method, const std::string& target,
                       const json& body = nullptr) {
    return t_.Call(method, target, body.is_null() ? "" : body.dump(), t_.admin_token());
  }

  std::string Open() {
    auto r = t_.Call("POST", "/api/v1/projects/chat-gateway/incidents",
                     json{{"title", "Login errors"}, {"severity", "sev2"}}, dev_);
    EXPECT_EQ(r.status, 201) << r.raw.body;
    return r.json.value("id", "");
  }

  TestApp t_;
  std::string dev_, other_, viewer_;
};

TEST_P(IncidentRoutesTest, OwnersWriteEveryoneSignedInReadsOthersAreRefused) {
  std::string id = Open();
  EXPECT_EQ(t_.Call("GET", "/api/v1/incidents/" + id, "", "").status, 401);
  EXPECT_EQ(t_.Call("GET", "/api/v1/incidents/" + id, "", viewer_).status, 200);
  auto list = t_.Call("GET", "/api/v1/incidents?state=open&team=chat", "", other_);
  ASSERT_EQ(list.status, 200) << list.raw.body;
  ASSERT_EQ(list.json["items"].size(), 1u);
  EXPECT_EQ(list.json["items"][0]["id"], id);

  auto other = t_.Call("PATCH", "/api/v1/incidents/" + id, json{{"whys", {"x"}}}, other_);
  EXPECT_EQ(other.status, 403) << other.raw.body;
  auto opened = t_.Call("POST", "/api/v1/projects/chat-gateway/incidents",
                        json{{"title", "mine now"}}, other_);
  EXPECT_EQ(opened.status, 403);
  EXPECT_EQ(
      t_.Call("POST", "/api/v1/incidents/" + id + "/lessons", json{{"text", "x"}}, viewer_).status,
      403);
  auto mine = t_.Call("PATCH", "/api/v1/incidents/" + id,
                      json{{"whys", {"pods crashed", "bad config"}}, {"state", "mitigated"}}, dev_);
  ASSERT_EQ(mine.status, 200) << mine.raw.body;
  EXPECT_EQ(mine.json["whys"][1], "bad config");
  EXPECT_EQ(mine.json["state"], "mitigated");
  EXPECT_EQ(t_.Call("GET", "/api/v1/incidents/nope", "", viewer_).status, 404);
}

TEST_P(IncidentRoutesTest, ABadDueDayIsRefusedNamingDueAndNothingIsWritten) {
  std::string id = Open();
  auto bad =
      t_.Call("POST", "/api/v1/incidents/" + id + "/actions",
              json{{"title", "add a canary"}, {"owner", "dana"}, {"due", "20/12/2026"}}, dev_);
  EXPECT_EQ(bad.status, 422) << bad.raw.body;  // invalid_field (docs/api.md)
  EXPECT_EQ(bad.json["error"]["field"], "due");
  auto unknown =
      t_.Call("POST", "/api/v1/incidents/" + id + "/actions",
              json{{"title", "x"}, {"owner", "dana"}, {"due", "2026-12-20"}, {"x", 1}}, dev_);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.json["error"]["field"], "x");
  auto rule = t_.Call("POST", "/api/v1/incidents/" + id + "/lessons",
                      json{{"text", "page sooner"},
                           {"rule", {{"name", "Down"}, {"expr", "up == 0"}, {"severity", "loud"}}}},
                      dev_);
  EXPECT_EQ(rule.status, 422) << rule.raw.body;
  EXPECT_EQ(rule.json["error"]["field"], "rule");
  auto panel = t_.Call("POST", "/api/v1/incidents/" + id + "/lessons",
                       json{{"text", "watch the pool"},
                            {"panel", {{"title", "Pool"}, {"promql", "sum(rate(pool[5m])"}}}},
                       dev_);
  EXPECT_EQ(panel.status, 422) << panel.raw.body;
  EXPECT_EQ(panel.json["error"]["field"], "panel.promql");
  auto expr = t_.Call(
      "POST", "/api/v1/incidents/" + id + "/lessons",
      json{{"text", "page sooner"},
           {"rule", {{"name", "Down"}, {"expr", "up{job=\"a} == 0"}, {"severity", "critical"}}}},
      dev_);
  EXPECT_EQ(expr.status, 422) << expr.raw.body;
  EXPECT_EQ(expr.json["error"]["field"], "rule.expr");
  auto got = t_.Call("GET", "/api/v1/incidents/" + id, "", dev_);
  EXPECT_TRUE(got.json["actions"].empty());
  EXPECT_TRUE(got.json["lessons"].empty());
}

TEST_P(IncidentRoutesTest, OverdueActionsOfATeamAndTheMarkdownExport) {
  std::string id = Open();
  ASSERT_EQ(t_.Call("PATCH", "/api/v1/incidents/" + id,
                    json{{"whys", {"the pods crashed", "the config was wrong"}},
                         {"factors", {"no canary"}}},
                    dev_)
                .status,
            200);
  auto late =
      t_.Call("POST", "/api/v1/incidents/" + id + "/actions",
              json{{"title", "add a canary"}, {"owner_team", "chat"}, {"due", "2020-01-31"}}, dev_);
  ASSERT_EQ(late.status, 201) << late.raw.body;
  ASSERT_EQ(
      t_.Call("POST", "/api/v1/incidents/" + id + "/actions",
              json{{"title", "fix the config"}, {"owner", "dana"}, {"due", "2999-01-01"}}, dev_)
          .status,
      201);
  auto overdue = t_.Call("GET", "/api/v1/teams/chat/incident-actions?overdue=true", "", viewer_);
  ASSERT_EQ(overdue.status, 200) << overdue.raw.body;
  ASSERT_EQ(overdue.json["items"].size(), 1u);
  EXPECT_EQ(overdue.json["items"][0]["title"], "add a canary");
  EXPECT_EQ(overdue.json["items"][0]["incident"]["id"], id);
  auto done =
      t_.Call("PATCH", "/api/v1/incidents/" + id + "/actions/1", json{{"state", "done"}}, dev_);
  ASSERT_EQ(done.status, 200) << done.raw.body;
  EXPECT_TRUE(t_.Call("GET", "/api/v1/teams/chat/incident-actions?overdue=true", "", viewer_)
                  .json["items"]
                  .empty());

  auto md = t_.Call("GET", "/api/v1/incidents/" + id + "/export.md", "", viewer_);
  ASSERT_EQ(md.status, 200);
  EXPECT_EQ(md.raw.Header("Content-Type"), "text/markdown; charset=utf-8");
  EXPECT_NE(md.raw.body.find("1. the pods crashed\n2. the config was wrong\n"), std::string::npos)
      << md.raw.body;
  EXPECT_NE(md.raw.body.find("- [x] 1. add a canary — team chat, due 2020-01-31"),
            std::string::npos)
      << md.raw.body;
  EXPECT_NE(md.raw.body.find("- [ ] 2. fix the config — dana, due 2999-01-01"), std::string::npos);
}

TEST_P(IncidentRoutesTest, NotesJoinTheTimeline) {
  std::string id = Open();
  auto note = t_.Call("POST", "/api/v1/incidents/" + id + "/timeline",
                      json{{"text", "rolled back by hand"}}, dev_);
  ASSERT_EQ(note.status, 201) << note.raw.body;
  auto timeline = t_.Call("GET", "/api/v1/incidents/" + id + "/timeline", "", viewer_);
  ASSERT_EQ(timeline.status, 200) << timeline.raw.body;
  ASSERT_EQ(timeline.json["items"].size(), 2u);
  EXPECT_EQ(timeline.json["items"][1]["kind"], "note");
  EXPECT_EQ(timeline.json["items"][1]["actor"], "dana");
}

INSTANTIATE_TEST_SUITE_P(Engines, IncidentRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::monitoring::incidents
