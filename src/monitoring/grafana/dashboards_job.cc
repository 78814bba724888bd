#include "monitoring/grafana/dashboards_job.h"

#include <utility>

#include "audit/audit_log.h"
#include "core/hashing.h"
#include "core/status_macros.h"
#include "monitoring/grafana/provisioning.h"
#include "spdlog/spdlog.h"

namespace paved::monitoring::grafana {
namespace {

std::string SetHash(const std::vector<dashboards::GeneratedDashboard>& all) {
  std::string joined;
  for (const auto& d : all) joined += d.team + "\n" + ContentHash(d) + "\n";
  return Sha256Hex(joined);
}

}  // namespace

DashboardsJob::DashboardsJob(dashboards::DashboardSource* source, Client* grafana,
                             DeliveryStore* deliveries, const Clock* clock,
                             DashboardsJobConfig config, ChangesSince changes)
    : source_(source),
      grafana_(grafana),
      deliveries_(deliveries),
      clock_(clock),
      config_(std::move(config)),
      changes_(std::move(changes)) {}

void DashboardsJob::Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler) {
  workers.Register(kKind, [this](jobs::JobContext& ctx) -> absl::Status {
    std::string reason = ctx.job.payload.value("reason", "periodic check");
    bool only_if_changed = ctx.job.payload.value("only_if_changed", false);
    return RunOnce(reason, only_if_changed).status();
  });
  if (Delivers()) scheduler.Every(kKind, config_.every_ms);
}

absl::Status DashboardsJob::Watch(store::Store& store, jobs::Scheduler& scheduler) {
  if (!Delivers()) return absl::OkStatus();
  return store.Listen(audit::kNotifyChannel, [&scheduler](const std::string&, const std::string&) {
    auto queued = scheduler.RunNow(
        kKind, {{"reason", "catalog, spec or deploy change"}, {"only_if_changed", true}});
    if (!queued.ok())
      spdlog::warn("monitoring: dashboards run not queued: {}", queued.status().ToString());
  });
}

absl::StatusOr<SyncResult> DashboardsJob::RunOnce(const std::string& reason, bool only_if_changed) {
  SyncResult result;
  ASSIGN_OR_RETURN(auto all, source_->All());
  std::string hash = SetHash(all);
  if (only_if_changed) {
    absl::MutexLock lock(&mu_);
    if (hash == last_hash_) {
      result.skipped = true;
      return result;
    }
  }
  if (!config_.provisioning_dir.empty()) {
    ASSIGN_OR_RETURN(result.files_written,
                     WriteProvisioningFiles(config_.provisioning_dir, config_.folder_prefix, all));
  }
  if (grafana_ != nullptr) {
    Deliverer deliverer(grafana_, deliveries_, clock_, config_.folder_prefix);
    ASSIGN_OR_RETURN(result.report, deliverer.Deliver(all, reason));
    ASSIGN_OR_RETURN(result.annotations, AnnotateChanges(grafana_, deliveries_, changes_));
  }
  absl::MutexLock lock(&mu_);
  last_hash_ = hash;
  return result;
}

}  // namespace paved::monitoring::grafana
