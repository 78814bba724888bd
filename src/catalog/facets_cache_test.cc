#include "catalog/facets_cache.h"

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "catalog/teams.h"
#include "core/status_macros.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::catalog {
namespace {

// The cache on both store engines. Projects are created here with or without their audit
// event: without one, a change is invisible to the cache until it ages out, which is what shows
// that a cached answer was served.
class FacetsCacheTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto s = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(s);
    store_ = std::move(*s);
    teams_ = std::make_unique<TeamStore>(store_.get(), &clock_);
    projects_ = std::make_unique<ProjectStore>(store_.get(), &clock_);
    audit_ = std::make_unique<audit::AuditLog>(store_.get(), &clock_);
    cache_ = std::make_unique<FacetsCache>(store_.get(), projects_.get(), &clock_, 2000);
    Team team{.slug = "chat", .name = "Chat"};
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) { return teams_->Create(tx, team); }));
    team_id_ = team.id;
  }

  absl::Status Create(const std::string& slug, const std::string& lifecycle, bool audited) {
    Project p{.slug = slug, .name = slug, .owner_team_id = team_id_, .created_by = "test"};
    p.lifecycle = lifecycle;
    p.tags = {"go"};
    return store_->Transaction([&](store::Tx& tx) -> absl::Status {
      RETURN_IF_ERROR(projects_->Create(tx, p));
      if (!audited) return absl::OkStatus();
      return audit_->Append(tx, "test", "project.create", "project:" + slug, {});
    });
  }

  int64_t Count(const ProjectFacets& f, const std::string& lifecycle) {
    auto it = f.lifecycle.find(lifecycle);
    return it == f.lifecycle.end() ? 0 : it->second;
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<TeamStore> teams_;
  std::unique_ptr<ProjectStore> projects_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<FacetsCache> cache_;
  std::string team_id_;
};

TEST_P(FacetsCacheTest, CountsAgainOnlyWhenTheAuditLogMovedOnOrTheCountsAgedOut) {
  ASSERT_OK(Create("a", "production", true));
  auto first = cache_->Facets({});
  ASSERT_OK(first);
  EXPECT_EQ(Count(*first, "production"), 1);
  EXPECT_EQ(first->owner.at("chat"), 1);
  EXPECT_EQ(first->tag.at("go"), 1);

  // A change without an audit event is not seen: the answer came from the cache.
  ASSERT_OK(Create("b", "production", false));
  auto cached = cache_->Facets({});
  ASSERT_OK(cached);
  EXPECT_EQ(Count(*cached, "production"), 1);
  // ... while a filtered query counts each time.
  auto filtered = cache_->Facets({.owner_slug = "chat"});
  ASSERT_OK(filtered);
  EXPECT_EQ(Count(*filtered, "production"), 2);

  // An audited change is seen at once.
  ASSERT_OK(Create("c", "experimental", true));
  auto moved = cache_->Facets({});
  ASSERT_OK(moved);
  EXPECT_EQ(Count(*moved, "production"), 2);
  EXPECT_EQ(Count(*moved, "experimental"), 1);
  EXPECT_EQ(moved->owner.at("chat"), 3);

  // An unaudited one once the counts are older than their limit.
  ASSERT_OK(Create("d", "production", false));
  clock_.AdvanceMs(1999);
  EXPECT_EQ(Count(cache_->Facets({}).value(), "production"), 2);
  clock_.AdvanceMs(1);
  EXPECT_EQ(Count(cache_->Facets({}).value(), "production"), 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, FacetsCacheTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::catalog
