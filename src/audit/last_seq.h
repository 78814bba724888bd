#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace paved::audit {

// The sequence number of the newest audit event, 0 when there is none: one index lookup. Every
// change appends an event in its own transaction, so a cache of anything the audit log covers
// is still good while this number stays the same. On PostgreSQL numbers are taken before
// commit, so two writers may commit out of order: such a cache should also age out.
absl::StatusOr<int64_t> LastAuditSeq(store::Store& store);

}  // namespace paved::audit
