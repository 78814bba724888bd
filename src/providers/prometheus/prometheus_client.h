#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "http/client.h"
#include "nlohmann/json.hpp"

namespace paved::prometheus {

// One series of a range query: its labels and its (unix seconds, value) points.
struct Series {
  std::map<std::string, std::string> labels;
  std::vector<std::pair<int64_t, double>> points;
};

// One element of an instant vector.
struct Sample {
  std::map<std::string, std::string> labels;
  double value = 0;
};

// The Prometheus HTTP API's queries (`/api/v1/query_range`, `/api/v1/query`), through `client`
// (whose ClientOptions::max_response_bytes bounds each answer). Thread-compatible.
//
// Errors of both calls: Unavailable when Prometheus cannot be reached, times out or answers 5xx
// ("prometheus at URL: …"); ResourceExhausted when the answer is over the size limit; Internal
// when the answer has the wrong type or Prometheus refuses the query (4xx, its error text in the
// message).
class PrometheusClient {
 public:
  PrometheusClient(http::Client* client, std::string base_url, int64_t timeout_ms)
      : client_(client), base_url_(std::move(base_url)), timeout_ms_(timeout_ms) {}

  // Evaluates `query` at start, start + step, …, end (unix seconds): a matrix.
  absl::StatusOr<std::vector<Series>> QueryRange(const std::string& query, int64_t start,
                                                 int64_t end, int64_t step);

  // Evaluates `query` at `time` (unix seconds): an instant vector (a scalar answer comes back as
  // one sample without labels).
  absl::StatusOr<std::vector<Sample>> Query(const std::string& query, int64_t time);

 private:
  // POSTs `form` to `path` and returns the answer's `data` once it says "success".
  absl::StatusOr<nlohmann::json> Call(const std::string& path, const std::string& query,
                                      const std::string& form);

  http::Client* client_;
  std::string base_url_;
  int64_t timeout_ms_;
};

}  // namespace paved::prometheus
