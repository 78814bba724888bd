#pragma once

// Test-only: the route fixture (teams "chat" and "ads"; projects "chat-gateway" owned by chat and
// "ads-web" owned by ads, each running in the namespace of its slug) with an AlertStore, the
// owner lookup, an AlertStream fed by deps.changed, and the alert routes registered.

#include <memory>
#include <string>
#include <vector>

#include "alerts/alerts_config.h"
#include "alerts/alerts_deps.h"
#include "alerts/routes/alert_routes.h"
#include "alerts/routes/alert_stream.h"
#include "alerts/store/alert_store.h"
#include "catalog/ownership.h"
#include "jobs/job_queue.h"
#include "tests/support/route_fixture.h"

namespace paved::alerts::testing {

using test_support::EngineParamName;

class AlertRoutesFixture : public test_support::RouteFixture {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SetUpCatalog({{"chat-gateway", "chat"}, {"ads-web", "ads"}}));
    queue_ = std::make_unique<jobs::JobQueue>(store_.get(), &clock_);
    alerts_ = std::make_unique<AlertStore>(store_.get(), queue_.get(), &clock_, 0);
    owners_ = std::make_unique<catalog::OwnerLookup>(store_.get());
    stream_ = std::make_unique<AlertStream>(store_.get());
    ASSERT_OK(stream_->Start());
    config_.slack_signing_secret = kSigningSecret;
    deps_ = {.store = store_.get(),
             .clock = &clock_,
             .audit = audit_.get(),
             .queue = queue_.get(),
             .config = &config_,
             .alerts = alerts_.get(),
             .owners = owners_.get(),
             .recent_changes =
                 [this](const std::string& project, const std::string& cluster, int64_t since_ms) {
                   recent_calls_.push_back(project + "@" + cluster);
                   std::vector<RecentChange> out;
                   for (const RecentChange& c : changes_) {
                     if (c.at_ms >= since_ms) out.push_back(c);
                   }
                   return absl::StatusOr<std::vector<RecentChange>>(out);
                 },
             .changed =
                 [this](const std::vector<std::string>& groups) {
                   changed_.insert(changed_.end(), groups.begin(), groups.end());
                   stream_->Publish(groups);
                 }};
    router_.Add(AlertRoutes(deps_, stream_.get()));
  }

  // A firing alert in namespace `ns` on cluster kr1, owned by `team` ("" = unowned).
  Alert MakeAlert(const std::string& fp, const std::string& name, const std::string& ns,
                  const std::string& team, const std::string& severity = "critical") {
    Alert a;
    a.fingerprint = fp;
    a.source = "alertmanager";
    a.labels = {{"alertname", name},
                {"namespace", ns},
                {"cluster", "kr1"},
                {"severity", severity},
                {"pod", fp}};
    a.annotations = {{"summary", name + " in " + ns}};
    a.alertname = name;
    a.severity = severity;
    a.ns = ns;
    a.cluster = "kr1";
    a.team = team;
    a.project = team.empty() ? "" : ns;
    a.starts_at_ms = clock_.NowMs() - 60'000;
    return a;
  }

  void Ingest(const std::vector<Alert>& alerts) {
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      return alerts_->Upsert(tx, alerts, clock_.NowMs()).status();
    }));
  }

  // The usual set: three in chat-gateway (two DiskFilling, one HighLatency warning), one in
  // ads-web, one unowned in kube-system.
  void IngestStandardSet() {
    Ingest({MakeAlert("00000000000000a1", "DiskFilling", "chat-gateway", "chat"),
            MakeAlert("00000000000000a2", "DiskFilling", "chat-gateway", "chat"),
            MakeAlert("00000000000000a3", "HighLatency", "chat-gateway", "chat", "warning"),
            MakeAlert("00000000000000b1", "PodCrashLooping", "ads-web", "ads"),
            MakeAlert("00000000000000c1", "NodeNotReady", "kube-system", "")});
  }

  std::vector<audit::Event> AuditEvents() {
    auto events = audit_->List({.limit = 500});
    EXPECT_TRUE(events.ok()) << events.status();
    return events.value_or(std::vector<audit::Event>{});
  }

  // Runs a route like CallRoute, with extra request headers, and returns the whole response.
  http::Response Raw(const std::string& method, const std::string& target,
                     const http::Caller* caller, const std::string& body = "",
                     const http::Headers& headers = {}) {
    http::Request req = http::MakeRequest(method, target, body);
    for (const auto& [name, value] : headers) req.headers[name] = value;
    auto match = router_.Find(method, req.path);
    if (!match.route) return http::Response{.status = 404};
    if (!auth::AccessAllows(match.route->access, caller)) return http::Response{.status = 403};
    req.path_params = match.params;
    http::Context ctx{req, caller};
    return match.route->handler(ctx);
  }

  static constexpr char kSigningSecret[] = "8f742231b10e8888abcd99yyyzzz85a5";

  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<AlertStore> alerts_;
  std::unique_ptr<catalog::OwnerLookup> owners_;
  std::unique_ptr<AlertStream> stream_;
  AlertsConfig config_;
  AlertsDeps deps_;
  std::vector<RecentChange> changes_;      // what recent_changes answers (newest first)
  std::vector<std::string> recent_calls_;  // "project@cluster" per call
  std::vector<std::string> changed_;       // groups passed to deps.changed
};

}  // namespace paved::alerts::testing
