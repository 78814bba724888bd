// The incident log of the monitoring domain wired into the App: store, timeline, service, API
// and the weekly message of overdue actions. After InstallAlerts (alerts, recent changes, chat).
#include "core/status_macros.h"
#include "monitoring/incidents/incident_routes.h"
#include "server/app.h"

namespace paved::server {

absl::Status App::InstallIncidents() {
  incident_store_ = std::make_unique<monitoring::incidents::IncidentStore>(store_.get());
  incident_timeline_ = std::make_unique<monitoring::incidents::TimelineReader>(
      alert_store_.get(), recent_changes_.get(), incident_store_.get());
  incident_service_ = std::make_shared<monitoring::incidents::IncidentService>(
      monitoring::incidents::IncidentServiceDeps{.store = store_.get(),
                                                 .incidents = incident_store_.get(),
                                                 .projects = projects_.get(),
                                                 .teams = teams_.get(),
                                                 .owners = owner_lookup_.get(),
                                                 .alerts = alert_store_.get(),
                                                 .timeline = incident_timeline_.get(),
                                                 .audit = audit_.get(),
                                                 .clock = clock_});
  router_.Add(monitoring::incidents::IncidentRoutes(incident_service_));
  overdue_digest_ = std::make_unique<monitoring::incidents::OverdueDigest>(
      incident_store_.get(), teams_.get(), clock_,
      [this](const std::string& team, const std::string& text) {
        return PostToTeamChannel(team, text);
      },
      PublicUrl());
  monitoring::incidents::InstallOverdueDigest(workers_.get(), scheduler_.get(),
                                              overdue_digest_.get());
  return absl::OkStatus();
}

}  // namespace paved::server
