#include "catalog/hr_sync.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "catalog/hr_routes.h"
#include "catalog/projects.h"
#include "core/status_macros.h"
#include "providers/hr/testing/fake_hr_server.h"
#include "store/migrate.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::catalog {
namespace {

using nlohmann::json;
using providers::hr::HrSourceConfig;
using providers::hr::testing::FakeHrServer;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSample[] = "src/providers/hr/testdata/teams.json";

json SampleDoc() {
  return json::parse(R"({"teams": [
    {"id": "T-1000", "name": "Platform", "parent": null, "slack": "#platform"},
    {"id": "T-1042", "name": "Chat Platform", "parent": "T-1000", "slack": "#chat-platform",
     "members": [{"id": "E-77", "login": "mina.kim", "email": "mina.kim@example.com", "lead": true},
                 {"id": "E-81", "login": "joon.park", "email": "joon.park@example.com"}]},
    {"id": "T-2001", "name": "Ads", "parent": null, "slack": "#ads-dev",
     "members": [{"id": "E-90", "login": "seo.lee", "email": "seo.lee@example.com", "lead": true}]}
  ]})");
}

// The HR sync against a real store on both engines, driven through HrSync and InstallHrSync.
class HrSyncTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto opened = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(opened);  // PostgreSQL must start: never skip
    store_ = std::move(*opened);
    audit_ = std::make_unique<audit::AuditLog>(store_.get(), &clock_);
    teams_ = std::make_unique<TeamStore>(store_.get(), &clock_);
    users_ = std::make_unique<auth::UserStore>(store_.get(), &clock_);
    projects_ = std::make_unique<ProjectStore>(store_.get(), &clock_);
    queue_ = std::make_unique<jobs::JobQueue>(store_.get(), &clock_);
    workers_ = std::make_unique<jobs::WorkerPool>(
        queue_.get(), jobs::WorkerPoolOptions{.threads = 1, .poll_interval_ms = 20});
    scheduler_ = std::make_unique<jobs::Scheduler>(queue_.get());
  }
  void TearDown() override {
    if (scheduler_) scheduler_->Stop();
    if (workers_) workers_->Stop();
  }

  HrSyncDeps Deps(const json* config = nullptr) {
    return {store_.get(), &clock_,        audit_.get(),     teams_.get(),
            users_.get(), workers_.get(), scheduler_.get(), config};
  }
  // InstallHrSync, with its routes added to router_ the way the server adds them.
  absl::Status Install(const json* config) {
    ASSIGN_OR_RETURN(std::shared_ptr<HrSync> sync, InstallHrSync(Deps(config)));
    router_.Add(HrSyncRoutes(store_.get(), scheduler_.get(), std::move(sync)));
    return absl::OkStatus();
  }
  std::unique_ptr<HrSync> Sync(HrSourceConfig config) {
    return std::make_unique<HrSync>(Deps(), std::move(config), nullptr);
  }
  // Applies `doc` (default shape) and returns the run.
  HrSyncRun Apply(const json& doc) {
    clock_.AdvanceMs(1000);
    auto teams = providers::hr::ParseHrTeams(doc.dump(), {});
    EXPECT_OK(teams);
    auto run =
        Sync({.file = "unused"})->Apply(teams.value_or(std::vector<providers::hr::HrTeam>{}));
    EXPECT_OK(run);
    return run.value_or(HrSyncRun{});
  }

  Team ByHrId(const std::string& hr_id) {
    std::optional<Team> team;
    EXPECT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      auto found = teams_->FindByHrIdTx(tx, hr_id);
      if (!found.ok()) return found.status();
      team = *found;
      return absl::OkStatus();
    }));
    EXPECT_TRUE(team.has_value()) << hr_id;
    return team.value_or(Team{});
  }
  // "login:lead:source" of a team's members, by login.
  std::vector<std::string> Members(const std::string& slug) {
    auto rs = store_->Query(
        "SELECT u.login, m.lead, m.source FROM team_members m JOIN users u ON u.id = m.user_id "
        "JOIN teams t ON t.id = m.team_id WHERE t.slug = $1 ORDER BY u.login",
        {slug});
    EXPECT_OK(rs);
    std::vector<std::string> out;
    for (const auto& row : rs->rows) {
      out.push_back(row.Text("login") + ":" + std::to_string(row.Int("lead")) + ":" +
                    row.Text("source"));
    }
    return out;
  }
  int64_t Count(const std::string& sql, const store::Params& params = {}) {
    auto rs = store_->Query(sql, params);
    EXPECT_OK(rs);
    return rs.ok() ? rs->front().Int("n") : -1;
  }
  int64_t Events(const std::string& action) {
    return Count("SELECT COUNT(*) AS n FROM audit_events WHERE action = $1", {action});
  }
  int64_t AuditCount() { return Count("SELECT COUNT(*) AS n FROM audit_events"); }
  // Polls the runs table until `n` runs exist (the worker runs asynchronously).
  bool WaitForRuns(size_t n, std::vector<HrSyncRun>* runs) {
    for (int i = 0; i < 600; ++i) {
      *runs = Runs();
      if (runs->size() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // Every row a sync may touch, as text, to prove a sync changed nothing.
  std::string Snapshot() {
    std::string out;
    for (const char* sql :
         {"SELECT id, slug, name, chat_channel, parent_id, status, dissolved_at, hr_id, source, "
          "updated_at FROM teams ORDER BY id",
          "SELECT id, login, hr_id, email, display_name FROM users ORDER BY id",
          "SELECT team_id, user_id, lead, source FROM team_members ORDER BY team_id, user_id"}) {
      auto rs = store_->Query(sql);
      EXPECT_OK(rs);
      for (const auto& row : rs->rows) {
        for (size_t i = 0; i < row.size(); ++i) {
          const store::Value& v = row.At(i);
          if (auto* s = std::get_if<std::string>(&v)) out += *s;
          if (auto* n = std::get_if<int64_t>(&v)) out += std::to_string(*n);
          out += "|";
        }
        out += "\n";
      }
    }
    return out;
  }
  void CreateProject(const std::string& slug, const std::string& team_id) {
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) {
      Project p{.slug = slug, .name = slug, .owner_team_id = team_id, .created_by = "admin"};
      return projects_->Create(tx, p);
    }));
  }
  std::vector<HrSyncRun> Runs() {
    auto runs = ListHrSyncRuns(*store_, 50);
    EXPECT_OK(runs);
    return runs.value_or(std::vector<HrSyncRun>{});
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<TeamStore> teams_;
  std::unique_ptr<auth::UserStore> users_;
  std::unique_ptr<ProjectStore> projects_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<jobs::WorkerPool> workers_;
  std::unique_ptr<jobs::Scheduler> scheduler_;
  http::Router router_;
};

TEST_P(HrSyncTest, SampleFileCreatesTeamsUsersAndMemberships) {
  auto run = Sync({.file = kSample})->SyncOnce();
  ASSERT_OK(run);
  EXPECT_EQ(run->status, "succeeded") << run->error;
  EXPECT_EQ(run->summary["teams_created"], 3);
  EXPECT_EQ(run->summary["users_created"], 3);
  EXPECT_EQ(run->summary["members_added"], 3);

  Team chat = ByHrId("T-1042");
  EXPECT_EQ(chat.slug, "chat-platform");
  EXPECT_EQ(chat.name, "Chat Platform");
  EXPECT_EQ(chat.chat_channel, "#chat-platform");
  EXPECT_EQ(chat.parent, "platform");
  EXPECT_EQ(chat.status, "active");
  EXPECT_EQ(chat.source, "hr");
  EXPECT_EQ(ByHrId("T-2001").slug, "ads");
  EXPECT_EQ(ByHrId("T-1000").parent, "");
  EXPECT_EQ(Members("chat-platform"),
            (std::vector<std::string>{"joon.park:0:hr", "mina.kim:1:hr"}));

  auto mina = users_->FindByLogin("mina.kim");
  ASSERT_OK(mina);
  ASSERT_TRUE(mina->has_value());
  EXPECT_EQ((*mina)->role, Role::kDeveloper);
  EXPECT_EQ((*mina)->password_hash, "");  // cannot log in with a password until an admin sets one
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM users WHERE hr_id = 'E-77' AND "
                  "email = 'mina.kim@example.com'"),
            1);
  EXPECT_EQ(Events("team.create"), 3);
  EXPECT_EQ(Events("team.member_add"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM audit_events WHERE actor = 'hr-sync' AND "
                  "action = 'catalog.sync'"),
            1);
  ASSERT_EQ(Runs().size(), 1u);
  EXPECT_EQ(Runs()[0].status, "succeeded");
}

TEST_P(HrSyncTest, SecondSyncOfTheSameSourceChangesNothing) {
  Apply(SampleDoc());
  std::string before = Snapshot();
  int64_t events = AuditCount();
  HrSyncRun second = Apply(SampleDoc());
  EXPECT_EQ(second.status, "succeeded");
  for (const auto& [key, value] : second.summary.items()) {
    if (key != "teams") {
      EXPECT_EQ(value, 0) << key;
    }
  }
  // Only the summary event; no team, user or membership row changed.
  EXPECT_EQ(AuditCount(), events + 1);
  EXPECT_EQ(Events("catalog.sync"), 2);
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(HrSyncTest, RenameKeepsSlugIdentityAndProjects) {
  Apply(SampleDoc());
  Team before = ByHrId("T-1042");
  CreateProject("chat-gateway", before.id);
  json doc = SampleDoc();
  doc["teams"][1]["name"] = "Messaging";
  doc["teams"][1]["slack"] = "#messaging";
  HrSyncRun run = Apply(doc);
  EXPECT_EQ(run.summary["teams_renamed"], 1);
  Team after = ByHrId("T-1042");
  EXPECT_EQ(after.id, before.id);
  EXPECT_EQ(after.slug, "chat-platform");
  EXPECT_EQ(after.name, "Messaging");
  EXPECT_EQ(after.chat_channel, "#messaging");
  EXPECT_EQ(after.project_count, 1);
  auto project = projects_->FindBySlug("chat-gateway");
  ASSERT_OK(project);
  EXPECT_EQ((*project)->owner_team, "chat-platform");
  EXPECT_EQ((*project)->OrphanReason(), "");
  auto history = audit_->List({.subject = "team:chat-platform"});
  ASSERT_OK(history);
  ASSERT_GE(history->size(), 2u);
  EXPECT_EQ((*history)[1].action, "team.rename");
  EXPECT_EQ((*history)[1].actor, "hr-sync");
  EXPECT_EQ((*history)[1].summary["name"]["to"], "Messaging");
  EXPECT_EQ((*history)[0].action, "team.update");  // the chat channel
}

TEST_P(HrSyncTest, NewTeamWithATakenSlugGetsASuffix) {
  ASSERT_OK(store_->Transaction([&](store::Tx& tx) {
    Team manual{.slug = "ads", .name = "Ads (made in Paved)"};
    return teams_->Create(tx, manual);
  }));
  json doc = SampleDoc();
  doc["teams"].push_back({{"id", "T-3000"}, {"name", "ADS!"}});
  Apply(doc);
  EXPECT_EQ(ByHrId("T-2001").slug, "ads-2");
  EXPECT_EQ(ByHrId("T-3000").slug, "ads-3");
  auto manual = teams_->FindBySlug("ads");
  ASSERT_OK(manual);
  EXPECT_EQ((*manual)->hr_id, "");  // left alone
}

TEST_P(HrSyncTest, MovedMemberChangesTeamsAndManualMembershipsStay) {
  Apply(SampleDoc());
  Team platform = ByHrId("T-1000");
  auto joon = users_->FindByLogin("joon.park");
  ASSERT_OK(joon);
  ASSERT_OK(store_->Transaction(
      [&](store::Tx& tx) { return users_->AddMember(tx, platform.id, (*joon)->id); }));
  json doc = SampleDoc();
  doc["teams"][2]["members"].push_back({{"id", "E-81"}, {"login", "joon.park"}, {"lead", false}});
  doc["teams"][1]["members"].erase(1);
  doc["teams"][1]["members"][0]["lead"] = false;  // mina stops leading
  HrSyncRun run = Apply(doc);
  EXPECT_EQ(run.summary["members_added"], 1);
  EXPECT_EQ(run.summary["members_removed"], 1);
  EXPECT_EQ(run.summary["members_updated"], 1);
  EXPECT_EQ(run.summary["users_created"], 0);
  EXPECT_EQ(Members("chat-platform"), (std::vector<std::string>{"mina.kim:0:hr"}));
  EXPECT_EQ(Members("ads"), (std::vector<std::string>{"joon.park:0:hr", "seo.lee:1:hr"}));
  EXPECT_EQ(Members("platform"), (std::vector<std::string>{"joon.park:0:paved"}));
  EXPECT_EQ(Events("team.member_remove"), 1);
}

TEST_P(HrSyncTest, ExistingUserIsMatchedByLogin) {
  ASSERT_OK(store_->Transaction(
      [&](store::Tx& tx) { return users_->Create(tx, "seo.lee", "hash", Role::kSre).status(); }));
  Apply(SampleDoc());
  auto seo = users_->FindByLogin("seo.lee");
  ASSERT_OK(seo);
  EXPECT_EQ((*seo)->role, Role::kSre);
  EXPECT_EQ((*seo)->password_hash, "hash");
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM users WHERE login = 'seo.lee' AND hr_id = 'E-90'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM users"), 3);
}

TEST_P(HrSyncTest, DissolvedTeamOrphansItsProjectsAndCanComeBack) {
  Apply(SampleDoc());
  Team ads = ByHrId("T-2001");
  CreateProject("ad-server", ads.id);
  json doc = SampleDoc();
  doc["teams"].erase(2);
  HrSyncRun run = Apply(doc);
  EXPECT_EQ(run.summary["teams_dissolved"], 1);
  Team dissolved = ByHrId("T-2001");
  EXPECT_EQ(dissolved.id, ads.id);  // never deleted
  EXPECT_EQ(dissolved.status, "dissolved");
  EXPECT_EQ(dissolved.dissolved_at_ms, clock_.NowMs());
  EXPECT_TRUE(Members("ads").empty());
  auto project = projects_->FindBySlug("ad-server");
  ASSERT_OK(project);
  EXPECT_EQ((*project)->owner_status, "dissolved");
  EXPECT_THAT((*project)->OrphanReason(), HasSubstr("dissolved"));
  EXPECT_EQ(Events("team.dissolve"), 1);

  HrSyncRun again = Apply(doc);  // still gone: nothing more happens
  EXPECT_EQ(again.summary["teams_dissolved"], 0);

  HrSyncRun back = Apply(SampleDoc());
  EXPECT_EQ(back.summary["teams_reactivated"], 1);
  Team revived = ByHrId("T-2001");
  EXPECT_EQ(revived.id, ads.id);
  EXPECT_EQ(revived.slug, "ads");
  EXPECT_EQ(revived.status, "active");
  EXPECT_FALSE(revived.dissolved_at_ms.has_value());
  EXPECT_EQ(Members("ads"), (std::vector<std::string>{"seo.lee:1:hr"}));
  project = projects_->FindBySlug("ad-server");
  ASSERT_OK(project);
  EXPECT_EQ((*project)->OrphanReason(), "");
  EXPECT_EQ(Events("team.reactivate"), 1);
}

TEST_P(HrSyncTest, FailedSyncsChangeNothingAndRecordTheReason) {
  FakeHrServer hr;
  ASSERT_TRUE(hr.started());
  auto sync = Sync({.url = hr.url(), .token = "tok-secret"});
  hr.Answer(200, SampleDoc().dump());
  ASSERT_EQ(sync->SyncOnce()->status, "succeeded");
  const std::string before = Snapshot();
  const int64_t events = AuditCount();

  struct Case {
    int status;
    std::string body;
    std::string reason;
    bool retryable;
  };
  json dup = SampleDoc();
  dup["teams"][2]["id"] = "T-1042";
  json conflict = SampleDoc();  // new team first, then a member whose login is someone else's
  conflict["teams"].push_back(
      {{"id", "T-5000"}, {"name", "New"}, {"members", {{{"id", "E-500"}, {"login", "mina.kim"}}}}});
  conflict["teams"][1]["members"].erase(0);
  std::vector<Case> cases = {
      {500, "oops", "HTTP 500", true},
      {200, "{\"teams\": [", "not valid JSON", false},
      {200, dup.dump(), "T-1042 is listed twice", false},
      {200, conflict.dump(), "belongs to HR person E-77", false},
      {200, R"({"teams":[{"id":"T-1","name":"A","members":[{"id":"E","login":"Bad Login"}]}]})",
       "not a valid login", false},
  };
  for (const Case& c : cases) {
    clock_.AdvanceMs(1000);
    hr.Answer(c.status, c.body);
    bool retryable = !c.retryable;
    auto run = sync->SyncOnce(&retryable);
    ASSERT_OK(run);
    EXPECT_EQ(run->status, "failed") << c.reason;
    EXPECT_THAT(run->error, HasSubstr(c.reason));
    EXPECT_THAT(run->error, Not(HasSubstr("tok-secret")));
    EXPECT_EQ(retryable, c.retryable) << c.reason;
    EXPECT_EQ(Snapshot(), before) << c.reason;
    EXPECT_EQ(AuditCount(), events) << c.reason;
  }
  std::vector<HrSyncRun> runs = Runs();
  ASSERT_EQ(runs.size(), cases.size() + 1);
  EXPECT_THAT(runs[0].error, HasSubstr("not a valid login"));  // newest first
  EXPECT_THAT(runs[cases.size() - 1].error, HasSubstr("HTTP 500"));
  EXPECT_EQ(runs.back().status, "succeeded");
}

TEST_P(HrSyncTest, JobRetriesOnlyWhenTheSourceIsDown) {
  FakeHrServer hr;
  ASSERT_TRUE(hr.started());
  auto sync = Sync({.url = hr.url()});
  jobs::Job job{.id = "j1", .kind = kHrSyncJob};
  jobs::JobContext ctx{job, [] { return true; }};
  hr.Answer(503, "busy");
  EXPECT_CODE(sync->RunJob(ctx), kUnavailable);  // the queue retries with backoff
  hr.Answer(200, "not json");
  EXPECT_OK(sync->RunJob(ctx));  // recorded as a failed run; retrying would not help
  hr.Answer(200, SampleDoc().dump());
  EXPECT_OK(sync->RunJob(ctx));
  std::vector<HrSyncRun> runs = Runs();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(Count("SELECT COUNT(*) AS n FROM hr_sync_runs WHERE status = 'failed'"), 2);
  EXPECT_EQ(ByHrId("T-2001").slug, "ads");
}

TEST_P(HrSyncTest, SendsTheBearerToken) {
  FakeHrServer hr;
  ASSERT_TRUE(hr.started());
  hr.Answer(200, SampleDoc().dump());
  ASSERT_EQ(Sync({.url = hr.url(), .token = "tok-123"})->SyncOnce()->status, "succeeded");
  EXPECT_EQ(hr.authorization(), "Bearer tok-123");
}

TEST_P(HrSyncTest, FieldMappingReadsAnotherShape) {
  FakeHrServer hr;
  ASSERT_TRUE(hr.started());
  hr.Answer(200, R"({"result": {"orgs": [
      {"code": 1, "title": "Infra", "channel": "#infra"},
      {"code": 2, "title": "Data", "up": 1,
       "people": [{"emp": "P-1", "user": "ann", "mail": "ann@example.com", "boss": true}]}]}})");
  json config = {{"catalog",
                  {{"hr_source",
                    {{"url", hr.url()},
                     {"mapping",
                      {{"teams", "/result/orgs"},
                       {"id", "/code"},
                       {"name", "/title"},
                       {"parent", "/up"},
                       {"chat_channel", "/channel"},
                       {"members", "/people"},
                       {"member_id", "/emp"},
                       {"member_login", "/user"},
                       {"member_email", "/mail"},
                       {"member_lead", "/boss"}}}}}}}};
  auto parsed = providers::hr::ParseHrSourceConfig(config);
  ASSERT_OK(parsed);
  auto run = Sync(**parsed)->SyncOnce();
  ASSERT_OK(run);
  ASSERT_EQ(run->status, "succeeded") << run->error;
  EXPECT_EQ(ByHrId("2").parent, "infra");
  EXPECT_EQ(ByHrId("1").chat_channel, "#infra");
  EXPECT_EQ(Members("data"), (std::vector<std::string>{"ann:1:hr"}));
}

http::Response CallRoute(http::Router& router, const std::string& method, const std::string& target,
                         Role role) {
  auto match = router.Find(method, target.substr(0, target.find('?')));
  EXPECT_NE(match.route, nullptr) << method << " " << target;
  if (!match.route) return {};
  http::Request req{.method = method, .target = target, .path = target.substr(0, target.find('?'))};
  if (target.find('?') != std::string::npos) {
    req.query = http::ParseQuery(target.substr(target.find('?') + 1));
  }
  http::Caller caller{.user_id = "u1", .login = "someone", .role = role};
  http::Context ctx{req, &caller};
  return match.route->handler(ctx);
}

TEST_P(HrSyncTest, InstallWithoutSourceAnswers409) {
  json config = {{"listen", "127.0.0.1:0"}};
  ASSERT_OK(Install(&config));
  auto post = CallRoute(router_, "POST", "/api/v1/catalog/sync", Role::kAdmin);
  EXPECT_EQ(post.status, 409);
  EXPECT_THAT(post.body, HasSubstr("no HR source is configured"));
  auto get = CallRoute(router_, "GET", "/api/v1/catalog/sync", Role::kViewer);
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(json::parse(get.body)["items"], json::array());
}

TEST_P(HrSyncTest, InstallRejectsBadConfig) {
  json config = {{"catalog", {{"hr_source", {{"file", kSample}, {"interval", "often"}}}}}};
  EXPECT_CODE(Install(&config), kInvalidArgument);
  json unknown = {{"catalog", {{"hr_source", {{"file", kSample}, {"secret", "x"}}}}}};
  EXPECT_CODE(Install(&unknown), kInvalidArgument);
}

TEST_P(HrSyncTest, InstalledJobRunsAtStartAndOnDemand) {
  json config = {{"catalog", {{"hr_source", {{"file", kSample}, {"interval", "1h"}}}}}};
  ASSERT_OK(Install(&config));
  auto sync_route = router_.Find("POST", "/api/v1/catalog/sync");
  ASSERT_NE(sync_route.route, nullptr);
  EXPECT_EQ(sync_route.route->access, http::Access::kSre);
  EXPECT_EQ(router_.Find("GET", "/api/v1/catalog/sync").route->access, http::Access::kViewer);

  workers_->Start();
  scheduler_->Start();
  std::vector<HrSyncRun> runs;
  ASSERT_TRUE(WaitForRuns(1, &runs));
  EXPECT_EQ(runs[0].status, "succeeded") << runs[0].error;
  EXPECT_EQ(ByHrId("T-1042").slug, "chat-platform");

  // On demand: 202 with the job; the second run finds nothing to change.
  std::vector<HrSyncRun> settled;
  for (int i = 0; i < 600 && queue_->Depth().value_or(1) != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  clock_.AdvanceMs(1000);
  auto post = CallRoute(router_, "POST", "/api/v1/catalog/sync", Role::kSre);
  ASSERT_EQ(post.status, 202) << post.body;
  json body = json::parse(post.body);
  EXPECT_EQ(body["job"]["kind"], "catalog.hr_sync");
  ASSERT_TRUE(WaitForRuns(2, &settled));
  EXPECT_EQ(settled[0].status, "succeeded");
  EXPECT_EQ(settled[0].summary["teams_created"], 0);

  auto get = CallRoute(router_, "GET", "/api/v1/catalog/sync?limit=1", Role::kViewer);
  ASSERT_EQ(get.status, 200);
  json items = json::parse(get.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["id"], settled[0].id);
  EXPECT_EQ(items[0]["status"], "succeeded");
  EXPECT_TRUE(items[0]["summary"].contains("members_added"));
}

INSTANTIATE_TEST_SUITE_P(Engines, HrSyncTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::catalog
