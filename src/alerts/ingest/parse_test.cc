#include "alerts/ingest/parse.h"

#include <fstream>
#include <random>
#include <sstream>

#include "alerts/ingest/fingerprint.h"
#include "gtest/gtest.h"
#include "http/errors.h"
#include "nlohmann/json.hpp"
#include "tests/support/status_assertions.h"

namespace paved::alerts {
namespace {

using nlohmann::json;

constexpr int64_t kNow = 1'790'000'000'000;  // 2026-09

std::string ReadTestdata(const std::string& name) {
  std::ifstream in("src/alerts/ingest/testdata/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <typename T>
bool Invalid(const absl::StatusOr<T>& r) {
  return r.status().code() == absl::StatusCode::kInvalidArgument;
}

// The HTTP answer a parse error becomes, as the hook routes send it.
json ErrorOf(const absl::Status& status) {
  return json::parse(http::ErrorFromStatus(status).body)["error"];
}

TEST(ParseTest, Rfc3339) {
  EXPECT_EQ(ParseRfc3339Ms("1970-01-01T00:00:01Z"), 1000);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-20T03:12:00.000Z"), 1'795'144'320'000);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-20T03:12:00.5Z"), 1'795'144'320'500);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-20T03:12:00.123456789Z"), 1'795'144'320'123);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-20T05:12:00.123+02:00"), 1'795'144'320'123);
  EXPECT_EQ(ParseRfc3339Ms("2026-11-19T22:12:00-05:00"), 1'795'144'320'000);
  EXPECT_EQ(ParseRfc3339Ms("0001-01-01T00:00:00Z"), 0);
  for (const char* bad :
       {"", "2026-11-20", "2026-11-20T03:12:00", "2026-13-20T03:12:00Z", "2026-11-20T03:12:00.Z",
        "2026-11-20T03:12:00Zjunk", "yesterday", "2026-11-20T03:12:00+0200"}) {
    EXPECT_FALSE(ParseRfc3339Ms(bad).has_value()) << bad;
  }
}

TEST(ParseTest, AlertmanagerSample) {
  auto alerts = ParseAlertmanagerWebhook(ReadTestdata("alertmanager-webhook.json"));
  ASSERT_OK(alerts);
  ASSERT_EQ(alerts->size(), 2u);
  const IncomingAlert& a = alerts->at(0);
  EXPECT_EQ(a.fingerprint, "c4f1a2b3d4e5f607");
  EXPECT_EQ(a.status, AlertStatus::kFiring);
  EXPECT_EQ(a.labels.at("namespace"), "chat-gateway");
  EXPECT_EQ(a.annotations.at("runbook_url"), "https://runbooks.example.com/high-error-rate");
  EXPECT_EQ(a.starts_at_ms, *ParseRfc3339Ms("2026-11-20T03:12:00Z"));
  EXPECT_EQ(a.ends_at_ms, 0);
  EXPECT_EQ(a.generator_url, "http://prometheus.example.com/graph?g0.expr=...");
  EXPECT_EQ(alerts->at(1).status, AlertStatus::kResolved);
  EXPECT_EQ(alerts->at(1).ends_at_ms, *ParseRfc3339Ms("2026-11-20T03:14:30Z"));
}

TEST(ParseTest, AlertmanagerNewerFieldsAndComputedFingerprint) {
  json body = json::parse(ReadTestdata("alertmanager-webhook.json"));
  body["notification_reason"] = "resolved";
  body["routeLabels"] = {{"team", "chat"}};
  body["truncatedAlerts"] = 3;
  body["alerts"][0].erase("fingerprint");
  body["alerts"][1]["fingerprint"] = "not-hex";
  auto alerts = ParseAlertmanagerWebhook(body.dump());
  ASSERT_OK(alerts);
  for (const IncomingAlert& a : *alerts) {
    EXPECT_EQ(a.fingerprint, Hex64(LabelsFingerprint(a.labels)));
  }
}

TEST(ParseTest, GrafanaSample) {
  auto alerts = ParseGrafanaWebhook(ReadTestdata("grafana-webhook.json"));
  ASSERT_OK(alerts);
  ASSERT_EQ(alerts->size(), 1u);
  const IncomingAlert& a = alerts->front();
  EXPECT_EQ(a.fingerprint, "57c6d9296de2ad39");
  EXPECT_EQ(a.labels.at("namespace"), "ads-landing");
  EXPECT_EQ(a.links.at("silence"),
            "https://grafana.example.com/alerting/silence/new?matcher=alertname%3DLatencyP99High");
  EXPECT_EQ(a.links.at("dashboard"), "https://grafana.example.com/d/ads");
  EXPECT_EQ(a.links.at("panel"), "https://grafana.example.com/d/ads?viewPanel=3");
  EXPECT_EQ(a.links.count("image"), 0u);
  EXPECT_EQ(a.starts_at_ms, *ParseRfc3339Ms("2026-11-20T03:10:00Z"));
}

TEST(ParseTest, PostableAlerts) {
  json body = json::array({
      {{"labels", {{"alertname", "Up"}, {"namespace", "ads"}}},
       {"annotations", {{"summary", "s"}}},
       {"startsAt", "2026-09-21T00:00:00Z"},
       {"generatorURL", "http://prom/graph"}},
      {{"labels", {{"alertname", "Gone"}}}, {"endsAt", "2026-09-21T00:00:00Z"}},
      {{"labels", {{"alertname", "Later"}}}, {"endsAt", "2036-01-01T00:00:00Z"}},
  });
  auto alerts = ParsePostableAlerts(body.dump(), *ParseRfc3339Ms("2026-09-22T00:00:00Z"));
  ASSERT_OK(alerts);
  ASSERT_EQ(alerts->size(), 3u);
  EXPECT_EQ(alerts->at(0).status, AlertStatus::kFiring);
  EXPECT_EQ(alerts->at(0).fingerprint,
            Hex64(LabelsFingerprint({{"alertname", "Up"}, {"namespace", "ads"}})));
  EXPECT_EQ(alerts->at(0).generator_url, "http://prom/graph");
  EXPECT_EQ(alerts->at(1).status, AlertStatus::kResolved);
  EXPECT_EQ(alerts->at(1).starts_at_ms, 0);
  EXPECT_EQ(alerts->at(2).status, AlertStatus::kFiring);
}

struct BadCase {
  std::string body;
  std::string field;
  std::string message;
};

TEST(ParseTest, ErrorsNameTheField) {
  std::vector<BadCase> cases = {
      {R"([{"labels":{"a":"b"}},{"labels":{"a":"b"}},{"labels":{"a":1}}])", "alerts[2].labels",
       "must be an object of strings"},
      {R"([{"labels":{}}])", "alerts[0].labels", "must not be empty"},
      {R"([{"annotations":{}}])", "alerts[0].labels", "is required"},
      {R"([{"labels":{"a":"b"},"startsAt":"yesterday"}])", "alerts[0].startsAt",
       "must be an RFC 3339 time"},
      {R"([{"labels":{"a":"b"},"endsAt":5}])", "alerts[0].endsAt", "must be a string"},
      {R"([{"labels":{"a":"b"},"annotations":[]}])", "alerts[0].annotations",
       "must be an object of strings"},
      {R"([7])", "alerts[0]", "must be an object"},
      {R"({"alerts":[]})", "alerts", "must be an array"},
  };
  for (const auto& c : cases) {
    auto parsed = ParsePostableAlerts(c.body, kNow);
    ASSERT_FALSE(parsed.ok()) << c.body;
    EXPECT_CODE(parsed, kInvalidArgument);
    json error = ErrorOf(parsed.status());
    EXPECT_EQ(error["field"], c.field) << c.body;
    EXPECT_EQ(error["message"], c.message) << c.body;
  }
  auto version = ParseAlertmanagerWebhook(R"({"version":"3","alerts":[]})");
  EXPECT_EQ(ErrorOf(version.status())["field"], "version");
  auto missing = ParseGrafanaWebhook(R"({"version":"1"})");
  EXPECT_EQ(ErrorOf(missing.status())["field"], "alerts");
  auto status = ParseAlertmanagerWebhook(R"({"version":"4","alerts":[{"labels":{"a":"b"}}]})");
  EXPECT_EQ(ErrorOf(status.status())["field"], "alerts[0].status");
  auto not_json = ParseAlertmanagerWebhook("{nope");
  EXPECT_CODE(not_json, kInvalidArgument);
  EXPECT_EQ(ErrorOf(not_json.status())["code"], "invalid_json");
}

// Truncated bodies, every kind of wrong type and absurd numbers: an InvalidArgument, never a
// crash or an exception.
TEST(ParseTest, HostileBodiesAreRejectedNotFatal) {
  std::vector<std::string> samples = {ReadTestdata("alertmanager-webhook.json"),
                                      ReadTestdata("grafana-webhook.json")};
  for (const std::string& sample : samples) {
    std::string body = sample.substr(0, sample.find_last_not_of(" \n") + 1);
    for (size_t n = 0; n < body.size(); ++n) {
      std::string cut = body.substr(0, n);
      EXPECT_TRUE(Invalid(ParseAlertmanagerWebhook(cut))) << n;
      EXPECT_TRUE(Invalid(ParseGrafanaWebhook(cut))) << n;
      EXPECT_TRUE(Invalid(ParsePostableAlerts(cut, kNow))) << n;
    }
  }
  std::vector<std::string> odd = {
      "",
      "null",
      "0",
      "\"x\"",
      "[]",
      "{}",
      "[null]",
      "[[]]",
      "{\"alerts\":null}",
      R"({"version":"4","alerts":[{"status":"firing","labels":{"a":"b"},"startsAt":1e999999}]})",
      R"({"version":"4","alerts":[],"truncatedAlerts":123456789012345678901234567890})",
      R"([{"labels":{"a":"b"},"startsAt":"99999-01-01T00:00:00Z"}])",
      R"([{"labels":{"a":"b"},"startsAt":"2026-11-20T03:12:00.99999999999999999999999Z"}])",
      R"({"version":4,"alerts":[]})",
      R"({"version":"4","alerts":[{"status":"sleeping","labels":{"a":"b"}}]})",
      std::string(100000, '['),
  };
  for (const std::string& body : odd) {
    auto am = ParseAlertmanagerWebhook(body);
    auto post = ParsePostableAlerts(body, kNow);
    if (!am.ok()) EXPECT_TRUE(Invalid(am)) << body.substr(0, 80);
    if (!post.ok()) EXPECT_TRUE(Invalid(post)) << body.substr(0, 80);
  }
  EXPECT_OK(ParsePostableAlerts("[]", kNow));
  std::mt19937 rng(42);
  std::string base = samples[0];
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = base;
    for (int k = 0; k < 3; ++k) mutated[rng() % mutated.size()] = static_cast<char>(rng() % 256);
    auto parsed = ParseAlertmanagerWebhook(mutated);
    if (!parsed.ok()) EXPECT_CODE(parsed, kInvalidArgument);
  }
}

}  // namespace
}  // namespace paved::alerts
