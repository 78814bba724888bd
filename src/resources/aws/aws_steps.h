#pragma once

// What the aws provider's steps share; not a public header of the domain.

#include <initializer_list>
#include <map>
#include <memory>
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

// "paved-<resource id>": the name of every piece of `r`, its idempotency key.
std::string PieceName(const Resource& r);
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

absl::StatusOr<nlohmann::json> RedisLiveStatus(Clients* c, const Resource& r);
absl::StatusOr<nlohmann::json> StaticSiteLiveStatus(Clients* c, const Resource& r);
absl::StatusOr<nlohmann::json> DynamoDbLiveStatus(Clients* c, const Resource& r);

}  // namespace paved::resources::aws_provider
