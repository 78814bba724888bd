#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "http/client.h"

namespace paved::cost::kubernetes {

// One series of a range query: its labels and its (unix seconds, value) points.
struct Series {
  std::map<std::string, std::string> labels;
  std::vector<std::pair<int64_t, double>> points;
};

// The Prometheus HTTP API's range queries (`/api/v1/query_range`), through `client` (whose
// ClientOptions::max_response_bytes bounds each answer). Thread-compatible.
class PrometheusClient {
 public:
  PrometheusClient(http::Client* client, std::string base_url, int64_t timeout_ms)
      : client_(client), base_url_(std::move(base_url)), timeout_ms_(timeout_ms) {}

  // Evaluates `query` at start, start + step, …, end (unix seconds). On success returns the
  // matrix. Unavailable when Prometheus cannot be reached, times out or answers 5xx ("prometheus
  // at URL: …"); ResourceExhausted when the answer is over the size limit; Internal when it is
  // not a matrix or Prometheus refuses the query (4xx, its error text in the message).
  absl::StatusOr<std::vector<Series>> QueryRange(const std::string& query, int64_t start,
                                                 int64_t end, int64_t step);

 private:
  http::Client* client_;
  std::string base_url_;
  int64_t timeout_ms_;
};

}  // namespace paved::cost::kubernetes
