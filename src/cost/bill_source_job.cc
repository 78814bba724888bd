#include "cost/bill_source_job.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "sources/lease_keeper.h"
#include "spdlog/spdlog.h"

namespace paved::cost {

std::unique_ptr<BillSource> BillSourceJob::Open(const BillSourceSpec& spec) const {
  return sources::OpenSource(spec, http_, deps_.clock, BillSuffixes());
}

void BillSourceJob::Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler) {
  workers.Register(kKind, [this](jobs::JobContext& ctx) { return RunOnce(ctx.heartbeat); });
  if (!config_.sources.empty()) scheduler.Every(kKind, config_.every_ms);
}

absl::Status BillSourceJob::RunOnce(const std::function<bool()>& heartbeat) {
  std::error_code ec;
  std::filesystem::create_directories(scratch_dir_, ec);
  // A large bill takes longer to import than a job's lease: keep the lease while it does.
  return sources::WithLeaseKept(heartbeat, [&] {
    absl::Status first;
    for (const BillSourceSpec& spec : config_.sources) {
      std::unique_ptr<BillSource> source = Open(spec);
      absl::StatusOr<SyncResult> result = SyncBillSource(deps_, *source, scratch_dir_);
      if (!result.ok()) {
        spdlog::warn("cost: bill source {}: {}", spec.name, result.status().ToString());
        if (first.ok()) first = result.status();
        continue;
      }
      if (result->imported > 0 || result->failed > 0) {
        spdlog::info("cost: bill source {}: {} imported, {} refused{}{}", spec.name,
                     result->imported, result->failed, result->errors.empty() ? "" : ": ",
                     absl::StrJoin(result->errors, "; "));
      }
    }
    return first;
  });
}

}  // namespace paved::cost
