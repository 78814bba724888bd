#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "core/clock.h"
#include "http/client.h"
#include "providers/aws/sigv4.h"
#include "resources/provider.h"

namespace paved::resources::aws_provider {

// One AWS account Paved creates resources in (`resources.aws.accounts`): a profile whose
// account is `id` uses this provider.
struct AwsAccount {
  std::string id;  // 12-digit AWS account id, the profile's `account`
  std::string region;
  // Replaces every service's AWS endpoint when set (a proxy, or moto: one URL for all).
  std::string endpoint;
  aws::Credentials credentials;
};

// How long to wait between two looks at something AWS is still making, from botocore's
// waiters (ReplicationGroupAvailable 15 s, DistributionDeployed 60 s, TableExists 20 s).
struct PollIntervals {
  int64_t replication_group_ms = 15'000;
  int64_t distribution_ms = 60'000;
  int64_t table_ms = 20'000;
};

// The Redis AUTH token of a resource whose transit encryption is on, when the resource carries
// none (`Resource::auth_token`, which the server's saga fills): 16–128 printable characters
// without '@', '"' or '/', the same on every call for the same resource.
using AuthTokenSource = std::function<absl::StatusOr<std::string>(const Resource& r)>;

struct AwsProviderOptions {
  std::map<std::string, AwsAccount> accounts;  // by id
  AuthTokenSource redis_auth_token;            // for a bare provider (tests); the server sets none
  PollIntervals poll;
  std::chrono::milliseconds timeout{30'000};  // per HTTP request
  int max_attempts = 3;                       // per AWS call, for throttling and 5xx
  int64_t retry_backoff_ms = 200;
};

// Resources in AWS, each piece named "paved-<resource id>" (the idempotency key) and tagged
// managed-by=paved, paved-resource-id, team, project, env and the standard's `tags`:
// - redis: ElastiCache — steps subnet-group (from the standard's `subnets`, or its existing
//   `subnet_group`), parameter-group (created when `parameter_groups` maps the engine version
//   to "create", else the named group is used), replication-group (node type by size,
//   replicas, engine version, security groups, windows, encryption, retention, AUTH token with
//   transit encryption; polled until available), tags.
// - static-site: bucket (S3, website index/error documents), distribution (CloudFront,
//   CallerReference and Comment "paved-<id>", polled until Deployed), record (Route 53 alias A
//   record of `domain` in the standard's `hosted_zone_id`, when a domain is set).
// - dynamodb: table (keys, billing mode, SSE, tags; polled until ACTIVE), ttl.
// Undo removes a piece only when it carries this resource's `paved-resource-id`; a record
// only when it points at this resource's distribution. Waiting for AWS to finish a deletion
// is Unavailable, so the saga tries again later. Thread-safe.
class AwsProvider : public Provider {
 public:
  AwsProvider(http::Client* http, const Clock* clock, AwsProviderOptions options);
  ~AwsProvider() override;
  std::string Name() const override { return "aws"; }
  bool Supports(Kind) const override { return true; }
  std::vector<std::unique_ptr<Step>> Steps(const Resource& r) override;
  absl::StatusOr<nlohmann::json> LiveStatus(const Resource& r) override;
  // redis: node type by size (ModifyReplicationGroup), replicas (Increase/DecreaseReplicaCount,
  // automatic failover off before the last replica goes and on once there is one), eviction
  // policy (ModifyCacheParameterGroup of the group Paved made); one change at a time, each
  // waited for until the group is available again (ApplyImmediately). dynamodb: billing mode and
  // capacity (UpdateTable, waited for until ACTIVE), TTL attribute (UpdateTimeToLive).
  // static-site: index and error documents (PutBucketWebsite, and the distribution's
  // DefaultRootObject).
  absl::StatusOr<StepOutcome> Update(const Resource& r) override;
  // FailedPrecondition for what the provider cannot change in a Redis: the eviction policy when
  // the parameter group is not one Paved made, and the engine version.
  absl::Status CheckUpdate(const Resource& before, const Resource& after) override;
  bool Tags() const override { return true; }
  // Adds PieceTags to every piece: the replication group and the subnet and parameter groups
  // Paved made (AddTagsToResource), the bucket (its tag set read, merged, written) and the
  // distribution (TagResource), the table (TagResource). A piece that is gone is skipped.
  absl::Status Retag(const Resource& r) override;
  // Import (aws_import.cc): a replication group by id, a bucket by name (with a CloudFront
  // distribution by id when given), a table by name. The piece is tagged as the steps tag what
  // they make (existing tags kept); from then on Undo and LiveStatus find it by the name the
  // outputs record and the provider id the journal holds.
  absl::StatusOr<Adoption> DescribeForImport(const Resource& r, const ImportRef& ref) override;
  absl::Status Adopt(const Resource& r, const Adoption& adoption) override;
  absl::Status Release(const Resource& r, const std::vector<ImportedPiece>& pieces) override;

  struct Clients;

 private:
  // The clients of `account`, made on first use; nullptr when the account is not configured.
  Clients* ClientsFor(const std::string& account);

  http::Client* http_;
  const Clock* clock_;
  AwsProviderOptions options_;
  absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<Clients>> clients_ ABSL_GUARDED_BY(mu_);
};

// Reads `resources.aws` of the server config: {accounts: [{id, region, endpoint,
// access_key_id, secret_access_key, session_token}]}, keys from AWS_ACCESS_KEY_ID /
// AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (`env`) when an account names none. Errors name
// the key ("resources.aws.accounts[0].region"). An absent section is no accounts.
absl::StatusOr<std::map<std::string, AwsAccount>> ParseAwsAccounts(
    const nlohmann::json& section, const std::function<std::string(const std::string&)>& env);

}  // namespace paved::resources::aws_provider
