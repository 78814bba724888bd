#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "monitoring/dashboards/generated_dashboard.h"
#include "monitoring/grafana/delivery_store.h"
#include "monitoring/grafana/grafana_client.h"

namespace paved::monitoring::grafana {

// What happened to one dashboard in a delivery.
enum class Outcome {
  kCreated,          // new in Grafana
  kUpdated,          // a new version saved
  kUnchanged,        // Grafana holds what Paved last saved and Paved generates the same JSON
  kEditedInGrafana,  // someone changed it in Grafana since Paved's last save: left alone
  kFailed,           // Grafana refused or did not answer; `detail` says why
};
const char* OutcomeName(Outcome outcome);  // "created", "updated", ...

struct DashboardOutcome {
  std::string uid;
  std::string title;
  Outcome outcome = Outcome::kFailed;
  int64_t version = 0;  // Grafana's version after the delivery
  std::string detail;
};

struct DeliveryReport {
  std::vector<DashboardOutcome> dashboards;
  int Count(Outcome outcome) const;
};

// The Grafana folder of a team's dashboards: uid from the team ("team-<slug>-<hash>"), title
// "<prefix> · <team>"; platform dashboards (no team) go to "<prefix> · platform".
Folder TeamFolder(const std::string& folder_prefix, const std::string& team);

// SHA-256 hex of the dashboard JSON as Paved generates it (compact dump, keys sorted).
std::string ContentHash(const dashboards::GeneratedDashboard& d);

// Delivers generated dashboards to Grafana and remembers what it delivered.
// For each dashboard: reads Grafana's current version. A dashboard Grafana holds at another
// version than Paved's last save — or one Paved never saved — was edited there: it is reported
// (outcome, log line, row state edited-in-grafana) and not overwritten. One Grafana still holds
// as Paved saved it is saved again only when Paved's JSON changed (its hash), with the current
// version and overwrite off, so a concurrent edit is refused by Grafana (412 version-mismatch);
// Paved then re-reads it and reports it as edited. A dashboard missing from Grafana is created
// (again, if someone deleted it). The save message names `reason` and the content hash.
class Deliverer {
 public:
  // REQUIRES: the pointers outlive the Deliverer.
  Deliverer(Client* grafana, DeliveryStore* store, const Clock* clock, std::string folder_prefix);

  // On success returns each dashboard's outcome (failed ones included). Fails as a whole, with
  // the first such error, when Grafana refuses the token (Unauthenticated, PermissionDenied) or
  // the store fails.
  absl::StatusOr<DeliveryReport> Deliver(const std::vector<dashboards::GeneratedDashboard>& all,
                                         const std::string& reason);

 private:
  absl::StatusOr<DashboardOutcome> DeliverOne(const dashboards::GeneratedDashboard& d,
                                              const std::string& reason);
  absl::Status EnsureFolder(const Folder& folder);
  absl::StatusOr<DashboardOutcome> Save(const dashboards::GeneratedDashboard& d, Delivery row,
                                        int64_t current_version, const std::string& reason);
  absl::StatusOr<DashboardOutcome> Record(Delivery row, Outcome outcome, std::string detail);

  Client* grafana_;
  DeliveryStore* store_;
  const Clock* clock_;
  std::string folder_prefix_;
  std::vector<std::string> folders_seen_;  // within one Deliver() call
};

}  // namespace paved::monitoring::grafana
