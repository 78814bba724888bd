// The server config file (paved.yaml given to `paved serve --config`): the server's own keys,
// then the sections domains read from it — catalog.hr_source, alerts and slack, policy.
// Checks: nothing throws; a refusal is InvalidArgument.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "alerts/alerts_config.h"
#include "core/config.h"
#include "deploy/policy/policy_config.h"
#include "providers/hr/hr_source.h"
#include "tests/fuzz/fuzz_check.h"

namespace paved {
namespace {

// LoadServerConfig reads a file: one per process, rewritten for every input.
const std::string& ConfigPath() {
  static const std::string* path = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/paved-config-fuzz-XXXXXX";
    int fd = mkstemp(templ.data());
    fuzz::Check(fd >= 0, "cannot create a temporary file");
    close(fd);
    std::atexit([] { unlink(ConfigPath().c_str()); });
    return new std::string(templ);
  }();
  return *path;
}

void CheckRefusal(const absl::Status& status) {
  fuzz::Check(status.ok() || absl::IsInvalidArgument(status),
              "not InvalidArgument: " + status.ToString());
}

void FuzzOne(const std::string& text) {
  {
    std::ofstream out(ConfigPath(), std::ios::binary | std::ios::trunc);
    out << text;
  }
  auto config = LoadServerConfig({.config_path = ConfigPath()});
  if (!config.ok()) return CheckRefusal(config.status());
  const nlohmann::json& file = config->file;
  CheckRefusal(providers::hr::ParseHrSourceConfig(file).status());
  CheckRefusal(alerts::ParseAlertsConfig(file).status());
  nlohmann::json policy = file.is_object() && file.contains("policy") ? file["policy"] : nullptr;
  CheckRefusal(deploy::policy::ParsePolicyConfig(policy).status());
}

}  // namespace
}  // namespace paved

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paved::FuzzOne(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
