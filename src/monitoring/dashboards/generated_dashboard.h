#pragma once

#include <string>
#include <vector>

#include "monitoring/dashboards/dashboard_json.h"
#include "nlohmann/json.hpp"

namespace paved::monitoring::dashboards {

// A panel learned from an incident (its lessons): added to the namespace's dashboard under
// "From incidents". The incidents part stores them per namespace and passes them in.
struct ExtraPanel {
  std::string title;
  std::string promql;
  std::string unit;  // Grafana unit; "" = none
};

// What kind of dashboard it is: one per project namespace, the overall SLO ranking, or a doctor
// dashboard of the platform's own pieces.
enum class DashboardKind { kNamespace, kOverall, kDoctor };

// One generated dashboard with what Paved needs to deliver and list it.
struct GeneratedDashboard {
  std::string uid;
  std::string title;
  std::string team;     // owner team slug; "" for platform dashboards (overall, doctor)
  std::string project;  // project slug; "" for platform dashboards
  std::string cluster;
  std::string ns;
  DashboardKind kind = DashboardKind::kNamespace;
  nlohmann::json model;  // Grafana's dashboard JSON model
};

// "namespace", "overall", "doctor".
const char* KindName(DashboardKind kind);

}  // namespace paved::monitoring::dashboards
