#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "http/errors.h"

namespace paved::fuzz {

// Stops the run with `what` when `ok` is false: the fuzzer saves the input as a crash.
inline void Check(bool ok, const std::string& what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
  std::abort();
}

// A parser's failure must reach the client as a 4xx error, never as a 500.
inline void CheckClientError(const absl::Status& status) {
  if (status.ok()) return;
  int code = http::ErrorFromStatus(status).status;
  Check(code >= 400 && code < 500,
        "status " + status.ToString() + " answers HTTP " + std::to_string(code) + ", not a 4xx");
}

}  // namespace paved::fuzz
