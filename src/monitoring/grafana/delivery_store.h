#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace paved::monitoring::grafana {

// A delivered dashboard's state: delivered as Paved generated it, edited in Grafana since
// (left alone until someone decides), or its last delivery failed.
inline constexpr char kDelivered[] = "delivered";
inline constexpr char kEditedInGrafana[] = "edited-in-grafana";
inline constexpr char kFailed[] = "failed";

// One row of monitoring_dashboard_deliveries: what Paved last delivered of a dashboard.
struct Delivery {
  std::string uid;
  std::string title;
  std::string kind;  // "namespace", "overall", "doctor"
  std::string team, project, cluster, ns;
  std::string folder_uid;
  std::string url;           // Grafana's path of the dashboard ("/d/<uid>/<slug>")
  int64_t version = 0;       // the version Grafana gave Paved's last save (0: never saved)
  std::string content_hash;  // SHA-256 hex of the JSON Paved last saved
  std::string state = kDelivered;
  int64_t grafana_version = 0;  // the version Grafana had when last checked
  std::string detail;           // the error, or who edited it in Grafana
  int64_t delivered_at = 0;     // Unix ms of the last save (0: never)
  int64_t checked_at = 0;       // Unix ms of the last check
  int64_t annotated_seq = 0;    // audit sequence of the last change annotated on it
};

// The table monitoring_dashboard_deliveries. Thread-safe (stateless apart from the store).
class DeliveryStore {
 public:
  explicit DeliveryStore(store::Store* store) : store_(store) {}

  // nullopt when Paved never recorded `uid`.
  absl::StatusOr<std::optional<Delivery>> Get(const std::string& uid);
  // Every row, by uid; with `project` set, that project's only.
  absl::StatusOr<std::vector<Delivery>> List(const std::string& project = "");
  // Inserts or replaces the row of d.uid.
  absl::Status Put(const Delivery& d);
  // Rows in state edited-in-grafana (for the metric).
  absl::StatusOr<int64_t> CountEdited();

 private:
  store::Store* store_;
};

}  // namespace paved::monitoring::grafana
