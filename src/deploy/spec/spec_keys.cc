#include "deploy/spec/spec_keys.h"

#include <algorithm>

namespace paved::deploy::spec {
namespace {

using Keys = std::vector<std::string>;

bool Has(const Keys& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace

const Keys& TopLevelKeys() {
  static const Keys kKeys = {"apiVersion", "services",  "workers",   "cronjobs",
                             "local",      "resources", "monitoring"};
  return kKeys;
}

const Keys& AllComponentKeys() {
  static const Keys kKeys = {"image",    "port",         "command",  "args",
                             "replicas", "resources",    "health",   "env",
                             "config",   "secrets",      "ingress",  "autoscale",
                             "schedule", "environments", "clusters", "traffic"};
  return kKeys;
}

const Keys& ComponentKeys(ComponentKind kind) {
  static const Keys kService = {"image",     "port",      "command",      "args",     "replicas",
                                "resources", "health",    "env",          "config",   "secrets",
                                "ingress",   "autoscale", "environments", "clusters", "traffic"};
  static const Keys kWorker = {"image",     "command",   "args",         "replicas",
                               "resources", "health",    "env",          "config",
                               "secrets",   "autoscale", "environments", "clusters"};
  static const Keys kCronJob = {"image",  "command", "args",     "resources",    "env",
                                "config", "secrets", "schedule", "environments", "clusters"};
  switch (kind) {
    case ComponentKind::kService:
      return kService;
    case ComponentKind::kWorker:
      return kWorker;
    case ComponentKind::kCronJob:
      return kCronJob;
  }
  return kService;
}

const Keys& OverrideKeys(ComponentKind kind) {
  static const Keys kScaled = {"replicas", "resources", "autoscale", "env"};
  static const Keys kCronJob = {"resources", "env"};
  return kind == ComponentKind::kCronJob ? kCronJob : kScaled;
}

const Keys& ResourcesKeys() {
  static const Keys kKeys = {"cpu", "memory", "cpu_limit", "memory_limit"};
  return kKeys;
}

const Keys& HealthKeys() {
  static const Keys kKeys = {"path", "port"};
  return kKeys;
}

const Keys& IngressKeys() {
  static const Keys kKeys = {"host", "path"};
  return kKeys;
}

const Keys& AutoscaleKeys() {
  static const Keys kKeys = {"min", "max", "cpu"};
  return kKeys;
}

const Keys& TrafficKeys() {
  static const Keys kKeys = {"locality"};
  return kKeys;
}

const Keys& LocalKeys() {
  static const Keys kKeys = {"command"};
  return kKeys;
}

const Keys& ResourceUseKeys() {
  static const Keys kKeys = {"name", "prefix"};
  return kKeys;
}

const Keys& MonitoringKeys() {
  static const Keys kKeys = {"metrics", "slo"};
  return kKeys;
}

const Keys& MonitoringMetricsKeys() {
  static const Keys kKeys = {"source",       "requests_total", "duration_bucket", "duration_unit",
                             "status_label", "service_label",  "namespace_label", "error_regex"};
  return kKeys;
}

const Keys& SloKeys() {
  static const Keys kKeys = {"availability", "latency"};
  return kKeys;
}

const Keys& SloLatencyKeys() {
  static const Keys kKeys = {"percent", "ms"};
  return kKeys;
}

std::string KindsAccepting(const std::string& key) {
  std::vector<std::string> kinds;
  if (Has(ComponentKeys(ComponentKind::kService), key)) kinds.push_back("services");
  if (Has(ComponentKeys(ComponentKind::kWorker), key)) kinds.push_back("workers");
  if (Has(ComponentKeys(ComponentKind::kCronJob), key)) kinds.push_back("cronjobs");
  if (kinds.size() == 1) return kinds[0] + " only";
  if (kinds.size() == 2) return kinds[0] + " and " + kinds[1];
  return "every kind";
}

}  // namespace paved::deploy::spec
