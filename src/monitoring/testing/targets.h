#pragma once

// Test-only: targets as the generators see them, without a store.

#include <string>

#include "monitoring/targets.h"

namespace paved::monitoring::testing {

// Project chat-gateway (team chat) on cluster prod-eu in namespace `ns`, service web, with the
// platform's default (Istio) metrics and objectives.
Target IstioTarget(const std::string& ns = "chat");
// The same with `metrics: app` (the app's own http_requests_total and seconds histogram).
Target AppTarget(const std::string& ns = "chat");

}  // namespace paved::monitoring::testing
