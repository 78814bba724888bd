// Importing what already exists in AWS: a replication group, a bucket (and its distribution),
// a table — described, then tagged as the steps tag what they make, or untagged again.
#include <algorithm>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "resources/aws/aws_provider.h"
#include "resources/aws/aws_steps.h"

namespace paved::resources::aws_provider {
namespace {

using aws::QueryParams;
using aws::XmlElement;
using nlohmann::json;

constexpr char kCloudFrontNs[] = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
constexpr char kS3Ns[] = "http://s3.amazonaws.com/doc/2006-03-01/";

// The tags Paved puts on a piece and takes off again when it lets go of it.
const std::vector<std::string>& PavedTagKeys() {
  static const std::vector<std::string> kKeys = {"managed-by", kOwnerTag, "team", "project", "env"};
  return kKeys;
}

absl::Status Missing(const Resource& r, const std::string& what, const std::string& field) {
  return DomainError(absl::StatusCode::kInvalidArgument, "not_found",
                     absl::StrCat(what, " does not exist in AWS account ", r.account), field);
}

// OK when `owner` (a piece's paved-resource-id tag) is empty.
absl::Status Unmanaged(const std::string& what, const std::optional<std::string>& owner,
                       const std::string& field) {
  if (!owner || owner->empty()) return absl::OkStatus();
  return DomainError(
      absl::StatusCode::kAlreadyExists, "already_managed",
      absl::StrCat(what, " is already Paved's resource ", *owner, " (tag paved-resource-id)"),
      field);
}

int IntText(const XmlElement& e, const std::string& path) {
  int n = 0;
  (void)absl::SimpleAtoi(e.Text(path), &n);
  return n;
}

// The size whose node type (by the standard's node types) is `node_type`; "" when none is.
std::string SizeOf(const Resource& r, const std::string& node_type) {
  for (const char* size : {"s", "m", "l"}) {
    Resource probe = r;
    probe.effective["size"] = {{"value", size}, {"source", "standard"}};
    if (RedisNodeType(probe) == node_type) return size;
  }
  return "";
}

// The engine version of the group's first member cluster; "" when it cannot be read.
std::string EngineVersion(Clients* c, const XmlElement& group) {
  const XmlElement* members = group.Child("MemberClusters");
  if (!members || members->children.empty()) return "";
  auto clusters = c->elasticache->Call("DescribeCacheClusters",
                                       {{"CacheClusterId", members->children.front().text}});
  if (!clusters.ok()) return "";
  return clusters->Text("CacheClusters/CacheCluster/EngineVersion");
}

absl::StatusOr<Adoption> DescribeRedis(Clients* c, const Resource& r, const ImportRef& ref) {
  ASSIGN_OR_RETURN(std::optional<XmlElement> group, DescribeReplicationGroup(c, ref.id));
  if (!group) return Missing(r, "replication group " + ref.id, "id");
  std::string arn = group->Text("ARN");
  ASSIGN_OR_RETURN(std::optional<std::string> owner, ElastiCacheOwner(c, arn));
  RETURN_IF_ERROR(Unmanaged("replication group " + ref.id, owner, "id"));
  Adoption a;
  std::string node_type = group->Text("CacheNodeType");
  if (std::string size = SizeOf(r, node_type); !size.empty()) {
    a.spec["size"] = size;
  } else {
    a.settings["node_type"] = node_type;
    a.settings["size"] = nullptr;
  }
  const XmlElement* members = group->Child("MemberClusters");
  a.spec["replicas"] = std::max<int>(0, members ? members->children.size() - 1 : 0);
  std::string version = EngineVersion(c, *group);
  if (version.empty()) {
    a.settings["engine_version"] = nullptr;  // unknown: not the standard's either
  } else {
    a.spec["engine_version"] = version;
  }
  a.settings["encryption_at_rest"] = group->Text("AtRestEncryptionEnabled") == "true";
  a.settings["encryption_in_transit"] = group->Text("TransitEncryptionEnabled") == "true";
  a.settings["backup_retention_days"] = IntText(*group, "SnapshotRetentionLimit");
  if (std::string w = group->Text("SnapshotWindow"); !w.empty()) a.settings["snapshot_window"] = w;
  a.outputs["replication_group"] = ref.id;
  if (const XmlElement* primary = group->Find("PrimaryEndpoint")) {
    a.outputs["host"] = primary->Text("Address");
    a.outputs["port"] = IntText(*primary, "Port");
  }
  if (const XmlElement* reader = group->Find("ReaderEndpoint")) {
    a.outputs["reader_host"] = reader->Text("Address");
  }
  a.pieces.push_back({.step = "replication-group", .provider_id = arn});
  return a;
}

// The table's key of `type` (HASH, RANGE) as a spec key {name, type}; null when it has none.
json Key(const json& table, const std::string& type) {
  for (const json& k : table.value("KeySchema", json::array())) {
    if (k.value("KeyType", "") != type) continue;
    std::string name = k.value("AttributeName", "");
    for (const json& a : table.value("AttributeDefinitions", json::array())) {
      if (a.value("AttributeName", "") == name) {
        return {{"name", name}, {"type", a.value("AttributeType", "S")}};
      }
    }
    return {{"name", name}, {"type", "S"}};
  }
  return nullptr;
}

absl::StatusOr<Adoption> DescribeDynamoDb(Clients* c, const Resource& r, const ImportRef& ref) {
  ASSIGN_OR_RETURN(std::optional<json> table, DescribeDynamoDbTable(c, ref.id));
  if (!table) return Missing(r, "table " + ref.id, "id");
  std::string arn = table->value("TableArn", "");
  ASSIGN_OR_RETURN(std::string owner, DynamoTableOwner(c, arn));
  RETURN_IF_ERROR(Unmanaged("table " + ref.id, owner, "id"));
  Adoption a;
  a.spec["partition_key"] = Key(*table, "HASH");
  if (json sort = Key(*table, "RANGE"); !sort.is_null()) a.spec["sort_key"] = sort;
  // A table that never chose on-demand billing has no BillingModeSummary: it is provisioned.
  std::string billing =
      table->value("BillingModeSummary", json::object()).value("BillingMode", "PROVISIONED");
  a.spec["billing_mode"] = billing;
  if (billing == "PROVISIONED") {
    const json& throughput = table->value("ProvisionedThroughput", json::object());
    a.spec["read_capacity"] = std::max<int64_t>(1, throughput.value("ReadCapacityUnits", 1));
    a.spec["write_capacity"] = std::max<int64_t>(1, throughput.value("WriteCapacityUnits", 1));
  }
  ASSIGN_OR_RETURN(json ttl, c->dynamodb->Call("DescribeTimeToLive", {{"TableName", ref.id}}));
  const json& now = ttl.value("TimeToLiveDescription", json::object());
  std::string ttl_status = now.value("TimeToLiveStatus", "");
  if (ttl_status == "ENABLED" || ttl_status == "ENABLING") {
    a.spec["ttl_attribute"] = now.value("AttributeName", "");
  }
  a.settings["encryption_at_rest"] =
      table->value("SSEDescription", json::object()).value("Status", "") == "ENABLED";
  a.outputs = {{"table", ref.id}, {"table_name", ref.id}, {"table_arn", arn}};
  a.pieces.push_back({.step = "table", .provider_id = arn});
  return a;
}

absl::StatusOr<Adoption> DescribeStaticSite(Clients* c, const Resource& r, const ImportRef& ref) {
  ASSIGN_OR_RETURN(std::optional<std::string> owner, S3BucketOwner(c, ref.id));
  if (!owner) return Missing(r, "bucket " + ref.id, "id");
  RETURN_IF_ERROR(Unmanaged("bucket " + ref.id, owner, "id"));
  Adoption a;
  auto website = c->s3->Call("GET", "/" + ref.id + "?website");
  if (website.ok()) {
    std::string index = website->body.Text("IndexDocument/Suffix");
    std::string error = website->body.Text("ErrorDocument/Key");
    if (!index.empty()) a.spec["index_document"] = index;
    if (!error.empty()) a.spec["error_document"] = error;
  } else if (!HasCode(website.status(), {"NoSuchWebsiteConfiguration"})) {
    return website.status();
  }
  a.outputs = {{"bucket", ref.id}, {"website_host", S3WebsiteHost(c, ref.id)}};
  a.pieces.push_back({.step = "bucket", .provider_id = ref.id});
  if (ref.distribution_id.empty()) return a;
  ASSIGN_OR_RETURN(std::optional<XmlElement> d, GetCloudFrontDistribution(c, ref.distribution_id));
  if (!d) return Missing(r, "distribution " + ref.distribution_id, "distribution_id");
  ASSIGN_OR_RETURN(owner, CloudFrontOwner(c, d->Text("ARN")));
  RETURN_IF_ERROR(Unmanaged("distribution " + ref.distribution_id, owner, "distribution_id"));
  std::string domain = d->Text("DomainName");
  std::string alias = d->Text("DistributionConfig/Aliases/Items/CNAME");
  if (!alias.empty()) a.spec["domain"] = alias;
  a.outputs["distribution_id"] = ref.distribution_id;
  a.outputs["distribution_domain"] = domain;
  a.outputs["url"] = "https://" + (alias.empty() ? domain : alias) + "/";
  a.pieces.push_back({.step = "distribution", .provider_id = ref.distribution_id});
  return a;
}

// The bucket's tags other than Paved's, as a key → value map.
absl::StatusOr<std::map<std::string, std::string>> ForeignBucketTags(Clients* c,
                                                                     const std::string& bucket) {
  std::map<std::string, std::string> tags;
  auto tagging = c->s3->Call("GET", "/" + bucket + "?tagging");
  if (HasCode(tagging.status(), {"NoSuchTagSet"})) return tags;
  if (!tagging.ok()) return tagging.status();
  const std::vector<std::string>& ours = PavedTagKeys();
  if (const XmlElement* set = tagging->body.Child("TagSet")) {
    for (const XmlElement* tag : set->Children("Tag")) {
      std::string key = tag->Text("Key");
      if (std::find(ours.begin(), ours.end(), key) == ours.end()) tags[key] = tag->Text("Value");
    }
  }
  return tags;
}

// Writes the bucket's whole tag set: `kept` with `r`'s tags over it when `r` is given.
absl::Status PutBucketTags(Clients* c, const std::string& bucket,
                           const std::map<std::string, std::string>& kept, const Resource* r) {
  XmlElement set = r ? XmlTagSet(*r, "TagSet", "Tag") : XmlElement{.name = "TagSet"};
  std::map<std::string, std::string> paved = r ? PieceTags(*r) : decltype(paved){};
  for (const auto& [key, value] : kept) {
    if (paved.count(key)) continue;
    XmlElement& tag = set.Add("Tag");
    tag.Add("Key", key);
    tag.Add("Value", value);
  }
  if (set.children.empty()) return c->s3->Call("DELETE", "/" + bucket + "?tagging").status();
  XmlElement tagging{.name = "Tagging"};
  tagging.children.push_back(std::move(set));
  return c->s3->Call("PUT", "/" + bucket + "?tagging", aws::WriteXml(tagging, kS3Ns)).status();
}

std::string CloudFrontTagging(const std::string& operation, const std::string& arn) {
  return absl::StrCat("/2020-05-31/tagging?Operation=", operation,
                      "&Resource=", http::UrlEncode(arn));
}

absl::Status AdoptPiece(Clients* c, const Resource& r, const ImportedPiece& piece) {
  if (piece.step == "replication-group") return TagElastiCache(c, r, piece.provider_id);
  if (piece.step == "table") {
    json tags = json::array();
    for (const auto& [key, value] : PieceTags(r)) tags.push_back({{"Key", key}, {"Value", value}});
    return c->dynamodb->Call("TagResource", {{"ResourceArn", piece.provider_id}, {"Tags", tags}})
        .status();
  }
  if (piece.step == "bucket") {
    ASSIGN_OR_RETURN(auto kept, ForeignBucketTags(c, piece.provider_id));
    return PutBucketTags(c, piece.provider_id, kept, &r);
  }
  if (piece.step == "distribution") {
    ASSIGN_OR_RETURN(std::optional<XmlElement> d, GetCloudFrontDistribution(c, piece.provider_id));
    if (!d) return absl::NotFoundError("distribution " + piece.provider_id + " is gone");
    XmlElement tags{.name = "Tags"};
    tags.children.push_back(XmlTagSet(r, "Items", "Tag"));
    return c->cloudfront
        ->Call("POST", CloudFrontTagging("Tag", d->Text("ARN")), aws::WriteXml(tags, kCloudFrontNs))
        .status();
  }
  return absl::OkStatus();
}

// Whether the piece still carries `r`'s id (nullopt owner: gone).
bool Ours(const Resource& r, const std::optional<std::string>& owner) {
  return owner && *owner == r.id;
}

absl::Status ReleasePiece(Clients* c, const Resource& r, const ImportedPiece& piece) {
  const std::vector<std::string>& keys = PavedTagKeys();
  if (piece.step == "replication-group") {
    ASSIGN_OR_RETURN(std::optional<std::string> owner, ElastiCacheOwner(c, piece.provider_id));
    if (!Ours(r, owner)) return absl::OkStatus();
    QueryParams p = {{"ResourceName", piece.provider_id}};
    for (size_t i = 0; i < keys.size(); ++i)
      p.emplace_back(absl::StrCat("TagKeys.member.", i + 1), keys[i]);
    return c->elasticache->Call("RemoveTagsFromResource", p).status();
  }
  if (piece.step == "table") {
    ASSIGN_OR_RETURN(std::string owner, DynamoTableOwner(c, piece.provider_id));
    if (owner != r.id) return absl::OkStatus();
    return c->dynamodb
        ->Call("UntagResource", {{"ResourceArn", piece.provider_id}, {"TagKeys", keys}})
        .status();
  }
  if (piece.step == "bucket") {
    ASSIGN_OR_RETURN(std::optional<std::string> owner, S3BucketOwner(c, piece.provider_id));
    if (!Ours(r, owner)) return absl::OkStatus();
    ASSIGN_OR_RETURN(auto kept, ForeignBucketTags(c, piece.provider_id));
    return PutBucketTags(c, piece.provider_id, kept, nullptr);
  }
  if (piece.step == "distribution") {
    ASSIGN_OR_RETURN(std::optional<XmlElement> d, GetCloudFrontDistribution(c, piece.provider_id));
    if (!d) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::optional<std::string> owner, CloudFrontOwner(c, d->Text("ARN")));
    if (!Ours(r, owner)) return absl::OkStatus();
    XmlElement body{.name = "TagKeys"};
    XmlElement& items = body.Add("Items");
    for (const std::string& key : keys) items.Add("Key", key);
    return c->cloudfront
        ->Call("POST", CloudFrontTagging("Untag", d->Text("ARN")),
               aws::WriteXml(body, kCloudFrontNs))
        .status();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Adoption> AwsProvider::DescribeForImport(const Resource& r, const ImportRef& ref) {
  Clients* c = ClientsFor(r.account);
  if (!c) return absl::FailedPreconditionError("AWS account " + r.account + " is not configured");
  switch (r.kind) {
    case Kind::kRedis:
      return DescribeRedis(c, r, ref);
    case Kind::kStaticSite:
      return DescribeStaticSite(c, r, ref);
    case Kind::kDynamoDb:
      return DescribeDynamoDb(c, r, ref);
  }
  return absl::UnimplementedError("unknown kind");
}

absl::Status AwsProvider::Adopt(const Resource& r, const Adoption& adoption) {
  Clients* c = ClientsFor(r.account);
  if (!c) return absl::FailedPreconditionError("AWS account " + r.account + " is not configured");
  for (const ImportedPiece& piece : adoption.pieces) RETURN_IF_ERROR(AdoptPiece(c, r, piece));
  return absl::OkStatus();
}

absl::Status AwsProvider::Release(const Resource& r, const std::vector<ImportedPiece>& pieces) {
  Clients* c = ClientsFor(r.account);
  if (!c) return absl::FailedPreconditionError("AWS account " + r.account + " is not configured");
  for (const ImportedPiece& piece : pieces) RETURN_IF_ERROR(ReleasePiece(c, r, piece));
  return absl::OkStatus();
}

}  // namespace paved::resources::aws_provider
