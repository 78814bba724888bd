#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "deploy/spec/app_spec.h"
#include "nlohmann/json.hpp"

namespace paved::deploy::spec {

// One problem in a spec, pointing at the text. Lines and columns are 1-based.
struct SpecError {
  int line = 0;
  int column = 0;
  std::string field;  // dotted path, e.g. "services.web.replicas.production"
  std::string message;

  // "line 7, column 5: services.web.foo: unknown key"
  std::string ToString() const;
};

nlohmann::json SpecErrorToJson(const SpecError& e);  // {"line","column","field","message"}

// The environments and clusters of the platform: the only names a spec may give under
// `replicas: {…}`, `environments:` and `clusters:` (another name would silently apply nowhere).
struct SpecTargets {
  std::vector<std::string> environments;
  std::vector<std::string> clusters;
};

// Parses and validates `paved.yaml`. Every problem is collected (unknown keys, wrong types,
// missing required fields, bad names, quantities, cron schedules, references to overrides of
// unknown kinds ...), in text order, into `errors` when given — the first 100, then one error
// counting the rest; the status message is the first
// one's ToString(). Malformed YAML is one error at the parser's position. With `targets`,
// environment and cluster names are checked against them too (a push; stored versions are read
// without, as environments may have gone since).
absl::StatusOr<AppSpec> ParseAppSpec(const std::string& yaml, std::vector<SpecError>* errors,
                                     const SpecTargets* targets = nullptr);

}  // namespace paved::deploy::spec
