#include "cost/bill_source_config.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace paved::cost {

using nlohmann::json;

absl::StatusOr<BillSourcesConfig> ParseBillSources(const json& file, const aws::EnvLookup& env) {
  BillSourcesConfig config;
  if (!file.is_object() || !file.contains("cost") || !file["cost"].is_object()) return config;
  const json& cost = file["cost"];
  ASSIGN_OR_RETURN(
      config.every_ms,
      sources::ParsePeriodMs(cost, "cost", "bill_sources_every_seconds", config.every_ms));
  if (!cost.contains("bill_sources") || cost["bill_sources"].is_null()) return config;
  const json& list = cost["bill_sources"];
  if (!list.is_array()) return aws::ConfigError("cost.bill_sources", "must be a list");
  std::set<std::string> names;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string key = absl::StrCat("cost.bill_sources[", i, "]");
    ASSIGN_OR_RETURN(BillSourceSpec spec, sources::ParseSourceSpec(list[i], key, env));
    if (!names.insert(spec.name).second) {
      return aws::ConfigError(key + ".name", "'" + spec.name + "' is named twice");
    }
    config.sources.push_back(std::move(spec));
  }
  return config;
}

}  // namespace paved::cost
