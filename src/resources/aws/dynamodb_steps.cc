// The steps of a DynamoDB table (JSON 1.0 protocol, API 2012-08-10).
#include <optional>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "resources/aws/aws_steps.h"
#include "resources/kinds.h"

namespace paved::resources::aws_provider {
namespace {

using nlohmann::json;

json Tags(const Resource& r) {
  json tags = json::array();
  for (const auto& [key, value] : PieceTags(r)) tags.push_back({{"Key", key}, {"Value", value}});
  return tags;
}

// The table's description; nullopt when there is no such table.
absl::StatusOr<std::optional<json>> DescribeTable(Clients* c, const std::string& name) {
  auto found = c->dynamodb->Call("DescribeTable", {{"TableName", name}});
  if (HasCode(found.status(), {"ResourceNotFoundException"})) return std::nullopt;
  if (!found.ok()) return found.status();
  return found->value("Table", json::object());
}

absl::StatusOr<std::string> TableOwner(Clients* c, const std::string& arn) {
  auto tags = c->dynamodb->Call("ListTagsOfResource", {{"ResourceArn", arn}});
  if (HasCode(tags.status(), {"ResourceNotFoundException"})) {
    return absl::UnavailableError("the tags of " + arn + " cannot be read yet");
  }
  if (!tags.ok()) return tags.status();
  for (const json& tag : tags->value("Tags", json::array())) {
    if (tag.value("Key", "") == kOwnerTag) return tag.value("Value", "");
  }
  return std::string();
}

json CreateRequest(const Resource& r) {
  DynamoDbKeys keys = DynamoDbKeysOf(r);
  std::string billing = StringSetting(r, "billing_mode", "PAY_PER_REQUEST");
  json request = {{"TableName", PieceName(r)},
                  {"AttributeDefinitions", keys.attributes},
                  {"KeySchema", keys.key_schema},
                  {"BillingMode", billing},
                  {"Tags", Tags(r)}};
  if (billing == "PROVISIONED") {
    request["ProvisionedThroughput"] = {{"ReadCapacityUnits", IntSetting(r, "read_capacity", 1)},
                                        {"WriteCapacityUnits", IntSetting(r, "write_capacity", 1)}};
  }
  if (BoolSetting(r, "encryption_at_rest", true)) {
    request["SSESpecification"] = {{"Enabled", true}, {"SSEType", "KMS"}};
  }
  return request;
}

class TableStep : public Step {
 public:
  TableStep(Clients* c, const AwsProviderOptions* o) : c_(c), o_(o) {}
  std::string Name() const override { return "table"; }
  std::string IdempotencyKey(const Resource& r) const override { return PieceName(r); }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    std::string name = PieceName(r);
    ASSIGN_OR_RETURN(std::optional<json> table, DescribeTable(c_, name));
    if (table && table->value("TableStatus", "") == "ACTIVE") {
      // Tags are read once the table is active; a table still being made is waited for first.
      ASSIGN_OR_RETURN(std::string owner, TableOwner(c_, table->value("TableArn", "")));
      if (owner != r.id) return NotOurs("table " + name, r);
    } else if (!table) {
      auto made = c_->dynamodb->Call("CreateTable", CreateRequest(r));
      if (HasCode(made.status(), {"ResourceInUseException"})) {
        return absl::UnavailableError("table " + name + " appeared meanwhile");
      }
      if (!made.ok()) return made.status();
      table = made->value("TableDescription", json::object());
    }
    std::string status = table->value("TableStatus", "");
    if (status != "ACTIVE") {
      return StepOutcome::Waiting(o_->poll.table_ms, "table to be active (" + status + ")");
    }
    std::string arn = table->value("TableArn", "");
    return StepOutcome::Done(
        arn, {{"table", name}, {"table_arn", arn}, {kTaggedTeamOutput, r.owner_team}});
  }

  // `provider_id` is the table's ARN (".../table/NAME"); an imported table keeps its name.
  absl::Status Undo(const Resource& r, const std::string& provider_id) override {
    std::string name = provider_id.empty() ? PieceName(r) : LastPart(provider_id, '/');
    ASSIGN_OR_RETURN(std::optional<json> table, DescribeTable(c_, name));
    if (!table) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::string owner, TableOwner(c_, table->value("TableArn", "")));
    if (owner != r.id) return absl::OkStatus();
    if (table->value("TableStatus", "") != "DELETING") {
      auto deleted = c_->dynamodb->Call("DeleteTable", {{"TableName", name}});
      if (!deleted.ok() &&
          !HasCode(deleted.status(), {"ResourceNotFoundException", "ResourceInUseException"})) {
        return deleted.status();
      }
    }
    ASSIGN_OR_RETURN(table, DescribeTable(c_, name));
    if (!table) return absl::OkStatus();
    return absl::UnavailableError("waiting for table " + name + " to be deleted");
  }

 private:
  Clients* c_;
  const AwsProviderOptions* o_;
};

class TtlStep : public Step {
 public:
  explicit TtlStep(Clients* c) : c_(c) {}
  std::string Name() const override { return "ttl"; }
  std::string IdempotencyKey(const Resource& r) const override { return PieceName(r) + "/ttl"; }

  absl::StatusOr<StepOutcome> Apply(const Resource& r, const json&) override {
    std::string attribute = StringSetting(r, "ttl_attribute");
    if (attribute.empty()) return StepOutcome::Done("");
    std::string name = PieceName(r);
    ASSIGN_OR_RETURN(json ttl, c_->dynamodb->Call("DescribeTimeToLive", {{"TableName", name}}));
    const json& now = ttl.value("TimeToLiveDescription", json::object());
    if (now.value("AttributeName", "") == attribute &&
        (now.value("TimeToLiveStatus", "") == "ENABLED" ||
         now.value("TimeToLiveStatus", "") == "ENABLING")) {
      return StepOutcome::Done(attribute, {{"ttl_attribute", attribute}});
    }
    RETURN_IF_ERROR(
        c_->dynamodb
            ->Call("UpdateTimeToLive",
                   {{"TableName", name},
                    {"TimeToLiveSpecification", {{"Enabled", true}, {"AttributeName", attribute}}}})
            .status());
    return StepOutcome::Done(attribute, {{"ttl_attribute", attribute}});
  }
  // The setting goes with the table.
  absl::Status Undo(const Resource&, const std::string&) override { return absl::OkStatus(); }

 private:
  Clients* c_;
};

}  // namespace

json DynamoDbTags(const Resource& r) { return Tags(r); }
absl::StatusOr<std::optional<json>> DescribeDynamoDbTable(Clients* c, const std::string& name) {
  return DescribeTable(c, name);
}

std::vector<std::unique_ptr<Step>> DynamoDbSteps(Clients* c, const AwsProviderOptions* o) {
  std::vector<std::unique_ptr<Step>> steps;
  steps.push_back(std::make_unique<TableStep>(c, o));
  steps.push_back(std::make_unique<TtlStep>(c));
  return steps;
}

absl::StatusOr<json> DynamoDbLiveStatus(Clients* c, const Resource& r) {
  std::string name = RecordedName(r, "table");
  ASSIGN_OR_RETURN(std::optional<json> table, DescribeTable(c, name));
  if (!table) return absl::NotFoundError("table " + name + " is gone");
  return json{{"state", table->value("TableStatus", "")}, {"items", table->value("ItemCount", 0)}};
}

absl::StatusOr<std::string> DynamoTableOwner(Clients* c, const std::string& arn) {
  return TableOwner(c, arn);
}

}  // namespace paved::resources::aws_provider
