#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace paved::resources {

// What a developer can ask for. Each kind has a small spec (kinds.h) that the platform's
// defaults profile for the (account, environment) completes (profiles.h).
enum class Kind { kRedis, kStaticSite, kDynamoDb };
std::string KindName(Kind kind);  // redis | static-site | dynamodb
std::optional<Kind> ParseKind(std::string_view name);

// Where a resource is in its life. Creating and deleting run as sagas (saga.h): a creation
// that fails for good is undone step by step (undoing) and ends `failed` with nothing left.
enum class Status { kCreating, kReady, kUpdating, kUndoing, kFailed, kDeleting, kDeleted };
std::string StatusName(Status status);
std::optional<Status> ParseStatus(std::string_view name);

// One resource of a project in one environment (table `resources`). `name` is unique per
// (project, environment); `id` is stable and is the `paved-resource-id` tag on every piece the
// provider creates.
struct Resource {
  std::string id;
  std::string project_id;
  std::string project;     // slug, filled on reads
  std::string owner_team;  // slug of the project's owner, filled on reads
  std::string name;
  Kind kind = Kind::kRedis;
  std::string environment;
  std::string account;   // the defaults profile's cloud account (e.g. "local", "123456789012")
  std::string provider;  // local | aws
  nlohmann::json spec = nlohmann::json::object();  // what the developer asked for
  // field -> {value, source}: source team | standard, or imported for what an import found
  nlohmann::json effective = nlohmann::json::object();
  Status status = Status::kCreating;
  std::string status_detail;  // why it failed, what it waits for
  // endpoint, port, ... (never secrets); `imported: true` when Paved adopted it
  // (resource_import.cc) rather than made it
  nlohmann::json outputs = nlohmann::json::object();
  // A Redis's auth token while a saga or the creation's answer needs it (connection.h): never
  // stored in this row, never in ResourceToJson.
  std::string auth_token;
  bool deletion_protection = false;
  std::string created_by;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

// The effective value of `field` (e.g. "maxmemory_mb"), null when absent.
const nlohmann::json& EffectiveValue(const Resource& resource, const std::string& field);

nlohmann::json ResourceToJson(const Resource& resource);

}  // namespace paved::resources
