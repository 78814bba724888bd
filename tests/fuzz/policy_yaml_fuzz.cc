// Kubernetes YAML sent to POST /api/v1/policy/check: split into documents, then every policy
// rule on every object. Checks: nothing throws; a refusal is a client error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "deploy/policy/checker.h"
#include "deploy/policy/yaml_documents.h"
#include "tests/fuzz/fuzz_check.h"

namespace paved::deploy::policy {
namespace {

void FuzzOne(const std::string& text) {
  auto docs = ParseYamlDocuments(text);
  if (!docs.ok()) fuzz::CheckClientError(docs.status());
  static const PolicyConfig kConfig;
  auto findings = CheckYaml(text, "production", kConfig);
  if (!findings.ok()) return fuzz::CheckClientError(findings.status());
  FindingsToJson(*findings).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Blocks(*findings);
}

}  // namespace
}  // namespace paved::deploy::policy

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paved::deploy::policy::FuzzOne(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
