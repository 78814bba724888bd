// Incidents on both engines: opened from an alert group (the project found through the
// catalog), written only by the owner team and sre, bad input refused with its field and nothing
// written, actions overdue per team, lessons handed to the dashboard and rule generators.
#include "monitoring/incidents/incident_service.h"

#include "core/days.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "monitoring/incidents/lesson_extras.h"
#include "monitoring/incidents/testing/incident_fixture.h"

namespace paved::monitoring::incidents {
namespace {

using deploy::rollout::testing::EngineParamName;

constexpr int64_t kDay = int64_t{24} * 60 * 60 * 1000;

class IncidentServiceTest : public testing::IncidentFixture {
 protected:
  void SetUp() override {
    IncidentFixture::SetUp();
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      catalog::Team ads{.slug = "ads", .name = "Ads"};
      RETURN_IF_ERROR(teams_->Create(tx, ads));
      ads_id_ = ads.id;
      return tx
          .Query(
              "INSERT INTO users (id, login, password_hash, role, created_at, updated_at) "
              "VALUES ('u-dana', 'dana', '', 'developer', 0, 0)")
          .status();
    }));
  }

  Incident OpenByHand() {
    auto i = service_->Open(Developer(), {.project = "chat-gateway", .title = "login errors"});
    EXPECT_OK(i);
    return i.value_or(Incident{});
  }

  Caller OtherTeam() const {
    return {.user_id = "u-otto", .login = "otto", .role = Role::kDeveloper, .team_ids = {ads_id_}};
  }

  std::vector<std::string> Actions() {
    auto events = audit_->List({.subject_prefixes = {"incident:"}});
    EXPECT_OK(events);
    std::vector<std::string> out;
    for (const auto& e : events.value_or(std::vector<audit::Event>{})) {
      out.push_back(e.actor + " " + e.action);
    }
    return out;
  }

  std::string ads_id_;
};

TEST_P(IncidentServiceTest, OpeningFromAnAlertGroupFindsTheProjectAndTheStart) {
  firing_since_ms_ = clock_.NowMs() - int64_t{7} * 60'000;
  Fire("00000000000000b1", "HighErrorRate");
  firing_since_ms_ = clock_.NowMs() - int64_t{3} * 60'000;
  Fire("00000000000000b2", "LatencyHigh");
  auto i = service_->Open(Sre(), {.alert_group = "local-alpha/chat-gateway"});
  ASSERT_OK(i);
  EXPECT_EQ(i->project, "chat-gateway");
  EXPECT_EQ(i->team, "chat");
  EXPECT_EQ(i->started_at_ms, clock_.NowMs() - int64_t{7} * 60'000);  // the first firing alert
  EXPECT_EQ(i->severity, "sev2");                                     // a critical alert
  EXPECT_EQ(i->title, "HighErrorRate, LatencyHigh in chat-gateway");
  EXPECT_EQ(i->alert_group, "local-alpha/chat-gateway");
  EXPECT_EQ(i->opened_by, "sre");

  auto unknown = service_->Open(Sre(), {.alert_group = "local-alpha/nothing-here"});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorField(unknown.status()), "alert_group");
  auto wrong =
      service_->Open(Sre(), {.project = "other", .alert_group = "local-alpha/chat-gateway"});
  EXPECT_EQ(ErrorField(wrong.status()), "alert_group");
}

TEST_P(IncidentServiceTest, ADeveloperOfAnotherTeamMayReadButNotWrite) {
  Incident i = OpenByHand();
  auto opened = service_->Open(OtherTeam(), {.project = "chat-gateway", .title = "x"});
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kPermissionDenied);
  auto patched = service_->Update(OtherTeam(), i.id, {.whys = std::vector<std::string>{"a"}});
  EXPECT_EQ(patched.status().code(), absl::StatusCode::kPermissionDenied);
  auto viewer =
      service_->AddAction(Viewer(), i.id, {.title = "t", .owner = "dana", .due = "2026-12-20"});
  EXPECT_EQ(viewer.status().code(), absl::StatusCode::kPermissionDenied);
  auto read = service_->Get(i.id);
  ASSERT_OK(read);
  EXPECT_TRUE(read->whys.empty());
  EXPECT_OK(service_->Update(Sre(), i.id, {.whys = std::vector<std::string>{"a"}}).status());
}

TEST_P(IncidentServiceTest, BadInputNamesItsFieldAndWritesNothing) {
  Incident i = OpenByHand();
  auto bad_due = service_->AddAction(
      Developer(), i.id, {.title = "add a canary", .owner = "dana", .due = "2026-13-40"});
  EXPECT_EQ(bad_due.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorField(bad_due.status()), "due");
  auto no_user = service_->AddAction(Developer(), i.id,
                                     {.title = "t", .owner = "nobody", .due = "2026-12-20"});
  EXPECT_EQ(ErrorField(no_user.status()), "owner");
  auto two_owners = service_->AddAction(
      Developer(), i.id, {.title = "t", .owner = "dana", .owner_team = "ads", .due = "2026-12-20"});
  EXPECT_EQ(two_owners.status().code(), absl::StatusCode::kInvalidArgument);
  auto bad_rule =
      service_->AddLesson(Developer(), i.id,
                          {.text = "alert sooner",
                           .rule = ExtraRule{.name = "Err", .expr = "up == 0", .severity = "x"}});
  EXPECT_EQ(ErrorField(bad_rule.status()), "rule.severity");
  auto bad_state = service_->Update(Developer(), i.id, {.title = "new", .state = "gone"});
  EXPECT_EQ(ErrorField(bad_state.status()), "state");
  auto read = service_->Get(i.id);
  ASSERT_OK(read);
  EXPECT_TRUE(read->actions.empty());
  EXPECT_TRUE(read->lessons.empty());
  EXPECT_EQ(read->title, "login errors");  // the title of the refused change was not kept
  EXPECT_EQ(Actions(), std::vector<std::string>{"dev incident.open"});
}

TEST_P(IncidentServiceTest, OverdueActionsOfATeam) {
  Incident i = OpenByHand();
  std::string today = DayOfUnixMs(clock_.NowMs());
  std::string yesterday = DayOfUnixMs(clock_.NowMs() - kDay);
  ASSERT_OK(
      service_->AddAction(Developer(), i.id, {.title = "late", .owner = "dana", .due = yesterday})
          .status());
  ASSERT_OK(
      service_->AddAction(Developer(), i.id, {.title = "due today", .owner = "dana", .due = today})
          .status());
  ASSERT_OK(service_
                ->AddAction(Developer(), i.id,
                            {.title = "ads owes", .owner_team = "ads", .due = yesterday})
                .status());
  ASSERT_OK(
      service_
          ->AddAction(Developer(), i.id, {.title = "done late", .owner = "dana", .due = yesterday})
          .status());
  ASSERT_OK(service_->UpdateAction(Developer(), i.id, 4, {.state = "done"}).status());

  auto chat = service_->Overdue("chat");
  ASSERT_OK(chat);
  ASSERT_EQ(chat->size(), 2u);
  EXPECT_EQ((*chat)[0].title, "late");
  EXPECT_EQ((*chat)[0].incident_title, "login errors");
  EXPECT_EQ((*chat)[0].project, "chat-gateway");
  EXPECT_EQ((*chat)[1].title, "ads owes");  // of chat's incident
  auto ads = service_->Overdue("ads");
  ASSERT_OK(ads);
  ASSERT_EQ(ads->size(), 1u);
  EXPECT_EQ((*ads)[0].title, "ads owes");  // owned by ads
  auto read = service_->Get(i.id);
  ASSERT_OK(read);
  EXPECT_EQ(read->actions[3].state, "done");
  EXPECT_TRUE(read->actions[3].done_at_ms.has_value());
  EXPECT_EQ(service_->Overdue("nope").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(IncidentServiceTest, LessonsGivePanelsAndRulesOfTheProjectOnce) {
  Incident i = OpenByHand();
  ExtraPanel panel{
      .title = "5xx ratio", .promql = "sum(rate(http_5xx[5m]))", .unit = "percentunit"};
  ASSERT_OK(
      service_->AddLesson(Developer(), i.id, {.text = "watch errors", .panel = panel}).status());
  ASSERT_OK(
      service_->AddLesson(Developer(), i.id, {.text = "same panel", .panel = panel}).status());
  ExtraRule rule{.name = "GatewayDown", .expr = "up == 0", .for_ = "5m", .severity = "critical"};
  ASSERT_OK(service_->AddLesson(Developer(), i.id, {.text = "page", .rule = rule}).status());
  ASSERT_OK(service_->AddLesson(Developer(), i.id, {.text = "no extras"}).status());

  auto panels = LessonPanelsOf(*incidents_, "chat-gateway");
  ASSERT_OK(panels);
  ASSERT_EQ(panels->size(), 1u);
  EXPECT_EQ((*panels)[0].promql, "sum(rate(http_5xx[5m]))");
  EXPECT_EQ((*panels)[0].unit, "percentunit");
  auto rules = LessonRulesOf(*incidents_, "chat-gateway");
  ASSERT_OK(rules);
  ASSERT_EQ(rules->size(), 1u);
  EXPECT_EQ((*rules)[0].rule.for_, "5m");
  EXPECT_EQ((*rules)[0].lesson, "page");
  EXPECT_TRUE(LessonPanelsOf(*incidents_, "other-project")->empty());
  EXPECT_EQ(service_->Get(i.id)->lessons.size(), 4u);
}

TEST_P(IncidentServiceTest, ResolvingSetsTheTimeAndEveryChangeIsAudited) {
  Incident i = OpenByHand();
  clock_.AdvanceMs(60'000);
  auto resolved = service_->Update(
      Developer(), i.id,
      {.state = "resolved", .factors = std::vector<std::string>{"no canary", "alert too late"}});
  ASSERT_OK(resolved);
  EXPECT_EQ(resolved->resolved_at_ms, clock_.NowMs());
  EXPECT_EQ(resolved->factors.size(), 2u);
  auto reopened = service_->Update(Developer(), i.id, {.state = "open"});
  ASSERT_OK(reopened);
  EXPECT_FALSE(reopened->resolved_at_ms.has_value());
  auto listed = service_->List("", "chat", "open");
  ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE(service_->List("", "ads", "")->empty());
  EXPECT_EQ(Actions(), (std::vector<std::string>{"dev incident.update", "dev incident.update",
                                                 "dev incident.open"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, IncidentServiceTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::monitoring::incidents
