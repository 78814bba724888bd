#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "jobs/job_queue.h"
#include "jobs/worker_pool.h"
#include "resources/connection.h"
#include "resources/provider.h"
#include "resources/resource_store.h"

namespace paved::resources {

inline constexpr char kCreateJobKind[] = "resources.create";
inline constexpr char kDeleteJobKind[] = "resources.delete";
inline constexpr char kUpdateJobKind[] = "resources.update";

// What happens when a saga ends (`ready` after a creation, `failed` after an undo, `deleted`):
// `ended` runs inside the transaction that records the new status, so what it writes (the audit
// event, the chat message's job) commits with it or not at all; `committed` runs after it.
struct SagaListener {
  std::function<absl::Status(store::Tx& tx, const Resource& r, Status ended,
                             const std::string& why)>
      ended;
  // An update's end, in its transaction; `failure` is "" when it was applied.
  std::function<absl::Status(store::Tx& tx, const Resource& r, const std::string& failure)> updated;
  std::function<void()> committed;
};

// Runs creations and deletions as sagas on the durable job queue. Every step is journaled
// before it runs (started, with its idempotency key) and after (done, with the provider id),
// so a job that is claimed again after a crash or a kill -9 knows exactly where it was:
// - create: steps in order, skipping those already done; a step still waiting for the
//   provider reschedules the job (jobs::PollAgain) instead of holding a thread. A step that
//   fails for good — or keeps failing transiently until the job's last attempt — turns the
//   resource to `undoing`: every step that started is undone in reverse order, and the
//   resource ends `failed` with nothing left behind.
// - delete: every step that was done is undone in reverse order; the resource ends `deleted`.
// An undo that fails for good stops with the resource `failed` and the journal naming what is
// left (undo-failed), for an operator; it is never silently dropped.
class SagaRunner {
 public:
  SagaRunner(ResourceStore* store, jobs::JobQueue* queue,
             std::map<std::string, Provider*> providers, SagaListener listener = {});

  // Enqueues the saga job inside the caller's transaction (deduplicated per resource).
  absl::Status EnqueueCreate(store::Tx& tx, const std::string& resource_id);
  absl::Status EnqueueDelete(store::Tx& tx, const std::string& resource_id);
  // `before` is the resource's spec, effective settings and outputs before the change: what an
  // update that fails for good puts back.
  absl::Status EnqueueUpdate(store::Tx& tx, const std::string& resource_id,
                             const nlohmann::json& before);

  void Register(jobs::WorkerPool& pool);

  // One run of a claimed job (what the worker pool calls); public for tests that drive the
  // queue by hand.
  absl::Status RunCreate(const jobs::Job& job);
  absl::Status RunDelete(const jobs::Job& job);
  // update: the provider's Update with the new settings (polled while it waits); the resource
  // is `ready` again after it. One that fails for good is applied again with the settings of
  // `before`, which are stored back at once (journal `failed`, then `restoring` while the
  // provider is polled back to them), and the resource is `ready` with the failure in its
  // detail.
  absl::Status RunUpdate(const jobs::Job& job);

  Provider* ProviderFor(const std::string& name) const;

  // Where a Redis's auth token is read from before its steps run, and its URL stored when it
  // becomes ready (in the same transaction as the status). Unset: no tokens (tests of steps).
  void SetConnections(ConnectionSecrets* connections) { connections_ = connections; }

  // Fault injection for the crash tests: the process kills itself with SIGKILL right after its
  // `n`th journal entry is committed (PAVED_FAULT_KILL_AFTER_JOURNAL_ENTRIES). 0: never.
  void KillAfterJournalEntries(int n) { kill_after_ = n; }

 private:
  absl::Status Undo(Resource& r, std::vector<std::unique_ptr<Step>>& steps,
                    const std::vector<JournalEntry>& journal, const std::string& saga);
  absl::Status Journal(const Resource& r, const std::string& saga, const Step& step,
                       const std::string& event, const std::string& provider_id = "",
                       const std::string& detail = "");
  absl::Status End(const Resource& r, Status status, const std::string& detail);
  void Journaled();  // after each committed journal entry
  absl::Status JournalUpdate(const Resource& r, const std::string& event,
                             const std::string& detail = "");
  // The provider brought back to `r`'s (previous) settings after an update failed for good.
  absl::Status RunRestore(Provider& provider, const Resource& r,
                          const std::vector<JournalEntry>& journal);
  // The resource ready again after an update, with `detail` ("" when it was applied).
  absl::Status EndUpdate(const Resource& r, const std::string& detail);
  // The resource as its steps see it: with its project's slug and owner team (providers tag
  // pieces with them) and its auth token when it has one; nullopt when it is gone.
  absl::StatusOr<std::optional<Resource>> Load(const std::string& id);

  ResourceStore* store_;
  jobs::JobQueue* queue_;
  std::map<std::string, Provider*> providers_;
  SagaListener listener_;
  ConnectionSecrets* connections_ = nullptr;
  int kill_after_ = 0;
  std::atomic<int> journaled_{0};
};

}  // namespace paved::resources
