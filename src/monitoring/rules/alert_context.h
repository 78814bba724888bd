#pragma once

#include <map>
#include <string>

#include "monitoring/monitoring_config.h"
#include "monitoring/targets.h"

namespace paved::monitoring::rules {

// The labels every alert of `t` carries, so that Paved's alert intake finds the owner without
// a lookup: namespace, the cluster (under config.alert_cluster_label), paved_project, team and
// `severity` (page | ticket). The service comes from the alert's series.
std::map<std::string, std::string> OwnerLabels(const Target& t, const MonitoringConfig& config,
                                               const std::string& severity);

// The annotations of alert `alert` of `t`: `summary`, `description`, and `runbook_url` and
// `dashboard` when the config gives their templates ({project}, {namespace}, {cluster},
// {alert}; {service} becomes the alert's service label).
std::map<std::string, std::string> AlertAnnotations(const Target& t, const MonitoringConfig& config,
                                                    const std::string& alert,
                                                    const std::string& summary,
                                                    const std::string& description);

// The selector of recorded series of `t`: its namespace, and its cluster when queries select
// one (config.cluster_label).
std::string RecordedSelector(const Target& t);

// The labels recording rules add to their series: namespace, and the cluster when queries
// select one.
std::map<std::string, std::string> RecordedLabels(const Target& t);

}  // namespace paved::monitoring::rules
