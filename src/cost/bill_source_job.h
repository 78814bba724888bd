#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "cost/bill_import.h"
#include "cost/bill_source_config.h"
#include "cost/bill_sources.h"
#include "http/client.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"

namespace paved::cost {

// The durable periodic job `cost.bill_sources`: each configured source synced in turn
// (SyncBillSource), every `config.every_ms`, on whichever replica claims it.
class BillSourceJob {
 public:
  static constexpr char kKind[] = "cost.bill_sources";

  // `scratch_dir` (made when missing) holds downloads while they are imported.
  BillSourceJob(BillImportDeps deps, BillSourcesConfig config, http::Client* http,
                std::string scratch_dir)
      : deps_(std::move(deps)),
        config_(std::move(config)),
        http_(http),
        scratch_dir_(std::move(scratch_dir)) {}

  // Registers the handler, and the schedule when there is a source.
  void Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler);

  // Syncs every source; `heartbeat` is called while it works (false: stop). The first source
  // that cannot be listed or read is the error, after the others had their turn.
  absl::Status RunOnce(const std::function<bool()>& heartbeat);

  const BillSourcesConfig& config() const { return config_; }

 private:
  std::unique_ptr<BillSource> Open(const BillSourceSpec& spec) const;

  BillImportDeps deps_;
  BillSourcesConfig config_;
  http::Client* http_;
  std::string scratch_dir_;
};

}  // namespace paved::cost
