// `paved alerts ...` against canned answers: request shapes, table and JSON output, errors.

#include "cli/testing/canned_cli_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kFp[] = "0123456789abcdef";

json Alert(const std::string& fp, const std::string& name, json acknowledged = nullptr,
           json silenced = nullptr) {
  return {{"fingerprint", fp},
          {"source", "alertmanager"},
          {"status", "firing"},
          {"alertname", name},
          {"severity", "critical"},
          {"namespace", "chat"},
          {"cluster", "kr1"},
          {"group", "kr1/chat"},
          {"project", "chat-gateway"},
          {"team", "chat"},
          {"labels", {{"alertname", name}, {"namespace", "chat"}}},
          {"annotations", {{"summary", "disk almost full"}}},
          {"links", json::object()},
          {"generator_url", ""},
          {"starts_at", "2026-11-24T11:00:00.000Z"},
          {"ends_at", nullptr},
          {"first_seen", "2026-11-24T11:00:00.000Z"},
          {"last_received", "2026-11-24T11:59:00.000Z"},
          {"resolved_at", nullptr},
          {"acknowledged", acknowledged},
          {"silenced", silenced}};
}

class AlertsCliTest : public testing::CannedCliTest {};

TEST_F(AlertsCliTest, ListSendsFiltersAndPrintsATable) {
  Answer("GET /alerts", 200,
         {{"items",
           {Alert(kFp, "DiskFilling"),
            Alert("fedcba9876543210", "HighLatency",
                  {{"by", "mina.kim"}, {"at", "2026-11-24T11:30:00.000Z"}})}},
          {"next_cursor", "c2"}});
  ASSERT_EQ(Run({"alerts", "list", "--namespace", "chat", "--team", "chat", "--state", "firing",
                 "--limit", "2"}),
            0)
      << err_.str();
  EXPECT_EQ(Target(0), "GET /alerts?namespace=chat&team=chat&state=firing&limit=2");
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("FINGERPRINT"));
  EXPECT_THAT(out, HasSubstr("DiskFilling"));
  EXPECT_THAT(out, HasSubstr("kr1/chat"));
  EXPECT_THAT(out, HasSubstr("acknowledged"));
  EXPECT_THAT(out, HasSubstr("mina.kim"));
  EXPECT_THAT(out, HasSubstr("60m"));  // started an hour before "now"
  EXPECT_THAT(err_.str(), HasSubstr("--cursor c2"));
}

TEST_F(AlertsCliTest, SeverityInAnyCaseAndProjectAsP) {
  Answer("GET /alerts", 200, {{"items", json::array()}, {"next_cursor", nullptr}});
  ASSERT_EQ(Run({"alerts", "list", "--severity", "Critical", "-p", "chat-gateway"}), 0)
      << err_.str();
  EXPECT_EQ(Target(0), "GET /alerts?project=chat-gateway&severity=critical&limit=100");
}

TEST_F(AlertsCliTest, ShowPrintsEveryAnnotation) {
  json alert = Alert(kFp, "DiskFilling");
  alert["annotations"] = {{"summary", "disk almost full"},
                          {"description", "/data is 93% full"},
                          {"runbook_url", "https://runbooks.example.com/disk"},
                          {"dashboard", "https://grafana.example.com/d/disk"}};
  Answer("GET /alerts/0123456789abcdef", 200, alert);
  ASSERT_EQ(Run({"alerts", "show", kFp}), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("ANNOTATION"));
  EXPECT_THAT(out, HasSubstr("runbook_url   https://runbooks.example.com/disk"));
  EXPECT_THAT(out, HasSubstr("https://grafana.example.com/d/disk"));
  EXPECT_THAT(out, HasSubstr("/data is 93% full"));
}

TEST_F(AlertsCliTest, ListJsonPrintsTheServerAnswer) {
  Answer("GET /alerts", 200, {{"items", {Alert(kFp, "DiskFilling")}}, {"next_cursor", nullptr}});
  ASSERT_EQ(Run({"alerts", "list", "--json"}), 0) << err_.str();
  json printed = json::parse(out_.str());
  EXPECT_EQ(printed["items"][0]["fingerprint"], kFp);
}

TEST_F(AlertsCliTest, ListRefusesAnUnknownState) {
  EXPECT_EQ(Run({"alerts", "list", "--state", "sleeping"}), 2);
  EXPECT_EQ(RequestCount(), 0u);
}

TEST_F(AlertsCliTest, ShowPrintsFieldsLabelsAndEvents) {
  json alert = Alert(kFp, "DiskFilling");
  alert["events"] = {{{"seq", 1},
                      {"at", "2026-11-24T11:00:00.000Z"},
                      {"kind", "firing"},
                      {"actor", ""},
                      {"group", "kr1/chat"},
                      {"fingerprint", kFp},
                      {"detail", json::object()}},
                     {{"seq", 2},
                      {"at", "2026-11-24T11:10:00.000Z"},
                      {"kind", "acknowledged"},
                      {"actor", "mina.kim"},
                      {"group", "kr1/chat"},
                      {"fingerprint", kFp},
                      {"detail", json::object()}}};
  Answer("GET /alerts/0123456789abcdef", 200, alert);
  ASSERT_EQ(Run({"alerts", "show", kFp}), 0) << err_.str();
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("disk almost full"));
  EXPECT_THAT(out, HasSubstr("LABEL"));
  EXPECT_THAT(out, HasSubstr("acknowledged"));
  EXPECT_THAT(out, HasSubstr("2026-11-24T11:10:00.000Z"));
}

TEST_F(AlertsCliTest, AckSilenceAndUnsilencePostTheirBodies) {
  Answer("POST /alerts/0123456789abcdef/ack", 200,
         Alert(kFp, "DiskFilling", {{"by", "me"}, {"at", "2026-11-24T12:00:00.000Z"}}));
  ASSERT_EQ(Run({"alerts", "ack", kFp, "--comment", "looking"}), 0) << err_.str();
  EXPECT_EQ(Target(0), "POST /alerts/0123456789abcdef/ack");
  EXPECT_EQ(Body(0), (json{{"comment", "looking"}}));
  EXPECT_EQ(out_.str(), "alert 0123456789abcdef (DiskFilling): acknowledged by me\n");

  Answer("POST /alerts/0123456789abcdef/silence", 200,
         Alert(kFp, "DiskFilling", nullptr, {{"by", "me"}, {"until", "2026-11-24T14:00:00.000Z"}}));
  ASSERT_EQ(Run({"alerts", "silence", kFp, "--for", "2h"}), 0) << err_.str();
  EXPECT_EQ(Body(1), (json{{"duration", "2h"}}));
  EXPECT_EQ(
      out_.str(),
      "alert 0123456789abcdef (DiskFilling): silenced until 2026-11-24T14:00:00.000Z by me\n");

  Answer("POST /alerts/0123456789abcdef/unsilence", 200, Alert(kFp, "DiskFilling"));
  ASSERT_EQ(Run({"alerts", "unsilence", kFp}), 0) << err_.str();
  EXPECT_EQ(Target(2), "POST /alerts/0123456789abcdef/unsilence");
  EXPECT_EQ(out_.str(), "alert 0123456789abcdef (DiskFilling): firing\n");
}

TEST_F(AlertsCliTest, SilenceNeedsForAndReportsServerErrors) {
  EXPECT_EQ(Run({"alerts", "silence", kFp}), 2);
  Answer("POST /alerts/0123456789abcdef/silence", 422,
         {{"error",
           {{"code", "invalid_field"},
            {"message", "duration must be from 1m to 30d"},
            {"field", "duration"}}}});
  EXPECT_EQ(Run({"alerts", "silence", kFp, "--for", "90d"}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("duration must be from 1m to 30d"));
  EXPECT_THAT(err_.str(), HasSubstr("field: duration"));
  Answer("POST /alerts/0123456789abcdef/ack", 403,
         {{"error", {{"code", "forbidden"}, {"message", "only sre and admin may act"}}}});
  EXPECT_EQ(Run({"alerts", "ack", kFp}), 1);
  EXPECT_THAT(err_.str(), HasSubstr("only sre and admin"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("acknowledged")));
}

TEST_F(AlertsCliTest, HistoryAsksForTheNamespaceAndPrintsOwnerAndTimeline) {
  Answer("GET /alerts/history", 200,
         {{"group", "kr1/chat"},
          {"owner",
           {{"team", {{"slug", "chat"}, {"name", "Chat"}}},
            {"oncall", "@mina.kim"},
            {"project", "chat-gateway"}}},
          {"items",
           {{{"at", "2026-11-24T10:50:00.000Z"},
             {"kind", "deploy"},
             {"fingerprint", ""},
             {"alertname", ""},
             {"actor", "lee"},
             {"text", "production: sha256:ab12 → sha256:cd34"}},
            {{"at", "2026-11-24T11:00:00.000Z"},
             {"kind", "firing"},
             {"fingerprint", kFp},
             {"alertname", "DiskFilling"},
             {"actor", ""},
             {"text", "firing"}}}}});
  ASSERT_EQ(Run({"alerts", "history", "--namespace", "chat", "--cluster", "kr1"}), 0) << err_.str();
  EXPECT_EQ(Target(0), "GET /alerts/history?namespace=chat&cluster=kr1");
  const std::string out = out_.str();
  EXPECT_THAT(out, HasSubstr("chat / chat-gateway"));
  EXPECT_THAT(out, HasSubstr("@mina.kim"));
  EXPECT_THAT(out, HasSubstr("sha256:ab12 → sha256:cd34"));
  EXPECT_LT(out.find("deploy"), out.find("DiskFilling"));
  EXPECT_EQ(Run({"alerts", "history"}), 2);  // --namespace is required
}

TEST_F(AlertsCliTest, HistoryOfSeveralClustersNamesEachEventsCluster) {
  Answer("GET /alerts/history", 200,
         {{"group", "*/chat"},
          {"groups", {"kr1/chat", "us1/chat"}},
          {"owner", nullptr},
          {"items",
           {{{"at", "2026-11-24T11:00:00.000Z"},
             {"kind", "firing"},
             {"group", "us1/chat"},
             {"alertname", "DiskFilling"},
             {"text", "firing"}}}}});
  ASSERT_EQ(Run({"alerts", "history", "--namespace", "chat"}), 0) << err_.str();
  EXPECT_EQ(Target(0), "GET /alerts/history?namespace=chat");
  EXPECT_THAT(out_.str(), HasSubstr("CLUSTER"));
  EXPECT_THAT(out_.str(), HasSubstr("us1"));
}

}  // namespace
}  // namespace paved::cli
