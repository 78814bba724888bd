#include "monitoring/rules/capacity_rules.h"

#include "absl/strings/str_cat.h"
#include "monitoring/rules/alert_context.h"
#include "monitoring/signals.h"

namespace paved::monitoring::rules {
namespace {

Rule CapacityRule(const Target& t, const MonitoringConfig& config, const std::string& name,
                  const std::string& expr, const std::string& summary,
                  const std::string& description) {
  Rule r{.alert = name, .expr = expr + " > 1", .for_duration = "15m"};
  r.labels = OwnerLabels(t, config, "ticket");
  r.annotations = AlertAnnotations(t, config, name, summary, description);
  return r;
}

}  // namespace

std::vector<Rule> CapacityAlertRules(const Target& t, const MonitoringConfig& config) {
  std::vector<Rule> out;
  for (const Signal& s : CapacitySignals(t)) {
    if (s.key == "memory_limit_ratio_4h") {
      out.push_back(CapacityRule(
          t, config, "CapacityMemoryLimitIn4h", s.promql,
          absl::StrCat(t.project, " {{ $labels.service }} in ", t.ns, " (", t.cluster,
                       "): memory reaches its limit within 4 hours"),
          "At the last hour's trend a container's working set passes its memory limit "
          "({{ $value | humanizePercentage }} of it in 4h) and will be OOM-killed: raise "
          "resources.memory_limit or find the leak."));
    } else if (s.key == "disk_used_ratio_24h") {
      out.push_back(CapacityRule(
          t, config, "CapacityVolumeFullIn24h", s.promql,
          absl::StrCat(t.project, " volume {{ $labels.", config.saturation.volume_label, " }} in ",
                       t.ns, " (", t.cluster, "): full within 24 hours"),
          "At the last 6 hours' trend the volume fills ({{ $value | humanizePercentage }} of "
          "its capacity in 24h)."));
    }
  }
  return out;
}

}  // namespace paved::monitoring::rules
