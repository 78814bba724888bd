#include "catalog/namespace_rules.h"

#include "absl/strings/match.h"
#include "core/status_macros.h"
#include "http/json_body.h"

namespace paved::catalog {
namespace {

constexpr char kConfigKey[] = "catalog.reserved_namespaces";

absl::Status CheckReservedEntry(const nlohmann::json& entry, size_t i) {
  std::string at = std::string(kConfigKey) + "[" + std::to_string(i) + "]";
  if (!entry.is_string()) return absl::InvalidArgumentError(at + ": must be a string");
  std::string name = entry.get<std::string>();
  if (absl::EndsWith(name, "*")) name = name.substr(0, name.size() - 1) + "x";
  if (!http::IsDnsLabel(name)) {
    return absl::InvalidArgumentError(at + ": " + entry.get<std::string>() +
                                      " is not a namespace name (a DNS label, or a prefix ending "
                                      "in *)");
  }
  return absl::OkStatus();
}

}  // namespace

bool NamespaceRules::IsReserved(const std::string& ns) const {
  if (ns == "default" || ns == "istio-system" || absl::StartsWith(ns, "kube-")) return true;
  for (const std::string& r : reserved_) {
    if (absl::EndsWith(r, "*") ? absl::StartsWith(ns, r.substr(0, r.size() - 1)) : ns == r) {
      return true;
    }
  }
  return false;
}

absl::StatusOr<NamespaceRules> ParseNamespaceRules(const nlohmann::json& file) {
  if (!file.is_object() || !file.contains("catalog") || !file["catalog"].is_object()) {
    return NamespaceRules();
  }
  const nlohmann::json& catalog = file["catalog"];
  if (!catalog.contains("reserved_namespaces") || catalog["reserved_namespaces"].is_null()) {
    return NamespaceRules();
  }
  const nlohmann::json& list = catalog["reserved_namespaces"];
  if (!list.is_array())
    return absl::InvalidArgumentError(std::string(kConfigKey) + ": must be a list");
  std::vector<std::string> reserved;
  for (size_t i = 0; i < list.size(); ++i) {
    RETURN_IF_ERROR(CheckReservedEntry(list[i], i));
    reserved.push_back(list[i].get<std::string>());
  }
  return NamespaceRules(std::move(reserved));
}

}  // namespace paved::catalog
