#pragma once

#include <cstdint>
#include <string>

#include "http/client.h"

namespace paved::monitoring {

// Where the Monitoring tab's queries go and how long each may take.
struct PrometheusTarget {
  http::Client* http = nullptr;
  std::string url;
  int64_t timeout_ms = 10'000;
};

}  // namespace paved::monitoring
