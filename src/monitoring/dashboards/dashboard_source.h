#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "monitoring/dashboards/generated_dashboard.h"

namespace paved::monitoring::dashboards {

// Where the dashboards Paved generates now come from (the catalog, specs and the monitoring
// standard, read when asked). Implementations are thread-safe.
class DashboardSource {
 public:
  virtual ~DashboardSource() = default;
  // Every dashboard: each project namespace's, the overall one and the doctors. Deterministic.
  virtual absl::StatusOr<std::vector<GeneratedDashboard>> All() = 0;
  // The dashboards of one project's namespaces. NotFound when there is no such project.
  virtual absl::StatusOr<std::vector<GeneratedDashboard>> OfProject(const std::string& slug) = 0;
};

}  // namespace paved::monitoring::dashboards
