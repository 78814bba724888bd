#include "catalog/facets_cache.h"

#include "audit/last_seq.h"
#include "core/status_macros.h"

namespace paved::catalog {

bool FacetsCache::Unfiltered(const ProjectQuery& q) {
  return q.text.empty() && q.owner_slug.empty() && q.lifecycle.empty() && q.tag.empty() &&
         q.system.empty();
}

absl::Status FacetsCache::Refresh() {
  // The seq is read before counting: a change committed while counting moves it past the one
  // kept, so the next request counts again.
  ASSIGN_OR_RETURN(int64_t seq, audit::LastAuditSeq(*store_));
  const int64_t now = clock_->NowMs();
  {
    absl::MutexLock lock(&mu_);
    if (seq == seq_ && now - taken_at_ms_ < max_age_ms_) return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(ProjectFacets counted, projects_->Facets(ProjectQuery{}));
  std::string json = FacetsToJson(counted).dump();
  absl::MutexLock lock(&mu_);
  if (seq >= seq_) {
    seq_ = seq;
    taken_at_ms_ = now;
    facets_ = std::move(counted);
    json_ = std::move(json);
  }
  return absl::OkStatus();
}

absl::StatusOr<ProjectFacets> FacetsCache::Facets(const ProjectQuery& q) {
  if (!Unfiltered(q)) return projects_->Facets(q);
  RETURN_IF_ERROR(Refresh());
  absl::MutexLock lock(&mu_);
  return facets_;
}

absl::StatusOr<std::string> FacetsCache::FacetsJson(const ProjectQuery& q) {
  if (!Unfiltered(q)) {
    ASSIGN_OR_RETURN(ProjectFacets f, projects_->Facets(q));
    return FacetsToJson(f).dump();
  }
  RETURN_IF_ERROR(Refresh());
  absl::MutexLock lock(&mu_);
  return json_;
}

}  // namespace paved::catalog
