#pragma once

// Test-only: a migrated store on either engine with teams shop and ads, project shop (owned by
// shop, namespace "shop") and project ads-api (owned by ads, namespace "ads-api"), and helpers to
// store reports.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "audit/audit_log.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"
#include "traffic/edges/store_analysis.h"
#include "traffic/edges/traffic_store.h"

namespace paved::traffic::edges::testing {

class TrafficFixture : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);  // PostgreSQL must start: never skip
    db_ = std::move(*db);
    traffic_ = std::make_unique<TrafficStore>(db_.get());
    audit_ = std::make_unique<audit::AuditLog>(db_.get(), &clock_);
    catalog::TeamStore teams(db_.get(), &clock_);
    catalog::ProjectStore projects(db_.get(), &clock_);
    ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
      for (const char* slug : {"shop", "ads"}) {
        catalog::Team t{.slug = slug, .name = slug};
        if (auto s = teams.Create(tx, t); !s.ok()) return s;
        team_ids_[slug] = t.id;
      }
      for (auto [slug, team] : {std::pair{"shop", "shop"}, std::pair{"ads-api", "ads"}}) {
        catalog::Project p{.slug = slug, .name = slug};
        p.owner_team_id = team_ids_[team];
        p.created_by = "admin";
        if (auto s = projects.Create(tx, p); !s.ok()) return s;
      }
      return absl::OkStatus();
    }));
  }

  // Stores one flow per entry of `days` (day → bytes) from `src` to `dst` on `cluster`.
  TrafficAnalysis Put(const std::string& cluster, const std::string& src, const std::string& dst,
                      const std::string& src_zone, const std::string& dst_zone,
                      const std::map<std::string, int64_t>& days) {
    TrafficReport report;
    TrafficEdge e{.src = src, .dst = dst, .src_zone = src_zone, .dst_zone = dst_zone};
    for (const auto& [day, bytes] : days) {
      e.bytes += bytes;
      e.bytes_by_day[day] = bytes;
    }
    bool crosses = !src_zone.empty() && !dst_zone.empty() && src_zone != dst_zone;
    e.cross_zone_bytes = crosses ? e.bytes : 0;
    report.total_bytes = e.bytes;
    report.total_cross_zone_bytes = e.cross_zone_bytes;
    report.flows.push_back(e);
    return Put(cluster, report);
  }

  TrafficAnalysis Put(const std::string& cluster, const TrafficReport& report) {
    StoreAnalysisDeps deps{
        .store = db_.get(), .traffic = traffic_.get(), .audit = audit_.get(), .clock = &clock_};
    auto stored = StoreAnalysis(deps, cluster, "report.json", "sre1", report);
    EXPECT_OK(stored);
    return stored.ok() ? *stored : TrafficAnalysis{};
  }

  FakeClock clock_{1796605200000};  // 2026-12-07
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<TrafficStore> traffic_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::map<std::string, std::string> team_ids_;
};

inline constexpr int64_t kGb = 1'000'000'000;

}  // namespace paved::traffic::edges::testing
