#include "monitoring/grafana/annotations.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace paved::monitoring::grafana {
namespace {

Annotation AnnotationOf(const Delivery& d, const Change& c) {
  Annotation a;
  a.dashboard_uid = d.uid;
  a.time_ms = c.at_ms;
  a.tags = {"paved", c.kind};
  if (!c.environment.empty()) a.tags.push_back(c.environment);
  a.text = absl::StrCat(c.kind, c.actor.empty() ? "" : " by " + c.actor, ": ", c.text);
  return a;
}

// Posts the dashboard's new changes; returns how many.
absl::StatusOr<int> AnnotateOne(Client* grafana, DeliveryStore* store, Delivery d,
                                const ChangesSince& changes) {
  ASSIGN_OR_RETURN(auto found,
                   changes(d, d.annotated_seq, d.annotated_seq == 0 ? d.delivered_at : 0));
  std::sort(found.begin(), found.end(),
            [](const Change& a, const Change& b) { return a.seq < b.seq; });
  int posted = 0;
  for (const Change& c : found) {
    if (c.seq <= d.annotated_seq) continue;
    RETURN_IF_ERROR(grafana->AddAnnotation(AnnotationOf(d, c)).status());
    d.annotated_seq = c.seq;
    RETURN_IF_ERROR(store->Put(d));
    ++posted;
  }
  return posted;
}

}  // namespace

absl::StatusOr<int> AnnotateChanges(Client* grafana, DeliveryStore* store,
                                    const ChangesSince& changes) {
  ASSIGN_OR_RETURN(auto rows, store->List());
  int posted = 0;
  for (const Delivery& d : rows) {
    if (d.kind != "namespace" || d.state != kDelivered || d.version == 0) continue;
    ASSIGN_OR_RETURN(int n, AnnotateOne(grafana, store, d, changes));
    posted += n;
  }
  return posted;
}

}  // namespace paved::monitoring::grafana
