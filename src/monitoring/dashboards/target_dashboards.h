#pragma once

#include <functional>
#include <string>
#include <vector>

#include "monitoring/dashboards/dashboard_source.h"
#include "monitoring/dashboards/generated_dashboard.h"
#include "monitoring/dashboards/namespace_dashboard.h"
#include "monitoring/dashboards/overall_dashboard.h"
#include "monitoring/monitoring_config.h"
#include "monitoring/targets.h"
#include "store/store.h"

namespace paved::monitoring::dashboards {

// The panels incidents' lessons add to a target's namespace (the incidents part stores them per
// namespace); none when not set.
using ExtraPanelsOf = std::function<std::vector<ExtraPanel>(const Target& target)>;

// The namespace dashboard's input of `t`: its RED, saturation and capacity signals with
// Grafana's `$__rate_interval` as the rate window, legends by service, the project's page
// `<paved_url>/projects/<slug>`.
NamespaceInput InputOf(const Target& t, const std::string& paved_url,
                       std::vector<ExtraPanel> extra_panels);

// The overall dashboard's input: the SLO rules' recorded series and each target's budgets.
OverallInput OverallOf(const std::vector<Target>& targets, const std::string& paved_url);

// Every dashboard of `targets`: one per target namespace (in the targets' order), then the
// overall and the doctor dashboards. Deterministic.
std::vector<GeneratedDashboard> DashboardsOf(const std::vector<Target>& targets,
                                             const std::string& paved_url,
                                             const ExtraPanelsOf& extra_panels = nullptr);

// The DashboardSource of a running Paved: targets read from the store (monitoring/targets.h)
// under the platform's monitoring config. Thread-safe.
class TargetDashboardSource : public DashboardSource {
 public:
  // REQUIRES: `store` and `config` outlive the source.
  TargetDashboardSource(store::Store* store, const MonitoringConfig* config, std::string paved_url,
                        ExtraPanelsOf extra_panels = nullptr);

  absl::StatusOr<std::vector<GeneratedDashboard>> All() override;
  absl::StatusOr<std::vector<GeneratedDashboard>> OfProject(const std::string& slug) override;

 private:
  store::Store* store_;
  const MonitoringConfig* config_;
  std::string paved_url_;
  ExtraPanelsOf extra_panels_;
};

}  // namespace paved::monitoring::dashboards
