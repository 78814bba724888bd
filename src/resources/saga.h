#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "jobs/job_queue.h"
#include "jobs/worker_pool.h"
#include "resources/provider.h"
#include "resources/resource_store.h"

namespace paved::resources {

inline constexpr char kCreateJobKind[] = "resources.create";
inline constexpr char kDeleteJobKind[] = "resources.delete";

// What happens when a saga ends: `ready` after a creation, `failed` after an undo, `deleted`.
// The server wires it to the audit log and the owner team's chat channel.
using SagaListener = std::function<void(const Resource& r, Status ended, const std::string& why)>;

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
             std::map<std::string, Provider*> providers, SagaListener listener = nullptr);

  // Enqueues the saga job inside the caller's transaction (deduplicated per resource).
  absl::Status EnqueueCreate(store::Tx& tx, const std::string& resource_id);
  absl::Status EnqueueDelete(store::Tx& tx, const std::string& resource_id);

  void Register(jobs::WorkerPool& pool);

  // One run of a claimed job (what the worker pool calls); public for tests that drive the
  // queue by hand.
  absl::Status RunCreate(const jobs::Job& job);
  absl::Status RunDelete(const jobs::Job& job);

  Provider* ProviderFor(const std::string& name) const;

 private:
  // The resource with its project's slug and owner team filled (providers tag pieces with
  // them); nullopt when it is gone.
  absl::StatusOr<std::optional<Resource>> Load(const std::string& id);
  absl::Status Undo(Resource& r, std::vector<std::unique_ptr<Step>>& steps,
                    const std::vector<JournalEntry>& journal, const std::string& saga);
  absl::Status Journal(const Resource& r, const std::string& saga, const Step& step,
                       const std::string& event, const std::string& provider_id = "",
                       const std::string& detail = "");
  absl::Status End(const Resource& r, Status status, const std::string& detail);

  ResourceStore* store_;
  jobs::JobQueue* queue_;
  std::map<std::string, Provider*> providers_;
  SagaListener listener_;
};

}  // namespace paved::resources
