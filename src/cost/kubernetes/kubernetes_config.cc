#include "cost/kubernetes/kubernetes_config.h"

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace paved::cost::kubernetes {
namespace {

using nlohmann::json;

absl::Status Invalid(const std::string& key, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("cost.kubernetes.", key, ": ", why));
}

absl::Status ReadString(const json& block, const std::string& key, std::string& out,
                        const std::string& prefix = "") {
  if (!block.contains(key)) return absl::OkStatus();
  if (!block[key].is_string()) return Invalid(prefix + key, "not a string");
  out = block[key].get<std::string>();
  return absl::OkStatus();
}

absl::Status ReadNumber(const json& block, const std::string& key, double& out,
                        const std::string& prefix = "") {
  if (!block.contains(key)) return absl::OkStatus();
  if (!block[key].is_number() || block[key].get<double>() < 0) {
    return Invalid(prefix + key, "not a number of at least 0");
  }
  out = block[key].get<double>();
  return absl::OkStatus();
}

absl::Status ReadPrice(const json& block, const std::string& key, NodePrice& out) {
  if (!block.is_object()) return Invalid(key, "not a map of cpu_hour, gib_hour or hourly");
  for (const auto& [name, value] : block.items()) {
    if (name != "cpu_hour" && name != "gib_hour" && name != "hourly") {
      return Invalid(key + "." + name, "unknown key (cpu_hour, gib_hour, hourly)");
    }
  }
  RETURN_IF_ERROR(ReadNumber(block, "cpu_hour", out.cpu_hour, key + "."));
  RETURN_IF_ERROR(ReadNumber(block, "gib_hour", out.gib_hour, key + "."));
  return ReadNumber(block, "hourly", out.hourly, key + ".");
}

absl::Status ReadMetrics(const json& block, MetricNames& m) {
  if (!block.is_object()) return Invalid("metrics", "not a map");
  const std::pair<const char*, std::string*> fields[] = {
      {"cpu_usage", &m.cpu_usage},
      {"memory_working_set", &m.memory_working_set},
      {"requests", &m.requests},
      {"pod_info", &m.pod_info},
      {"node_labels", &m.node_labels},
      {"node_info", &m.node_info},
      {"node_capacity", &m.node_capacity},
      {"instance_type_label", &m.instance_type_label},
      {"provider_id_label", &m.provider_id_label},
      {"cluster_label", &m.cluster_label}};
  for (const auto& [name, value] : block.items()) {
    bool known = false;
    for (const auto& [field, out] : fields) known = known || name == field;
    if (!known) return Invalid("metrics." + name, "unknown key");
  }
  for (const auto& [field, out] : fields) {
    RETURN_IF_ERROR(ReadString(block, field, *out, "metrics."));
  }
  return absl::OkStatus();
}

absl::Status ReadShared(const json& block, std::vector<SharedNamespace>& out) {
  out.clear();
  if (block.is_array()) {
    for (const json& name : block) {
      if (!name.is_string()) return Invalid("shared_namespaces", "not a list of names");
      out.push_back({name.get<std::string>(), {}});
    }
    return absl::OkStatus();
  }
  if (!block.is_object()) return Invalid("shared_namespaces", "not a list or a map");
  for (const auto& [ns, weights] : block.items()) {
    SharedNamespace s{ns, {}};
    if (!weights.is_null() && !weights.is_object()) {
      return Invalid("shared_namespaces." + ns, "not a map of team to weight");
    }
    if (weights.is_object()) {
      for (const auto& [team, w] : weights.items()) {
        RETURN_IF_ERROR(
            ReadNumber(weights, team, s.weights[team], "shared_namespaces." + ns + "."));
      }
    }
    out.push_back(std::move(s));
  }
  return absl::OkStatus();
}

absl::Status ReadInt(const json& block, const std::string& key, int64_t& out, int64_t unit) {
  if (!block.contains(key)) return absl::OkStatus();
  if (!block[key].is_number_integer() || block[key].get<int64_t>() <= 0) {
    return Invalid(key, "not a whole number above 0");
  }
  out = block[key].get<int64_t>() * unit;
  return absl::OkStatus();
}

absl::Status ReadBlock(const json& k, KubernetesCostConfig& c) {
  RETURN_IF_ERROR(ReadString(k, "prometheus_url", c.prometheus_url));
  RETURN_IF_ERROR(ReadString(k, "cluster", c.cluster));
  if (k.contains("metrics")) RETURN_IF_ERROR(ReadMetrics(k["metrics"], c.metrics));
  if (k.contains("shared_namespaces")) {
    RETURN_IF_ERROR(ReadShared(k["shared_namespaces"], c.shared_namespaces));
  }
  if (k.contains("node_prices")) {
    if (!k["node_prices"].is_object()) return Invalid("node_prices", "not a map");
    for (const auto& [type, price] : k["node_prices"].items()) {
      RETURN_IF_ERROR(ReadPrice(price, "node_prices." + type, c.node_prices[type]));
    }
  }
  if (k.contains("default_price")) {
    RETURN_IF_ERROR(ReadPrice(k["default_price"], "default_price", c.default_price));
  }
  RETURN_IF_ERROR(ReadNumber(k, "cpu_to_ram_price_ratio", c.cpu_to_ram_price_ratio));
  RETURN_IF_ERROR(ReadInt(k, "timeout_seconds", c.timeout_ms, 1000));
  RETURN_IF_ERROR(ReadInt(k, "max_response_bytes", c.max_response_bytes, 1));
  RETURN_IF_ERROR(ReadInt(k, "every_minutes", c.every_ms, 60'000));
  int64_t backfill = c.backfill_days;
  RETURN_IF_ERROR(ReadInt(k, "backfill_days", backfill, 1));
  c.backfill_days = static_cast<int>(std::min<int64_t>(backfill, 366));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<KubernetesCostConfig> ParseKubernetesCostConfig(const json& file) {
  KubernetesCostConfig c;
  if (!file.is_object() || !file.contains("cost") || !file["cost"].is_object() ||
      !file["cost"].contains("kubernetes") || file["cost"]["kubernetes"].is_null()) {
    return c;
  }
  const json& k = file["cost"]["kubernetes"];
  if (!k.is_object()) return Invalid("", "not a map");
  RETURN_IF_ERROR(ReadBlock(k, c));
  c.enabled = !c.prometheus_url.empty();
  if (c.enabled && c.cluster.empty()) return Invalid("cluster", "required with prometheus_url");
  if (c.cpu_to_ram_price_ratio <= 0) return Invalid("cpu_to_ram_price_ratio", "must be above 0");
  return c;
}

}  // namespace paved::cost::kubernetes
