#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "core/clock.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "monitoring/dashboards/dashboard_source.h"
#include "monitoring/grafana/annotations.h"
#include "monitoring/grafana/deliverer.h"
#include "store/store.h"

namespace paved::monitoring::grafana {

struct DashboardsJobConfig {
  std::string grafana_url;  // "" = no Grafana to deliver to
  std::string folder_prefix = "Paved";
  std::string provisioning_dir;       // "" = no provisioning files
  int64_t every_ms = 10 * 60 * 1000;  // the full check (hand edits, lost deliveries)
};

// What one run did.
struct SyncResult {
  bool skipped = false;  // a change run whose generated dashboards were those of the last run
  DeliveryReport report;
  int files_written = 0;
  int annotations = 0;
};

// The durable job `monitoring.dashboards`: generates every dashboard (DashboardSource), delivers
// them to Grafana (Deliverer), annotates new changes and writes the provisioning files. It runs
// every `every_ms` (a full check) and, through Watch(), soon after any audited change (a project,
// an owner, a spec, the catalog, a deploy): such a run stops early when the generated dashboards
// hash to what the last run of this process delivered.
class DashboardsJob {
 public:
  static constexpr char kKind[] = "monitoring.dashboards";

  // `grafana` may be null (no Grafana configured). REQUIRES: pointers outlive the job.
  DashboardsJob(dashboards::DashboardSource* source, Client* grafana, DeliveryStore* deliveries,
                const Clock* clock, DashboardsJobConfig config, ChangesSince changes);

  // Registers the handler and, when there is somewhere to deliver, the schedule.
  void Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler);
  // Queues a change run whenever an audit event is published (in any replica).
  absl::Status Watch(store::Store& store, jobs::Scheduler& scheduler);

  // One run. `reason` goes into Grafana's version message; `only_if_changed` makes it a change
  // run. Fails when generation, the store or Grafana's token fails (see Deliverer::Deliver).
  absl::StatusOr<SyncResult> RunOnce(const std::string& reason, bool only_if_changed);

  // Whether runs deliver anywhere (Grafana or provisioning files).
  bool Delivers() const { return grafana_ != nullptr || !config_.provisioning_dir.empty(); }
  const DashboardsJobConfig& config() const { return config_; }

 private:
  dashboards::DashboardSource* source_;
  Client* grafana_;
  DeliveryStore* deliveries_;
  const Clock* clock_;
  DashboardsJobConfig config_;
  ChangesSince changes_;
  absl::Mutex mu_;
  std::string last_hash_ ABSL_GUARDED_BY(mu_);
};

}  // namespace paved::monitoring::grafana
