// The ElastiCache steps of a Redis (Query protocol, API 2015-02-02).
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "resources/aws/aws_steps.h"

namespace paved::resources::aws_provider {
namespace {

using aws::QueryParams;
using aws::XmlElement;
using nlohmann::json;

std::string Arn(const Clients* c, const std::string& type, const std::string& name) {
  return absl::StrCat("arn:aws:elasticache:", c->account.region, ":", c->account.id, ":", type, ":",
                      name);
}

void AddList(QueryParams& p, const std::string& prefix, const std::vector<std::string>& items) {
  for (size_t i = 0; i < items.size(); ++i)
    p.emplace_back(absl::StrCat(prefix, ".", i + 1), items[i]);
}

void AddTags(QueryParams& p, const Resource& r) {
  int n = 0;
  for (const auto& [key, value] : PieceTags(r)) {
    ++n;
    p.emplace_back(absl::StrCat("Tags.Tag.", n, ".Key"), key);
    p.emplace_back(absl::StrCat("Tags.Tag.", n, ".Value"), value);
  }
}

// The paved-resource-id tag of the piece at `arn`: "" when it has none, nullopt when the piece
// is gone.
absl::StatusOr<std::optional<std::string>> OwnerOf(Clients* c, const std::string& arn) {
  auto tags = c->elasticache->Call("ListTagsForResource", {{"ResourceName", arn}});
  if (HasCode(tags.status(), {"CacheSubnetGroupNotFoundFault", "CacheParameterGroupNotFound",
                              "ReplicationGroupNotFoundFault", "InvalidARN", "InvalidARNFault"})) {
    return std::nullopt;
  }
  if (!tags.ok()) return tags.status();
  const XmlElement* list = tags->Child("TagList");
  if (!list) return std::string();
  for (const XmlElement* tag : list->Children("Tag")) {
    if (tag->Text("Key") == kOwnerTag) return tag->Text("Value");
  }
  return std::string();
}

// Whether `r` may take over (or remove) the piece at `arn`: OK when it is this resource's,
// NotOurs when it is someone else's. `gone` is set when it does not exist.
absl::Status CheckOwner(Clients* c, const Resource& r, const std::string& arn,
                        const std::string& what, bool* gone = nullptr) {
  ASSIGN_OR_RETURN(std::optional<std::string> owner, OwnerOf(c, arn));
  if (gone) *gone = !owner.has_value();
  if (owner && *owner != r.id) return NotOurs(what, r);
  return absl::OkStatus();
}

// How to delete one kind of group (subnet or parameter group).
struct GroupKind {
  const char* arn_type;
  const char* action;
  const char* name_param;
  const char* in_use;     // error code while a replication group still uses it
  const char* not_found;  // error code once it is gone
};

// Deletes the group "paved-<id>" when it is `r`'s; OK when it is gone or someone else's;
// Unavailable while it is still in use.
absl::Status DeleteGroup(Clients* c, const Resource& r, const GroupKind& kind) {
  std::string name = PieceName(r);
  bool gone = false;
  absl::Status owned = CheckOwner(c, r, Arn(c, kind.arn_type, name), name, &gone);
  if (gone || absl::IsAlreadyExists(owned)) return absl::OkStatus();
  RETURN_IF_ERROR(owned);
  auto deleted = c->elasticache->Call(kind.action, {{kind.name_param, name}});
  if (HasCode(deleted.status(), {kind.in_use})) {
    return absl::UnavailableError(absl::StrCat(name, " is still in use (", kind.in_use, ")"));
  }
  if (deleted.ok() || HasCode(deleted.status(), {kind.not_found})) return absl::OkStatus();
  return deleted.status();
}

class SubnetGroupStep : public Step {
 public:
  explicit SubnetGroupStep(Clients* c) : c_(c) {}
  std::string Name() const override { return "subnet-group"; }
  std::string IdempotencyKey(const Resource& r) const override { return PieceName(r); }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    std::vector<std::string> subnets = ListSetting(r, "subnets");
    if (subnets.empty()) {
      std::string existing = StringSetting(r, "subnet_group");
      if (existing.empty()) {
        return absl::FailedPreconditionError(
            "the standard names neither subnets nor a subnet_group for a Redis");
      }
      return StepOutcome::Done(existing, {{"subnet_group", existing}});
    }
    std::string name = PieceName(r);
    QueryParams p = {{"CacheSubnetGroupName", name},
                     {"CacheSubnetGroupDescription", "Paved: " + r.project + "/" + r.name}};
    AddList(p, "SubnetIds.SubnetIdentifier", subnets);
    AddTags(p, r);
    auto made = c_->elasticache->Call("CreateCacheSubnetGroup", p);
    if (HasCode(made.status(), {"CacheSubnetGroupAlreadyExists"})) {
      RETURN_IF_ERROR(
          CheckOwner(c_, r, Arn(c_, "subnetgroup", name), "cache subnet group " + name));
    } else if (!made.ok()) {
      return made.status();
    }
    return StepOutcome::Done(name, {{"subnet_group", name}});
  }

  absl::Status Undo(const Resource& r, const std::string&) override {
    return DeleteGroup(c_, r,
                       {.arn_type = "subnetgroup",
                        .action = "DeleteCacheSubnetGroup",
                        .name_param = "CacheSubnetGroupName",
                        .in_use = "CacheSubnetGroupInUse",
                        .not_found = "CacheSubnetGroupNotFoundFault"});
  }

 private:
  Clients* c_;
};

// "7.1" → "redis7", "6.2" → "redis6.x", "5.0.6" → "redis5.0".
std::string Family(const std::string& version) {
  int major = 0;
  (void)absl::SimpleAtoi(version.substr(0, version.find('.')), &major);
  if (major >= 7) return absl::StrCat("redis", major);
  if (major == 6) return "redis6.x";
  return "redis" + version.substr(0, 3);
}

// The parameter group the standard names for `r`'s engine version: "" (the engine's default),
// "create" (Paved makes one), or the name of an existing group.
std::string WantedParameterGroup(const Resource& r) {
  const json& groups = EffectiveValue(r, "parameter_groups");
  std::string version = StringSetting(r, "engine_version", "7.0");
  if (!groups.is_object() || !groups.contains(version) || !groups[version].is_string()) return "";
  return groups[version].get<std::string>();
}

class ParameterGroupStep : public Step {
 public:
  explicit ParameterGroupStep(Clients* c) : c_(c) {}
  std::string Name() const override { return "parameter-group"; }
  std::string IdempotencyKey(const Resource& r) const override { return PieceName(r); }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    std::string wanted = WantedParameterGroup(r);
    if (wanted.empty()) return StepOutcome::Done("");
    if (wanted != "create") return StepOutcome::Done(wanted, {{"parameter_group", wanted}});
    std::string name = PieceName(r);
    QueryParams p = {
        {"CacheParameterGroupName", name},
        {"CacheParameterGroupFamily", Family(StringSetting(r, "engine_version", "7.0"))},
        {"Description", "Paved: " + r.project + "/" + r.name}};
    AddTags(p, r);
    auto made = c_->elasticache->Call("CreateCacheParameterGroup", p);
    if (HasCode(made.status(), {"CacheParameterGroupAlreadyExists"})) {
      RETURN_IF_ERROR(
          CheckOwner(c_, r, Arn(c_, "parametergroup", name), "cache parameter group " + name));
    } else if (!made.ok()) {
      return made.status();
    }
    RETURN_IF_ERROR(
        c_->elasticache
            ->Call("ModifyCacheParameterGroup",
                   {{"CacheParameterGroupName", name},
                    {"ParameterNameValues.ParameterNameValue.1.ParameterName", "maxmemory-policy"},
                    {"ParameterNameValues.ParameterNameValue.1.ParameterValue",
                     StringSetting(r, "eviction_policy", "allkeys-lru")}})
            .status());
    return StepOutcome::Done(name, {{"parameter_group", name}});
  }

  absl::Status Undo(const Resource& r, const std::string&) override {
    if (WantedParameterGroup(r) != "create") return absl::OkStatus();  // nothing was made
    return DeleteGroup(c_, r,
                       {.arn_type = "parametergroup",
                        .action = "DeleteCacheParameterGroup",
                        .name_param = "CacheParameterGroupName",
                        .in_use = "InvalidCacheParameterGroupState",
                        .not_found = "CacheParameterGroupNotFound"});
  }

 private:
  Clients* c_;
};

std::string NodeType(const Resource& r) {
  if (std::string imported = StringSetting(r, "node_type"); !imported.empty()) return imported;
  std::string size = StringSetting(r, "size", "s");
  const json& types = EffectiveValue(r, "node_types");
  if (types.is_object() && types.contains(size) && types[size].is_string()) return types[size];
  return size == "l" ? "cache.r7g.xlarge" : size == "m" ? "cache.m7g.large" : "cache.t4g.small";
}

// The replication group called `name`, nullopt when there is none.
absl::StatusOr<std::optional<XmlElement>> Describe(Clients* c, const std::string& name) {
  auto found = c->elasticache->Call("DescribeReplicationGroups", {{"ReplicationGroupId", name}});
  if (HasCode(found.status(), {"ReplicationGroupNotFoundFault"})) return std::nullopt;
  if (!found.ok()) return found.status();
  const XmlElement* group = found->Find("ReplicationGroup");
  if (!group) return std::nullopt;
  return *group;
}

absl::StatusOr<QueryParams> CreateParams(const Resource& r, const json& outputs,
                                         const AwsProviderOptions* o) {
  int64_t replicas = IntSetting(r, "replicas", 0);
  QueryParams p = {
      {"ReplicationGroupId", PieceName(r)},
      {"ReplicationGroupDescription", "Paved: " + r.project + "/" + r.name},
      {"Engine", "redis"},
      {"EngineVersion", StringSetting(r, "engine_version", "7.0")},
      {"CacheNodeType", NodeType(r)},
      {"NumCacheClusters", std::to_string(1 + replicas)},
      {"AutomaticFailoverEnabled", replicas > 0 ? "true" : "false"},
      {"SnapshotRetentionLimit", std::to_string(IntSetting(r, "backup_retention_days"))},
      {"AtRestEncryptionEnabled", BoolSetting(r, "encryption_at_rest") ? "true" : "false"}};
  for (const char* key : {"subnet_group", "parameter_group"}) {
    if (!outputs.contains(key) || !outputs[key].is_string()) continue;
    p.emplace_back(
        key == std::string("subnet_group") ? "CacheSubnetGroupName" : "CacheParameterGroupName",
        outputs[key].get<std::string>());
  }
  AddList(p, "SecurityGroupIds.SecurityGroupId", ListSetting(r, "security_groups"));
  if (std::string w = StringSetting(r, "snapshot_window"); !w.empty())
    p.emplace_back("SnapshotWindow", w);
  if (std::string w = StringSetting(r, "maintenance_window"); !w.empty()) {
    p.emplace_back("PreferredMaintenanceWindow", w);
  }
  if (BoolSetting(r, "encryption_in_transit")) {
    // The token Paved generated for the resource; a bare provider (tests) asks its options.
    std::string token = r.auth_token;
    if (token.empty() && o->redis_auth_token) {
      ASSIGN_OR_RETURN(token, o->redis_auth_token(r));
    }
    if (token.empty()) return absl::FailedPreconditionError("the Redis has no auth token");
    p.emplace_back("TransitEncryptionEnabled", "true");
    p.emplace_back("AuthToken", token);
  }
  AddTags(p, r);
  return p;
}

class ReplicationGroupStep : public Step {
 public:
  ReplicationGroupStep(Clients* c, const AwsProviderOptions* o) : c_(c), o_(o) {}
  std::string Name() const override { return "replication-group"; }
  std::string IdempotencyKey(const Resource& r) const override { return PieceName(r); }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json& outputs) override {
    std::string name = PieceName(r);
    ASSIGN_OR_RETURN(std::optional<XmlElement> group, Describe(c_, name));
    if (group) {
      RETURN_IF_ERROR(CheckOwner(c_, r, group->Text("ARN"), "replication group " + name));
    } else {
      ASSIGN_OR_RETURN(QueryParams params, CreateParams(r, outputs, o_));
      auto made = c_->elasticache->Call("CreateReplicationGroup", params);
      if (HasCode(made.status(), {"ReplicationGroupAlreadyExists"})) {
        return absl::UnavailableError("replication group " + name + " appeared meanwhile");
      }
      if (!made.ok()) return made.status();
      const XmlElement* created = made->Find("ReplicationGroup");
      if (!created) return absl::UnavailableError("CreateReplicationGroup answered no group");
      group = *created;
    }
    return Outcome(*group);
  }

  // `provider_id` is the group's ARN; an imported group keeps its own name.
  absl::Status Undo(const Resource& r, const std::string& provider_id) override {
    std::string name = provider_id.empty() ? PieceName(r) : LastPart(provider_id, ':');
    ASSIGN_OR_RETURN(std::optional<XmlElement> group, Describe(c_, name));
    if (!group) return absl::OkStatus();
    absl::Status owned = CheckOwner(c_, r, group->Text("ARN"), name);
    if (absl::IsAlreadyExists(owned)) return absl::OkStatus();
    RETURN_IF_ERROR(owned);
    if (group->Text("Status") != "deleting") {
      auto deleted =
          c_->elasticache->Call("DeleteReplicationGroup", {{"ReplicationGroupId", name}});
      if (!deleted.ok() && !HasCode(deleted.status(), {"ReplicationGroupNotFoundFault",
                                                       "InvalidReplicationGroupState"})) {
        return deleted.status();
      }
    }
    return absl::UnavailableError("waiting for replication group " + name + " to be deleted");
  }

 private:
  StepOutcome Outcome(const XmlElement& group) {
    std::string status = group.Text("Status");
    if (status != "available") {
      return StepOutcome::Waiting(o_->poll.replication_group_ms,
                                  "replication group to be available (" + status + ")");
    }
    json out = {{"replication_group", group.Text("ReplicationGroupId")}};
    if (const XmlElement* primary = group.Find("PrimaryEndpoint")) {
      int port = 0;
      (void)absl::SimpleAtoi(primary->Text("Port"), &port);
      out["host"] = primary->Text("Address");
      out["port"] = port;
    }
    if (const XmlElement* reader = group.Find("ReaderEndpoint"))
      out["reader_host"] = reader->Text("Address");
    return StepOutcome::Done(group.Text("ARN"), out);
  }

  Clients* c_;
  const AwsProviderOptions* o_;
};

class TagsStep : public Step {
 public:
  explicit TagsStep(Clients* c) : c_(c) {}
  std::string Name() const override { return "tags"; }
  std::string IdempotencyKey(const Resource& r) const override { return PieceName(r); }
  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    std::string arn = Arn(c_, "replicationgroup", PieceName(r));
    QueryParams p = {{"ResourceName", arn}};
    AddTags(p, r);
    RETURN_IF_ERROR(c_->elasticache->Call("AddTagsToResource", p).status());
    return StepOutcome::Done(arn, {{kTaggedTeamOutput, r.owner_team}});
  }
  // The tags go with the replication group.
  absl::Status Undo(const Resource&, const std::string&) override { return absl::OkStatus(); }

 private:
  Clients* c_;
};

}  // namespace

std::string ElastiCacheArn(const Clients* c, const std::string& type, const std::string& name) {
  return Arn(c, type, name);
}
void AddElastiCacheTags(aws::QueryParams& params, const Resource& r) { AddTags(params, r); }
absl::Status CheckElastiCacheOwner(Clients* c, const Resource& r, const std::string& arn,
                                   const std::string& what) {
  return CheckOwner(c, r, arn, what);
}
absl::StatusOr<std::optional<aws::XmlElement>> DescribeReplicationGroup(Clients* c,
                                                                        const std::string& name) {
  return Describe(c, name);
}
std::string RedisNodeType(const Resource& r) { return NodeType(r); }
std::string RedisParameterGroup(const Resource& r) { return WantedParameterGroup(r); }

std::vector<std::unique_ptr<Step>> RedisSteps(Clients* c, const AwsProviderOptions* o) {
  std::vector<std::unique_ptr<Step>> steps;
  steps.push_back(std::make_unique<SubnetGroupStep>(c));
  steps.push_back(std::make_unique<ParameterGroupStep>(c));
  steps.push_back(std::make_unique<ReplicationGroupStep>(c, o));
  steps.push_back(std::make_unique<TagsStep>(c));
  return steps;
}

absl::StatusOr<json> RedisLiveStatus(Clients* c, const Resource& r) {
  std::string name = RecordedName(r, "replication_group");
  ASSIGN_OR_RETURN(std::optional<XmlElement> group, Describe(c, name));
  if (!group) return absl::NotFoundError("replication group " + name + " is gone");
  const XmlElement* members = group->Child("MemberClusters");
  return json{{"state", group->Text("Status")},
              {"nodes", members ? members->children.size() : 0},
              {"node_type", group->Text("CacheNodeType")}};
}

absl::StatusOr<std::optional<std::string>> ElastiCacheOwner(Clients* c, const std::string& arn) {
  return OwnerOf(c, arn);
}

absl::Status TagElastiCache(Clients* c, const Resource& r, const std::string& arn) {
  QueryParams p = {{"ResourceName", arn}};
  AddTags(p, r);
  return c->elasticache->Call("AddTagsToResource", p).status();
}

}  // namespace paved::resources::aws_provider
