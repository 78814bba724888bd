#include "providers/prometheus/prometheus_client.h"

#include <chrono>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace paved::prometheus {
namespace {

using nlohmann::json;

// Prometheus writes sample values as strings ("1.5", "NaN", "+Inf").
bool ParseValue(const json& v, double& out) {
  if (!v.is_string()) return false;
  const std::string& s = v.get_ref<const std::string&>();
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end != s.c_str() && *end == '\0';
}

// A [time, "value"] pair.
bool ParsePoint(const json& p, int64_t& time, double& value) {
  if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !ParseValue(p[1], value)) {
    return false;
  }
  time = static_cast<int64_t>(p[0].get<double>());
  return true;
}

std::map<std::string, std::string> LabelsOf(const json& metric) {
  std::map<std::string, std::string> labels;
  for (const auto& [k, v] : metric.items()) {
    if (v.is_string()) labels[k] = v.get<std::string>();
  }
  return labels;
}

absl::StatusOr<Series> ParseSeries(const json& item) {
  if (!item.is_object() || !item.contains("metric") || !item["metric"].is_object() ||
      !item.contains("values") || !item["values"].is_array()) {
    return absl::InternalError("prometheus: a series without metric and values");
  }
  Series s{.labels = LabelsOf(item["metric"])};
  for (const json& p : item["values"]) {
    int64_t time = 0;
    double value = 0;
    if (!ParsePoint(p, time, value)) {
      return absl::InternalError("prometheus: a point is not [time, \"value\"]");
    }
    s.points.emplace_back(time, value);
  }
  return s;
}

absl::StatusOr<Sample> ParseSample(const json& item) {
  if (!item.is_object() || !item.contains("metric") || !item["metric"].is_object() ||
      !item.contains("value")) {
    return absl::InternalError("prometheus: a sample without metric and value");
  }
  Sample s{.labels = LabelsOf(item["metric"])};
  int64_t time = 0;
  if (!ParsePoint(item["value"], time, s.value)) {
    return absl::InternalError("prometheus: a sample's value is not [time, \"value\"]");
  }
  return s;
}

}  // namespace

absl::StatusOr<json> PrometheusClient::Call(const std::string& path, const std::string& query,
                                            const std::string& form) {
  std::string url = absl::StrCat(absl::StripSuffix(base_url_, "/"), path);
  absl::StatusOr<http::ClientResponse> r =
      client_->Send("POST", url, {{"Content-Type", "application/x-www-form-urlencoded"}}, form,
                    std::chrono::milliseconds(timeout_ms_));
  if (!r.ok()) {
    if (absl::IsResourceExhausted(r.status())) {
      return absl::ResourceExhaustedError(
          absl::StrCat("prometheus at ", base_url_, ": answer too large: ", r.status().message()));
    }
    return absl::UnavailableError(
        absl::StrCat("prometheus at ", base_url_, " unreachable: ", r.status().message()));
  }
  json doc = json::parse(r->body, nullptr, false);
  if (r->status >= 500 && r->status != 422) {
    return absl::UnavailableError(
        absl::StrCat("prometheus at ", base_url_, " answered ", r->status, ": ",
                     doc.is_object() ? doc.value("error", "") : r->body.substr(0, 200)));
  }
  if (!doc.is_object() || doc.value("status", "") != "success" || !doc.contains("data") ||
      !doc["data"].is_object()) {
    return absl::InternalError(
        absl::StrCat("prometheus at ", base_url_, " refused `", query, "` (", r->status,
                     "): ", doc.is_object() ? doc.value("error", "") : r->body.substr(0, 200)));
  }
  return std::move(doc["data"]);
}

absl::StatusOr<std::vector<Series>> PrometheusClient::QueryRange(const std::string& query,
                                                                 int64_t start, int64_t end,
                                                                 int64_t step) {
  absl::StatusOr<json> data = Call("/api/v1/query_range", query,
                                   absl::StrCat("query=", http::UrlEncode(query), "&start=", start,
                                                "&end=", end, "&step=", step));
  if (!data.ok()) return data.status();
  if (data->value("resultType", "") != "matrix" || !data->contains("result") ||
      !(*data)["result"].is_array()) {
    return absl::InternalError("prometheus: the answer to a range query is not a matrix");
  }
  std::vector<Series> out;
  for (const json& item : (*data)["result"]) {
    absl::StatusOr<Series> s = ParseSeries(item);
    if (!s.ok()) return s.status();
    out.push_back(std::move(*s));
  }
  return out;
}

absl::StatusOr<std::vector<Sample>> PrometheusClient::Query(const std::string& query,
                                                            int64_t time) {
  absl::StatusOr<json> data =
      Call("/api/v1/query", query, absl::StrCat("query=", http::UrlEncode(query), "&time=", time));
  if (!data.ok()) return data.status();
  std::string type = data->value("resultType", "");
  const json& result = data->contains("result") ? (*data)["result"] : json();
  std::vector<Sample> out;
  if (type == "scalar") {
    Sample s;
    int64_t at = 0;
    if (!ParsePoint(result, at, s.value)) {
      return absl::InternalError("prometheus: a scalar is not [time, \"value\"]");
    }
    out.push_back(std::move(s));
    return out;
  }
  if (type != "vector" || !result.is_array()) {
    return absl::InternalError("prometheus: the answer to an instant query is not a vector");
  }
  for (const json& item : result) {
    absl::StatusOr<Sample> s = ParseSample(item);
    if (!s.ok()) return s.status();
    out.push_back(std::move(*s));
  }
  return out;
}

}  // namespace paved::prometheus
