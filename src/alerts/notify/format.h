#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "alerts/alert.h"

// Text helpers shared by the Slack renderers (internal to paved_alerts_notify).
namespace paved::alerts::notify_internal {

// Slack mrkdwn escaping: & < > become &amp; &lt; &gt;.
std::string EscapeMrkdwn(std::string_view text);

// At most `max_bytes` bytes of `text`, cut on a UTF-8 character boundary, "…" appended when cut.
std::string TruncateUtf8(std::string_view text, size_t max_bytes);

// "<url|label>" for an http(s) URL (escaped for Slack), "" for anything else.
std::string SlackLink(std::string_view url, std::string_view label);

// Percent-encodes one URL path segment.
std::string EncodePathSegment(std::string_view segment);

// "14 min", "2 h 5 min", "3 d 4 h", "<1 min" for a non-negative span.
std::string FormatSpan(int64_t ms);

// "03:12 UTC" when `at_ms` is on the same UTC day as `now_ms`, else "Nov 24 03:12 UTC".
std::string FormatClock(int64_t at_ms, int64_t now_ms);

// 0 critical, 1 error, 2 warning, 3 info, 4 anything else (case-insensitive).
int SeverityRank(std::string_view severity);

// Slack emoji shortcode for a severity; resolved alerts get a check mark.
std::string SeverityEmoji(std::string_view severity, bool resolved);

// "<@U123>" for a Slack user id (also "slack:U123"), "<!subteam^S1>" for a user group,
// markup kept as given, else "@name" (escaped). "" for "".
std::string SlackMention(std::string_view who);

// An actor for display: "slack:U123" → "<@U123>", "" → "the source", else escaped login.
std::string ActorText(std::string_view actor);

// When an alert started: starts_at, else first_seen.
int64_t SinceMs(const Alert& a);

// The alert's summary annotation, else its description; escaped and truncated.
std::string SummaryText(const Alert& a, size_t max_bytes);

}  // namespace paved::alerts::notify_internal
