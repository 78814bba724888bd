#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "monitoring/incidents/incident_store.h"

namespace paved::monitoring::incidents {

// Posts `text` to the chat channel of team `team_slug` (nothing when the team has none).
using TeamChat = std::function<absl::Status(const std::string& team_slug, const std::string& text)>;

// The week's Monday ("YYYY-MM-DD", UTC) of a Unix time in milliseconds.
std::string WeekOf(int64_t ms);

// The weekly chat message of overdue incident actions: once per team and week (claimed in table
// incident_digests, so replicas and restarts post it once), to each team that has open actions
// past their due day (IncidentStore::Overdue), listing them with their incident and owner.
class OverdueDigest {
 public:
  static constexpr char kJob[] = "incidents.overdue_digest";

  OverdueDigest(IncidentStore* incidents, catalog::TeamStore* teams, const Clock* clock,
                TeamChat chat, std::string public_url)
      : incidents_(incidents),
        teams_(teams),
        clock_(clock),
        chat_(std::move(chat)),
        public_url_(std::move(public_url)) {}

  // Posts this week's message of every team that has overdue actions and none yet this week.
  // A failed post is released (the next run tries again) and its error returned.
  absl::Status Run();

 private:
  absl::Status RunTeam(const catalog::Team& team, const std::string& today,
                       const std::string& week);
  IncidentStore* incidents_;
  catalog::TeamStore* teams_;
  const Clock* clock_;
  TeamChat chat_;
  std::string public_url_;
};

// Registers the job with `pool` and runs it hourly; each team's message goes out on the first
// run of its week.
void InstallOverdueDigest(jobs::WorkerPool* pool, jobs::Scheduler* scheduler,
                          OverdueDigest* digest);

}  // namespace paved::monitoring::incidents
