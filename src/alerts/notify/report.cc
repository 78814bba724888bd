#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_join.h"
#include "alerts/notify/format.h"
#include "alerts/notify/message.h"
#include "core/hashing.h"

namespace paved::alerts {

using nlohmann::json;
using notify_internal::ActorText;
using notify_internal::EscapeMrkdwn;
using notify_internal::FormatClock;
using notify_internal::FormatSpan;
using notify_internal::SeverityEmoji;
using notify_internal::SeverityRank;
using notify_internal::SinceMs;
using notify_internal::TruncateUtf8;

namespace {

constexpr size_t kMaxNames = 10;
constexpr size_t kLongest = 3;
constexpr size_t kMaxSectionText = 3000;

bool Told(const std::string& kind) {
  return kind == "firing" || kind == "resolved" || kind == "acknowledged" || kind == "silenced" ||
         kind == "unsilenced";
}

// "*HighErrorRate* in payments (prod-eu)"
std::string Where(const Alert& a) {
  std::string out = "*" + EscapeMrkdwn(TruncateUtf8(a.alertname, 150)) + "*";
  if (!a.ns.empty()) out += " in " + EscapeMrkdwn(a.ns);
  if (!a.cluster.empty()) out += " (" + EscapeMrkdwn(a.cluster) + ")";
  return out;
}

// Names counted and listed in first-seen order: "A ×2, B, +3 more".
std::string NameList(const std::vector<std::string>& names) {
  std::vector<std::string> order;
  std::map<std::string, int> count;
  for (const auto& n : names) {
    if (count[n]++ == 0) order.push_back(n);
  }
  std::vector<std::string> parts;
  for (size_t i = 0; i < order.size() && i < kMaxNames; ++i) {
    int c = count[order[i]];
    parts.push_back(order[i] + (c > 1 ? " ×" + std::to_string(c) : ""));
  }
  if (order.size() > kMaxNames)
    parts.push_back("+" + std::to_string(order.size() - kMaxNames) + " more");
  return absl::StrJoin(parts, ", ");
}

struct Tally {
  std::vector<std::string> fresh, resolved, acked;  // one entry per alert (first event each)
};

Tally CountEvents(const ReportInput& in) {
  std::map<std::string, const Alert*> by_fp;
  for (const auto& a : in.period_alerts) by_fp[a.fingerprint] = &a;
  for (const auto& a : in.open) by_fp.emplace(a.fingerprint, &a);
  Tally t;
  std::set<std::pair<std::string, std::string>> seen;  // (kind, fingerprint)
  for (const auto& e : in.events) {
    if (!seen.insert({e.kind, e.fingerprint}).second) continue;
    auto it = by_fp.find(e.fingerprint);
    if (it == by_fp.end()) continue;
    std::string where = Where(*it->second);
    if (e.kind == "firing") t.fresh.push_back(where);
    if (e.kind == "resolved") t.resolved.push_back(where);
    if (e.kind == "acknowledged") t.acked.push_back(where + " by " + ActorText(e.actor));
  }
  return t;
}

std::string OpenText(const ReportInput& in) {
  if (in.open.empty()) return "*Open:* none";
  std::map<int, std::map<std::string, int>> by_rank;  // rank → severity name → count
  size_t acked = 0, silenced = 0;
  for (const auto& a : in.open) {
    by_rank[SeverityRank(a.severity)][a.severity.empty() ? "no severity" : a.severity]++;
    acked += a.acknowledged() ? 1 : 0;
    silenced += a.silenced(in.now_ms) ? 1 : 0;
  }
  std::vector<std::string> parts;
  for (const auto& [rank, names] : by_rank) {
    for (const auto& [name, n] : names)
      parts.push_back(std::to_string(n) + " " + EscapeMrkdwn(name));
  }
  std::string out =
      "*Open:* " + std::to_string(in.open.size()) + " firing — " + absl::StrJoin(parts, ", ");
  if (acked) out += " · " + std::to_string(acked) + " acknowledged";
  if (silenced) out += " · " + std::to_string(silenced) + " silenced";
  return out;
}

std::string LongestText(const ReportInput& in) {
  std::vector<const Alert*> open;
  for (const auto& a : in.open) open.push_back(&a);
  std::sort(open.begin(), open.end(), [](const Alert* a, const Alert* b) {
    return std::make_tuple(SinceMs(*a), a->alertname, a->fingerprint) <
           std::make_tuple(SinceMs(*b), b->alertname, b->fingerprint);
  });
  std::string out = "*Longest firing:*";
  for (size_t i = 0; i < open.size() && i < kLongest; ++i) {
    const Alert& a = *open[i];
    out += "\n" + SeverityEmoji(a.severity, false) + " " + Where(a) + " — since " +
           FormatClock(SinceMs(a), in.now_ms) + " (" + FormatSpan(in.now_ms - SinceMs(a)) + ")";
  }
  return out;
}

json Section(const std::string& text) {
  return {{"type", "section"},
          {"text", {{"type", "mrkdwn"}, {"text", TruncateUtf8(text, kMaxSectionText)}}}};
}

}  // namespace

std::optional<RenderedMessage> RenderReport(const ReportInput& input, const AlertsConfig& config) {
  (void)config;
  bool any_event = std::any_of(input.events.begin(), input.events.end(),
                               [](const AlertEvent& e) { return Told(e.kind); });
  if (input.open.empty() && !any_event) return std::nullopt;
  Tally t = CountEvents(input);
  RenderedMessage m;
  m.blocks.push_back(Section("*" + EscapeMrkdwn(input.title) + "*"));
  m.blocks.push_back(Section(OpenText(input)));
  auto add = [&](const char* label, const std::vector<std::string>& names) {
    if (!names.empty()) {
      m.blocks.push_back(Section(std::string("*") + label + ":* " + std::to_string(names.size()) +
                                 " — " + NameList(names)));
    }
  };
  add("New", t.fresh);
  add("Resolved", t.resolved);
  add("Acknowledged", t.acked);
  if (!input.open.empty()) m.blocks.push_back(Section(LongestText(input)));
  m.text = EscapeMrkdwn(input.title) + ": " + std::to_string(input.open.size()) + " open, " +
           std::to_string(t.fresh.size()) + " new, " + std::to_string(t.resolved.size()) +
           " resolved, " + std::to_string(t.acked.size()) + " acknowledged";
  m.content_hash = Sha256Hex(m.text + "\n" + m.blocks.dump());
  return m;
}

}  // namespace paved::alerts
