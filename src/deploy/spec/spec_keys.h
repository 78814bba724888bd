#pragma once

#include <string>
#include <vector>

#include "deploy/spec/app_spec.h"

namespace paved::deploy::spec {

// The keys `paved.yaml` accepts, in one place: the parser checks against these lists and the
// schema test compares docs/paved.schema.json with them, so the two cannot drift apart.

// apiVersion, services, workers, cronjobs, local, resources, monitoring.
const std::vector<std::string>& TopLevelKeys();
// Every key any component kind accepts.
const std::vector<std::string>& AllComponentKeys();
// The keys valid for one kind (e.g. `port` and `ingress` only for services).
const std::vector<std::string>& ComponentKeys(ComponentKind kind);
// Keys of an entry under `environments:` / `clusters:`, for one kind.
const std::vector<std::string>& OverrideKeys(ComponentKind kind);
const std::vector<std::string>& ResourcesKeys();    // cpu, memory, cpu_limit, memory_limit
const std::vector<std::string>& HealthKeys();       // path, port
const std::vector<std::string>& IngressKeys();      // host, path
const std::vector<std::string>& AutoscaleKeys();    // min, max, cpu
const std::vector<std::string>& TrafficKeys();      // locality
const std::vector<std::string>& LocalKeys();        // command
const std::vector<std::string>& ResourceUseKeys();  // name, prefix
const std::vector<std::string>& MonitoringKeys();   // metrics, slo
// source, requests_total, duration_bucket, duration_unit, status_label, service_label,
// namespace_label, error_regex
const std::vector<std::string>& MonitoringMetricsKeys();
const std::vector<std::string>& SloKeys();         // availability, latency
const std::vector<std::string>& SloLatencyKeys();  // percent, ms

// Which kinds accept `key`, for an error message: "services only", "services and workers".
std::string KindsAccepting(const std::string& key);

}  // namespace paved::deploy::spec
