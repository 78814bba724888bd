#pragma once

#include <string>

#include "monitoring/incidents/incident.h"
#include "monitoring/incidents/timeline.h"

namespace paved::monitoring::incidents {

// The incident as a Markdown postmortem: title, facts, impact, timeline, the five whys
// (numbered), contributing factors, lessons (with their panel or rule) and actions (a task list
// with owner and due day). Text people wrote is kept as written, on one line each.
std::string IncidentMarkdown(const Incident& i, const Timeline& t);

}  // namespace paved::monitoring::incidents
