// The hook routes: token and signature checks, malformed bodies, each source format.
#include "alerts/ingest/hook_routes.h"

#include <fstream>
#include <sstream>

#include "core/random.h"
#include "gmock/gmock.h"
#include "tests/support/route_fixture.h"

namespace paved::alerts {
namespace {

using nlohmann::json;
using test_support::RouteReply;

constexpr char kAmToken[] = "am-token";
constexpr char kGrafanaToken[] = "grafana-token";
constexpr char kSecret[] = "s3cret";

std::string ReadTestdata(const std::string& name) {
  std::ifstream in("src/alerts/ingest/testdata/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class HookRoutesTest : public test_support::RouteFixture {
 protected:
  void SetUp() override {
    SetUpCatalog();
    config_.sources["alertmanager"] = {.name = "alertmanager", .token_sha256 = Sha256Hex(kAmToken)};
    config_.sources["grafana"] = {
        .name = "grafana", .token_sha256 = Sha256Hex(kGrafanaToken), .signature_secret = kSecret};
    queue_ = std::make_unique<jobs::JobQueue>(store_.get(), &clock_);
    alerts_ = std::make_unique<AlertStore>(store_.get(), queue_.get(), &clock_, 0);
    owners_ = std::make_unique<catalog::OwnerLookup>(store_.get());
    AlertsDeps deps{.store = store_.get(),
                    .clock = &clock_,
                    .queue = queue_.get(),
                    .config = &config_,
                    .alerts = alerts_.get(),
                    .owners = owners_.get()};
    ingestor_ = std::make_unique<Ingestor>(deps);
    ASSERT_OK(ingestor_->Start());
    router_.Add(HookRoutes(ingestor_.get(), &config_));
  }

  // CallRoute with request headers; hooks are public, so no caller.
  RouteReply Hook(const std::string& method, const std::string& target, const std::string& body,
                  const std::map<std::string, std::string>& headers = {}) {
    http::Request req = http::MakeRequest(method, target, body);
    for (const auto& [k, v] : headers) req.headers[k] = v;
    auto match = router_.Find(method, req.path);
    if (!match.route) return {404, "", nullptr};
    EXPECT_EQ(match.route->access, http::Access::kPublic);
    req.path_params = match.params;
    http::Context ctx{req, nullptr};
    http::Response res = match.route->handler(ctx);
    return {res.status, res.body, json::parse(res.body, nullptr, false)};
  }

  static std::map<std::string, std::string> Bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }

  int64_t AlertCount() {
    auto rs = store_->Query("SELECT COUNT(*) AS n FROM alerts");
    EXPECT_OK(rs);
    return rs.ok() ? rs->front().Int("n") : -1;
  }

  AlertsConfig config_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<AlertStore> alerts_;
  std::unique_ptr<catalog::OwnerLookup> owners_;
  std::unique_ptr<Ingestor> ingestor_;
};

TEST_P(HookRoutesTest, AlertmanagerWebhookStoredOnceWithCounts) {
  std::string body = ReadTestdata("alertmanager-webhook.json");
  RouteReply r = Hook("POST", "/hooks/alertmanager", body, Bearer(kAmToken));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json, (json{{"received", 2}, {"changed", 2}}));
  RouteReply again = Hook("POST", std::string("/hooks/alertmanager?token=") + kAmToken, body);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["changed"], 0);
  auto stored = alerts_->Get("c4f1a2b3d4e5f607");
  ASSERT_OK(stored);
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->team, "chat");
  EXPECT_EQ((*stored)->source, "alertmanager");
}

TEST_P(HookRoutesTest, MissingOrWrongTokenIs401) {
  std::string body = ReadTestdata("alertmanager-webhook.json");
  RouteReply none = Hook("POST", "/hooks/alertmanager", body);
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json["error"]["code"], "unauthenticated");
  EXPECT_EQ(Hook("POST", "/hooks/alertmanager", body, Bearer("wrong")).status, 401);
  EXPECT_EQ(Hook("POST", "/hooks/alertmanager?token=wrong", body).status, 401);
  EXPECT_EQ(Hook("POST", "/api/v2/alerts", "[]", {{"Authorization", "Basic abc"}}).status, 401);
  EXPECT_EQ(AlertCount(), 0);
}

TEST_P(HookRoutesTest, MalformedBodyIs400NamingTheField) {
  RouteReply r =
      Hook("POST", "/api/v2/alerts",
           R"([{"labels":{"a":"b"}},{"labels":{"a":"b"}},{"labels":{"a":1}}])", Bearer(kAmToken));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json["error"]["field"], "alerts[2].labels");
  EXPECT_EQ(r.json["error"]["message"], "must be an object of strings");
  RouteReply truncated =
      Hook("POST", "/hooks/alertmanager", ReadTestdata("alertmanager-webhook.json").substr(0, 300),
           Bearer(kAmToken));
  EXPECT_EQ(truncated.status, 400);
  EXPECT_EQ(truncated.json["error"]["code"], "invalid_json");
  EXPECT_EQ(AlertCount(), 0);
}

TEST_P(HookRoutesTest, PostableAlertsAnswerEmpty200) {
  json body = json::array({{{"labels", {{"alertname", "Up"}, {"namespace", "chat-gateway"}}}}});
  RouteReply r = Hook("POST", "/api/v2/alerts", body.dump(), Bearer(kAmToken));
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(AlertCount(), 1);
}

TEST_P(HookRoutesTest, GrafanaSignature) {
  std::string body = ReadTestdata("grafana-webhook.json");
  std::string sig = HmacSha256Hex(kSecret, body);
  auto headers = Bearer(kGrafanaToken);
  EXPECT_EQ(Hook("POST", "/hooks/grafana", body, headers).status, 401);  // missing
  headers["X-Grafana-Alert-Signature"] = HmacSha256Hex("other", body);
  RouteReply bad = Hook("POST", "/hooks/grafana", body, headers);
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.json["error"]["code"], "unauthenticated");
  EXPECT_EQ(AlertCount(), 0);

  headers["X-Grafana-Alert-Signature"] = sig;
  RouteReply good = Hook("POST", "/hooks/grafana", body, headers);
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(good.json["changed"], 1);

  // With a timestamp header the signature covers "<timestamp>:<body>"; PUT is accepted.
  std::string now = std::to_string(clock_.NowMs() / 1000);
  headers["X-Grafana-Alert-Timestamp"] = now;
  EXPECT_EQ(Hook("PUT", "/hooks/grafana", body, headers).status, 401);
  headers["X-Grafana-Alert-Signature"] = HmacSha256Hex(kSecret, now + ":" + body);
  RouteReply put = Hook("PUT", "/hooks/grafana", body, headers);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json["received"], 1);

  auto stored = alerts_->Get("57c6d9296de2ad39");
  ASSERT_OK(stored);
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->source, "grafana");
  EXPECT_EQ((*stored)->links.at("dashboard"), "https://grafana.example.com/d/ads");
}

// A correctly signed request is refused once its timestamp is more than 5 minutes away: a
// captured request cannot be replayed.
TEST_P(HookRoutesTest, GrafanaSignatureTimestampTooOldOrNotANumberIsRefused) {
  std::string body = ReadTestdata("grafana-webhook.json");
  auto Signed = [&](const std::string& timestamp) {
    auto headers = Bearer(kGrafanaToken);
    headers["X-Grafana-Alerting-Timestamp"] = timestamp;
    headers["X-Grafana-Alerting-Signature"] = HmacSha256Hex(kSecret, timestamp + ":" + body);
    return Hook("POST", "/hooks/grafana", body, headers);
  };
  int64_t now_s = clock_.NowMs() / 1000;
  RouteReply old = Signed(std::to_string(now_s - 301));
  EXPECT_EQ(old.status, 401);
  EXPECT_THAT(old.json["error"]["message"].get<std::string>(),
              ::testing::HasSubstr("too far from now"));
  EXPECT_EQ(Signed(std::to_string(now_s + 301)).status, 401);
  EXPECT_EQ(Signed("yesterday").status, 401);
  EXPECT_EQ(AlertCount(), 0);
  EXPECT_EQ(Signed(std::to_string(now_s - 299)).status, 200);
  EXPECT_EQ(AlertCount(), 1);
}

// A configured header name is the only one read.
TEST_P(HookRoutesTest, ConfiguredSignatureHeaderIsTheOnlyOneRead) {
  config_.sources["grafana"].signature_header = "X-Signature";
  std::string body = ReadTestdata("grafana-webhook.json");
  auto headers = Bearer(kGrafanaToken);
  headers["X-Grafana-Alerting-Signature"] = HmacSha256Hex(kSecret, body);
  EXPECT_EQ(Hook("POST", "/hooks/grafana", body, headers).status, 401);
  headers["X-Signature"] = HmacSha256Hex(kSecret, body);
  EXPECT_EQ(Hook("POST", "/hooks/grafana", body, headers).status, 200);
}

// A signed source's requirement holds on every route it can use, not only /hooks/grafana.
TEST_P(HookRoutesTest, SignedSourceIsRefusedUnsignedOnEveryRoute) {
  std::string am_body = ReadTestdata("alertmanager-webhook.json");
  json postable = json::array({{{"labels", {{"alertname", "Up"}, {"namespace", "chat-gateway"}}}}});
  for (const auto& [target, body] :
       {std::pair{"/hooks/alertmanager", am_body}, std::pair{"/api/v2/alerts", postable.dump()}}) {
    auto headers = Bearer(kGrafanaToken);
    RouteReply unsigned_reply = Hook("POST", target, body, headers);
    EXPECT_EQ(unsigned_reply.status, 401) << target;
    EXPECT_EQ(unsigned_reply.json["error"]["code"], "unauthenticated") << target;
    headers["X-Grafana-Alerting-Signature"] = HmacSha256Hex("other", body);
    EXPECT_EQ(Hook("POST", target, body, headers).status, 401) << target;
  }
  EXPECT_EQ(AlertCount(), 0);

  auto headers = Bearer(kGrafanaToken);
  headers["X-Grafana-Alerting-Signature"] = HmacSha256Hex(kSecret, postable.dump());
  EXPECT_EQ(Hook("POST", "/api/v2/alerts", postable.dump(), headers).status, 200);
  EXPECT_EQ(AlertCount(), 1);
}

// A configured timestamp header makes the timestamp mandatory: a request signed without one
// (which could be replayed forever) is refused.
TEST_P(HookRoutesTest, ConfiguredTimestampHeaderIsRequired) {
  config_.sources["grafana"].timestamp_header = "X-Timestamp";
  std::string body = ReadTestdata("grafana-webhook.json");
  auto headers = Bearer(kGrafanaToken);
  headers["X-Grafana-Alerting-Signature"] = HmacSha256Hex(kSecret, body);
  RouteReply missing = Hook("POST", "/hooks/grafana", body, headers);
  EXPECT_EQ(missing.status, 401);
  EXPECT_THAT(missing.json["error"]["message"].get<std::string>(),
              ::testing::HasSubstr("timestamp"));
  // Grafana's default timestamp header does not stand in for the configured one.
  std::string now = std::to_string(clock_.NowMs() / 1000);
  headers["X-Grafana-Alerting-Timestamp"] = now;
  headers["X-Grafana-Alerting-Signature"] = HmacSha256Hex(kSecret, now + ":" + body);
  EXPECT_EQ(Hook("POST", "/hooks/grafana", body, headers).status, 401);
  EXPECT_EQ(AlertCount(), 0);
  headers["X-Timestamp"] = now;
  EXPECT_EQ(Hook("POST", "/hooks/grafana", body, headers).status, 200);
}

TEST_P(HookRoutesTest, UnsignedSourceNeedsNoSignatureOnGrafanaRoute) {
  std::string body = ReadTestdata("grafana-webhook.json");
  RouteReply r = Hook("PUT", "/hooks/grafana", body, Bearer(kAmToken));
  EXPECT_EQ(r.status, 200) << r.body;
}

INSTANTIATE_TEST_SUITE_P(Engines, HookRoutesTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         test_support::EngineParamName);

}  // namespace
}  // namespace paved::alerts
