#include "audit/last_seq.h"

#include "core/status_macros.h"

namespace paved::audit {

absl::StatusOr<int64_t> LastAuditSeq(store::Store& store) {
  ASSIGN_OR_RETURN(auto rs, store.Query("SELECT MAX(seq) AS seq FROM audit_events"));
  if (rs.empty()) return 0;
  return rs.front().Int("seq");  // 0 for NULL: an empty log
}

}  // namespace paved::audit
