#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "http/client.h"
#include "http/router.h"
#include "monitoring/monitoring_config.h"
#include "store/store.h"

namespace paved::monitoring {

struct GoldenSignalsDeps {
  store::Store* store = nullptr;
  const Clock* clock = nullptr;
  const MonitoringConfig* config = nullptr;
  http::Client* http = nullptr;  // to Prometheus
  // The Grafana dashboard of (cluster, namespace), "" when Grafana is not configured. May be
  // empty: no links.
  std::function<std::string(const std::string& cluster, const std::string& ns)> dashboard_url;
};

// The most points a panel's series may have (Prometheus refuses over 11,000).
inline constexpr int64_t kMaxPointsPerSeries = 2'000;
// The longest window the Monitoring tab may ask for.
inline constexpr int64_t kMaxWindowSeconds = 31LL * 86'400;

// GET /api/v1/projects/{slug}/monitoring/signals ?cluster&namespace&from&to&step
//   One namespace's golden signals (rate, errors, duration; saturation) from Prometheus' HTTP
//   API, the days until CPU/memory/disk run out at the current trend, the project's deployments
//   in the window (markers on the time axis), the project's namespaces to choose from, and the
//   link to its Grafana dashboard. cluster/namespace default to the project's first target;
//   from/to are unix seconds (default: the last six hours), step seconds (default: the window
//   over 240 points). Any logged-in user (project pages are public inside the company). Without
//   a Prometheus configured (monitoring.prometheus_url), the answer says so and has no panels.
//   A window over 31 days, to before from, or more than 2,000 points: 422 naming the field.
std::vector<http::Route> GoldenSignalsRoutes(const GoldenSignalsDeps& deps);

}  // namespace paved::monitoring
