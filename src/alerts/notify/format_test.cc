#include "alerts/notify/format.h"

#include "gtest/gtest.h"

namespace paved::alerts::notify_internal {
namespace {

TEST(FormatTest, EscapesSlackControlCharacters) {
  EXPECT_EQ(EscapeMrkdwn("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
  EXPECT_EQ(EscapeMrkdwn("<!channel>"), "&lt;!channel&gt;");
}

TEST(FormatTest, TruncatesOnCharacterBoundaries) {
  EXPECT_EQ(TruncateUtf8("short", 10), "short");
  std::string cut = TruncateUtf8("ééééé", 7);  // 2 bytes each; "…" is 3 bytes
  EXPECT_EQ(cut, "éé…");
  EXPECT_LE(cut.size(), 7u);
}

TEST(FormatTest, LinksOnlyForHttpUrls) {
  EXPECT_EQ(SlackLink("https://x.example/a?b=1&c=2", "runbook"),
            "<https://x.example/a?b=1&amp;c=2|runbook>");
  EXPECT_EQ(SlackLink("https://x.example/a|b", "x"), "<https://x.example/a%7Cb|x>");
  EXPECT_EQ(SlackLink("javascript:alert(1)", "x"), "");
  EXPECT_EQ(SlackLink("", "x"), "");
}

TEST(FormatTest, Spans) {
  EXPECT_EQ(FormatSpan(20'000), "<1 min");
  EXPECT_EQ(FormatSpan(14 * 60'000), "14 min");
  EXPECT_EQ(FormatSpan(125 * 60'000), "2 h 5 min");
  EXPECT_EQ(FormatSpan(120 * 60'000), "2 h");
  EXPECT_EQ(FormatSpan((3 * 24 + 4) * 3'600'000LL), "3 d 4 h");
  EXPECT_EQ(FormatSpan(-5), "<1 min");
}

TEST(FormatTest, ClockShowsTheDateOnlyForAnotherDay) {
  int64_t now = 1'764'040'320'000;  // 2025-11-25T03:12:00Z
  EXPECT_EQ(FormatClock(now, now), "03:12 UTC");
  EXPECT_EQ(FormatClock(now - 4 * 3'600'000, now), "Nov 24 23:12 UTC");
}

TEST(FormatTest, Mentions) {
  EXPECT_EQ(SlackMention("U024BE7LH"), "<@U024BE7LH>");
  EXPECT_EQ(SlackMention("W024BE7LH"), "<@W024BE7LH>");
  EXPECT_EQ(SlackMention("S0614TZR7"), "<!subteam^S0614TZR7>");
  EXPECT_EQ(SlackMention("<@U1>"), "<@U1>");
  EXPECT_EQ(SlackMention("mina.kim"), "@mina.kim");
  EXPECT_EQ(SlackMention("@mina.kim"), "@mina.kim");
  EXPECT_EQ(SlackMention("Ursula"), "@Ursula");
  EXPECT_EQ(SlackMention(""), "");
  EXPECT_EQ(ActorText("slack:U024BE7LH"), "<@U024BE7LH>");
  EXPECT_EQ(ActorText("mina.kim"), "mina.kim");
  EXPECT_EQ(ActorText(""), "the source");
}

TEST(FormatTest, SeverityOrder) {
  EXPECT_LT(SeverityRank("critical"), SeverityRank("error"));
  EXPECT_LT(SeverityRank("error"), SeverityRank("warning"));
  EXPECT_LT(SeverityRank("warning"), SeverityRank("info"));
  EXPECT_LT(SeverityRank("info"), SeverityRank("page"));
  EXPECT_EQ(SeverityRank("CRITICAL"), 0);
  EXPECT_EQ(SeverityEmoji("critical", false), ":red_circle:");
  EXPECT_EQ(SeverityEmoji("critical", true), ":white_check_mark:");
}

}  // namespace
}  // namespace paved::alerts::notify_internal
