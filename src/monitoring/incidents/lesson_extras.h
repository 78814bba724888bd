#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "monitoring/incidents/incident.h"
#include "monitoring/incidents/incident_store.h"

namespace paved::monitoring::incidents {

// What the project's incidents taught, for the generators of each (cluster, namespace) the
// project runs in: the panels to add to its generated dashboard and the alerting rules to add
// to its generated rules, oldest lesson first, each once (the same title, or the same rule
// name, asked twice gives the first). `project` is the project's slug (catalog::OwnerLookup
// gives it for a namespace). An unknown project has none.
absl::StatusOr<std::vector<ExtraPanel>> LessonPanelsOf(IncidentStore& store,
                                                       const std::string& project);
// A lesson's rule with the lesson's text, which says why the alert exists.
struct LessonRule {
  ExtraRule rule;
  std::string lesson;
};
absl::StatusOr<std::vector<LessonRule>> LessonRulesOf(IncidentStore& store,
                                                      const std::string& project);

}  // namespace paved::monitoring::incidents
