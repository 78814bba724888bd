#pragma once

#include <string>
#include <vector>

#include "monitoring/dashboards/generated_dashboard.h"

namespace paved::monitoring::dashboards {

// The platform's own pieces, for whoever is on call for the platform ("doctor" dashboards):
// - Istio: control plane (istiod pushes, rejects, convergence, connected proxies) and the
//   mesh's proxies (requests and 5xx by destination, upstream connections).
// - HAProxy: its built-in Prometheus exporter's `haproxy_*` metrics (frontend sessions and
//   requests, backend 5xx, response time, queue, servers down).
// - kube-system: the system namespace's pods (restarts, CPU throttling, memory vs limit),
//   CoreDNS and the API server.
// - Paved: Paved's own /metrics (HTTP requests and latency by route, job queue depth, SSE
//   streams, alerts indexed, deployments).
// Each has uid DashboardUid("doctor", <name>), tags paved and doctor. Same input, same bytes.
std::vector<GeneratedDashboard> DoctorDashboards(const std::string& paved_url);

GeneratedDashboard IstioDashboard();
GeneratedDashboard HaproxyDashboard();
GeneratedDashboard KubeSystemDashboard();
GeneratedDashboard PavedDashboard(const std::string& paved_url);

}  // namespace paved::monitoring::dashboards
