#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "auth/users.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "http/client.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "nlohmann/json.hpp"
#include "providers/hr/hr_source.h"
#include "store/store.h"

namespace paved::catalog {

// The job kind that runs one HR sync.
constexpr char kHrSyncJob[] = "catalog.hr_sync";
// The actor of every audit event the sync writes.
constexpr char kHrSyncActor[] = "hr-sync";

struct HrSyncDeps {
  store::Store* store;
  const Clock* clock;
  audit::AuditLog* audit;
  TeamStore* teams;
  auth::UserStore* users;
  jobs::WorkerPool* workers;
  jobs::Scheduler* scheduler;
  const nlohmann::json* config;  // the whole server config file as JSON
};

// One row of hr_sync_runs.
struct HrSyncRun {
  std::string id;
  int64_t started_at_ms = 0;
  int64_t finished_at_ms = 0;
  std::string status;                                 // succeeded | failed
  std::string error;                                  // why it failed; "" on success
  nlohmann::json summary = nlohmann::json::object();  // counts of what changed
};
nlohmann::json HrSyncRunToJson(const HrSyncRun& run);

// Fetches teams from the HR source, validates them and applies them to teams, users and
// team_members. Identity is the HR id: renamed teams keep their slug; teams gone from the source
// are dissolved (never deleted); memberships with source 'hr' follow the source, those added in
// Paved ('paved') are left alone. Thread-safe (the store serialises concurrent syncs).
class HrSync {
 public:
  // `client` fetches URL sources; null: a libcurl client.
  HrSync(const HrSyncDeps& deps, providers::hr::HrSourceConfig config,
         std::unique_ptr<http::Client> client);

  // Runs one sync and records it in hr_sync_runs. Returns the recorded run — status "failed"
  // with its reason when the source could not be read or failed validation, in which case
  // nothing else changed. A non-OK status means the run itself could not be recorded
  // (database down). `retryable` (optional) is set when the failure was transient (source
  // unreachable, timed out, 5xx).
  absl::StatusOr<HrSyncRun> SyncOnce(bool* retryable = nullptr);

  // Applies already-fetched teams in one transaction and records the run (exposed for tests and
  // for sources other than the configured one). A validation failure records a failed run.
  absl::StatusOr<HrSyncRun> Apply(const std::vector<providers::hr::HrTeam>& teams);

  // Newest first.
  absl::StatusOr<std::vector<HrSyncRun>> ListRuns(int limit);

  // The job handler: fails the job (so the queue retries it with backoff) only when the source
  // was transiently unavailable; a validation failure is recorded as a failed run and the job
  // succeeds, so a bad document does not cause a retry storm.
  absl::Status RunJob(jobs::JobContext& ctx);

  const providers::hr::HrSourceConfig& config() const { return config_; }

 private:
  absl::StatusOr<HrSyncRun> RecordFailure(int64_t started_at_ms, const absl::Status& error);
  HrSyncDeps deps_;
  providers::hr::HrSourceConfig config_;
  std::unique_ptr<http::Client> client_;
};

// Reads recent runs of hr_sync_runs (also when no source is configured).
absl::StatusOr<std::vector<HrSyncRun>> ListHrSyncRuns(store::Store& store, int limit);

// Wires the HR sync from `catalog.hr_source` of *deps.config: when a source is configured,
// registers the job handler (kHrSyncJob) with deps.workers, schedules it with deps.scheduler
// every `interval` (first run at scheduler start) and returns the sync; null when no source is
// configured (the routes of catalog/hr_routes.h serve both cases).
// REQUIRES: called before deps.workers->Start() and deps.scheduler->Start(); every pointer set
// (config may point at a null/empty JSON). Returns InvalidArgument for a bad hr_source section.
absl::StatusOr<std::shared_ptr<HrSync>> InstallHrSync(const HrSyncDeps& deps);

}  // namespace paved::catalog
