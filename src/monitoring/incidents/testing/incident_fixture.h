#pragma once

#include <memory>
#include <string>

#include "alerts/store/alert_store.h"
#include "catalog/ownership.h"
#include "deploy/rollout/recent_changes.h"
#include "deploy/rollout/testing/rollout_test_fixture.h"
#include "monitoring/incidents/incident_service.h"
#include "monitoring/incidents/incident_store.h"
#include "monitoring/incidents/timeline.h"

namespace paved::monitoring::incidents::testing {

// The deploy fixture (team "chat", project "chat-gateway" in namespace chat-gateway, real
// deploys through the rollout engine) with the alert store and the incident service on top.
class IncidentFixture : public deploy::rollout::testing::RolloutFixture {
 protected:
  void SetUp() override {
    RolloutFixture::SetUp();
    alerts_ = std::make_unique<alerts::AlertStore>(store_.get(), queue_.get(), &clock_, 0);
    owners_ = std::make_unique<catalog::OwnerLookup>(store_.get());
    changes_ =
        std::make_unique<deploy::rollout::RecentChangesReader>(store_.get(), &clock_, audit_.get());
    incidents_ = std::make_unique<IncidentStore>(store_.get());
    timeline_ = std::make_unique<TimelineReader>(alerts_.get(), changes_.get(), incidents_.get());
    service_ = std::make_unique<IncidentService>(IncidentServiceDeps{.store = store_.get(),
                                                                     .incidents = incidents_.get(),
                                                                     .projects = projects_.get(),
                                                                     .teams = teams_.get(),
                                                                     .owners = owners_.get(),
                                                                     .alerts = alerts_.get(),
                                                                     .timeline = timeline_.get(),
                                                                     .audit = audit_.get(),
                                                                     .clock = &clock_});
  }

  // A firing (or resolved) alert of the project's namespace on local-alpha, as ingest routes it.
  void Fire(const std::string& fingerprint, const std::string& name, bool firing = true) {
    alerts::Alert a{
        .fingerprint = fingerprint,
        .source = "alertmanager",
        .status = firing ? alerts::AlertStatus::kFiring : alerts::AlertStatus::kResolved};
    a.labels = {{"alertname", name}, {"namespace", "chat-gateway"}, {"cluster", "local-alpha"}};
    a.annotations = {{"summary", name + " summary"}};
    a.alertname = name;
    a.severity = "critical";
    a.ns = "chat-gateway";
    a.cluster = "local-alpha";
    a.project = "chat-gateway";
    a.team = "chat";
    a.starts_at_ms = firing_since_ms_ ? firing_since_ms_ : clock_.NowMs();
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      return alerts_->Upsert(tx, {a}, clock_.NowMs()).status();
    }));
  }

  // A config change as the config routes record it.
  void ConfigChanged(const std::string& key) {
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      return audit_->Append(tx, "dev", "config.update", "config:chat-gateway/alpha/app-config",
                            {{"changed", {key}}, {"version", 2}});
    }));
  }

  int64_t firing_since_ms_ = 0;
  std::unique_ptr<alerts::AlertStore> alerts_;
  std::unique_ptr<catalog::OwnerLookup> owners_;
  std::unique_ptr<deploy::rollout::RecentChangesReader> changes_;
  std::unique_ptr<IncidentStore> incidents_;
  std::unique_ptr<TimelineReader> timeline_;
  std::unique_ptr<IncidentService> service_;
};

}  // namespace paved::monitoring::incidents::testing
