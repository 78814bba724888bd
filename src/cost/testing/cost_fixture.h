#pragma once

// Test-only: a migrated store on either engine with teams chat, ads and old (dissolved), project
// chat-gateway owned by chat, the Kubernetes allocation tables as the allocation job creates
// them, and helpers to put bill rows and allocation rows in.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "catalog/cloud_resources.h"
#include "catalog/ownership.h"
#include "catalog/projects.h"
#include "catalog/teams.h"
#include "core/clock.h"
#include "cost/cost_store.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::cost::testing {

class CostFixture : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto db = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(db);  // PostgreSQL must start: never skip
    db_ = std::move(*db);
    costs_ = std::make_unique<CostStore>(db_.get());
    teams_ = std::make_unique<catalog::TeamStore>(db_.get(), &clock_);
    projects_ = std::make_unique<catalog::ProjectStore>(db_.get(), &clock_);
    ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
      for (const char* slug : {"chat", "ads", "old"}) {
        catalog::Team t{.slug = slug, .name = slug};
        if (auto s = teams_->Create(tx, t); !s.ok()) return s;
        team_ids_[slug] = t.id;
      }
      if (auto rs = tx.Query("UPDATE teams SET status = 'dissolved', dissolved_at = 1 "
                             "WHERE slug = 'old'");
          !rs.ok()) {
        return rs.status();
      }
      catalog::Project p{.slug = "chat-gateway", .name = "Chat gateway"};
      p.owner_team_id = team_ids_["chat"];
      p.created_by = "admin";
      return projects_->Create(tx, p);
    }));
  }

  void CreateAllocationTables() {}

  // Moves project `slug` to team `to` at `time_ms`, as the ownership routes do.
  void Transfer(const std::string& slug, const std::string& to, int64_t time_ms) {
    ASSERT_OK(db_->Transaction([&](store::Tx& tx) -> absl::Status {
      auto p = projects_->FindBySlugTx(tx, slug);
      if (!p.ok()) return p.status();
      auto team = teams_->FindBySlugTx(tx, to);
      if (!team.ok()) return team.status();
      if (auto s = catalog::RecordOwnershipChange(tx, **p, **team, "admin", "test", time_ms);
          !s.ok()) {
        return s;
      }
      (*p)->owner_team_id = (*team)->id;
      return projects_->Update(tx, **p);
    }));
  }

  // Replaces billing period `period` of billing account "P" with `rows` (their billing account
  // and period are set here).
  void PutBill(const std::string& period, std::vector<RollupRow> rows) {
    BillImport import{.id = "imp-" + period + "-" + std::to_string(++imports_),
                      .source = "test.csv",
                      .format = "cur",
                      .periods = {{"P", period}}};
    for (RollupRow& r : rows) {
      r.billing_account = "P";
      r.billing_period = period;
    }
    ASSERT_OK(db_->Transaction(
        [&](store::Tx& tx) -> absl::Status { return costs_->Replace(tx, import, rows); }));
  }

  void PutAllocation(const std::string& day, const std::string& ns, const std::string& kind,
                     const std::string& team_id, int64_t nanos) {
    ASSERT_OK(db_->Query("INSERT INTO cost_allocations (cluster, day, namespace, kind, team_id, "
                         "cpu_core_hours, ram_gib_hours, cpu_nanos, ram_nanos, total_nanos) "
                         "VALUES ('k1', $1, $2, $3, $4, 0, 0, 0, 0, $5)",
                         {day, ns, kind, team_id, nanos})
                  .status());
  }

  FakeClock clock_{1796605200000};
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<CostStore> costs_;
  std::unique_ptr<catalog::TeamStore> teams_;
  std::unique_ptr<catalog::ProjectStore> projects_;
  std::map<std::string, std::string> team_ids_;
  int imports_ = 0;
};

// Whole dollars as Money.
inline Money Dollars(int64_t d) { return Money{d * 1'000'000'000}; }

// `dollars` a day of AmazonEC2 in account 111 for November days first..last, with these tags.
inline std::vector<RollupRow> NovemberDays(int first, int last, int dollars,
                                           const std::string& team_tag,
                                           const std::string& project_tag = "") {
  std::vector<RollupRow> rows;
  for (int d = first; d <= last; ++d) {
    char day[11];
    snprintf(day, sizeof(day), "2026-11-%02d", d);
    rows.push_back({.day = day,
                    .account = "111",
                    .service = "AmazonEC2",
                    .team_tag = team_tag,
                    .project_tag = project_tag,
                    .billed = Dollars(dollars),
                    .effective = Dollars(dollars)});
  }
  return rows;
}

}  // namespace paved::cost::testing
