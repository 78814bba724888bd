#include "monitoring/grafana/grafana_client.h"

#include <memory>

#include "gtest/gtest.h"
#include "monitoring/grafana/testing/fake_grafana_server.h"
#include "tests/support/status_assertions.h"

namespace paved::monitoring::grafana {
namespace {

class GrafanaClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(server_.Start());
    http_ = http::NewCurlClient({.use_env_proxy = false});
    client_ = NewHttpClient({.url = server_.url() + "/", .token = "glsa_test_token"}, http_.get());
  }

  static nlohmann::json Model(const std::string& uid, const std::string& title, int64_t version) {
    return {{"uid", uid}, {"title", title}, {"schemaVersion", 39}, {"version", version}};
  }

  testing::FakeGrafanaServer server_;
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<Client> client_;
};

TEST_F(GrafanaClientTest, FoldersAreReadAndCreated) {
  auto missing = client_->GetFolder("team-payments");
  ASSERT_OK(missing);
  EXPECT_FALSE(missing->has_value());
  ASSERT_OK(client_->CreateFolder("team-payments", "Paved · payments"));
  auto found = client_->GetFolder("team-payments");
  ASSERT_OK(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->title, "Paved · payments");
}

TEST_F(GrafanaClientTest, SavesReadsAndKeepsVersions) {
  ASSERT_OK(client_->CreateFolder("f", "F"));
  auto saved = client_->SaveDashboard(Model("d1", "One", 0), "f", false, "Paved: first");
  ASSERT_OK(saved);
  EXPECT_EQ(saved->version, 1);
  EXPECT_EQ(saved->status, "success");
  EXPECT_EQ(saved->url, "/d/d1/one");
  auto again = client_->SaveDashboard(Model("d1", "One v2", 1), "f", false, "Paved: second");
  ASSERT_OK(again);
  EXPECT_EQ(again->version, 2);
  auto current = client_->GetDashboard("d1");
  ASSERT_OK(current);
  ASSERT_TRUE(current->has_value());
  EXPECT_EQ((*current)->version, 2);
  EXPECT_EQ((*current)->folder_uid, "f");
  EXPECT_EQ((*current)->dashboard["title"], "One v2");
  EXPECT_EQ(server_.Dashboard("d1").messages,
            (std::vector<std::string>{"Paved: first", "Paved: second"}));
  auto none = client_->GetDashboard("nope");
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
}

TEST_F(GrafanaClientTest, StaleVersionIsVersionMismatchAndSameTitleIsNameExists) {
  ASSERT_OK(client_->SaveDashboard(Model("d1", "One", 0), "", false, "m"));
  server_.EditByHand("d1");
  auto stale = client_->SaveDashboard(Model("d1", "One", 1), "", false, "m");
  EXPECT_TRUE(absl::IsFailedPrecondition(stale.status())) << stale.status();
  EXPECT_EQ(PreconditionStatus(stale.status()), "version-mismatch");
  auto clash = client_->SaveDashboard(Model("d2", "One (edited)", 0), "", false, "m");
  EXPECT_EQ(PreconditionStatus(clash.status()), "name-exists") << clash.status();
}

TEST_F(GrafanaClientTest, BadTokenIsUnauthenticatedAndMissingTitleInvalid) {
  auto wrong = NewHttpClient({.url = server_.url(), .token = "wrong"}, http_.get());
  auto denied = wrong->GetFolder("f");
  EXPECT_TRUE(absl::IsUnauthenticated(denied.status())) << denied.status();
  auto invalid = client_->SaveDashboard({{"uid", "x"}}, "", false, "m");
  EXPECT_TRUE(absl::IsInvalidArgument(invalid.status())) << invalid.status();
  EXPECT_NE(invalid.status().message().find("title"), std::string::npos);
}

TEST_F(GrafanaClientTest, AnnotationIsPostedOnTheDashboard) {
  ASSERT_OK(client_->SaveDashboard(Model("d1", "One", 0), "", false, "m"));
  auto id = client_->AddAnnotation({"d1", 1700000000000, {"paved", "deploy"}, "deploy by ann"});
  ASSERT_OK(id);
  EXPECT_EQ(*id, 1);
  auto posted = server_.Annotations();
  ASSERT_EQ(posted.size(), 1u);
  EXPECT_EQ(posted[0]["dashboardUID"], "d1");
  EXPECT_EQ(posted[0]["time"], 1700000000000);
  EXPECT_EQ(posted[0]["tags"], nlohmann::json({"paved", "deploy"}));
}

TEST(GrafanaClientDownTest, ConnectionRefusedIsUnavailable) {
  auto http = http::NewCurlClient({.use_env_proxy = false});
  auto client = NewHttpClient({.url = "http://127.0.0.1:1", .token = "t"}, http.get());
  EXPECT_TRUE(absl::IsUnavailable(client->GetFolder("f").status()));
}

}  // namespace
}  // namespace paved::monitoring::grafana
