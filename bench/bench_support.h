#pragma once

// Small pieces the in-process benchmarks share: percentiles, integer flags, a migrated store and
// a fixed secret key ring. Header-only; not a library of the product.

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "core/status_macros.h"
#include "deploy/secrets/key_ring.h"
#include "store/migrate.h"

namespace paved::bench {

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0, mean = 0;
};

// Nearest-rank percentiles of `v` (zeros when it is empty).
inline Percentiles Summarise(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))]; };
  return {at(0.50), at(0.99), v.back(), sum / v.size()};
}

// The value of `--name N` or `--name=N`, at least 1; `fallback` when absent.
inline int IntFlag(int argc, char** argv, const std::string& name, int fallback) {
  int n = fallback;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind(name + "=", 0) == 0) n = std::atoi(a.c_str() + name.size() + 1);
    if (a == name && i + 1 < argc) n = std::atoi(argv[++i]);
  }
  return std::max(1, n);
}

// The store at `url` (e.g. sqlite:///tmp/x.db) with every migration applied.
inline absl::StatusOr<std::unique_ptr<store::Store>> OpenMigratedStore(const std::string& url) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> opened, store::OpenStore(url));
  RETURN_IF_ERROR(store::Migrate(*opened, store::AllMigrations()));
  return opened;
}

// A key ring with one fixed key, for secrets a benchmark stores.
inline absl::StatusOr<std::unique_ptr<deploy::KeyRing>> BenchKeyRing() {
  return deploy::KeyRing::FromText("k1:" + absl::Base64Escape(std::string(32, 'k')) + "\n");
}

}  // namespace paved::bench
