#pragma once

// Internal to the spec parser: the top-level `monitoring:` section.

#include "deploy/spec/app_spec.h"
#include "deploy/spec/spec_reader.h"

namespace paved::deploy::spec::internal {

// Reads `monitoring: {metrics: istio | {source: app, requests_total: ...}, slo: {availability:
// 99.95, latency: {percent: 99, ms: 250}}}` into `out`, recording every error with its field.
void ReadMonitoring(Reader& r, const Entry& e, MonitoringSpec* out);

}  // namespace paved::deploy::spec::internal
