#pragma once

#include <functional>
#include <set>
#include <string>

#include "absl/status/statusor.h"

namespace paved::catalog {

// A scorecard check contributed by the domain that owns the data it looks at (deploy's "has an
// app spec", "has a production target"), registered at wiring time with
// ProjectStore::AddScoreCheck so that catalog never reads another domain's tables.
// `passing` runs once per scorecard and returns the ids of the projects that pass; its error
// fails the scorecard.
struct ContributedScoreCheck {
  std::string id;
  std::string title;
  std::function<absl::StatusOr<std::set<std::string>>()> passing;
};

}  // namespace paved::catalog
