#include "alerts/ingest/parse.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "alerts/ingest/fingerprint.h"
#include "core/error.h"
#include "simdjson.h"

namespace paved::alerts {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

enum class Format { kAlertmanager, kGrafana, kPostable };

std::string Path(const std::string& path, std::string_view key) {
  return path + "." + std::string(key);
}

absl::Status Bad(const std::string& field, const std::string& message) {
  return InvalidField(field, message);
}

// A parser per thread: simdjson reuses its buffers between documents.
absl::StatusOr<element> ParseDocument(std::string_view body) {
  thread_local simdjson::dom::parser parser;
  element doc;
  auto error = parser.parse(body.data(), body.size()).get(doc);
  if (error) {
    return DomainError(absl::StatusCode::kInvalidArgument, "invalid_json",
                       absl::StrCat("body is not valid JSON: ", simdjson::error_message(error)));
  }
  return doc;
}

bool IsNull(const simdjson::simdjson_result<element>& r) {
  return r.error() == simdjson::SUCCESS && r.value_unsafe().is_null();
}

// A field that may be absent or null; false when absent or null.
bool Present(const object& obj, std::string_view key, element& out) {
  auto r = obj[key];
  if (r.error() || IsNull(r)) return false;
  out = r.value_unsafe();
  return true;
}

absl::Status ReadLabels(const element& e, const std::string& field, LabelSet& out) {
  object obj;
  if (e.get_object().get(obj)) return Bad(field, "must be an object of strings");
  for (auto kv : obj) {
    std::string_view value;
    if (kv.value.get_string().get(value)) return Bad(field, "must be an object of strings");
    out.insert_or_assign(std::string(kv.key), std::string(value));
  }
  return absl::OkStatus();
}

absl::Status ReadString(const object& obj, std::string_view key, const std::string& path,
                        std::string& out) {
  element e;
  if (!Present(obj, key, e)) return absl::OkStatus();
  std::string_view s;
  if (e.get_string().get(s)) return Bad(Path(path, key), "must be a string");
  out.assign(s);
  return absl::OkStatus();
}

absl::Status ReadTime(const object& obj, std::string_view key, const std::string& path,
                      int64_t& out) {
  std::string text;
  if (absl::Status s = ReadString(obj, key, path, text); !s.ok()) return s;
  if (text.empty()) return absl::OkStatus();
  auto ms = ParseRfc3339Ms(text);
  if (!ms) return Bad(Path(path, key), "must be an RFC 3339 time");
  out = *ms;
  return absl::OkStatus();
}

absl::Status ReadStatus(const object& obj, const std::string& path, AlertStatus& out) {
  std::string text;
  if (absl::Status s = ReadString(obj, "status", path, text); !s.ok()) return s;
  auto status = ParseAlertStatus(text);
  if (!status) return Bad(path + ".status", "must be firing or resolved");
  out = *status;
  return absl::OkStatus();
}

absl::Status ReadLinks(const object& obj, const std::string& path, LabelSet& links) {
  static constexpr std::pair<std::string_view, const char*> kLinks[] = {
      {"silenceURL", "silence"},
      {"dashboardURL", "dashboard"},
      {"panelURL", "panel"},
      {"imageURL", "image"}};
  for (const auto& [key, name] : kLinks) {
    std::string url;
    if (absl::Status s = ReadString(obj, key, path, url); !s.ok()) return s;
    if (!url.empty()) links[name] = std::move(url);
  }
  return absl::OkStatus();
}

void FillFingerprint(const std::string& sent, IncomingAlert& a) {
  auto fp = ParseHex64(sent);
  a.fingerprint = Hex64(fp ? *fp : LabelsFingerprint(a.labels));
}

absl::StatusOr<IncomingAlert> ReadAlert(const element& e, const std::string& path, Format format,
                                        int64_t now_ms) {
  object obj;
  if (e.get_object().get(obj)) return Bad(path, "must be an object");
  IncomingAlert a;
  element labels;
  if (!Present(obj, "labels", labels)) return Bad(path + ".labels", "is required");
  if (absl::Status s = ReadLabels(labels, path + ".labels", a.labels); !s.ok()) return s;
  if (a.labels.empty()) return Bad(path + ".labels", "must not be empty");
  element annotations;
  if (Present(obj, "annotations", annotations)) {
    absl::Status s = ReadLabels(annotations, path + ".annotations", a.annotations);
    if (!s.ok()) return s;
  }
  if (absl::Status s = ReadTime(obj, "startsAt", path, a.starts_at_ms); !s.ok()) return s;
  if (absl::Status s = ReadTime(obj, "endsAt", path, a.ends_at_ms); !s.ok()) return s;
  if (absl::Status s = ReadString(obj, "generatorURL", path, a.generator_url); !s.ok()) return s;
  std::string fingerprint;
  if (format == Format::kPostable) {
    a.status =
        a.ends_at_ms > 0 && a.ends_at_ms < now_ms ? AlertStatus::kResolved : AlertStatus::kFiring;
  } else {
    if (absl::Status s = ReadStatus(obj, path, a.status); !s.ok()) return s;
    if (absl::Status s = ReadString(obj, "fingerprint", path, fingerprint); !s.ok()) return s;
  }
  if (format == Format::kGrafana) {
    if (absl::Status s = ReadLinks(obj, path, a.links); !s.ok()) return s;
  }
  FillFingerprint(fingerprint, a);
  return a;
}

absl::StatusOr<std::vector<IncomingAlert>> ReadAlerts(const element& array, const std::string& path,
                                                      Format format, int64_t now_ms) {
  simdjson::dom::array alerts;
  if (array.get_array().get(alerts)) return Bad(path, "must be an array");
  std::vector<IncomingAlert> out;
  out.reserve(alerts.size());
  size_t i = 0;
  for (element e : alerts) {
    auto a = ReadAlert(e, absl::StrCat(path, "[", i++, "]"), format, now_ms);
    if (!a.ok()) return a.status();
    out.push_back(std::move(*a));
  }
  return out;
}

absl::StatusOr<std::vector<IncomingAlert>> ParseWebhook(std::string_view body, Format format,
                                                        std::string_view version) {
  auto doc = ParseDocument(body);
  if (!doc.ok()) return doc.status();
  object obj;
  if (doc->get_object().get(obj)) return Bad("body", "must be an object");
  std::string sent_version;
  if (absl::Status s = ReadString(obj, "version", "", sent_version); !s.ok()) {
    return Bad("version", "must be a string");
  }
  if (!sent_version.empty() && sent_version != version) {
    return Bad("version", "must be \"" + std::string(version) + "\"");
  }
  element alerts;
  if (!Present(obj, "alerts", alerts)) return Bad("alerts", "is required");
  return ReadAlerts(alerts, "alerts", format, 0);
}

// Digits of `s` at [pos, pos+n) as a number; -1 when not all digits.
int Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

std::optional<int64_t> ParseRfc3339Ms(std::string_view s) {
  int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
  int hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 60 || s[4] != '-' || s[7] != '-' ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (pos - start < 3) millis = millis * 10 + (s[pos] - '0');
      ++pos;
    }
    if (pos == start) return std::nullopt;
    for (size_t n = pos - start; n < 3; ++n) millis *= 10;
  }
  int64_t offset_min = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = Digits(s, pos + 1, 2), om = Digits(s, pos + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59 || s[pos + 3] != ':') return std::nullopt;
    offset_min = (s[pos] == '+' ? 1 : -1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  int64_t secs = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
                 offset_min * 60;
  int64_t ms = secs * 1000 + millis;
  return ms > 0 ? ms : 0;
}

absl::StatusOr<std::vector<IncomingAlert>> ParseAlertmanagerWebhook(std::string_view body) {
  return ParseWebhook(body, Format::kAlertmanager, "4");
}

absl::StatusOr<std::vector<IncomingAlert>> ParseGrafanaWebhook(std::string_view body) {
  return ParseWebhook(body, Format::kGrafana, "1");
}

absl::StatusOr<std::vector<IncomingAlert>> ParsePostableAlerts(std::string_view body,
                                                               int64_t now_ms) {
  auto doc = ParseDocument(body);
  if (!doc.ok()) return doc.status();
  return ReadAlerts(*doc, "alerts", Format::kPostable, now_ms);
}

}  // namespace paved::alerts
