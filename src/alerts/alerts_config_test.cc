#include "alerts/alerts_config.h"

#include "core/config.h"
#include "core/hashing.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::alerts {
namespace {

using json = nlohmann::json;

json Yaml(const std::string& text) {
  auto j = YamlToJson(text);
  EXPECT_TRUE(j.ok()) << j.status();
  return j.ok() ? *j : json();
}

std::string ErrorOf(const json& file) {
  auto c = ParseAlertsConfig(file);
  EXPECT_FALSE(c.ok());
  return c.ok() ? "" : std::string(c.status().message());
}

TEST(ParseDurationMsTest, GoAndPrometheusStyle) {
  EXPECT_EQ(*ParseDurationMs("30s"), 30'000);
  EXPECT_EQ(*ParseDurationMs("5m"), 300'000);
  EXPECT_EQ(*ParseDurationMs("4h"), 4 * 3'600'000);
  EXPECT_EQ(*ParseDurationMs("1h30m"), 5'400'000);
  EXPECT_EQ(*ParseDurationMs("500ms"), 500);
  EXPECT_EQ(*ParseDurationMs("1d"), 86'400'000);
  EXPECT_EQ(*ParseDurationMs("1.5h"), 5'400'000);
  EXPECT_EQ(*ParseDurationMs("0"), 0);
  EXPECT_EQ(*ParseDurationMs("0s"), 0);
  for (const char* bad : {"", "5", "m", "5x", "-5m", "1h 30m", "1..5h", "h1", "99999999d"}) {
    SCOPED_TRACE(bad);
    EXPECT_CODE(ParseDurationMs(bad), kInvalidArgument);
  }
}

TEST(ParseAlertsConfigTest, EmptyFileGivesDefaults) {
  auto c = ParseAlertsConfig(json::object());
  ASSERT_OK(c);
  EXPECT_EQ(c->fallback_channel, "#platform-alerts");
  EXPECT_EQ(c->message_cap, 20);
  EXPECT_EQ(c->context_window_ms, 3 * 3'600'000);
  EXPECT_EQ(c->namespace_labels.size(), 3u);
  EXPECT_TRUE(c->sources.empty());
  EXPECT_EQ(c->slack_api_url, "https://slack.com/api");
  EXPECT_OK(ParseAlertsConfig(json()));
}

TEST(ParseAlertsConfigTest, TheDocumentedExample) {
  std::string hash(64, 'a');
  auto c = ParseAlertsConfig(Yaml(R"(
alerts:
  sources:
    alertmanager: {token: "change-me"}
    grafana: {token: "change-me-too", signature_secret: "s3cret",
              signature_header: X-Signature, max_signature_age: 2m}
    prometheus: {token_sha256: ")" +
                                  hash + R"("}
  fallback_channel: "#platform-alerts"
  sre_channel: "#sre"
  public_url: https://paved.example.com/
  group_wait: 0s
  context_window: 3h
  message_cap: 20
  channel_messages_per_minute: 20
  report_every: 1h
  routes:
    - match: {severity: info}
      notify: false
    - team: payments
      match: {alertname: "~Disk.*"}
      channel: "#payments-storage"
  reminders:
    - match: {severity: critical}
      every: 30m
    - match: {alertname: DiskFilling}
      every: 4h
  webhooks:
    - {name: pager, url: "https://hooks.example.com/paved", match: {severity: critical}}
slack:
  api_url: https://slack.com/api
  bot_token: xoxb-123
  signing_secret: abc
  webhook_url: ""
)"));
  ASSERT_OK(c);
  ASSERT_EQ(c->sources.size(), 3u);
  EXPECT_EQ(c->sources["alertmanager"].token_sha256, Sha256Hex("change-me"));
  EXPECT_EQ(c->sources["grafana"].signature_secret, "s3cret");
  EXPECT_EQ(c->sources["grafana"].max_signature_age_ms, 120'000);
  EXPECT_EQ(c->sources["grafana"].signature_header, "X-Signature");
  EXPECT_EQ(c->sources["alertmanager"].signature_header, "");           // Grafana's usual names
  EXPECT_EQ(c->sources["alertmanager"].max_signature_age_ms, 300'000);  // default
  EXPECT_EQ(c->sources["prometheus"].token_sha256, hash);
  EXPECT_EQ(c->public_url, "https://paved.example.com");
  EXPECT_EQ(c->sre_channel, "#sre");
  EXPECT_EQ(c->report_every_ms, 3'600'000);
  ASSERT_EQ(c->routes.size(), 2u);
  EXPECT_FALSE(c->routes[0].notify);
  EXPECT_EQ(c->routes[1].team, "payments");
  EXPECT_EQ(c->routes[1].channel, "#payments-storage");
  ASSERT_EQ(c->reminders.size(), 2u);
  EXPECT_EQ(c->reminders[0].every_ms, 1'800'000);
  EXPECT_EQ(c->reminders[1].match.at("alertname"), "DiskFilling");
  ASSERT_EQ(c->webhooks.size(), 1u);
  EXPECT_EQ(c->webhooks[0].name, "pager");
  EXPECT_EQ(c->slack_bot_token, "xoxb-123");
  EXPECT_EQ(c->slack_webhook_url, "");
}

TEST(ParseAlertsConfigTest, ScalarsTheYamlConverterTypedAreAccepted) {
  auto c = ParseAlertsConfig(Yaml(R"(
alerts:
  sources:
    alertmanager: {token: 12345}
  message_cap: "15"
  group_wait: 0
  fallback_channel: alerts
  routes:
    - match: {code: 500, canary: true}
)"));
  ASSERT_OK(c);
  EXPECT_EQ(c->sources["alertmanager"].token_sha256, Sha256Hex("12345"));
  EXPECT_EQ(c->message_cap, 15);
  EXPECT_EQ(c->group_wait_ms, 0);
  EXPECT_EQ(c->routes[0].match.at("code"), "500");
  EXPECT_EQ(c->routes[0].match.at("canary"), "true");
}

TEST(ParseAlertsConfigTest, ErrorsNameTheKey) {
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  reminders:\n    - {every: 30m}\n    - {every: soon}\n")),
            "alerts.reminders[1].every: not a duration (e.g. 30s, 5m, 4h, 1h30m)");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  context_window: 3\n")),
            "alerts.context_window: not a duration (e.g. 30s, 5m, 4h, 1h30m)");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  message_cap: many\n")),
            "alerts.message_cap: must be an integer from 1 to 100");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  routes:\n    - match: {alertname: \"~Disk(\"}\n"))
                .rfind("alerts.routes[0].match.alertname: invalid regular expression", 0),
            0u);
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  sources:\n    grafana: {signature_secret: x}\n")),
            "alerts.sources.grafana.token: required (or token_sha256)");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  sources:\n    g: {token: t, timestamp_header: \"\"}\n")),
            "alerts.sources.g.timestamp_header: must not be empty (leave it out for the default)");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  sources:\n    g: {token: t, timestamp_header: X-Ts}\n")),
            "alerts.sources.g.timestamp_header: needs signature_secret");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  sources:\n    g: {token: t, signature_header: X-Sig}\n")),
            "alerts.sources.g.signature_header: needs signature_secret");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  sources:\n    g: {token: t, max_signature_age: soon}\n")),
            "alerts.sources.g.max_signature_age: not a duration (e.g. 30s, 5m, 4h, 1h30m)");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  sources:\n    p: {token_sha256: abc}\n")),
            "alerts.sources.p.token_sha256: must be 64 hex digits");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  routes:\n    - matches: {a: b}\n"))
                .rfind("alerts.routes[0].matches: unknown key", 0),
            0u);
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  routes: {a: b}\n")), "alerts.routes: must be a list");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  routes:\n    - notify: maybe\n")),
            "alerts.routes[0].notify: must be true or false");
  EXPECT_EQ(ErrorOf(Yaml("alerts:\n  webhooks:\n    - {url: ftp://x}\n")),
            "alerts.webhooks[0].url: must be an http:// or https:// URL");
  EXPECT_EQ(ErrorOf(Yaml("slack:\n  bot_tokn: x\n")).rfind("slack.bot_tokn: unknown key", 0), 0u);
  EXPECT_EQ(ErrorOf(Yaml("alerts: [1]\n")), "alerts: must be a mapping");
}

TEST(MatchesTest, EqualityAndFullMatchRegex) {
  LabelSet labels = {{"alertname", "DiskFilling"}, {"severity", "critical"}};
  EXPECT_TRUE(Matches({}, labels));
  EXPECT_TRUE(Matches({{"severity", "critical"}}, labels));
  EXPECT_FALSE(Matches({{"severity", "warning"}}, labels));
  EXPECT_TRUE(Matches({{"alertname", "~Disk.*"}, {"severity", "critical"}}, labels));
  EXPECT_FALSE(Matches({{"alertname", "~Disk"}}, labels));   // full match, not search
  EXPECT_FALSE(Matches({{"alertname", "~Disk("}}, labels));  // invalid: never matches
  EXPECT_TRUE(Matches({{"team", ""}}, labels));              // a missing label reads as ""
  EXPECT_FALSE(Matches({{"team", "payments"}}, labels));
}

TEST(SourceByTokenHashTest, FindsTheSourceByHash) {
  auto c =
      ParseAlertsConfig(Yaml("alerts:\n  sources:\n    am: {token: one}\n    gf: {token: two}\n"));
  ASSERT_OK(c);
  const SourceConfig* s = c->SourceByTokenHash(Sha256Hex("two"));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->name, "gf");
  EXPECT_EQ(c->SourceByTokenHash(Sha256Hex("three")), nullptr);
  EXPECT_EQ(c->SourceByTokenHash(""), nullptr);
}

}  // namespace
}  // namespace paved::alerts
