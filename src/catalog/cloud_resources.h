#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::catalog {

// A cloud resource Paved knows of (table cloud_resources), e.g. an AWS ARN found by a scan or a
// Backstage Resource entity.
struct CloudResource {
  std::string id;        // provider id, e.g. arn:aws:elasticache:ap-northeast-2:123:cluster:chat
  std::string provider;  // aws | gcp | backstage
  std::string account;
  std::string region;
  std::string type;  // e.g. elasticache:cluster, s3 (Backstage: spec.type)
  std::string name;
  nlohmann::json tags = nlohmann::json::object();  // key -> value
  std::string owner_team_id;                       // "" when nobody owns it
  std::string owner_team;                          // slug, filled on reads
  std::string owner_status;                        // owner team's status, filled on reads
  std::string project_id;
  std::string project;  // slug, filled on reads
  std::string source;   // aws-scan | backstage | api
  int64_t first_seen_ms = 0;
  int64_t last_seen_ms = 0;

  // Why nobody owns it, or "" when someone does.
  std::string OrphanReason() const;
};

nlohmann::json CloudResourceToJson(const CloudResource& r);

struct CloudResourceQuery {
  std::string owner_slug;
  std::string project_slug;
  bool orphaned_only = false;
  std::string after_id;  // cursor
  int limit = 50;
};

class CloudResourceStore {
 public:
  CloudResourceStore(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // Inserts or updates by id: first_seen is kept, last_seen set to now, every other field
  // replaced by `r`'s.
  absl::Status Upsert(store::Tx& tx, const CloudResource& r);
  absl::StatusOr<std::optional<CloudResource>> Find(const std::string& id);
  absl::StatusOr<std::optional<CloudResource>> FindTx(store::Tx& tx, const std::string& id);
  absl::StatusOr<std::vector<CloudResource>> List(const CloudResourceQuery& q);
  // Sets owner and project ("" clears); NotFound for an unknown id.
  absl::Status SetOwner(store::Tx& tx, const std::string& id, const std::string& owner_team_id,
                        const std::string& project_id);

 private:
  store::Store* store_;
  const Clock* clock_;
};

}  // namespace paved::catalog
