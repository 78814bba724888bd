// Bodies POSTed to the alert hooks: the Alertmanager webhook, the Grafana contact point and
// Alertmanager's API v2 alerts. Every parser reads every input. Checks: nothing throws; a
// refusal answers 4xx; accepted alerts carry a 16-hex-digit fingerprint and non-negative times.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/ingest/parse.h"
#include "tests/fuzz/fuzz_check.h"

namespace paved::alerts {
namespace {

constexpr int64_t kNow = 1'790'000'000'000;

bool IsFingerprint(const std::string& fp) {
  if (fp.size() != 16) return false;
  for (char c : fp) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

void CheckParsed(const absl::StatusOr<std::vector<IncomingAlert>>& alerts) {
  if (!alerts.ok()) return fuzz::CheckClientError(alerts.status());
  for (const IncomingAlert& a : *alerts) {
    fuzz::Check(IsFingerprint(a.fingerprint), "bad fingerprint " + a.fingerprint);
    fuzz::Check(a.starts_at_ms >= 0 && a.ends_at_ms >= 0, "negative time");
  }
}

void FuzzOne(std::string_view body) {
  CheckParsed(ParseAlertmanagerWebhook(body));
  CheckParsed(ParseGrafanaWebhook(body));
  CheckParsed(ParsePostableAlerts(body, kNow));
}

}  // namespace
}  // namespace paved::alerts

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paved::alerts::FuzzOne(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
