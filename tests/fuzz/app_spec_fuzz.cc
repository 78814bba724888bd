// The app spec (paved.yaml), as pushed by `paved spec push` and the spec routes.
// Checks: nothing throws; a spec is accepted exactly when no error is listed, and every error
// points at a line of the text; an accepted spec converts to JSON and resolves per environment.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "deploy/spec/spec_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace paved::deploy::spec {
namespace {

void FuzzOne(const std::string& yaml) {
  std::vector<SpecError> errors;
  absl::StatusOr<AppSpec> spec = ParseAppSpec(yaml, &errors);
  fuzz::Check(spec.ok() == errors.empty(), "ok and the error list disagree");
  int lines = static_cast<int>(std::count(yaml.begin(), yaml.end(), '\n')) + 1;
  for (const SpecError& e : errors) {
    fuzz::Check(e.line >= 0 && e.line <= lines + 1, "error past the end: " + e.ToString());
    SpecErrorToJson(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  if (!spec.ok()) return fuzz::CheckClientError(spec.status());
  AppSpecToJson(*spec).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (const Component& c : spec->components) {
    for (const char* env : {"alpha", "production"}) {
      ResolvedComponent r = Resolve(c, env, "");
      fuzz::Check(r.replicas >= 0, "negative replicas for " + c.name);
    }
  }
}

}  // namespace
}  // namespace paved::deploy::spec

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paved::deploy::spec::FuzzOne(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
