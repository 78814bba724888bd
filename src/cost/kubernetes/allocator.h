#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "catalog/ownership.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "cost/kubernetes/allocation_store.h"
#include "cost/kubernetes/kubernetes_config.h"
#include "http/client.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "store/store.h"

namespace paved::cost::kubernetes {

inline constexpr char kAllocateJobKind[] = "cost.kubernetes.allocate";

// Who owns what, as the allocation needs it: the team (id) of a namespace, "" when no team
// does, and a team's id from its slug (the config's weights name slugs), "" when unknown.
class TeamResolver {
 public:
  virtual ~TeamResolver() = default;
  virtual absl::StatusOr<std::string> TeamOfNamespace(const std::string& ns,
                                                      const std::string& cluster) = 0;
  virtual absl::StatusOr<std::string> TeamIdOfSlug(const std::string& slug) = 0;
};

// The catalog's answer: the namespace's project's current owner team.
std::unique_ptr<TeamResolver> CatalogTeams(catalog::OwnerLookup* owners, catalog::TeamStore* teams);

struct AllocatorDeps {
  store::Store* store = nullptr;
  audit::AuditLog* audit = nullptr;
  const Clock* clock = nullptr;
  http::Client* http = nullptr;  // bounded by config.max_response_bytes
  TeamResolver* teams = nullptr;
  KubernetesCostConfig config;
};

// What one day's allocation stored.
struct DayResult {
  std::string cluster, day;
  int hours = 0;  // hours of the day read (24 for a finished day)
  int nodes = 0, rows = 0;
  Money total;  // sum of the rows: the nodes' cost, plus any use beyond a node's capacity
};
nlohmann::json DayResultToJson(const DayResult& r);

// Allocates a cluster's days (OpenCost's model, allocation.h) from Prometheus and stores them.
class Allocator {
 public:
  explicit Allocator(AllocatorDeps deps) : deps_(std::move(deps)), store_(deps_.store) {}

  // Reads `day` (YYYY-MM-DD, UTC) from Prometheus — a finished day whole, today up to its last
  // full hour — prices the nodes (their instance's bill that day, else the price table), and
  // replaces the day's rows in one transaction with the audit event `cost.allocation` by
  // `actor`. InvalidArgument for a malformed day or one after today; FailedPrecondition when
  // `cost.kubernetes` is not configured or today has no full hour yet; Prometheus' errors
  // (Unavailable when it is down) leave the stored day as it was.
  absl::StatusOr<DayResult> RunDay(const std::string& day, const std::string& actor);

  // One round of the periodic job: each finished day of the last `backfill_days` without an
  // allocation of all its 24 hours (never allocated, or allocated while it was going), oldest
  // first, then today so far. Stops at the first error (the job is
  // retried later).
  absl::Status RunDue();

  // Registers kAllocateJobKind (a RunDue round) and schedules it every `every_ms`, when
  // configured.
  void Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler);

  const KubernetesCostConfig& config() const { return deps_.config; }

 private:
  absl::StatusOr<DayAllocation> Compute(int64_t day_start, int hours, const std::string& day);
  absl::StatusOr<std::vector<SharedNamespace>> SharedByTeamId();

  AllocatorDeps deps_;
  AllocationStore store_;
};

// "YYYY-MM-DD" → the unix second of its UTC midnight; InvalidArgument otherwise.
absl::StatusOr<int64_t> DayStart(const std::string& day);

}  // namespace paved::cost::kubernetes
