#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/cloud_resources.h"
#include "store/store.h"

namespace paved::catalog::backstage {

// Minimal SQL on table cloud_resources for the Backstage import and export, standing in for
// CloudResourceStore (catalog/cloud_resources.h) until that store is built; same contract.

// Inserts or updates by id: first_seen kept, last_seen = now_ms, every other field from `r`.
absl::Status UpsertResourceRow(store::Tx& tx, const CloudResource& r, int64_t now_ms);
absl::StatusOr<std::optional<CloudResource>> FindResourceRow(store::Tx& tx, const std::string& id);
// Every resource, owner slug filled, ordered by id.
absl::StatusOr<std::vector<CloudResource>> ListResourceRows(store::Store& store);

}  // namespace paved::catalog::backstage
