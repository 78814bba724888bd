// The catalog's background jobs wired into the server: HR sync on demand.
#include <thread>

#include "gtest/gtest.h"
#include "server/testing/test_app.h"

namespace paved::server {
namespace {

using json = nlohmann::json;

json HrConfig() {
  return {
      {"catalog",
       {{"hr_source", {{"file", "src/providers/hr/testdata/teams.json"}, {"interval", "1h"}}}}}};
}

TEST(CatalogJobsTest, HrSyncRunsOnDemandAsAJob) {
  testing::TestApp t("", SystemClock::Get(), HrConfig());
  std::string viewer = t.UserToken("viewer", "viewer");
  EXPECT_EQ(t.Call("POST", "/api/v1/catalog/sync", "", viewer).status, 403);
  auto queued = t.Call("POST", "/api/v1/catalog/sync", "", t.admin_token());
  ASSERT_EQ(queued.status, 202) << queued.raw.body;
  EXPECT_EQ(queued.json["job"]["kind"], "catalog.hr_sync");
  ASSERT_TRUE(t.app().StartBackground().ok());
  json runs;
  for (int i = 0; i < 200; ++i) {  // bounded wait for the worker
    runs = t.Call("GET", "/api/v1/catalog/sync", "", viewer).json;
    if (!runs["items"].empty() && runs["items"][0]["status"] != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(runs["items"].empty());
  EXPECT_EQ(runs["items"][0]["status"], "succeeded") << runs;
  auto team = t.Call("GET", "/api/v1/teams?q=chat", "", viewer).json["items"];
  ASSERT_EQ(team.size(), 1u);
  EXPECT_EQ(team[0]["hr_id"], "T-1042");
  EXPECT_EQ(team[0]["source"], "hr");
  auto owner = t.Call("GET", "/api/v1/teams/" + team[0]["slug"].get<std::string>(), "", viewer);
  EXPECT_EQ(owner.json["members"].size(), 2u);
  t.app().StopBackground();
}

TEST(CatalogJobsTest, SyncWithoutSourceIsAConflict) {
  testing::TestApp t;
  EXPECT_EQ(t.Call("POST", "/api/v1/catalog/sync", "", t.admin_token()).status, 409);
}

TEST(CatalogJobsTest, BadHrConfigStopsTheServerFromStarting) {
  ServerConfig cfg;
  char tmpl[] = "/tmp/paved-badcfg-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  cfg.data_dir = dir;
  cfg.store_url = "sqlite://" + dir + "/paved.db";
  cfg.demo_data = false;
  cfg.file = {{"catalog", {{"hr_source", {{"file", "x.json"}, {"interval", "often"}}}}}};
  auto app = App::Create(cfg);
  EXPECT_FALSE(app.ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace paved::server
