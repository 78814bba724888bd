#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "providers/aws/account_config.h"
#include "providers/aws/signed_http.h"
#include "sources/source_spec.h"

namespace paved::cost {

// One bill source of the config: a directory, or an S3 bucket and prefix.
using BillSourceSpec = sources::SourceSpec;

struct BillSourcesConfig {
  std::vector<BillSourceSpec> sources;
  int64_t every_ms = 3'600'000;
};

// `cost.bill_sources` of a config file (`file` is the whole file; absent: no sources):
//   cost:
//     bill_sources_every_seconds: 3600
//     bill_sources:
//       - {name: exports, directory: /var/lib/paved/bills}
//       - {name: cur, bucket: acme-cur, prefix: cur/, region: us-east-1,
//          endpoint: "https://s3.{region}.amazonaws.com", access_key_id: ..., secret_access_key:
//          ...}
// A bucket's keys, when the entry names none, come from AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY (`env`). InvalidArgument "config cost.bill_sources[1].bucket: ..." for
// anything else: a missing or repeated name, both or neither of directory and bucket, a relative
// directory.
absl::StatusOr<BillSourcesConfig> ParseBillSources(const nlohmann::json& file,
                                                   const aws::EnvLookup& env);

}  // namespace paved::cost
