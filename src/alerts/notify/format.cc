#include "alerts/notify/format.h"

#include <cctype>

#include "absl/time/time.h"
#include "core/error.h"

namespace paved::alerts::notify_internal {

namespace {

bool IsSlackId(std::string_view s, char first_a, char first_b = 0) {
  if (s.size() < 8 || s.size() > 24 || (s[0] != first_a && s[0] != first_b)) return false;
  for (char c : s) {
    if (!std::isupper(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)))
      return false;
  }
  return true;
}

absl::Time Utc(int64_t ms) { return absl::FromUnixMillis(ms); }

}  // namespace

std::string EscapeMrkdwn(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string TruncateUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  // The ellipsis Shortened appends counts in the limit here.
  static constexpr size_t kEllipsisBytes = std::string_view("…").size();
  return Shortened(text, max_bytes > kEllipsisBytes ? max_bytes - kEllipsisBytes : 0);
}

std::string SlackLink(std::string_view url, std::string_view label) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return "";
  std::string safe;
  for (char c : url) {
    if (c == '|') {
      safe += "%7C";
    } else if (c == ' ') {
      safe += "%20";
    } else {
      safe += c;
    }
  }
  return "<" + EscapeMrkdwn(safe) + "|" + EscapeMrkdwn(label) + ">";
}

std::string EncodePathSegment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : segment) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string FormatSpan(int64_t ms) {
  if (ms < 0) ms = 0;
  int64_t minutes = ms / 60'000;
  if (minutes < 1) return "<1 min";
  if (minutes < 60) return std::to_string(minutes) + " min";
  int64_t hours = minutes / 60;
  if (hours < 24) {
    std::string out = std::to_string(hours) + " h";
    if (minutes % 60) out += " " + std::to_string(minutes % 60) + " min";
    return out;
  }
  std::string out = std::to_string(hours / 24) + " d";
  if (hours % 24) out += " " + std::to_string(hours % 24) + " h";
  return out;
}

std::string FormatClock(int64_t at_ms, int64_t now_ms) {
  absl::TimeZone utc = absl::UTCTimeZone();
  bool same_day = absl::FormatTime("%Y-%m-%d", Utc(at_ms), utc) ==
                  absl::FormatTime("%Y-%m-%d", Utc(now_ms), utc);
  return absl::FormatTime(same_day ? "%H:%M UTC" : "%b %d %H:%M UTC", Utc(at_ms), utc);
}

int SeverityRank(std::string_view severity) {
  std::string s;
  for (char c : severity) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "critical") return 0;
  if (s == "error") return 1;
  if (s == "warning") return 2;
  if (s == "info") return 3;
  return 4;
}

std::string SeverityEmoji(std::string_view severity, bool resolved) {
  if (resolved) return ":white_check_mark:";
  switch (SeverityRank(severity)) {
    case 0:
      return ":red_circle:";
    case 1:
      return ":large_orange_circle:";
    case 2:
      return ":large_yellow_circle:";
    case 3:
      return ":large_blue_circle:";
    default:
      return ":white_circle:";
  }
}

std::string SlackMention(std::string_view who) {
  if (who.empty()) return "";
  if (who.rfind("slack:", 0) == 0) who.remove_prefix(6);
  if (who.front() == '<' && who.back() == '>') return std::string(who);
  if (IsSlackId(who, 'U', 'W')) return "<@" + std::string(who) + ">";
  if (IsSlackId(who, 'S')) return "<!subteam^" + std::string(who) + ">";
  if (who.front() == '@') who.remove_prefix(1);
  return "@" + EscapeMrkdwn(who);
}

std::string ActorText(std::string_view actor) {
  if (actor.empty()) return "the source";
  if (actor.rfind("slack:", 0) == 0) {
    std::string_view id = actor.substr(6);
    if (IsSlackId(id, 'U', 'W')) return "<@" + std::string(id) + ">";
  }
  return EscapeMrkdwn(actor);
}

int64_t SinceMs(const Alert& a) { return a.starts_at_ms > 0 ? a.starts_at_ms : a.first_seen_ms; }

std::string SummaryText(const Alert& a, size_t max_bytes) {
  for (const char* key : {"summary", "description", "message"}) {
    auto it = a.annotations.find(key);
    if (it != a.annotations.end() && !it->second.empty()) {
      std::string one_line = it->second;
      for (char& c : one_line) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
      }
      return EscapeMrkdwn(TruncateUtf8(one_line, max_bytes));
    }
  }
  return "";
}

}  // namespace paved::alerts::notify_internal
