#include "cost/kubernetes/prometheus_client.h"

#include <chrono>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"

namespace paved::cost::kubernetes {
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

absl::StatusOr<Series> ParseSeries(const json& item) {
  Series s;
  if (!item.is_object() || !item.contains("metric") || !item["metric"].is_object() ||
      !item.contains("values") || !item["values"].is_array()) {
    return absl::InternalError("prometheus: a series without metric and values");
  }
  for (const auto& [k, v] : item["metric"].items()) {
    if (v.is_string()) s.labels[k] = v.get<std::string>();
  }
  for (const json& p : item["values"]) {
    double value = 0;
    if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !ParseValue(p[1], value)) {
      return absl::InternalError("prometheus: a point is not [time, \"value\"]");
    }
    s.points.emplace_back(static_cast<int64_t>(p[0].get<double>()), value);
  }
  return s;
}

}  // namespace

absl::StatusOr<std::vector<Series>> PrometheusClient::QueryRange(const std::string& query,
                                                                 int64_t start, int64_t end,
                                                                 int64_t step) {
  std::string url = absl::StrCat(absl::StripSuffix(base_url_, "/"), "/api/v1/query_range");
  std::string body = absl::StrCat("query=", http::UrlEncode(query), "&start=", start, "&end=", end,
                                  "&step=", step);
  absl::StatusOr<http::ClientResponse> r =
      client_->Send("POST", url, {{"Content-Type", "application/x-www-form-urlencoded"}}, body,
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
  if (!doc.is_object() || doc.value("status", "") != "success") {
    return absl::InternalError(
        absl::StrCat("prometheus at ", base_url_, " refused `", query, "` (", r->status,
                     "): ", doc.is_object() ? doc.value("error", "") : r->body.substr(0, 200)));
  }
  const json& data = doc["data"];
  if (!data.is_object() || data.value("resultType", "") != "matrix" || !data.contains("result") ||
      !data["result"].is_array()) {
    return absl::InternalError("prometheus: the answer to a range query is not a matrix");
  }
  std::vector<Series> out;
  for (const json& item : data["result"]) {
    absl::StatusOr<Series> s = ParseSeries(item);
    if (!s.ok()) return s.status();
    out.push_back(std::move(*s));
  }
  return out;
}

}  // namespace paved::cost::kubernetes
