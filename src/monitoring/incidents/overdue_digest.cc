#include "monitoring/incidents/overdue_digest.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "core/days.h"
#include "core/status_macros.h"

namespace paved::monitoring::incidents {
namespace {

constexpr int64_t kHourMs = 60 * 60 * 1000;
constexpr int kTeamsPage = 200;

std::string Message(const catalog::Team& team, const std::vector<Action>& actions,
                    const std::string& public_url) {
  std::string text = absl::StrCat("Overdue incident actions of team ", team.slug, ":\n");
  for (const auto& a : actions) {
    absl::StrAppend(&text, "• ", a.title, " — ", a.owner_kind == "team" ? "team " : "", a.owner,
                    ", due ", a.due, " (", a.project, ": <", public_url, "/incidents/",
                    a.incident_id, "|", a.incident_title, ">)\n");
  }
  return text;
}

}  // namespace

std::string WeekOf(int64_t ms) {
  absl::CivilDay day = *ParseDay(DayOfUnixMs(ms));
  int since_monday =
      (static_cast<int>(absl::GetWeekday(day)) - static_cast<int>(absl::Weekday::monday) + 7) % 7;
  return FormatDay(day - since_monday);
}

absl::Status OverdueDigest::Run() {
  int64_t now = clock_->NowMs();
  std::string today = DayOfUnixMs(now), week = WeekOf(now);
  catalog::TeamQuery q{.limit = kTeamsPage};
  absl::Status first_error;
  while (true) {
    ASSIGN_OR_RETURN(std::vector<catalog::Team> teams, teams_->List(q));
    for (const auto& team : teams) first_error.Update(RunTeam(team, today, week));
    if (static_cast<int>(teams.size()) < kTeamsPage) break;
    q.after_slug = teams.back().slug;
  }
  return first_error;
}

absl::Status OverdueDigest::RunTeam(const catalog::Team& team, const std::string& today,
                                    const std::string& week) {
  ASSIGN_OR_RETURN(
      std::vector<Action> overdue,
      incidents_->Overdue({.before_day = today, .team_id = team.id, .team_slug = team.slug}));
  if (overdue.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(bool claimed, incidents_->ClaimDigest(team.id, week, clock_->NowMs()));
  if (!claimed) return absl::OkStatus();
  absl::Status posted = chat_(team.slug, Message(team, overdue, public_url_));
  if (!posted.ok()) RETURN_IF_ERROR(incidents_->ReleaseDigest(team.id, week));
  return posted;
}

void InstallOverdueDigest(jobs::WorkerPool* pool, jobs::Scheduler* scheduler,
                          OverdueDigest* digest) {
  pool->Register(OverdueDigest::kJob, [digest](jobs::JobContext&) { return digest->Run(); });
  scheduler->Every(OverdueDigest::kJob, kHourMs);
}

}  // namespace paved::monitoring::incidents
