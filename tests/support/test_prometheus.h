#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "tests/support/peer_process.h"

namespace paved::test_support {

// True when Debian's `prometheus` and `promtool` are installed (scripts/install-deps).
bool PrometheusInstalled();

// A real Prometheus serving known samples: `openmetrics` (OpenMetrics text ending in "# EOF",
// timestamps in unix seconds) is turned into TSDB blocks by `promtool tsdb create-blocks-from
// openmetrics` under `dir` and served by `prometheus` on a free 127.0.0.1 port, with a
// retention long enough to keep old blocks. It scrapes nothing. Stopped when destroyed.
class TestPrometheus {
 public:
  static absl::StatusOr<std::unique_ptr<TestPrometheus>> Start(const std::string& dir,
                                                               const std::string& openmetrics);
  const std::string& url() const { return url_; }

 private:
  TestPrometheus(PeerProcess process, std::string url)
      : process_(std::move(process)), url_(std::move(url)) {}
  PeerProcess process_;
  std::string url_;
};

}  // namespace paved::test_support
