#include "server/metrics.h"

#include "fmt/format.h"

namespace paved::server {
namespace {

std::string EscapeLabel(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::ObserveRequest(const std::string& method, const std::string& route, int status,
                             double seconds) {
  absl::MutexLock lock(&mu_);
  Series& s = requests_[Key{method, route, status}];
  ++s.count;
  s.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
}

void Metrics::AddGauge(const std::string& name, const std::string& help,
                       std::function<double()> read) {
  gauges_.push_back({name, help, std::move(read)});
}

void Metrics::AddCollector(std::function<std::string()> render) {
  collectors_.push_back(std::move(render));
}

std::string Metrics::Render(const std::string& version) const {
  std::string out;
  out += "# HELP paved_build_info Build information.\n# TYPE paved_build_info gauge\n";
  out += fmt::format("paved_build_info{{version=\"{}\"}} 1\n", EscapeLabel(version));
  std::map<Key, Series> snapshot;
  {
    absl::MutexLock lock(&mu_);
    snapshot = requests_;
  }
  out +=
      "# HELP paved_http_requests_total HTTP requests by route and status.\n"
      "# TYPE paved_http_requests_total counter\n";
  for (const auto& [key, s] : snapshot) {
    const auto& [method, route, status] = key;
    out += fmt::format("paved_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                       method, EscapeLabel(route), status, s.count);
  }
  out +=
      "# HELP paved_http_request_duration_seconds HTTP request latency.\n"
      "# TYPE paved_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : snapshot) {
    const auto& [method, route, status] = key;
    std::string labels =
        fmt::format("method=\"{}\",route=\"{}\",status=\"{}\"", method, EscapeLabel(route), status);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("paved_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                         kBuckets[i], s.buckets[i]);
    }
    out += fmt::format("paved_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                       s.count);
    out += fmt::format("paved_http_request_duration_seconds_sum{{{}}} {}\n", labels, s.sum);
    out += fmt::format("paved_http_request_duration_seconds_count{{{}}} {}\n", labels, s.count);
  }
  for (const Gauge& g : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", g.name, g.help, g.name, g.name,
                       g.read());
  }
  for (const auto& collect : collectors_) out += collect();
  return out;
}

}  // namespace paved::server
