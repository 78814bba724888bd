#include <algorithm>
#include <set>
#include <tuple>

#include "absl/strings/str_join.h"
#include "alerts/notify/format.h"
#include "alerts/notify/message.h"
#include "core/hashing.h"

namespace paved::alerts {

using nlohmann::json;
using notify_internal::ActorText;
using notify_internal::EncodePathSegment;
using notify_internal::EscapeMrkdwn;
using notify_internal::FormatClock;
using notify_internal::FormatSpan;
using notify_internal::SeverityEmoji;
using notify_internal::SeverityRank;
using notify_internal::SinceMs;
using notify_internal::SlackLink;
using notify_internal::SummaryText;
using notify_internal::TruncateUtf8;

namespace {

constexpr size_t kMaxBlocks = 50;
constexpr size_t kMaxSectionText = 3000;
constexpr size_t kMaxContextText = 2000;
constexpr size_t kMaxButtonValue = 2000;
constexpr size_t kMaxFallbackText = 3000;
constexpr size_t kSummaryBytes = 300;
constexpr size_t kNameBytes = 150;
constexpr size_t kMaxChanges = 5;

// One line of the message: every instance of one alert name.
struct Line {
  std::string alertname;
  std::vector<const Alert*> firing, resolved;
  int rank = 4;
  int64_t since_ms = 0;     // earliest start of the firing instances
  int64_t resolved_ms = 0;  // latest resolution (resolved lines)

  bool is_firing() const { return !firing.empty(); }
  const Alert& first() const { return is_firing() ? *firing.front() : *resolved.front(); }
};

int64_t ResolvedAt(const Alert& a) {
  if (a.resolved_at_ms) return *a.resolved_at_ms;
  return a.ends_at_ms > 0 ? a.ends_at_ms : a.last_received_ms;
}

bool InstanceBefore(const Alert* a, const Alert* b) {
  return std::make_tuple(SeverityRank(a->severity), SinceMs(*a), a->fingerprint) <
         std::make_tuple(SeverityRank(b->severity), SinceMs(*b), b->fingerprint);
}

void FinishLine(Line& l) {
  std::sort(l.firing.begin(), l.firing.end(), InstanceBefore);
  std::sort(l.resolved.begin(), l.resolved.end(), InstanceBefore);
  l.rank = SeverityRank(l.first().severity);
  l.since_ms = SinceMs(l.first());
  for (const Alert* a : l.firing) l.since_ms = std::min(l.since_ms, SinceMs(*a));
  for (const Alert* a : l.resolved) l.resolved_ms = std::max(l.resolved_ms, ResolvedAt(*a));
}

bool LineBefore(const Line& a, const Line& b) {
  if (a.is_firing() != b.is_firing()) return a.is_firing();
  if (a.is_firing()) {
    return std::tie(a.rank, a.since_ms, a.alertname) < std::tie(b.rank, b.since_ms, b.alertname);
  }
  return std::make_tuple(-a.resolved_ms, a.alertname) <
         std::make_tuple(-b.resolved_ms, b.alertname);
}

std::vector<Line> BuildLines(const std::vector<Alert>& alerts) {
  std::map<std::string, Line> by_name;
  for (const auto& a : alerts) {
    Line& l = by_name[a.alertname];
    l.alertname = a.alertname;
    (a.status == AlertStatus::kFiring ? l.firing : l.resolved).push_back(&a);
  }
  std::vector<Line> lines;
  for (auto& [name, l] : by_name) {
    FinishLine(l);
    lines.push_back(std::move(l));
  }
  std::sort(lines.begin(), lines.end(), LineBefore);
  return lines;
}

std::string Find(const LabelSet& m, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = m.find(k);
    if (it != m.end() && !it->second.empty()) return it->second;
  }
  return "";
}

std::vector<std::string> Links(const Alert& a) {
  std::vector<std::string> out;
  for (auto link : {SlackLink(Find(a.annotations, {"runbook_url", "runbook"}), "runbook"),
                    SlackLink(Find(a.links, {"dashboard", "panel"}).empty()
                                  ? Find(a.annotations, {"dashboard_url", "dashboard"})
                                  : Find(a.links, {"dashboard", "panel"}),
                              "dashboard"),
                    SlackLink(a.generator_url, "source")}) {
    if (!link.empty()) out.push_back(std::move(link));
  }
  return out;
}

std::string OfTotal(size_t n, size_t total) {
  return n == total ? "" : " (" + std::to_string(n) + " of " + std::to_string(total) + ")";
}

// "acked by mina.kim · silenced until 14:00 UTC", "" when neither.
std::string HandledText(const Line& l, int64_t now_ms) {
  std::set<std::string> ackers;
  size_t acked = 0, silenced = 0;
  int64_t until = 0;
  for (const Alert* a : l.firing) {
    if (a->acknowledged()) {
      ++acked;
      ackers.insert(ActorText(a->acked_by));
    }
    if (a->silenced(now_ms)) {
      until = silenced++ == 0 ? *a->silenced_until_ms : std::min(until, *a->silenced_until_ms);
    }
  }
  std::vector<std::string> parts;
  if (acked)
    parts.push_back("acked by " + absl::StrJoin(ackers, ", ") + OfTotal(acked, l.firing.size()));
  if (silenced) {
    parts.push_back("silenced until " + FormatClock(until, now_ms) +
                    OfTotal(silenced, l.firing.size()));
  }
  return absl::StrJoin(parts, " · ");
}

std::string LineText(const Line& l, int64_t now_ms, bool with_links) {
  const Alert& a = l.first();
  std::string out =
      SeverityEmoji(a.severity, !l.is_firing()) + " *" +
      EscapeMrkdwn(TruncateUtf8(l.alertname.empty() ? "(no alertname)" : l.alertname, kNameBytes)) +
      "*";
  if (std::string summary = SummaryText(a, kSummaryBytes); !summary.empty()) out += " — " + summary;
  std::vector<std::string> details;
  if (l.is_firing()) {
    details.push_back("since " + FormatClock(l.since_ms, now_ms) + " (" +
                      FormatSpan(now_ms - l.since_ms) + ")");
    if (l.firing.size() > 1)
      details.push_back("×" + std::to_string(l.firing.size()) + " instances");
  } else {
    details.push_back("resolved " + FormatSpan(now_ms - l.resolved_ms) + " ago");
    if (l.resolved.size() > 1) {
      details.push_back("×" + std::to_string(l.resolved.size()) + " instances");
    }
  }
  if (with_links) {
    for (auto& link : Links(a)) details.push_back(std::move(link));
  }
  out += "\n" + absl::StrJoin(details, " · ");
  if (l.is_firing()) {
    if (std::string handled = HandledText(l, now_ms); !handled.empty()) out += "\n" + handled;
  }
  return out;
}

json Mrkdwn(const std::string& text) { return {{"type", "mrkdwn"}, {"text", text}}; }

json Section(const std::string& text) {
  return {{"type", "section"}, {"text", Mrkdwn(TruncateUtf8(text, kMaxSectionText))}};
}

json Button(const std::string& label, const std::string& action_id, const std::string& value,
            const char* style = nullptr) {
  json b = {{"type", "button"},
            {"text", {{"type", "plain_text"}, {"text", label}}},
            {"action_id", action_id},
            {"value", value}};
  if (style) b["style"] = style;
  return b;
}

// Ack / Silence buttons for a firing line; null when the value would exceed Slack's limit.
json Actions(const Line& l, const std::string& group_key, int64_t now_ms) {
  std::string value = group_key + "|" + l.alertname;
  if (value.size() > kMaxButtonValue) return nullptr;
  bool all_acked = true, any_silenced = false;
  for (const Alert* a : l.firing) {
    all_acked = all_acked && a->acknowledged();
    any_silenced = any_silenced || a->silenced(now_ms);
  }
  json elements = json::array();
  if (!all_acked) elements.push_back(Button("Ack", "ack", value, "primary"));
  elements.push_back(Button("Silence 1h", "silence_1h", value));
  elements.push_back(Button("Silence 4h", "silence_4h", value));
  if (any_silenced) elements.push_back(Button("Unsilence", "unsilence", value));
  return {{"type", "actions"}, {"elements", elements}};
}

size_t FiringCount(const std::vector<Alert>& alerts) {
  return std::count_if(alerts.begin(), alerts.end(),
                       [](const Alert& a) { return a.status == AlertStatus::kFiring; });
}

std::string Place(const GroupView& v) {
  std::string ns = v.ns.empty() ? "(no namespace)" : v.ns;
  std::string out = EscapeMrkdwn(ns);
  if (!v.cluster.empty()) out += " (" + EscapeMrkdwn(v.cluster) + ")";
  return out;
}

std::string Title(const GroupView& v) {
  size_t firing = FiringCount(v.alerts);
  if (firing == 0) return "All resolved in " + Place(v);
  return std::to_string(firing) + " firing in " + Place(v);
}

std::string OwnerText(const GroupView& v) {
  if (!v.owner) return ":warning: unowned — no team owns this namespace";
  const auto& o = *v.owner;
  std::string out = "Team *" + EscapeMrkdwn(o.team_name.empty() ? o.team : o.team_name) + "*";
  if (o.team_status == "dissolved") out += " (dissolved)";
  if (!o.project.empty()) out += " · project " + EscapeMrkdwn(o.project);
  if (!v.destination.mention.empty()) out += " · on-call " + v.destination.mention;
  return out;
}

std::string ChangeVerb(const std::string& kind) {
  if (kind == "deploy") return "deployed";
  if (kind == "rollback") return "rolled back";
  if (kind == "deploy_failed") return "deploy failed";
  if (kind == "config") return "config changed";
  if (kind == "secret") return "secret changed";
  if (kind == "spec") return "spec pushed";
  if (kind == "exception") return "policy exception";
  return EscapeMrkdwn(kind);
}

std::string ChangeText(const RecentChange& c, int64_t now_ms) {
  std::string out = ChangeVerb(c.kind) + " " + FormatSpan(now_ms - c.at_ms) + " ago";
  if (!c.actor.empty()) out += " by " + ActorText(c.actor);
  if (!c.text.empty()) out += ": " + EscapeMrkdwn(TruncateUtf8(c.text, 200));
  return out;
}

json ContextBlock(const GroupView& v, const AlertsConfig& config) {
  std::string text = "Changes in the last " + FormatSpan(config.context_window_ms) + ":";
  for (size_t i = 0; i < v.changes.size() && i < kMaxChanges; ++i) {
    text += "\n• " + ChangeText(v.changes[i], v.now_ms);
  }
  if (v.changes.size() > kMaxChanges) {
    text += "\n+" + std::to_string(v.changes.size() - kMaxChanges) + " more";
  }
  return {{"type", "context"}, {"elements", {Mrkdwn(TruncateUtf8(text, kMaxContextText))}}};
}

std::string GroupUrl(const GroupView& v, const AlertsConfig& config) {
  if (config.public_url.empty()) return "";
  // The web UI's group route writes an empty cluster as "-".
  return config.public_url + "/alerts/groups/" +
         (v.cluster.empty() ? "-" : EncodePathSegment(v.cluster)) + "/" + EncodePathSegment(v.ns);
}

std::string MoreText(size_t hidden, const GroupView& v, const AlertsConfig& config) {
  std::string out = "+" + std::to_string(hidden) + " more";
  std::string link = SlackLink(GroupUrl(v, config), "see every alert in Paved");
  if (!link.empty()) out += " — " + link;
  return out;
}

std::string FallbackText(const GroupView& v, const std::vector<Line>& lines) {
  std::string out = Title(v);
  if (v.owner) {
    out += " — " + EscapeMrkdwn(v.owner->team_name.empty() ? v.owner->team : v.owner->team_name);
  } else {
    out += " — unowned";
  }
  std::vector<std::string> names;
  for (const auto& l : lines) {
    if (l.is_firing()) names.push_back(EscapeMrkdwn(TruncateUtf8(l.alertname, kNameBytes)));
  }
  if (!names.empty()) out += ": " + absl::StrJoin(names, ", ");
  return TruncateUtf8(out, kMaxFallbackText);
}

}  // namespace

RenderedMessage RenderGroupMessage(const GroupView& view, const AlertsConfig& config) {
  std::vector<Line> lines = BuildLines(view.alerts);
  RenderedMessage m;
  m.text = FallbackText(view, lines);
  m.blocks.push_back(Section("*" + Title(view) + "*\n" + OwnerText(view)));
  size_t reserve = 1 + (view.changes.empty() ? 0 : 1);  // "+N more" and context
  size_t cap = static_cast<size_t>(std::max(config.message_cap, 1));
  size_t shown = 0;
  for (; shown < lines.size() && shown < cap; ++shown) {
    const Line& l = lines[shown];
    json actions = l.is_firing() ? Actions(l, view.group_key, view.now_ms) : json(nullptr);
    size_t need = actions.is_null() ? 1 : 2;
    if (m.blocks.size() + need + reserve > kMaxBlocks) break;
    std::string text = LineText(l, view.now_ms, true);
    if (text.size() > kMaxSectionText) text = LineText(l, view.now_ms, false);
    m.blocks.push_back(Section(text));
    if (!actions.is_null()) m.blocks.push_back(std::move(actions));
  }
  if (shown < lines.size())
    m.blocks.push_back(Section(MoreText(lines.size() - shown, view, config)));
  if (!view.changes.empty()) m.blocks.push_back(ContextBlock(view, config));
  m.content_hash = Sha256Hex(m.text + "\n" + m.blocks.dump());
  return m;
}

}  // namespace paved::alerts
