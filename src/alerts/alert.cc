#include "alerts/alert.h"

#include "core/clock.h"

namespace paved::alerts {

using nlohmann::json;

std::string_view AlertStatusName(AlertStatus s) {
  return s == AlertStatus::kFiring ? "firing" : "resolved";
}

std::optional<AlertStatus> ParseAlertStatus(std::string_view name) {
  if (name == "firing") return AlertStatus::kFiring;
  if (name == "resolved") return AlertStatus::kResolved;
  return std::nullopt;
}

namespace {

json TimeOrNull(std::optional<int64_t> ms) {
  return ms && *ms > 0 ? json(FormatTimeMs(*ms)) : json(nullptr);
}

}  // namespace

json AlertToJson(const Alert& a, int64_t now_ms) {
  json acknowledged = nullptr;
  if (a.acknowledged()) acknowledged = {{"by", a.acked_by}, {"at", TimeOrNull(a.acked_at_ms)}};
  json silenced = nullptr;
  if (a.silenced(now_ms)) {
    silenced = {{"by", a.silenced_by}, {"until", TimeOrNull(a.silenced_until_ms)}};
  }
  return {{"fingerprint", a.fingerprint},
          {"source", a.source},
          {"status", AlertStatusName(a.status)},
          {"alertname", a.alertname},
          {"severity", a.severity},
          {"namespace", a.ns},
          {"cluster", a.cluster},
          {"group", a.group_key()},
          {"project", a.project},
          {"team", a.team},
          {"labels", a.labels},
          {"annotations", a.annotations},
          {"links", a.links},
          {"generator_url", a.generator_url},
          {"starts_at", TimeOrNull(a.starts_at_ms)},
          {"ends_at", TimeOrNull(a.ends_at_ms)},
          {"first_seen", TimeOrNull(a.first_seen_ms)},
          {"last_received", TimeOrNull(a.last_received_ms)},
          {"resolved_at", TimeOrNull(a.resolved_at_ms)},
          {"acknowledged", acknowledged},
          {"silenced", silenced}};
}

json AlertEventToJson(const AlertEvent& e) {
  return {{"seq", e.seq},         {"at", FormatTimeMs(e.at_ms)},
          {"group", e.group_key}, {"fingerprint", e.fingerprint},
          {"kind", e.kind},       {"actor", e.actor},
          {"detail", e.detail}};
}

std::pair<std::string, std::string> SplitGroupKey(std::string_view group_key) {
  size_t slash = group_key.rfind('/');
  if (slash == std::string_view::npos) return {"", std::string(group_key)};
  return {std::string(group_key.substr(0, slash)), std::string(group_key.substr(slash + 1))};
}

}  // namespace paved::alerts
