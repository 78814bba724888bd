#include "monitoring/monitoring_config.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace paved::monitoring {
namespace {

using nlohmann::json;

constexpr size_t kMaxText = 1000;

absl::Status Invalid(const std::string& key, const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat("monitoring", key.empty() ? "" : ".", key, ": ", why));
}

// Refuses a non-map block and keys outside `known`.
absl::Status CheckBlock(const json& block, const std::string& key,
                        const std::set<std::string>& known) {
  if (!block.is_object()) return Invalid(key, "must be a map");
  for (const auto& [name, value] : block.items()) {
    if (!known.count(name)) return Invalid(key.empty() ? name : key + "." + name, "unknown key");
  }
  return absl::OkStatus();
}

absl::Status ReadText(const json& block, const std::string& prefix, const std::string& key,
                      std::string& out) {
  if (!block.contains(key) || block[key].is_null()) return absl::OkStatus();
  if (!block[key].is_string() || block[key].get<std::string>().size() > kMaxText) {
    return Invalid(prefix + key, "must be a string of at most 1000 characters");
  }
  out = block[key].get<std::string>();
  return absl::OkStatus();
}

absl::Status ReadName(const json& block, const std::string& prefix, const std::string& key,
                      bool label, std::string& out) {
  RETURN_IF_ERROR(ReadText(block, prefix, key, out));
  if (label && !IsLabelName(out)) {
    return Invalid(prefix + key, "must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
  }
  if (!label && !IsMetricName(out)) {
    return Invalid(prefix + key, "must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
  }
  return absl::OkStatus();
}

absl::Status ReadPercent(const json& block, const std::string& prefix, const std::string& key,
                         double& out) {
  if (!block.contains(key)) return absl::OkStatus();
  if (!block[key].is_number() ||
      !(block[key].get<double>() > 0 && block[key].get<double>() < 100)) {
    return Invalid(prefix + key, "must be a percentage above 0 and below 100");
  }
  out = block[key].get<double>();
  return absl::OkStatus();
}

absl::Status ReadInt(const json& block, const std::string& prefix, const std::string& key, int min,
                     int max, int& out) {
  if (!block.contains(key)) return absl::OkStatus();
  if (!block[key].is_number_integer() || block[key].get<int64_t>() < min ||
      block[key].get<int64_t>() > max) {
    return Invalid(prefix + key, absl::StrCat("must be a whole number from ", min, " to ", max));
  }
  out = static_cast<int>(block[key].get<int64_t>());
  return absl::OkStatus();
}

// `match: {label: value}`: exact matchers that belong to a metric.
absl::Status ReadMatch(const json& v, const std::string& at,
                       std::map<std::string, std::string>& out) {
  if (!v.is_object()) return Invalid(at, "must be a map of label to value");
  out.clear();
  for (const auto& [label, value] : v.items()) {
    if (!IsLabelName(label)) return Invalid(at + "." + label, "not a Prometheus label name");
    RETURN_IF_ERROR(ReadText(v, at + ".", label, out[label]));
  }
  return absl::OkStatus();
}

absl::Status ReadRequestMetrics(const json& block, const std::string& key, RequestMetrics& m) {
  RETURN_IF_ERROR(
      CheckBlock(block, key,
                 {"source", "requests_total", "duration_bucket", "duration_unit", "namespace_label",
                  "service_label", "status_label", "error_regex", "match"}));
  const std::string p = key + ".";
  RETURN_IF_ERROR(ReadName(block, p, "requests_total", false, m.requests_total));
  RETURN_IF_ERROR(ReadName(block, p, "duration_bucket", false, m.duration_bucket));
  RETURN_IF_ERROR(ReadText(block, p, "duration_unit", m.duration_unit));
  if (m.duration_unit != "seconds" && m.duration_unit != "milliseconds") {
    return Invalid(p + "duration_unit", "must be seconds or milliseconds");
  }
  RETURN_IF_ERROR(ReadName(block, p, "namespace_label", true, m.namespace_label));
  RETURN_IF_ERROR(ReadName(block, p, "service_label", true, m.service_label));
  RETURN_IF_ERROR(ReadName(block, p, "status_label", true, m.status_label));
  RETURN_IF_ERROR(ReadText(block, p, "error_regex", m.error_regex));
  if (m.error_regex.empty()) return Invalid(p + "error_regex", "must not be empty");
  if (block.contains("match")) RETURN_IF_ERROR(ReadMatch(block["match"], p + "match", m.match));
  return absl::OkStatus();
}

// A metric as a name, or as {name, match: {label: value}}.
absl::Status ReadMetricRef(const json& block, const std::string& prefix, const std::string& key,
                           MetricRef& out) {
  if (!block.contains(key) || block[key].is_null()) return absl::OkStatus();
  const json& v = block[key];
  if (v.is_string()) {
    out = MetricRef{};
    return ReadName(block, prefix, key, false, out.name);
  }
  RETURN_IF_ERROR(CheckBlock(v, prefix + key, {"name", "match"}));
  MetricRef ref;
  RETURN_IF_ERROR(ReadName(v, prefix + key + ".", "name", false, ref.name));
  if (v.contains("match"))
    RETURN_IF_ERROR(ReadMatch(v["match"], prefix + key + ".match", ref.match));
  out = std::move(ref);
  return absl::OkStatus();
}

absl::Status ReadSaturation(const json& block, SaturationMetrics& s) {
  const std::vector<std::pair<const char*, MetricRef*>> metrics = {
      {"cpu_throttled_periods", &s.cpu_throttled_periods},
      {"cpu_periods", &s.cpu_periods},
      {"memory_working_set", &s.memory_working_set},
      {"memory_limit", &s.memory_limit},
      {"restarts", &s.restarts},
      {"oom_killed", &s.oom_killed},
      {"evicted", &s.evicted},
      {"volume_used", &s.volume_used},
      {"volume_capacity", &s.volume_capacity}};
  const std::vector<std::pair<const char*, std::string*>> labels = {
      {"namespace_label", &s.namespace_label},
      {"container_label", &s.container_label},
      {"pod_label", &s.pod_label},
      {"volume_label", &s.volume_label}};
  std::set<std::string> known;
  for (const auto& [k, v] : metrics) known.insert(k);
  for (const auto& [k, v] : labels) known.insert(k);
  RETURN_IF_ERROR(CheckBlock(block, "saturation", known));
  for (const auto& [k, v] : metrics) RETURN_IF_ERROR(ReadMetricRef(block, "saturation.", k, *v));
  for (const auto& [k, v] : labels) RETURN_IF_ERROR(ReadName(block, "saturation.", k, true, *v));
  if (s.volume_used.name.empty() != s.volume_capacity.name.empty()) {
    return Invalid("saturation.volume_used", "volume_used and volume_capacity go together");
  }
  return absl::OkStatus();
}

absl::Status ReadSlo(const json& block, Slo& slo) {
  RETURN_IF_ERROR(CheckBlock(block, "slo", {"availability", "latency", "window_days"}));
  RETURN_IF_ERROR(ReadPercent(block, "slo.", "availability", slo.availability));
  RETURN_IF_ERROR(ReadInt(block, "slo.", "window_days", 1, 366, slo.window_days));
  if (!block.contains("latency")) return absl::OkStatus();
  const json& latency = block["latency"];
  RETURN_IF_ERROR(CheckBlock(latency, "slo.latency", {"percent", "ms"}));
  RETURN_IF_ERROR(ReadPercent(latency, "slo.latency.", "percent", slo.latency_percent));
  return ReadInt(latency, "slo.latency.", "ms", 1, 600'000, slo.latency_ms);
}

absl::Status ReadGrafana(const json& block, GrafanaConfig& g) {
  RETURN_IF_ERROR(CheckBlock(block, "grafana", {"url", "token_env", "folder_prefix"}));
  RETURN_IF_ERROR(ReadText(block, "grafana.", "url", g.url));
  RETURN_IF_ERROR(ReadText(block, "grafana.", "token_env", g.token_env));
  RETURN_IF_ERROR(ReadText(block, "grafana.", "folder_prefix", g.folder_prefix));
  while (!g.url.empty() && g.url.back() == '/') g.url.pop_back();
  return absl::OkStatus();
}

absl::Status ReadScalars(const json& m, MonitoringConfig& c) {
  RETURN_IF_ERROR(ReadText(m, "", "prometheus_url", c.prometheus_url));
  RETURN_IF_ERROR(ReadText(m, "", "cluster_label", c.cluster_label));
  if (!c.cluster_label.empty() && !IsLabelName(c.cluster_label)) {
    return Invalid("cluster_label", "must be a Prometheus label name or empty");
  }
  RETURN_IF_ERROR(ReadName(m, "", "alert_cluster_label", true, c.alert_cluster_label));
  RETURN_IF_ERROR(ReadText(m, "", "provisioning_dir", c.provisioning_dir));
  RETURN_IF_ERROR(ReadText(m, "", "runbook_url", c.runbook_url));
  RETURN_IF_ERROR(ReadText(m, "", "dashboard_url", c.dashboard_url));
  if (m.contains("prometheus_rule") && !m["prometheus_rule"].is_null()) {
    if (!m["prometheus_rule"].is_boolean())
      return Invalid("prometheus_rule", "must be true or false");
    c.prometheus_rule = m["prometheus_rule"].get<bool>();
  }
  return absl::OkStatus();
}

// `metrics:` may also say which source projects use by default (`source: istio | app`).
absl::Status ReadSource(const json& m, MonitoringConfig& c) {
  if (!m.contains("metrics") || !m["metrics"].is_object()) return absl::OkStatus();
  RETURN_IF_ERROR(ReadText(m["metrics"], "metrics.", "source", c.source));
  if (c.source != "istio" && c.source != "app") {
    return Invalid("metrics.source", "must be istio or app");
  }
  return absl::OkStatus();
}

absl::Status ReadBlock(const json& m, MonitoringConfig& c) {
  RETURN_IF_ERROR(
      CheckBlock(m, "",
                 {"metrics", "app_metrics", "saturation", "cluster_label", "alert_cluster_label",
                  "slo", "prometheus_url", "grafana", "provisioning_dir", "prometheus_rule",
                  "runbook_url", "dashboard_url"}));
  RETURN_IF_ERROR(ReadScalars(m, c));
  if (m.contains("metrics")) RETURN_IF_ERROR(ReadRequestMetrics(m["metrics"], "metrics", c.istio));
  RETURN_IF_ERROR(ReadSource(m, c));
  if (m.contains("app_metrics")) {
    RETURN_IF_ERROR(ReadRequestMetrics(m["app_metrics"], "app_metrics", c.app));
  }
  if (m.contains("saturation")) RETURN_IF_ERROR(ReadSaturation(m["saturation"], c.saturation));
  if (m.contains("slo")) RETURN_IF_ERROR(ReadSlo(m["slo"], c.slo));
  if (m.contains("grafana")) RETURN_IF_ERROR(ReadGrafana(m["grafana"], c.grafana));
  return absl::OkStatus();
}

bool Matches(const std::string& s, bool label) {
  if (s.empty() || s.size() > 200) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    bool alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
    bool ok = alpha || (!label && ch == ':') || (i > 0 && ch >= '0' && ch <= '9');
    if (!ok) return false;
  }
  return true;
}

}  // namespace

RequestMetrics IstioRequestMetrics() {
  return {.requests_total = "istio_requests_total",
          .duration_bucket = "istio_request_duration_milliseconds_bucket",
          .duration_unit = "milliseconds",
          .namespace_label = "destination_service_namespace",
          .service_label = "destination_service_name",
          .status_label = "response_code",
          .error_regex = "5..",
          .match = {{"reporter", "destination"}}};
}

RequestMetrics AppRequestMetrics() {
  return {.requests_total = "http_requests_total",
          .duration_bucket = "http_request_duration_seconds_bucket",
          .duration_unit = "seconds",
          .namespace_label = "namespace",
          .service_label = "service",
          .status_label = "code",
          .error_regex = "5..",
          .match = {}};
}

bool IsMetricName(const std::string& name) { return Matches(name, false); }
bool IsLabelName(const std::string& name) { return Matches(name, true); }

absl::StatusOr<MonitoringConfig> ParseMonitoringConfig(const json& file) {
  MonitoringConfig c;
  if (!file.is_object() || !file.contains("monitoring") || file["monitoring"].is_null()) return c;
  const json& m = file["monitoring"];
  if (!m.is_object()) return absl::InvalidArgumentError("monitoring: must be a map");
  RETURN_IF_ERROR(ReadBlock(m, c));
  return c;
}

}  // namespace paved::monitoring
