#include "cost/bill_source_job.h"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "spdlog/spdlog.h"

namespace paved::cost {

std::unique_ptr<BillSource> BillSourceJob::Open(const BillSourceSpec& spec) const {
  if (!spec.directory.empty()) return NewDirectorySource(spec.name, spec.directory);
  return NewS3Source(spec.name, std::make_unique<aws::S3Objects>(http_, deps_.clock, spec.s3),
                     spec.bucket, spec.prefix);
}

void BillSourceJob::Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler) {
  workers.Register(kKind, [this](jobs::JobContext& ctx) { return RunOnce(ctx.heartbeat); });
  if (!config_.sources.empty()) scheduler.Every(kKind, config_.every_ms);
}

absl::Status BillSourceJob::RunOnce(const std::function<bool()>& heartbeat) {
  std::error_code ec;
  std::filesystem::create_directories(scratch_dir_, ec);
  // A large bill takes longer to import than a job's lease: keep the lease while it does.
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread keeper([&] {
    std::unique_lock lock(mu);
    while (!cv.wait_for(lock, std::chrono::seconds(5), [&] { return done; })) {
      if (heartbeat && !heartbeat()) return;
    }
  });
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
      spdlog::info("cost: bill source {}: {} imported, {} refused{}{}", spec.name, result->imported,
                   result->failed, result->errors.empty() ? "" : ": ",
                   absl::StrJoin(result->errors, "; "));
    }
  }
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  keeper.join();
  return first;
}

}  // namespace paved::cost
