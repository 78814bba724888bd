#pragma once

#include <memory>
#include <vector>

#include "http/router.h"
#include "monitoring/incidents/incident_service.h"

namespace paved::monitoring::incidents {

// The incidents API (docs/incidents.md): /api/v1/projects/{slug}/incidents,
// /api/v1/incidents (across projects, ?state= ?team= ?project=), /api/v1/incidents/{id} with
// its /timeline, /actions, /lessons and /export.md, and
// /api/v1/teams/{slug}/incident-actions?overdue=true. Every signed-in user reads; who writes is
// IncidentService's (the project's owner team's developers, sre, admin).
std::vector<http::Route> IncidentRoutes(std::shared_ptr<IncidentService> service);

}  // namespace paved::monitoring::incidents
