// The flow-log sources through the API: an sre syncs a source of a known cluster and sees its
// run and files, a new file arrives on the next sync; a developer may do neither, nobody
// anonymous either, and an unknown source is a 404 naming it.
#include "traffic/sources/source_routes.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "server/testing/test_app.h"
#include "tests/support/eventually.h"
#include "tests/support/status_assertions.h"

namespace paved::traffic::sources {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using server::testing::TestApp;

class TrafficSourceRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logs_ = fs::temp_directory_path() / ("paved-flow-routes-" + std::to_string(getpid()));
    fs::remove_all(logs_);
    fs::create_directories(logs_ / "k8s");
    const fs::path testdata = fs::path(PAVED_SOURCE_DIR) / "src" / "traffic" / "testdata";
    fs::copy_file(testdata / "pods.json", logs_ / "k8s" / "pods.json");
    fs::copy_file(testdata / "nodes.json", logs_ / "k8s" / "nodes.json");
    json file = {{"traffic",
                  {{"sources",
                    {{{"name", "eu-flows"},
                      {"cluster", "prod-eu"},
                      {"directory", logs_.string()},
                      {"pods", "k8s/pods.json"},
                      {"nodes", "k8s/nodes.json"}}}}}}};
    t_ = std::make_unique<TestApp>("", SystemClock::Get(), file);
    ASSERT_OK(t_->app().StartBackground());
    ASSERT_EQ(t_->Call("PUT", "/api/v1/clusters/prod-eu",
                       json{{"region", "eu-west-1"},
                            {"environment", "production"},
                            {"runtime", "kubernetes"},
                            {"endpoint", "https://k8s.example.com"},
                            {"zones", {"apne2-az1", "apne2-az2"}}}
                           .dump(),
                       t_->admin_token())
                  .status,
              200);
    sre_ = t_->UserToken("sre", "sre");
    dev_ = t_->UserToken("dev", "developer");
  }
  void TearDown() override { fs::remove_all(logs_); }

  json Source() {
    auto reply = t_->Call("GET", "/api/v1/traffic/sources", "", sre_);
    EXPECT_EQ(reply.status, 200) << reply.raw.body;
    return reply.json["items"][0];
  }
  // Syncs until `files` files of the source are analysed. Asked again now and then: a run
  // still finishing when asked is the run the answer names, and it has already listed.
  void SyncUntil(int files) {
    int polls = 0;
    ASSERT_TRUE(test_support::Eventually([&] {
      if (polls++ % 50 == 0) {
        auto run = t_->Call("POST", "/api/v1/traffic/sources/eu-flows/sync", "", sre_);
        EXPECT_EQ(run.status, 202) << run.raw.body;
        EXPECT_EQ(run.json["job"]["kind"], "traffic.sources");
      }
      return Source()["files_analysed"] == files;
    })) << Source();
  }

  fs::path logs_;
  std::unique_ptr<TestApp> t_;
  std::string sre_, dev_;
};

TEST_F(TrafficSourceRoutesTest, AnSreSyncsASourceAndSeesItsRunAndFiles) {
  json before = Source();
  EXPECT_EQ(before["name"], "eu-flows");
  EXPECT_EQ(before["cluster"], "prod-eu");
  EXPECT_EQ(before["kind"], "directory");
  EXPECT_EQ(before["pod_history"], "documents");
  EXPECT_EQ(before["files"].size(), 0u);

  fs::copy_file(fs::path(PAVED_SOURCE_DIR) / "src" / "traffic" / "testdata" / "sample-v5.log",
                logs_ / "2023-11-14.log");
  SyncUntil(1);
  json source = Source();
  EXPECT_EQ(source["files"][0]["key"], "2023-11-14.log");
  EXPECT_EQ(source["files"][0]["state"], "analysed");
  EXPECT_EQ(source["files"][0]["days"], json::array({"2023-11-14"}));
  EXPECT_EQ(source["last_run"]["state"], "ok");
  auto analyses = t_->Call("GET", "/api/v1/traffic/analyses?cluster=prod-eu", "", sre_);
  ASSERT_EQ(analyses.status, 200) << analyses.raw.body;
  ASSERT_EQ(analyses.json["items"].size(), 1u) << analyses.raw.body;
  EXPECT_EQ(analyses.json["items"][0]["source"], "eu-flows");
  EXPECT_EQ(analyses.json["items"][0]["stored_by"], "job:traffic.sources");

  std::string header;
  std::getline(std::ifstream(logs_ / "2023-11-14.log"), header);
  std::ofstream(logs_ / "broken.log") << header << "\n5 x\n";
  std::ofstream(logs_ / "2023-11-15.log") << header << "\n";  // no records yet
  SyncUntil(2);
  source = Source();
  EXPECT_EQ(source["files_failed"], 1) << source;
  EXPECT_EQ(source["files"][2]["key"], "broken.log");
  EXPECT_NE(source["files"][2]["error"].get<std::string>().find("eu-flows:broken.log"),
            std::string::npos)
      << source;
}

TEST_F(TrafficSourceRoutesTest, OnlySreAndAdminMaySeeOrSyncSources) {
  EXPECT_EQ(t_->Call("GET", "/api/v1/traffic/sources", "", dev_).status, 403);
  EXPECT_EQ(t_->Call("POST", "/api/v1/traffic/sources/eu-flows/sync", "", dev_).status, 403);
  EXPECT_EQ(t_->Call("GET", "/api/v1/traffic/sources", "", "").status, 401);
  EXPECT_EQ(t_->Call("POST", "/api/v1/traffic/sources/eu-flows/sync", "", "").status, 401);
  EXPECT_EQ(t_->Call("GET", "/api/v1/traffic/sources", "", t_->admin_token()).status, 200);
  auto unknown = t_->Call("POST", "/api/v1/traffic/sources/nope/sync", "", sre_);
  EXPECT_EQ(unknown.status, 404) << unknown.raw.body;
  EXPECT_EQ(unknown.json["error"]["field"], "name");
}

}  // namespace
}  // namespace paved::traffic::sources
