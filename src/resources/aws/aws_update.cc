// In-place updates of the aws provider: each kind is brought to the resource's effective
// settings by comparing them with what AWS reports now, so running it again (a retry, a poll,
// or the previous settings put back) changes only what still differs.
#include <optional>

#include "absl/strings/str_cat.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "resources/aws/aws_steps.h"

namespace paved::resources::aws_provider {
namespace {

using aws::QueryParams;
using aws::XmlElement;
using nlohmann::json;

// Sends one ElastiCache change and waits for the group to be available again.
absl::StatusOr<StepOutcome> Change(Clients* c, const AwsProviderOptions* o,
                                   const std::string& action, QueryParams params,
                                   const std::string& what) {
  params.emplace_back("ApplyImmediately", "true");
  auto changed = c->elasticache->Call(action, params);
  if (HasCode(changed.status(),
              {"InvalidReplicationGroupState", "InvalidReplicationGroupStateFault",
               "InvalidCacheClusterState", "InvalidCacheClusterStateFault"})) {
    return StepOutcome::Waiting(o->poll.replication_group_ms, "replication group to be available");
  }
  if (!changed.ok()) return changed.status();
  return StepOutcome::Waiting(o->poll.replication_group_ms, what);
}

// The replicas the group has now: its member clusters but the primary.
int64_t Replicas(const XmlElement& group) {
  const XmlElement* members = group.Child("MemberClusters");
  int64_t n = members ? static_cast<int64_t>(members->children.size()) : 1;
  return n > 0 ? n - 1 : 0;
}

// The eviction policy of the parameter group Paved made: set every time (it is idempotent).
absl::Status SetEvictionPolicy(Clients* c, const Resource& r) {
  return c->elasticache
      ->Call("ModifyCacheParameterGroup",
             {{"CacheParameterGroupName", PieceName(r)},
              {"ParameterNameValues.ParameterNameValue.1.ParameterName", "maxmemory-policy"},
              {"ParameterNameValues.ParameterNameValue.1.ParameterValue",
               StringSetting(r, "eviction_policy", "allkeys-lru")}})
      .status();
}

}  // namespace

absl::StatusOr<StepOutcome> UpdateRedis(Clients* c, const AwsProviderOptions* o,
                                        const Resource& r) {
  std::string name = RecordedName(r, "replication_group");
  ASSIGN_OR_RETURN(std::optional<XmlElement> group, DescribeReplicationGroup(c, name));
  if (!group) return absl::FailedPreconditionError("replication group " + name + " is gone");
  RETURN_IF_ERROR(CheckElastiCacheOwner(c, r, group->Text("ARN"), "replication group " + name));
  std::string status = group->Text("Status");
  if (status != "available") {
    return StepOutcome::Waiting(o->poll.replication_group_ms,
                                "replication group to be available (" + status + ")");
  }
  if (RedisParameterGroup(r) == "create") RETURN_IF_ERROR(SetEvictionPolicy(c, r));
  std::string node_type = RedisNodeType(r);
  if (group->Text("CacheNodeType") != node_type) {
    return Change(c, o, "ModifyReplicationGroup",
                  {{"ReplicationGroupId", name}, {"CacheNodeType", node_type}},
                  "node type " + node_type);
  }
  int64_t wanted = IntSetting(r, "replicas", 0);
  int64_t now = Replicas(*group);
  bool failover = group->Text("AutomaticFailover") == "enabled" ||
                  group->Text("AutomaticFailover") == "enabling";
  if (now < wanted) {
    return Change(c, o, "IncreaseReplicaCount",
                  {{"ReplicationGroupId", name}, {"NewReplicaCount", std::to_string(wanted)}},
                  absl::StrCat(wanted, " replicas"));
  }
  if (wanted == 0 && failover) {  // the last replica may only go without automatic failover
    return Change(c, o, "ModifyReplicationGroup",
                  {{"ReplicationGroupId", name}, {"AutomaticFailoverEnabled", "false"}},
                  "automatic failover off");
  }
  if (now > wanted) {
    return Change(c, o, "DecreaseReplicaCount",
                  {{"ReplicationGroupId", name}, {"NewReplicaCount", std::to_string(wanted)}},
                  absl::StrCat(wanted, " replicas"));
  }
  if (wanted > 0 && !failover) {
    return Change(c, o, "ModifyReplicationGroup",
                  {{"ReplicationGroupId", name}, {"AutomaticFailoverEnabled", "true"}},
                  "automatic failover on");
  }
  return StepOutcome::Done(group->Text("ARN"));
}

absl::StatusOr<StepOutcome> UpdateStaticSite(Clients* c, const Resource& r) {
  std::string bucket = RecordedName(r, "bucket");
  std::string index = StringSetting(r, "index_document", "index.html");
  XmlElement website{.name = "WebsiteConfiguration"};
  website.Add("IndexDocument").Add("Suffix", index);
  website.Add("ErrorDocument").Add("Key", StringSetting(r, "error_document", "404.html"));
  RETURN_IF_ERROR(
      c->s3->Call("PUT", "/" + bucket + "?website", aws::WriteXml(website, kS3Ns)).status());
  // The distribution serves the index document at its root too.
  ASSIGN_OR_RETURN(std::optional<XmlElement> found, FindSiteDistribution(c, r));
  if (!found) return StepOutcome::Done(bucket);
  std::string path = absl::StrCat("/2020-05-31/distribution/", found->Text("Id"), "/config");
  ASSIGN_OR_RETURN(aws::RestXmlAnswer config, c->cloudfront->Call("GET", path));
  if (config.body.Text("DefaultRootObject") == index) return StepOutcome::Done(bucket);
  XmlElement changed = config.body;
  for (XmlElement& e : changed.children) {
    if (e.name == "DefaultRootObject") e.text = index;
  }
  RETURN_IF_ERROR(c->cloudfront
                      ->Call("PUT", path, aws::WriteXml(changed, kCloudFrontNs),
                             {{"If-Match", config.Header("ETag")}})
                      .status());
  return StepOutcome::Done(bucket);
}

absl::StatusOr<StepOutcome> UpdateDynamoDb(Clients* c, const AwsProviderOptions* o,
                                           const Resource& r) {
  std::string name = RecordedName(r, "table");
  ASSIGN_OR_RETURN(std::optional<json> table, DescribeDynamoDbTable(c, name));
  if (!table) return absl::FailedPreconditionError("table " + name + " is gone");
  std::string status = table->value("TableStatus", "");
  if (status != "ACTIVE") {
    return StepOutcome::Waiting(o->poll.table_ms, "table to be active (" + status + ")");
  }
  std::string billing = StringSetting(r, "billing_mode", "PAY_PER_REQUEST");
  // A table that never had on-demand billing reports no summary: it is provisioned.
  std::string billed =
      table->value("BillingModeSummary", json::object()).value("BillingMode", "PROVISIONED");
  json request = {{"TableName", name}};
  if (billed != billing) request["BillingMode"] = billing;
  if (billing == "PROVISIONED") {
    json wanted = {{"ReadCapacityUnits", IntSetting(r, "read_capacity", 1)},
                   {"WriteCapacityUnits", IntSetting(r, "write_capacity", 1)}};
    const json& now = table->value("ProvisionedThroughput", json::object());
    if (now.value("ReadCapacityUnits", 0) != wanted["ReadCapacityUnits"] ||
        now.value("WriteCapacityUnits", 0) != wanted["WriteCapacityUnits"]) {
      request["ProvisionedThroughput"] = wanted;
    }
  }
  if (request.size() > 1) {
    auto updated = c->dynamodb->Call("UpdateTable", request);
    if (HasCode(updated.status(), {"ResourceInUseException"})) {
      return StepOutcome::Waiting(o->poll.table_ms, "table to be active");
    }
    if (!updated.ok()) return updated.status();
    return StepOutcome::Waiting(o->poll.table_ms, "table billing " + billing);
  }
  std::string attribute = StringSetting(r, "ttl_attribute");
  ASSIGN_OR_RETURN(json ttl, c->dynamodb->Call("DescribeTimeToLive", {{"TableName", name}}));
  const json& now = ttl.value("TimeToLiveDescription", json::object());
  std::string ttl_status = now.value("TimeToLiveStatus", "DISABLED");
  std::string ttl_attribute = now.value("AttributeName", "");
  bool on = ttl_status == "ENABLED" || ttl_status == "ENABLING";
  if (on && ttl_attribute != attribute) {  // one TTL attribute at a time: the old one goes first
    RETURN_IF_ERROR(
        c->dynamodb
            ->Call("UpdateTimeToLive", {{"TableName", name},
                                        {"TimeToLiveSpecification",
                                         {{"Enabled", false}, {"AttributeName", ttl_attribute}}}})
            .status());
    on = false;
  }
  if (!attribute.empty() && !on) {
    RETURN_IF_ERROR(
        c->dynamodb
            ->Call("UpdateTimeToLive",
                   {{"TableName", name},
                    {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", attribute}}}})
            .status());
  }
  return StepOutcome::Done(table->value("TableArn", ""));
}

absl::Status AwsProvider::CheckUpdate(const Resource& before, const Resource& after) {
  if (after.kind != Kind::kRedis) return absl::OkStatus();
  std::string group = RedisParameterGroup(after);
  if (StringSetting(before, "eviction_policy", "allkeys-lru") !=
          StringSetting(after, "eviction_policy", "allkeys-lru") &&
      group != "create") {
    return DomainError(
        absl::StatusCode::kFailedPrecondition, "eviction_policy_fixed",
        absl::StrCat("the eviction policy is set by the parameter group ",
                     group.empty() ? "ElastiCache gives by default" : group,
                     ", which Paved did not create; ask the platform team to have Paved create "
                     "the parameter group (parameter_groups: \"create\") in the standard"),
        "spec.eviction_policy");
  }
  // ReplicationGroup reports no engine version, so an update could not tell whether an upgrade
  // it asked for has happened; a new version is a new resource for now.
  if (StringSetting(before, "engine_version", "7.0") !=
      StringSetting(after, "engine_version", "7.0")) {
    return DomainError(absl::StatusCode::kFailedPrecondition, "engine_version_fixed",
                       "the aws provider does not change a Redis's engine version in place; "
                       "create a new resource with the version instead",
                       "spec.engine_version");
  }
  return absl::OkStatus();
}

}  // namespace paved::resources::aws_provider
