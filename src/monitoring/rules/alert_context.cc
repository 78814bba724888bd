#include "monitoring/rules/alert_context.h"

#include "absl/strings/str_replace.h"
#include "monitoring/signals.h"

namespace paved::monitoring::rules {
namespace {

std::string Link(const std::string& pattern, const Target& t, const std::string& alert) {
  return absl::StrReplaceAll(pattern, {{"{project}", t.project},
                                       {"{namespace}", t.ns},
                                       {"{cluster}", t.cluster},
                                       {"{alert}", alert},
                                       {"{service}", "{{ $labels.service }}"}});
}

std::string DefaultDashboard(const MonitoringConfig& config) {
  if (config.grafana.url.empty()) return "";
  return config.grafana.url + "/dashboards?query={namespace}";
}

}  // namespace

std::map<std::string, std::string> OwnerLabels(const Target& t, const MonitoringConfig& config,
                                               const std::string& severity) {
  return {{"namespace", t.ns},
          {config.alert_cluster_label, t.cluster},
          {"paved_project", t.project},
          {"team", t.team},
          {"severity", severity}};
}

std::map<std::string, std::string> AlertAnnotations(const Target& t, const MonitoringConfig& config,
                                                    const std::string& alert,
                                                    const std::string& summary,
                                                    const std::string& description) {
  std::map<std::string, std::string> out = {{"summary", summary}, {"description", description}};
  if (!config.runbook_url.empty()) out["runbook_url"] = Link(config.runbook_url, t, alert);
  std::string dashboard =
      config.dashboard_url.empty() ? DefaultDashboard(config) : config.dashboard_url;
  if (!dashboard.empty()) out["dashboard"] = Link(dashboard, t, alert);
  return out;
}

std::string RecordedSelector(const Target& t) {
  std::vector<Matcher> m;
  if (!t.metrics.cluster_label.empty()) m.push_back({t.metrics.cluster_label, "=", t.cluster});
  m.push_back({"namespace", "=", t.ns});
  return Selector(m);
}

std::map<std::string, std::string> RecordedLabels(const Target& t) {
  std::map<std::string, std::string> out = {{"namespace", t.ns}};
  if (!t.metrics.cluster_label.empty()) out[t.metrics.cluster_label] = t.cluster;
  return out;
}

}  // namespace paved::monitoring::rules
