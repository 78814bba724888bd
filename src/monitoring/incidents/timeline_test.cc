// The timeline of an incident read from where things are recorded, on both engines: the
// project's deploys, alerts and config changes inside the window show, those before the margin
// or after the resolution do not; notes written by hand join them in time order.
#include "monitoring/incidents/timeline.h"

#include "monitoring/incidents/testing/incident_fixture.h"

namespace paved::monitoring::incidents {
namespace {

using deploy::rollout::testing::Digest;
using deploy::rollout::testing::EngineParamName;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;

class TimelineTest : public testing::IncidentFixture {
 protected:
  std::vector<std::string> KindsAndTexts(const Timeline& t) {
    std::vector<std::string> out;
    for (const auto& e : t.entries) out.push_back(e.kind + " " + e.text);
    return out;
  }
  static bool Has(const std::vector<std::string>& lines, const std::string& part) {
    for (const auto& l : lines) {
      if (l.find(part) != std::string::npos) return true;
    }
    return false;
  }
};

TEST_P(TimelineTest, ShowsTheWindowsDeployAlertAndConfigChangeAndNothingOutside) {
  PushArtifact(Digest('a'));
  PushArtifact(Digest('b'));
  SucceedInAlpha(Digest('a'));  // long before: outside
  clock_.AdvanceMs(kHour);
  ConfigChanged("BEFORE_MARGIN");
  clock_.AdvanceMs(2 * kHour);
  std::string deploy = SucceedInAlpha(Digest('b'));  // 10 minutes before the alert: inside
  clock_.AdvanceMs(10 * kMinute);
  Fire("00000000000000a1", "HighErrorRate");
  clock_.AdvanceMs(kMinute);
  ConfigChanged("INSIDE");
  clock_.AdvanceMs(kMinute);
  auto opened = service_->Open(Developer(), {.alert_group = "local-alpha/chat-gateway"});
  ASSERT_OK(opened);
  clock_.AdvanceMs(20 * kMinute);
  Fire("00000000000000a1", "HighErrorRate", false);
  clock_.AdvanceMs(kMinute);
  ASSERT_OK(service_->Update(Developer(), opened->id, {.state = "resolved"}).status());
  clock_.AdvanceMs(kHour);
  ConfigChanged("AFTER_RESOLVED");
  Fire("00000000000000a2", "LatencyHigh");

  auto t = service_->TimelineOf(opened->id);
  ASSERT_OK(t);
  std::vector<std::string> lines = KindsAndTexts(*t);
  EXPECT_TRUE(Has(lines, "deploy local-alpha: sha256:aaaaaaaaaaaa → sha256:bbbbbbbbbbbb"))
      << ::testing::PrintToString(lines);
  EXPECT_TRUE(Has(lines, "alert_firing HighErrorRate firing: HighErrorRate summary"));
  EXPECT_TRUE(Has(lines, "alert_resolved HighErrorRate"));
  EXPECT_TRUE(Has(lines, "config alpha: config set app-config: INSIDE"));
  EXPECT_TRUE(Has(lines, "incident_opened"));
  EXPECT_TRUE(Has(lines, "incident_resolved"));
  EXPECT_FALSE(Has(lines, "BEFORE_MARGIN"));
  EXPECT_FALSE(Has(lines, "AFTER_RESOLVED"));
  EXPECT_FALSE(Has(lines, "LatencyHigh"));
  EXPECT_FALSE(Has(lines, "sha256:aaaaaaaaaaaa\n"));
  int deploys = 0;
  for (const auto& e : t->entries) deploys += e.kind == "deploy";
  EXPECT_EQ(deploys, 1);  // the first deploy was hours before
  for (size_t i = 1; i < t->entries.size(); ++i) {
    EXPECT_LE(t->entries[i - 1].at_ms, t->entries[i].at_ms);
  }
}

TEST_P(TimelineTest, NotesJoinInTimeOrder) {
  auto opened = service_->Open(Developer(), {.project = "chat-gateway", .title = "slow logins"});
  ASSERT_OK(opened);
  clock_.AdvanceMs(5 * kMinute);
  ASSERT_OK(
      service_->AddNote(Developer(), opened->id, "restarted the pods", std::nullopt).status());
  ASSERT_OK(service_
                ->AddNote(Developer(), opened->id, "first report from support",
                          opened->opened_at_ms - kMinute)
                .status());
  auto t = service_->TimelineOf(opened->id);
  ASSERT_OK(t);
  std::vector<std::string> lines = KindsAndTexts(*t);
  ASSERT_EQ(lines.size(), 3u) << ::testing::PrintToString(lines);
  EXPECT_EQ(lines[0], "note first report from support");
  EXPECT_EQ(lines[1], "incident_opened incident opened: slow logins");
  EXPECT_EQ(lines[2], "note restarted the pods");
  EXPECT_EQ(t->entries[2].actor, "dev");
}

INSTANTIATE_TEST_SUITE_P(Engines, TimelineTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         EngineParamName);

}  // namespace
}  // namespace paved::monitoring::incidents
