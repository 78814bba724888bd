#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace paved::server {

// The platform's own Prometheus metrics, rendered in the text exposition format (version 0.0.4).
class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    5};

  // `route` is the route pattern (not the raw path) so label cardinality stays bounded.
  void ObserveRequest(const std::string& method, const std::string& route, int status,
                      double seconds);

  // A gauge read at scrape time (e.g. job queue depth). REQUIRES: registered before serving.
  void AddGauge(const std::string& name, const std::string& help, std::function<double()> read);

  // A collector renders whole metric families (# HELP, # TYPE and labelled samples) in the
  // text format at scrape time, e.g. counts read from the store so that every replica reports
  // the same numbers. Its text is appended as it is; "" renders nothing.
  // REQUIRES: registered before serving.
  void AddCollector(std::function<std::string()> render);

  std::string Render(const std::string& version) const;

 private:
  struct Series {
    uint64_t count = 0;
    double sum = 0;
    std::array<uint64_t, kBuckets.size()> buckets{};
  };
  using Key = std::tuple<std::string, std::string, int>;  // method, route, status
  mutable absl::Mutex mu_;
  std::map<Key, Series> requests_ ABSL_GUARDED_BY(mu_);
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  std::vector<Gauge> gauges_;
  std::vector<std::function<std::string()>> collectors_;
};

}  // namespace paved::server
