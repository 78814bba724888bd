#include "monitoring/dashboards/target_dashboards.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "monitoring/dashboards/doctor_dashboards.h"
#include "monitoring/rules/slo_rules.h"
#include "monitoring/signals.h"

namespace paved::monitoring::dashboards {
namespace {

constexpr char kRateWindow[] = "$__rate_interval";

std::vector<PanelQuery> Panels(const std::vector<Signal>& signals) {
  std::vector<PanelQuery> out;
  out.reserve(signals.size());
  for (const Signal& s : signals) {
    std::string legend = s.key == "evictions" ? "{{namespace}}" : "{{service}}";
    out.push_back({s.title, s.promql, s.unit, legend});
  }
  return out;
}

RecordedSli Recorded(const std::vector<Target>& targets, rules::Sli sli, const char* title) {
  RecordedSli out;
  out.title = title;
  for (const char* window : {"1h", "6h", "3d"}) out.record[window] = rules::RecordName(sli, window);
  for (const Target& t : targets) out.budgets[t.ns] = rules::ErrorBudget(t, sli);
  return out;
}

std::vector<ExtraPanel> ExtraOf(const ExtraPanelsOf& extra_panels, const Target& t) {
  return extra_panels ? extra_panels(t) : std::vector<ExtraPanel>{};
}

}  // namespace

NamespaceInput InputOf(const Target& t, const std::string& paved_url,
                       std::vector<ExtraPanel> extra_panels) {
  SignalOptions options{.rate_window = kRateWindow};
  NamespaceInput in;
  in.project = t.project;
  in.team = t.team;
  in.cluster = t.cluster;
  in.ns = t.ns;
  in.services = t.services;
  if (!paved_url.empty()) in.project_url = absl::StrCat(paved_url, "/projects/", t.project);
  in.red = Panels(RedSignals(t, options));
  in.saturation = Panels(SaturationSignals(t, options));
  in.capacity = Panels(CapacitySignals(t, options));
  in.extra_panels = std::move(extra_panels);
  return in;
}

OverallInput OverallOf(const std::vector<Target>& targets, const std::string& paved_url) {
  return {Recorded(targets, rules::Sli::kAvailability, "availability"),
          Recorded(targets, rules::Sli::kLatency, "latency"), paved_url};
}

std::vector<GeneratedDashboard> DashboardsOf(const std::vector<Target>& targets,
                                             const std::string& paved_url,
                                             const ExtraPanelsOf& extra_panels) {
  std::vector<GeneratedDashboard> out;
  out.reserve(targets.size() + 5);
  for (const Target& t : targets) {
    out.push_back(NamespaceDashboard(InputOf(t, paved_url, ExtraOf(extra_panels, t))));
  }
  out.push_back(OverallDashboard(OverallOf(targets, paved_url)));
  for (auto& d : DoctorDashboards(paved_url)) out.push_back(std::move(d));
  return out;
}

TargetDashboardSource::TargetDashboardSource(store::Store* store, const MonitoringConfig* config,
                                             std::string paved_url, ExtraPanelsOf extra_panels)
    : store_(store),
      config_(config),
      paved_url_(std::move(paved_url)),
      extra_panels_(std::move(extra_panels)) {}

absl::StatusOr<std::vector<GeneratedDashboard>> TargetDashboardSource::All() {
  ASSIGN_OR_RETURN(auto targets, AllTargets(*store_, *config_));
  return DashboardsOf(targets, paved_url_, extra_panels_);
}

absl::StatusOr<std::vector<GeneratedDashboard>> TargetDashboardSource::OfProject(
    const std::string& slug) {
  ASSIGN_OR_RETURN(auto targets, TargetsOf(*store_, *config_, slug));
  std::vector<GeneratedDashboard> out;
  for (const Target& t : targets) {
    out.push_back(NamespaceDashboard(InputOf(t, paved_url_, ExtraOf(extra_panels_, t))));
  }
  return out;
}

}  // namespace paved::monitoring::dashboards
