#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/projects.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::catalog {

// Facts about a project that checks look at, gathered once per scorecard run.
struct ScoreFacts {
  const Project* project;
  std::string team_oncall;
  int64_t orphaned_resources = 0;
};

// One built-in check on catalog's own data. Checks are data: add one to ScoreChecks() and it
// shows everywhere. Checks on other domains' data are contributed: ProjectStore::AddScoreCheck.
struct ScoreCheck {
  std::string id;
  std::string title;
  std::function<bool(const ScoreFacts&)> pass;
};
const std::vector<ScoreCheck>& ScoreChecks();

// {"checks":[...],"projects":[{slug, owner_team, score, checks:{id:bool}}],"teams":[{slug,score}]}
// for every project (or those of `team_slug`); the checks are the built-in ones, then those
// added to `projects` with AddScoreCheck. A score is the percentage of checks passed; a
// team's is the mean of its projects'.
absl::StatusOr<nlohmann::json> Scorecards(store::Store& store, ProjectStore& projects,
                                          const std::string& team_slug);

}  // namespace paved::catalog
