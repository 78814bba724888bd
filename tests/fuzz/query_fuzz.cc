// Request targets and the values read from their query: percent-decoding, ?limit= and ?cursor=
// paging, durations (?duration=, silences), times (?since=, ?from=: RFC 3339) and listen
// addresses. Input: a raw request target such as "/api/v1/alerts?limit=5&cursor=17:ab".
// Checks: nothing throws; accepted values are in their documented ranges.
#include <cstddef>
#include <cstdint>
#include <string>

#include "alerts/alerts_config.h"
#include "alerts/ingest/parse.h"
#include "core/config.h"
#include "http/json_body.h"
#include "http/message.h"
#include "tests/fuzz/fuzz_check.h"

namespace paved {
namespace {

void FuzzValue(const std::string& value) {
  if (auto ms = alerts::ParseDurationMs(value); ms.ok()) {
    fuzz::Check(*ms >= 0, "negative duration " + value);
  } else {
    fuzz::CheckClientError(ms.status());
  }
  if (auto ms = alerts::ParseRfc3339Ms(value)) fuzz::Check(*ms >= 0, "time before 1970 " + value);
  if (auto listen = ParseListen(value); !listen.ok()) fuzz::CheckClientError(listen.status());
}

void FuzzOne(const std::string& target) {
  http::Request req = http::MakeRequest("GET", target);
  if (auto page = http::ParsePage(req); page.ok()) {
    fuzz::Check(page->limit >= 1 && page->limit <= 500, "limit out of range");
  } else {
    fuzz::CheckClientError(page.status());
  }
  for (const auto& [name, value] : req.query) FuzzValue(value);
}

}  // namespace
}  // namespace paved

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paved::FuzzOne(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
