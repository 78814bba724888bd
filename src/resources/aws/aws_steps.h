#pragma once

// What the aws provider's steps share; not a public header of the domain.

#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "providers/aws/json_client.h"
#include "providers/aws/query_client.h"
#include "providers/aws/rest_xml_client.h"
#include "resources/aws/aws_provider.h"

namespace paved::resources::aws_provider {

struct AwsProvider::Clients {
  AwsAccount account;
  std::unique_ptr<aws::QueryClient> elasticache;
  std::unique_ptr<aws::RestXmlClient> s3, cloudfront, route53;
  std::unique_ptr<aws::JsonClient> dynamodb;
};
using Clients = AwsProvider::Clients;

inline constexpr char kOwnerTag[] = "paved-resource-id";
// XML namespaces of the REST-XML services' bodies.
inline constexpr char kS3Ns[] = "http://s3.amazonaws.com/doc/2006-03-01/";
inline constexpr char kCloudFrontNs[] = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

// "paved-<resource id>": the name of every piece of `r`, its idempotency key.
std::string PieceName(const Resource& r);
// The name of `r`'s piece that `outputs[output_key]` records ("replication_group", "table",
// "bucket"): an imported piece keeps the name it had; PieceName(r) when none is recorded.
std::string RecordedName(const Resource& r, const std::string& output_key);
// The part of a provider id after its last `separator` ("arn:...:replicationgroup:NAME" → NAME).
std::string LastPart(const std::string& provider_id, char separator);
// managed-by, paved-resource-id, team, project, env, then the standard's `tags`.
std::map<std::string, std::string> PieceTags(const Resource& r);
// AlreadyExists "not_ours" for a piece of that name that is not this resource's.
absl::Status NotOurs(const std::string& what, const Resource& r);
// Whether `status` carries one of these AWS error codes.
bool HasCode(const absl::Status& status, std::initializer_list<const char*> codes);

// Effective settings of `r` (profiles.h), with a fallback when absent or of another type.
std::string StringSetting(const Resource& r, const std::string& field,
                          const std::string& fallback = "");
bool BoolSetting(const Resource& r, const std::string& field, bool fallback = false);
int64_t IntSetting(const Resource& r, const std::string& field, int64_t fallback = 0);
std::vector<std::string> ListSetting(const Resource& r, const std::string& field);

std::vector<std::unique_ptr<Step>> RedisSteps(Clients* c, const AwsProviderOptions* o);
std::vector<std::unique_ptr<Step>> StaticSiteSteps(Clients* c, const AwsProviderOptions* o);
std::vector<std::unique_ptr<Step>> DynamoDbSteps(Clients* c, const AwsProviderOptions* o);

// Helpers of the steps that updates and retagging share (elasticache_steps.cc,
// dynamodb_steps.cc, static_site_steps.cc).
std::string ElastiCacheArn(const Clients* c, const std::string& type, const std::string& name);
void AddElastiCacheTags(aws::QueryParams& params, const Resource& r);  // PieceTags as Tags.Tag.N
// OK when the piece at `arn` is `r`'s or gone; AlreadyExists "not_ours" when someone else's.
absl::Status CheckElastiCacheOwner(Clients* c, const Resource& r, const std::string& arn,
                                   const std::string& what);
// The replication group called `name`, nullopt when there is none.
absl::StatusOr<std::optional<aws::XmlElement>> DescribeReplicationGroup(Clients* c,
                                                                        const std::string& name);
std::string RedisNodeType(const Resource& r);  // by size, from the standard's node_types
// The parameter group the standard names for the engine version: "" (the engine's default),
// "create" (Paved makes "paved-<id>") or an existing group's name.
std::string RedisParameterGroup(const Resource& r);
nlohmann::json DynamoDbTags(const Resource& r);  // PieceTags as [{Key, Value}]
// The table's description; nullopt when there is no such table.
absl::StatusOr<std::optional<nlohmann::json>> DescribeDynamoDbTable(Clients* c,
                                                                    const std::string& name);
// PieceTags as <list_name><item><Key/><Value/></item>...</list_name>.
aws::XmlElement AwsTagSet(const Resource& r, const std::string& list_name, const std::string& item);
// The summary (Id, ARN, Status, DomainName) of the site's distribution; nullopt when none.
absl::StatusOr<std::optional<aws::XmlElement>> FindSiteDistribution(Clients* c, const Resource& r);

// In-place updates (aws_update.cc) and retagging (aws_retag.cc) by kind.
absl::StatusOr<StepOutcome> UpdateRedis(Clients* c, const AwsProviderOptions* o, const Resource& r);
absl::StatusOr<StepOutcome> UpdateStaticSite(Clients* c, const Resource& r);
absl::StatusOr<StepOutcome> UpdateDynamoDb(Clients* c, const AwsProviderOptions* o,
                                           const Resource& r);
absl::Status RetagRedis(Clients* c, const Resource& r);
absl::Status RetagStaticSite(Clients* c, const Resource& r);
absl::Status RetagDynamoDb(Clients* c, const Resource& r);

absl::StatusOr<nlohmann::json> RedisLiveStatus(Clients* c, const Resource& r);
absl::StatusOr<nlohmann::json> StaticSiteLiveStatus(Clients* c, const Resource& r);
absl::StatusOr<nlohmann::json> DynamoDbLiveStatus(Clients* c, const Resource& r);

// What imports (aws_import.cc) read with the steps' own calls. Each: nullopt when the piece
// does not exist.
// DescribeReplicationGroup and RedisNodeType (above), and:
// The paved-resource-id tag of an ElastiCache piece ("" when it has none).
absl::StatusOr<std::optional<std::string>> ElastiCacheOwner(Clients* c, const std::string& arn);
// Adds `r`'s tags to the ElastiCache piece at `arn`.
absl::Status TagElastiCache(Clients* c, const Resource& r, const std::string& arn);
// DescribeDynamoDbTable (above), and:
// The paved-resource-id tag of the table at `arn` ("" when it has none).
absl::StatusOr<std::string> DynamoTableOwner(Clients* c, const std::string& arn);
// The paved-resource-id tag of bucket `name`.
absl::StatusOr<std::optional<std::string>> S3BucketOwner(Clients* c, const std::string& name);
// The distribution with this id (GetDistribution's `Distribution`).
absl::StatusOr<std::optional<aws::XmlElement>> GetCloudFrontDistribution(Clients* c,
                                                                         const std::string& id);
// The paved-resource-id tag of the distribution at `arn`.
absl::StatusOr<std::optional<std::string>> CloudFrontOwner(Clients* c, const std::string& arn);
// `r`'s tags as S3 and CloudFront write them: <list_name><item><Key/><Value/></item>...
aws::XmlElement XmlTagSet(const Resource& r, const std::string& list_name, const std::string& item);
// The host name of bucket `name`'s website endpoint.
std::string S3WebsiteHost(const Clients* c, const std::string& bucket);

}  // namespace paved::resources::aws_provider
