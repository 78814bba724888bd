#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace paved::monitoring::dashboards {

// Grafana's limit on a dashboard uid.
inline constexpr size_t kMaxUidLength = 40;

// A stable dashboard uid for `kind` ("ns", "doctor", ...) and `name` (e.g. "cluster/namespace"):
// a readable prefix (kind and name lower-cased, characters outside [a-z0-9-] as '-', cut to fit)
// then '-' and the first 10 hex digits of SHA-256 of "kind:name". At most 40 characters; two
// different names give different uids even when their readable prefixes are cut the same.
std::string DashboardUid(absl::string_view kind, absl::string_view name);

}  // namespace paved::monitoring::dashboards
