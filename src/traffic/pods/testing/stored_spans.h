#pragma once

// Test-only: a cluster's stored pods as uid → [start, end) (end 0: running).

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "traffic/pods/pod_history_store.h"

namespace paved::traffic::pods::testing {

using Spans = std::map<std::string, std::pair<int64_t, int64_t>>;

inline Spans StoredSpans(PodHistoryStore& store, const std::string& cluster) {
  auto stored = store.Pods(cluster);
  EXPECT_TRUE(stored.ok()) << stored.status();
  Spans out;
  if (!stored.ok()) return out;
  for (const StoredPod& p : *stored) {
    out[p.uid] = {p.pod.start.value_or(-1), p.pod.deletion.value_or(0)};
  }
  return out;
}

}  // namespace paved::traffic::pods::testing
