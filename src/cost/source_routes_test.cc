// The bill sources through the API: an sre runs the job, its files and their state show, a new
// file arrives on the next run; a developer may do neither; without sources, running says so.
#include "cost/source_routes.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "server/testing/test_app.h"
#include "tests/support/eventually.h"
#include "tests/support/status_assertions.h"

namespace paved::cost {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using server::testing::TestApp;

const char kBill[] =
    "lineItem/UsageAccountId,lineItem/UsageStartDate,lineItem/ProductCode,"
    "lineItem/UnblendedCost,resourceTags/user:team\n"
    "111122223333,2026-11-03T00:00:00Z,AmazonEC2,4.5,chat\n";

class SourceRoutesTest : public ::testing::Test {
 protected:
  void Start(bool configured) {
    bills_ = fs::temp_directory_path() / ("paved-source-routes-" + std::to_string(getpid()));
    fs::remove_all(bills_);
    fs::create_directories(bills_);
    json file = json::object();
    if (configured) {
      file = {
          {"cost", {{"bill_sources", {{{"name", "exports"}, {"directory", bills_.string()}}}}}}};
    }
    t_ = std::make_unique<TestApp>("", SystemClock::Get(), file);
    ASSERT_OK(t_->app().StartBackground());
    sre_ = t_->UserToken("sre", "sre");
    dev_ = t_->UserToken("dev", "developer");
  }
  void TearDown() override { fs::remove_all(bills_); }

  json Sources() {
    auto reply = t_->Call("GET", "/api/v1/cost/sources", "", sre_);
    EXPECT_EQ(reply.status, 200) << reply.raw.body;
    return reply.json;
  }
  // Runs the job until `files` files of the source are recorded. Asked again now and then: a
  // run still finishing when asked is the run the answer names, and it has already listed.
  void RunUntil(size_t files) {
    int polls = 0;
    ASSERT_TRUE(test_support::Eventually([&] {
      if (polls++ % 50 == 0) {
        auto run = t_->Call("POST", "/api/v1/cost/sources/run", "", sre_);
        EXPECT_EQ(run.status, 202) << run.raw.body;
        EXPECT_EQ(run.json["job"]["kind"], "cost.bill_sources");
      }
      return Sources()["items"][0]["files"].size() == files;
    }));
  }

  fs::path bills_;
  std::unique_ptr<TestApp> t_;
  std::string sre_, dev_;
};

TEST_F(SourceRoutesTest, AnSreRunsTheSourcesAndSeesEachFilesState) {
  Start(true);
  std::ofstream(bills_ / "2026-11.csv") << kBill;
  std::ofstream(bills_ / "broken.csv") << std::string(kBill) + "1,2026-11-04T00:00:00Z,EC2,x,a\n";
  RunUntil(2);
  json source = Sources()["items"][0];
  EXPECT_EQ(source["name"], "exports");
  EXPECT_EQ(source["kind"], "directory");
  EXPECT_EQ(source["files"][0]["key"], "2026-11.csv");
  EXPECT_EQ(source["files"][0]["state"], "imported");
  EXPECT_EQ(source["files"][1]["state"], "failed");
  EXPECT_NE(source["files"][1]["error"].get<std::string>().find("exports:broken.csv line 3"),
            std::string::npos)
      << source;
  auto imports = t_->Call("GET", "/api/v1/cost/imports", "", sre_);
  ASSERT_EQ(imports.status, 200) << imports.raw.body;
  ASSERT_EQ(imports.json["items"].size(), 1u) << imports.raw.body;
  EXPECT_EQ(imports.json["items"][0]["source"], "exports:2026-11.csv");

  std::ofstream(bills_ / "2026-12.csv") << kBill;
  RunUntil(3);

  EXPECT_EQ(t_->Call("GET", "/api/v1/cost/sources", "", dev_).status, 403);
  EXPECT_EQ(t_->Call("POST", "/api/v1/cost/sources/run", "", dev_).status, 403);
}

TEST_F(SourceRoutesTest, WithoutSourcesRunningSaysWhatToConfigure) {
  Start(false);
  EXPECT_EQ(Sources()["items"].size(), 0u);
  auto run = t_->Call("POST", "/api/v1/cost/sources/run", "", sre_);
  EXPECT_EQ(run.status, 409) << run.raw.body;
  EXPECT_NE(run.raw.body.find("cost.bill_sources"), std::string::npos) << run.raw.body;
}

}  // namespace
}  // namespace paved::cost
