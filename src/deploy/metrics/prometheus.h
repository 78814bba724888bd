#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "server/metrics.h"
#include "store/store.h"

namespace paved::deploy::metrics {

// Deployment metric families in the Prometheus text format, read from the deployments table
// (two aggregate queries), so every replica reports the same numbers:
//   paved_deployments_total{project,team,environment,cluster,state} (gauge: deployments by
//     current state; a deployment moves between state series as it progresses)
//   paved_deployment_duration_seconds{project,team,environment} (histogram, queued_at →
//     finished_at of finished deployments)
absl::StatusOr<std::string> RenderDeployPrometheus(store::Store& store);

// Registers RenderDeployPrometheus on `metrics` as a scrape-time collector; a failed query
// renders a comment instead of the families. `store` outlives `metrics`.
inline void RegisterDeployPrometheusMetrics(server::Metrics& metrics, store::Store* store) {
  metrics.AddCollector([store]() -> std::string {
    absl::StatusOr<std::string> text = RenderDeployPrometheus(*store);
    if (!text.ok()) return "# paved_deployments unavailable: store query failed\n";
    return *text;
  });
}

}  // namespace paved::deploy::metrics
