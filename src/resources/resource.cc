#include "resources/resource.h"

#include <array>
#include <utility>

#include "core/clock.h"
#include "resources/connection.h"

namespace paved::resources {
namespace {

constexpr std::array<std::pair<Kind, std::string_view>, 3> kKinds = {{
    {Kind::kRedis, "redis"},
    {Kind::kStaticSite, "static-site"},
    {Kind::kDynamoDb, "dynamodb"},
}};

constexpr std::array<std::pair<Status, std::string_view>, 7> kStatuses = {{
    {Status::kCreating, "creating"},
    {Status::kReady, "ready"},
    {Status::kUpdating, "updating"},
    {Status::kUndoing, "undoing"},
    {Status::kFailed, "failed"},
    {Status::kDeleting, "deleting"},
    {Status::kDeleted, "deleted"},
}};

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "";
}

template <typename E, size_t N>
std::optional<E> ValueOf(const std::array<std::pair<E, std::string_view>, N>& names,
                         std::string_view name) {
  for (const auto& [v, n] : names) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string KindName(Kind kind) { return std::string(NameOf(kKinds, kind)); }
std::optional<Kind> ParseKind(std::string_view name) { return ValueOf(kKinds, name); }
std::string StatusName(Status status) { return std::string(NameOf(kStatuses, status)); }
std::optional<Status> ParseStatus(std::string_view name) { return ValueOf(kStatuses, name); }

const nlohmann::json& EffectiveValue(const Resource& resource, const std::string& field) {
  static const nlohmann::json kNull;
  auto it = resource.effective.find(field);
  if (it == resource.effective.end() || !it->is_object() || !it->contains("value")) return kNull;
  return (*it)["value"];
}

nlohmann::json ResourceToJson(const Resource& r) {
  return {{"id", r.id},
          {"project", r.project},
          {"owner_team", r.owner_team},
          {"name", r.name},
          {"kind", KindName(r.kind)},
          {"environment", r.environment},
          {"account", r.account},
          {"provider", r.provider},
          {"spec", r.spec},
          {"effective", r.effective},
          {"status", StatusName(r.status)},
          {"status_detail", r.status_detail},
          {"outputs", r.outputs},
          {"connection", ConnectionInfo(r)},
          {"deletion_protection", r.deletion_protection},
          {"imported", r.outputs.value("imported", false)},
          {"created_by", r.created_by},
          {"created_at", FormatTimeMs(r.created_at_ms)},
          {"updated_at", FormatTimeMs(r.updated_at_ms)}};
}

}  // namespace paved::resources
