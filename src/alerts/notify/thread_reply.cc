#include <map>

#include "absl/time/time.h"
#include "alerts/notify/format.h"
#include "alerts/notify/message.h"

namespace paved::alerts {

using nlohmann::json;
using notify_internal::ActorText;
using notify_internal::EscapeMrkdwn;
using notify_internal::FormatClock;
using notify_internal::FormatSpan;
using notify_internal::SeverityEmoji;
using notify_internal::SinceMs;
using notify_internal::SummaryText;
using notify_internal::TruncateUtf8;

namespace {

constexpr size_t kMaxReplyBytes = 3000;
constexpr size_t kMoreReserve = 40;  // room for "+N more changes"

std::string DetailText(const AlertEvent& e, const char* key) {
  if (!e.detail.is_object()) return "";
  auto it = e.detail.find(key);
  return it != e.detail.end() && it->is_string() ? it->get<std::string>() : "";
}

// Events of one kind, by one actor, about one alert name, told as one line.
struct Run {
  const AlertEvent* first = nullptr;
  const Alert* alert = nullptr;  // of the first event; nullptr when not in the view
  int count = 0;
};

std::string Comment(const AlertEvent& e) {
  std::string c = DetailText(e, "comment");
  return c.empty() ? "" : ": “" + EscapeMrkdwn(TruncateUtf8(c, 200)) + "”";
}

// The silence end told by the event ("until": RFC 3339 or ms), else the alert's.
std::string Until(const AlertEvent& e, const Alert* a, int64_t now_ms) {
  std::optional<int64_t> until;
  if (e.detail.is_object() && e.detail.contains("until")) {
    const json& u = e.detail["until"];
    absl::Time t;
    std::string err;
    if (u.is_number_integer()) until = u.get<int64_t>();
    if (u.is_string() && absl::ParseTime(absl::RFC3339_full, u.get<std::string>(), &t, &err)) {
      until = absl::ToUnixMillis(t);
    }
  }
  if (!until && a && a->silenced_until_ms) until = a->silenced_until_ms;
  return until ? " until " + FormatClock(*until, now_ms) : "";
}

std::string AlertName(const Run& r) {
  std::string name = r.alert ? r.alert->alertname : DetailText(*r.first, "alertname");
  if (name.empty()) name = r.first->fingerprint.empty() ? "group" : r.first->fingerprint;
  return EscapeMrkdwn(TruncateUtf8(name, 150));
}

// "*HighErrorRate* (pod web-1)" for one instance, "*HighErrorRate* ×3" for several.
std::string Name(const Run& r) {
  std::string out = "*" + AlertName(r) + "*";
  if (r.count > 1) return out + " ×" + std::to_string(r.count);
  if (!r.alert) return out;
  for (const char* key : {"pod", "instance"}) {
    auto it = r.alert->labels.find(key);
    if (it != r.alert->labels.end() && !it->second.empty()) {
      return out + " (" + key + " " + EscapeMrkdwn(TruncateUtf8(it->second, 100)) + ")";
    }
  }
  return out;
}

std::string Severity(const Run& r) {
  return r.alert ? r.alert->severity : DetailText(*r.first, "severity");
}

std::string Summary(const Run& r) {
  if (r.alert) return SummaryText(*r.alert, 200);
  return EscapeMrkdwn(TruncateUtf8(DetailText(*r.first, "summary"), 200));
}

std::string FiringLine(const Run& r) {
  std::string out = SeverityEmoji(Severity(r), false) + " " + Name(r) + " firing";
  if (std::string s = Summary(r); !s.empty()) out += " — " + s;
  return out;
}

std::string ResolvedLine(const Run& r) {
  std::string out = SeverityEmoji(Severity(r), true) + " " + Name(r) + " resolved";
  const Alert* a = r.alert;
  if (r.count == 1 && a && SinceMs(*a) > 0 && r.first->at_ms >= SinceMs(*a)) {
    out += " after " + FormatSpan(r.first->at_ms - SinceMs(*a));
  }
  return out;
}

std::string RemindedLine(const Run& r, int64_t now_ms) {
  std::string out = ":repeat: " + Name(r) + " still firing";
  if (r.alert && SinceMs(*r.alert) > 0) {
    out += " since " + FormatClock(SinceMs(*r.alert), now_ms) + " (" +
           FormatSpan(now_ms - SinceMs(*r.alert)) + ")";
  }
  return out + ", not acknowledged";
}

std::string RunLine(const Run& r, int64_t now_ms) {
  const AlertEvent& e = *r.first;
  if (e.kind == "firing") return FiringLine(r);
  if (e.kind == "resolved") return ResolvedLine(r);
  if (e.kind == "acknowledged") {
    return ":eyes: " + Name(r) + " acknowledged by " + ActorText(e.actor) + Comment(e);
  }
  if (e.kind == "silenced") {
    return ":no_bell: " + Name(r) + " silenced by " + ActorText(e.actor) +
           Until(e, r.alert, now_ms) + Comment(e);
  }
  if (e.kind == "unsilenced") return ":bell: " + Name(r) + " unsilenced by " + ActorText(e.actor);
  if (e.kind == "reminded") return RemindedLine(r, now_ms);
  return "";  // "message" and unknown kinds are not told in the thread
}

std::vector<Run> Runs(const std::vector<AlertEvent>& events,
                      const std::map<std::string, const Alert*>& alerts) {
  std::vector<Run> runs;
  std::map<std::string, size_t> index;  // kind|actor|alertname|until → run
  for (const auto& e : events) {
    auto it = alerts.find(e.fingerprint);
    const Alert* a = it == alerts.end() ? nullptr : it->second;
    std::string name = a ? a->alertname : DetailText(e, "alertname");
    std::string key = e.kind + "|" + e.actor + "|" + name + "|" + DetailText(e, "until") + "|" +
                      DetailText(e, "comment");
    if (name.empty()) key += "|" + e.fingerprint;
    auto [pos, fresh] = index.emplace(key, runs.size());
    if (fresh) runs.push_back({.first = &e, .alert = a});
    ++runs[pos->second].count;
  }
  return runs;
}

}  // namespace

std::string RenderThreadReply(const std::vector<AlertEvent>& events,
                              const std::vector<Alert>& alerts, int64_t now_ms) {
  std::map<std::string, const Alert*> by_fingerprint;
  for (const auto& a : alerts) by_fingerprint[a.fingerprint] = &a;
  std::string out;
  size_t told = 0, total = 0;
  for (const Run& r : Runs(events, by_fingerprint)) {
    std::string line = RunLine(r, now_ms);
    if (line.empty()) continue;
    ++total;
    if (out.size() + line.size() + 1 > kMaxReplyBytes - kMoreReserve) continue;
    out += (out.empty() ? "" : "\n") + line;
    ++told;
  }
  if (told < total) out += "\n+" + std::to_string(total - told) + " more changes";
  return out;
}

}  // namespace paved::alerts
