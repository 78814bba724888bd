#include "alerts/alerts_config.h"

#include <cctype>
#include <functional>
#include <limits>
#include <regex>
#include <set>
#include <unordered_map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "core/bounded_regex.h"
#include "core/hashing.h"
#include "core/status_macros.h"

namespace paved::alerts {

using nlohmann::json;

namespace {

constexpr int64_t kMaxDurationMs = int64_t{100} * 365 * 24 * 3600 * 1000;  // 100 years
constexpr size_t kRegexCacheMax = 512;

// Compiled "~" matchers, per thread (std::regex is not cheap to build, matching is const).
const std::regex* CachedRegex(const std::string& pattern) {
  thread_local std::unordered_map<std::string, std::optional<std::regex>> cache;
  auto it = cache.find(pattern);
  if (it == cache.end()) {
    if (cache.size() >= kRegexCacheMax) cache.clear();
    std::optional<std::regex> re;
    try {
      re.emplace(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      re.reset();
    }
    it = cache.emplace(pattern, std::move(re)).first;
  }
  return it->second ? &*it->second : nullptr;
}

bool ValueMatches(const std::string& want, const std::string& have) {
  if (want.empty() || want[0] != '~') return want == have;
  const std::regex* re = CachedRegex(want.substr(1));
  if (re == nullptr) return false;
  try {
    return BoundedRegexMatch(have, *re);
  } catch (const std::regex_error&) {
    return false;  // e.g. error_complexity on pathological input
  }
}

absl::Status Invalid(const std::string& key, const std::string& message) {
  return absl::InvalidArgumentError(key + ": " + message);
}

// A scalar as text: YAML→JSON turns unquoted numbers and booleans into JSON numbers/booleans,
// so a token or channel written as a number is still accepted.
std::optional<std::string> ScalarText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  if (v.is_number_float()) return v.dump();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return std::nullopt;
}

absl::Status CheckKeys(const json& obj, const std::string& key, std::set<std::string> allowed) {
  for (const auto& [k, v] : obj.items()) {
    if (!allowed.count(k)) {
      return Invalid(key.empty() ? k : key + "." + k,
                     "unknown key (expected one of: " + absl::StrJoin(allowed, ", ") + ")");
    }
  }
  return absl::OkStatus();
}

// Reads typed fields of one JSON object; errors name `prefix.field`.
class Section {
 public:
  Section(const json& obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {}

  std::string Key(const std::string& field) const { return prefix_ + "." + field; }

  // Absent or null leaves `out` unchanged.
  absl::Status String(const std::string& field, std::string& out) const {
    const json* v = Find(field);
    if (!v) return absl::OkStatus();
    auto text = ScalarText(*v);
    if (!text) return Invalid(Key(field), "must be a string");
    out = *text;
    return absl::OkStatus();
  }

  absl::Status Int(const std::string& field, int min, int max, int& out) const {
    const json* v = Find(field);
    if (!v) return absl::OkStatus();
    int64_t n = 0;
    auto text = ScalarText(*v);
    if (!text || v->is_boolean() || !absl::SimpleAtoi(*text, &n) || n < min || n > max) {
      return Invalid(Key(field), "must be an integer from " + std::to_string(min) + " to " +
                                     std::to_string(max));
    }
    out = static_cast<int>(n);
    return absl::OkStatus();
  }

  absl::Status Bool(const std::string& field, bool& out) const {
    const json* v = Find(field);
    if (!v) return absl::OkStatus();
    auto text = ScalarText(*v);
    std::string lower = text ? absl::AsciiStrToLower(*text) : "";
    if (lower == "true" || lower == "yes" || lower == "on") {
      out = true;
    } else if (lower == "false" || lower == "no" || lower == "off") {
      out = false;
    } else {
      return Invalid(Key(field), "must be true or false");
    }
    return absl::OkStatus();
  }

  // A bare 0 (number or "0") means zero; anything else needs a unit.
  absl::Status Duration(const std::string& field, int64_t& out) const {
    const json* v = Find(field);
    if (!v) return absl::OkStatus();
    auto text = ScalarText(*v);
    if (!text || v->is_boolean()) return Invalid(Key(field), "not a duration");
    auto ms = ParseDurationMs(*text);
    if (!ms.ok()) return Invalid(Key(field), "not a duration (e.g. 30s, 5m, 4h, 1h30m)");
    out = *ms;
    return absl::OkStatus();
  }

  const json* Find(const std::string& field) const {
    auto it = obj_.find(field);
    if (it == obj_.end() || it->is_null()) return nullptr;
    return &*it;
  }

 private:
  const json& obj_;
  std::string prefix_;
};

absl::Status RequireObject(const json& v, const std::string& key) {
  if (!v.is_object()) return Invalid(key, "must be a mapping");
  return absl::OkStatus();
}

absl::StatusOr<Matchers> ParseMatchers(const json* v, const std::string& key) {
  Matchers out;
  if (!v) return out;
  RETURN_IF_ERROR(RequireObject(*v, key));
  for (const auto& [name, value] : v->items()) {
    auto text = value.is_null() ? std::optional<std::string>("") : ScalarText(value);
    if (!text) return Invalid(key + "." + name, "must be a string");
    if (!text->empty() && (*text)[0] == '~') {
      try {
        std::regex re(text->substr(1), std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        return Invalid(key + "." + name, "invalid regular expression: " + std::string(e.what()));
      }
    }
    out[name] = *text;
  }
  return out;
}

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::StatusOr<SourceConfig> ParseSource(const std::string& name, const json& v,
                                         const std::string& key) {
  RETURN_IF_ERROR(RequireObject(v, key));
  RETURN_IF_ERROR(CheckKeys(v, key,
                            {"token", "token_sha256", "signature_secret", "signature_header",
                             "timestamp_header", "max_signature_age"}));
  Section s(v, key);
  SourceConfig out;
  out.name = name;
  std::string token, hash;
  RETURN_IF_ERROR(s.String("token", token));
  RETURN_IF_ERROR(s.String("token_sha256", hash));
  if (!token.empty() && !hash.empty()) {
    return Invalid(key, "give either token or token_sha256, not both");
  }
  if (token.empty() && hash.empty()) return Invalid(key + ".token", "required (or token_sha256)");
  if (!hash.empty() && !IsHex64(hash)) {
    return Invalid(key + ".token_sha256", "must be 64 hex digits");
  }
  out.token_sha256 = token.empty() ? absl::AsciiStrToLower(hash) : Sha256Hex(token);
  RETURN_IF_ERROR(s.String("signature_secret", out.signature_secret));
  RETURN_IF_ERROR(s.String("signature_header", out.signature_header));
  RETURN_IF_ERROR(s.String("timestamp_header", out.timestamp_header));
  RETURN_IF_ERROR(s.Duration("max_signature_age", out.max_signature_age_ms));
  for (const auto& [field, value] : {std::pair{"signature_header", &out.signature_header},
                                     std::pair{"timestamp_header", &out.timestamp_header}}) {
    if (v.contains(field) && value->empty()) {
      return Invalid(key + "." + field, "must not be empty (leave it out for the default)");
    }
    // A header without a secret would look like a requirement that nothing checks.
    if (v.contains(field) && out.signature_secret.empty()) {
      return Invalid(key + "." + field, "needs signature_secret");
    }
  }
  return out;
}

absl::Status ParseSources(const Section& s, AlertsConfig& c) {
  const json* v = s.Find("sources");
  if (!v) return absl::OkStatus();
  RETURN_IF_ERROR(RequireObject(*v, s.Key("sources")));
  for (const auto& [name, src] : v->items()) {
    ASSIGN_OR_RETURN(c.sources[name], ParseSource(name, src, s.Key("sources") + "." + name));
  }
  return absl::OkStatus();
}

// Calls `fn(item, "<prefix>[i]")` for each entry of the list `field` (each must be a mapping).
absl::Status EachItem(const Section& s, const std::string& field,
                      const std::function<absl::Status(const json&, const std::string&)>& fn) {
  const json* v = s.Find(field);
  if (!v) return absl::OkStatus();
  if (!v->is_array()) return Invalid(s.Key(field), "must be a list");
  for (size_t i = 0; i < v->size(); ++i) {
    std::string key = s.Key(field) + "[" + std::to_string(i) + "]";
    RETURN_IF_ERROR(RequireObject((*v)[i], key));
    RETURN_IF_ERROR(fn((*v)[i], key));
  }
  return absl::OkStatus();
}

absl::Status ParseRoutes(const Section& s, AlertsConfig& c) {
  return EachItem(s, "routes", [&](const json& item, const std::string& key) -> absl::Status {
    RETURN_IF_ERROR(CheckKeys(item, key, {"team", "match", "notify", "channel"}));
    Section r(item, key);
    RouteRule rule;
    RETURN_IF_ERROR(r.String("team", rule.team));
    ASSIGN_OR_RETURN(rule.match, ParseMatchers(r.Find("match"), r.Key("match")));
    RETURN_IF_ERROR(r.Bool("notify", rule.notify));
    RETURN_IF_ERROR(r.String("channel", rule.channel));
    c.routes.push_back(std::move(rule));
    return absl::OkStatus();
  });
}

absl::Status ParseReminders(const Section& s, AlertsConfig& c) {
  return EachItem(s, "reminders", [&](const json& item, const std::string& key) -> absl::Status {
    RETURN_IF_ERROR(CheckKeys(item, key, {"match", "every"}));
    Section r(item, key);
    ReminderPolicy p;
    ASSIGN_OR_RETURN(p.match, ParseMatchers(r.Find("match"), r.Key("match")));
    if (!r.Find("every")) return Invalid(r.Key("every"), "required");
    RETURN_IF_ERROR(r.Duration("every", p.every_ms));
    if (p.every_ms < 60'000) return Invalid(r.Key("every"), "must be at least 1m");
    c.reminders.push_back(std::move(p));
    return absl::OkStatus();
  });
}

absl::Status ParseWebhooks(const Section& s, AlertsConfig& c) {
  return EachItem(s, "webhooks", [&](const json& item, const std::string& key) -> absl::Status {
    RETURN_IF_ERROR(CheckKeys(item, key, {"name", "url", "match"}));
    Section r(item, key);
    WebhookOut w;
    RETURN_IF_ERROR(r.String("name", w.name));
    RETURN_IF_ERROR(r.String("url", w.url));
    if (w.url.rfind("http://", 0) != 0 && w.url.rfind("https://", 0) != 0) {
      return Invalid(r.Key("url"), "must be an http:// or https:// URL");
    }
    if (w.name.empty()) w.name = "webhook" + std::to_string(c.webhooks.size() + 1);
    ASSIGN_OR_RETURN(w.match, ParseMatchers(r.Find("match"), r.Key("match")));
    c.webhooks.push_back(std::move(w));
    return absl::OkStatus();
  });
}

absl::Status ParseNamespaceLabels(const Section& s, AlertsConfig& c) {
  const json* v = s.Find("namespace_labels");
  if (!v) return absl::OkStatus();
  if (!v->is_array() || v->empty()) {
    return Invalid(s.Key("namespace_labels"), "must be a non-empty list of label names");
  }
  c.namespace_labels.clear();
  for (size_t i = 0; i < v->size(); ++i) {
    auto text = ScalarText((*v)[i]);
    if (!text || text->empty()) {
      return Invalid(s.Key("namespace_labels") + "[" + std::to_string(i) + "]",
                     "must be a label name");
    }
    c.namespace_labels.push_back(*text);
  }
  return absl::OkStatus();
}

absl::Status ParseScalars(const Section& s, AlertsConfig& c) {
  RETURN_IF_ERROR(s.String("cluster_label", c.cluster_label));
  RETURN_IF_ERROR(s.String("fallback_channel", c.fallback_channel));
  RETURN_IF_ERROR(s.String("sre_channel", c.sre_channel));
  RETURN_IF_ERROR(s.String("public_url", c.public_url));
  while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
  RETURN_IF_ERROR(s.Duration("group_wait", c.group_wait_ms));
  RETURN_IF_ERROR(s.Duration("context_window", c.context_window_ms));
  RETURN_IF_ERROR(s.Int("message_cap", 1, 100, c.message_cap));
  RETURN_IF_ERROR(s.Duration("resolved_keep", c.resolved_keep_ms));
  RETURN_IF_ERROR(s.Int("channel_messages_per_minute", 1, 10000, c.channel_messages_per_minute));
  RETURN_IF_ERROR(s.Duration("report_every", c.report_every_ms));
  if (c.report_every_ms != 0 && c.report_every_ms < 60'000) {
    return Invalid(s.Key("report_every"), "must be 0 (off) or at least 1m");
  }
  if (c.cluster_label.empty()) return Invalid(s.Key("cluster_label"), "must not be empty");
  if (c.fallback_channel.empty()) return Invalid(s.Key("fallback_channel"), "must not be empty");
  return absl::OkStatus();
}

absl::Status ParseAlertsSection(const json& v, AlertsConfig& c) {
  RETURN_IF_ERROR(RequireObject(v, "alerts"));
  RETURN_IF_ERROR(CheckKeys(
      v, "alerts",
      {"namespace_labels", "cluster_label", "sources", "fallback_channel", "sre_channel",
       "public_url", "group_wait", "context_window", "message_cap", "resolved_keep", "routes",
       "reminders", "channel_messages_per_minute", "report_every", "webhooks"}));
  Section s(v, "alerts");
  RETURN_IF_ERROR(ParseNamespaceLabels(s, c));
  RETURN_IF_ERROR(ParseScalars(s, c));
  RETURN_IF_ERROR(ParseSources(s, c));
  RETURN_IF_ERROR(ParseRoutes(s, c));
  RETURN_IF_ERROR(ParseReminders(s, c));
  return ParseWebhooks(s, c);
}

absl::Status ParseSlackSection(const json& v, AlertsConfig& c) {
  RETURN_IF_ERROR(RequireObject(v, "slack"));
  RETURN_IF_ERROR(CheckKeys(v, "slack", {"api_url", "bot_token", "signing_secret", "webhook_url"}));
  Section s(v, "slack");
  RETURN_IF_ERROR(s.String("api_url", c.slack_api_url));
  RETURN_IF_ERROR(s.String("bot_token", c.slack_bot_token));
  RETURN_IF_ERROR(s.String("signing_secret", c.slack_signing_secret));
  RETURN_IF_ERROR(s.String("webhook_url", c.slack_webhook_url));
  while (!c.slack_api_url.empty() && c.slack_api_url.back() == '/') c.slack_api_url.pop_back();
  if (c.slack_api_url.empty()) return Invalid("slack.api_url", "must not be empty");
  return absl::OkStatus();
}

int64_t UnitMs(std::string_view unit) {
  if (unit == "ms") return 1;
  if (unit == "s") return 1000;
  if (unit == "m") return 60'000;
  if (unit == "h") return 3'600'000;
  if (unit == "d") return 86'400'000;
  if (unit == "w") return 7 * 86'400'000LL;
  return 0;
}

}  // namespace

bool Matches(const Matchers& m, const LabelSet& labels) {
  static const std::string kEmpty;
  for (const auto& [name, want] : m) {
    auto it = labels.find(name);
    if (!ValueMatches(want, it == labels.end() ? kEmpty : it->second)) return false;
  }
  return true;
}

const SourceConfig* AlertsConfig::SourceByTokenHash(const std::string& sha256_hex) const {
  const SourceConfig* found = nullptr;
  for (const auto& [name, src] : sources) {
    // Every source is compared in full, so the time taken says nothing about the token.
    if (ConstantTimeEquals(src.token_sha256, sha256_hex) && found == nullptr) found = &src;
  }
  return found;
}

absl::StatusOr<int64_t> ParseDurationMs(std::string_view text) {
  absl::string_view stripped =
      absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size()));
  std::string_view s(stripped.data(), stripped.size());
  auto bad = [&] {
    return absl::InvalidArgumentError("not a duration: \"" + std::string(text) + "\"");
  };
  if (s == "0") return 0;
  if (s.empty()) return bad();
  long double total = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    std::string_view number = s.substr(start, i - start);
    size_t unit_start = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    int64_t unit = UnitMs(s.substr(unit_start, i - unit_start));
    double value = 0;
    if (number.empty() || unit == 0 || std::count(number.begin(), number.end(), '.') > 1 ||
        !absl::SimpleAtod(absl::string_view(number.data(), number.size()), &value)) {
      return bad();
    }
    total += static_cast<long double>(value) * unit;
    if (total > kMaxDurationMs) return bad();
  }
  return static_cast<int64_t>(total + 0.5L);
}

absl::StatusOr<AlertsConfig> ParseAlertsConfig(const json& file) {
  AlertsConfig c;
  if (file.is_null()) return c;
  if (!file.is_object()) return absl::InvalidArgumentError("config file: must be a mapping");
  if (auto it = file.find("alerts"); it != file.end() && !it->is_null()) {
    RETURN_IF_ERROR(ParseAlertsSection(*it, c));
  }
  if (auto it = file.find("slack"); it != file.end() && !it->is_null()) {
    RETURN_IF_ERROR(ParseSlackSection(*it, c));
  }
  return c;
}

}  // namespace paved::alerts
