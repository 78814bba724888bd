#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "catalog/cloud_resources.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "http/client.h"
#include "jobs/scheduler.h"
#include "jobs/worker_pool.h"
#include "nlohmann/json.hpp"
#include "providers/aws/tagging_client.h"
#include "store/store.h"

namespace paved::catalog {

// The job kind that scans every configured AWS account and region.
inline constexpr char kAwsScanJob[] = "catalog.aws_scan";

struct AwsAccount {
  std::string id;  // 12 digits
  std::vector<std::string> regions;
  aws::Credentials credentials;
};

// The `catalog:` section of the server config file:
//   catalog:
//     tag_keys: {team: team, project: project}
//     aws:
//       endpoint: https://tagging.{region}.amazonaws.com
//       accounts: [{id, regions: [...], access_key_id, secret_access_key, session_token}]
//       interval: 1h
// An account without keys takes AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
struct CloudResourceConfig {
  std::string team_tag = "team";
  std::string project_tag = "project";
  std::string endpoint = "https://tagging.{region}.amazonaws.com";
  std::vector<AwsAccount> accounts;
  int64_t interval_ms = 3'600'000;
};

// Value of an environment variable, "" when unset.
using EnvLookup = std::function<std::string(const std::string&)>;
EnvLookup ProcessEnv();

// `file` is the whole config file as JSON. InvalidArgument naming the key on a bad value; the
// message never contains a secret.
absl::StatusOr<CloudResourceConfig> ParseCloudResourceConfig(const nlohmann::json& file,
                                                             const EnvLookup& env);

// "30s", "10m", "1h", "1h30m", "500ms", "2d"; a bare number is seconds. InvalidArgument when
// malformed or not positive.
absl::StatusOr<int64_t> ParseDurationMs(const std::string& text);

// arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, RESOURCE being "type/name", "type:name" or
// "name". type is "service:type" (e.g. "ec2:instance") or just the service ("s3").
struct Arn {
  std::string partition, service, region, account, type, name;
};
std::optional<Arn> ParseArn(const std::string& arn);

struct ScanSummary {
  int regions = 0;
  int resources = 0;
  int owned = 0;
  int orphaned = 0;
  int with_project = 0;
  std::vector<std::string> errors;  // one per failed account/region; no secrets
  nlohmann::json ToJson() const;
};

struct ScannerDeps {
  store::Store* store;
  audit::AuditLog* audit;
  CloudResourceStore* resources;
  TeamStore* teams;
  ProjectStore* projects;
  const Clock* clock;
};

// Reads tags from AWS and writes ownership back. Thread-safe.
class ResourceScanner {
 public:
  ResourceScanner(const ScannerDeps& deps, CloudResourceConfig config);

  // Scans every account and region: GetResources, then in ONE transaction upserts every
  // resource found (owner from the team tag — slug or HR id —, project from the project tag and,
  // when the team tag is missing, the project's owner team; unknown or dissolved teams leave it
  // orphaned) together with a `resource.scan` audit event. Idempotent. A region that fails is
  // skipped and reported: the result is then Unavailable (retryable) or the region's error.
  // `keep_going` is called between regions; when it returns false the scan stops (Aborted).
  absl::StatusOr<ScanSummary> Run(const std::function<bool()>& keep_going);

  // Whether resources of this provider/account can have their tags written.
  bool CanWriteTags(const CloudResource& r) const;
  // Writes the configured team/project tag keys on one resource: TagResources for non-empty
  // values, UntagResources for "" (so that clearing an owner survives the next scan); nullopt
  // leaves that key alone. FailedPrecondition ("provider_error") when AWS refused this resource.
  absl::Status WriteOwnerTags(const CloudResource& r, const std::optional<std::string>& team_slug,
                              const std::optional<std::string>& project_slug);

  const CloudResourceConfig& config() const { return config_; }

 private:
  struct Resolved {
    std::string owner_team_id;
    std::string project_id;
  };
  absl::StatusOr<Resolved> Resolve(store::Tx& tx, const std::map<std::string, std::string>& tags);
  CloudResource ToResource(const AwsAccount& account, const std::string& region,
                           const aws::ResourceTagMapping& m) const;

  ScannerDeps deps_;
  CloudResourceConfig config_;
  std::unique_ptr<http::Client> http_;
  std::map<std::string, std::unique_ptr<aws::TaggingClient>> clients_;  // by account id
};

struct CloudResourceDeps {
  store::Store* store;
  const Clock* clock;
  audit::AuditLog* audit;
  CloudResourceStore* resources;
  TeamStore* teams;
  ProjectStore* projects;
  jobs::WorkerPool* workers;
  jobs::Scheduler* scheduler;
  const nlohmann::json* config;  // the whole server config file as JSON
};

// Registers the `catalog.aws_scan` job handler on deps.workers and (when AWS accounts are
// configured) the periodic scan on deps.scheduler; returns the scanner the routes of
// catalog/resource_routes.h run on demand.
// REQUIRES: before the workers and the scheduler Start(). InvalidArgument for a bad config.
absl::StatusOr<std::shared_ptr<ResourceScanner>> InstallCloudResources(
    const CloudResourceDeps& deps);

}  // namespace paved::catalog
