// Retagging: every piece of a resource gets PieceTags again, so its `team` and `project` tags
// follow the project's owner and slug. Tags are only added or overwritten, never removed.
#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "http/client.h"
#include "resources/aws/aws_steps.h"

namespace paved::resources::aws_provider {
namespace {

using aws::QueryParams;
using aws::XmlElement;
using nlohmann::json;

// AddTagsToResource on one ElastiCache piece; OK when it is gone.
absl::Status TagElastiCache(Clients* c, const Resource& r, const std::string& arn,
                            std::initializer_list<const char*> not_found) {
  QueryParams p = {{"ResourceName", arn}};
  AddElastiCacheTags(p, r);
  absl::Status tagged = c->elasticache->Call("AddTagsToResource", p).status();
  if (HasCode(tagged, not_found)) return absl::OkStatus();
  return tagged;
}

}  // namespace

absl::Status RetagRedis(Clients* c, const Resource& r) {
  // An imported group keeps its own name (the outputs record it); the groups Paved made are
  // named after the resource.
  std::string name = PieceName(r);
  std::string group_name = RecordedName(r, "replication_group");
  std::string group = ElastiCacheArn(c, "replicationgroup", group_name);
  RETURN_IF_ERROR(CheckElastiCacheOwner(c, r, group, "replication group " + group_name));
  RETURN_IF_ERROR(TagElastiCache(c, r, group, {"ReplicationGroupNotFoundFault"}));
  // The subnet and parameter groups only when Paved made them; named ones are the standard's.
  if (!ListSetting(r, "subnets").empty()) {
    RETURN_IF_ERROR(TagElastiCache(c, r, ElastiCacheArn(c, "subnetgroup", name),
                                   {"CacheSubnetGroupNotFoundFault"}));
  }
  if (RedisParameterGroup(r) == "create") {
    RETURN_IF_ERROR(TagElastiCache(c, r, ElastiCacheArn(c, "parametergroup", name),
                                   {"CacheParameterGroupNotFound"}));
  }
  return absl::OkStatus();
}

absl::Status RetagStaticSite(Clients* c, const Resource& r) {
  // S3 replaces a bucket's whole tag set: the tags it has are read and PieceTags laid over them.
  std::string bucket = RecordedName(r, "bucket");
  auto tagging = c->s3->Call("GET", "/" + bucket + "?tagging");
  if (HasCode(tagging.status(), {"NoSuchBucket"})) return absl::OkStatus();
  std::map<std::string, std::string> tags;
  if (tagging.ok()) {
    if (const XmlElement* set = tagging->body.Child("TagSet")) {
      for (const XmlElement* tag : set->Children("Tag"))
        tags[tag->Text("Key")] = tag->Text("Value");
    }
  } else if (!HasCode(tagging.status(), {"NoSuchTagSet"})) {
    return tagging.status();
  }
  auto owner = tags.find("paved-resource-id");
  if (owner == tags.end() || owner->second != r.id) return NotOurs("bucket " + bucket, r);
  for (const auto& [key, value] : PieceTags(r)) tags[key] = value;
  XmlElement body{.name = "Tagging"};
  XmlElement& set = body.Add("TagSet");
  for (const auto& [key, value] : tags) {
    XmlElement& tag = set.Add("Tag");
    tag.Add("Key", key);
    tag.Add("Value", value);
  }
  RETURN_IF_ERROR(
      c->s3->Call("PUT", "/" + bucket + "?tagging", aws::WriteXml(body, kS3Ns)).status());

  ASSIGN_OR_RETURN(std::optional<XmlElement> distribution, FindSiteDistribution(c, r));
  if (!distribution) return absl::OkStatus();
  XmlElement cf_tags{.name = "Tags"};
  cf_tags.children.push_back(AwsTagSet(r, "Items", "Tag"));
  absl::Status tagged = c->cloudfront
                            ->Call("POST",
                                   absl::StrCat("/2020-05-31/tagging?Operation=Tag&Resource=",
                                                http::UrlEncode(distribution->Text("ARN"))),
                                   aws::WriteXml(cf_tags, kCloudFrontNs))
                            .status();
  if (HasCode(tagged, {"NoSuchResource", "NoSuchDistribution"})) return absl::OkStatus();
  return tagged;
}

absl::Status RetagDynamoDb(Clients* c, const Resource& r) {
  ASSIGN_OR_RETURN(std::optional<json> table, DescribeDynamoDbTable(c, RecordedName(r, "table")));
  if (!table) return absl::OkStatus();
  absl::Status tagged = c->dynamodb
                            ->Call("TagResource", {{"ResourceArn", table->value("TableArn", "")},
                                                   {"Tags", DynamoDbTags(r)}})
                            .status();
  if (HasCode(tagged, {"ResourceNotFoundException"})) return absl::OkStatus();
  return tagged;
}

}  // namespace paved::resources::aws_provider
