#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "core/clock.h"
#include "traffic/edges/traffic_store.h"
#include "traffic/traffic_report.h"

namespace paved::traffic::edges {

struct StoreAnalysisDeps {
  store::Store* store = nullptr;
  TrafficStore* traffic = nullptr;
  audit::AuditLog* audit = nullptr;
  const Clock* clock = nullptr;
};

// Stores `report` as an analysis of `cluster` named `source`: in one transaction it records the
// analysis, replaces the cluster's rows on every day the report covers (and on `also_days`, where
// the report may have no flow left), and appends the audit event `traffic.analysis` (subject
// "cluster:<name>"). The caller checks that `cluster` exists.
absl::StatusOr<TrafficAnalysis> StoreAnalysis(const StoreAnalysisDeps& deps,
                                              const std::string& cluster, const std::string& source,
                                              const std::string& actor, const TrafficReport& report,
                                              const std::vector<std::string>& also_days = {});

}  // namespace paved::traffic::edges
