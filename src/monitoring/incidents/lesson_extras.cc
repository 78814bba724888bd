#include "monitoring/incidents/lesson_extras.h"

#include <set>

#include "core/status_macros.h"

namespace paved::monitoring::incidents {

absl::StatusOr<std::vector<ExtraPanel>> LessonPanelsOf(IncidentStore& store,
                                                       const std::string& project) {
  ASSIGN_OR_RETURN(std::vector<Lesson> lessons, store.LessonsOfProject(project));
  std::vector<ExtraPanel> out;
  std::set<std::string> seen;
  for (auto& l : lessons) {
    if (l.panel && seen.insert(l.panel->title).second) out.push_back(std::move(*l.panel));
  }
  return out;
}

absl::StatusOr<std::vector<LessonRule>> LessonRulesOf(IncidentStore& store,
                                                      const std::string& project) {
  ASSIGN_OR_RETURN(std::vector<Lesson> lessons, store.LessonsOfProject(project));
  std::vector<LessonRule> out;
  std::set<std::string> seen;
  for (auto& l : lessons) {
    if (l.rule && seen.insert(l.rule->name).second) {
      out.push_back({std::move(*l.rule), std::move(l.text)});
    }
  }
  return out;
}

}  // namespace paved::monitoring::incidents
