#pragma once

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "catalog/projects.h"
#include "core/clock.h"
#include "store/store.h"

namespace paved::catalog {

// The facets of the whole catalog — a ProjectQuery without filters, which the catalog page asks
// for on every load — kept between requests: counting 10,000 projects four ways takes tens of
// milliseconds, checking that nothing changed one index lookup (audit::LastAuditSeq; every change
// to projects, tags, owners or teams appends an audit event in its transaction). The counts are
// taken again when the audit log moved on, and at the latest `max_age_ms` after they were taken
// (PostgreSQL replicas may commit events out of number order). Filtered queries are counted
// each time. Thread-safe.
class FacetsCache {
 public:
  static constexpr int64_t kDefaultMaxAgeMs = 2000;

  FacetsCache(store::Store* store, ProjectStore* projects, const Clock* clock,
              int64_t max_age_ms = kDefaultMaxAgeMs)
      : store_(store), projects_(projects), clock_(clock), max_age_ms_(max_age_ms) {}

  absl::StatusOr<ProjectFacets> Facets(const ProjectQuery& q);
  // The same as FacetsToJson(...).dump(), kept serialised with the counts.
  absl::StatusOr<std::string> FacetsJson(const ProjectQuery& q);

 private:
  static bool Unfiltered(const ProjectQuery& q);
  // The whole catalog's counts and their JSON, taken again when stale.
  absl::Status Refresh() ABSL_LOCKS_EXCLUDED(mu_);

  store::Store* store_;
  ProjectStore* projects_;
  const Clock* clock_;
  const int64_t max_age_ms_;
  absl::Mutex mu_;
  int64_t seq_ ABSL_GUARDED_BY(mu_) = -1;  // the audit seq the counts were taken at
  int64_t taken_at_ms_ ABSL_GUARDED_BY(mu_) = 0;
  ProjectFacets facets_ ABSL_GUARDED_BY(mu_);
  std::string json_ ABSL_GUARDED_BY(mu_);
};

}  // namespace paved::catalog
