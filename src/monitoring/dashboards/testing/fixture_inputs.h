#pragma once

#include <vector>

#include "monitoring/dashboards/generated_dashboard.h"
#include "monitoring/dashboards/namespace_dashboard.h"
#include "monitoring/dashboards/overall_dashboard.h"

namespace paved::monitoring::dashboards::testing {

// A project namespace with two services, queries of every section and an incident's panel.
NamespaceInput FixtureNamespace();

// Three namespaces: two of budget 0.001, one of 0.01 (availability); latency of one.
OverallInput FixtureOverall();

// Every dashboard Paved generates for the fixture: its namespace, the overall and the doctors.
std::vector<GeneratedDashboard> FixtureDashboards();

}  // namespace paved::monitoring::dashboards::testing
