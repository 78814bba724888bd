#pragma once

// Test-only: a store on either engine with teams, a project, the in-test AWS Tagging API and
// InstallCloudResources wired to a Router, workers and a scheduler.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "catalog/cloud_resources.h"
#include "catalog/resource_routes.h"
#include "core/status_macros.h"
#include "http/message.h"
#include "jobs/job_queue.h"
#include "providers/aws/testing/fake_tagging_server.h"
#include "store/migrate.h"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::catalog::testing {

inline const aws::Credentials kAwsCreds{.access_key_id = "AKIDRESOURCETEST",
                                        .secret_access_key = "resource/test+SECRET",
                                        .session_token = ""};
inline constexpr char kAccount[] = "123456789012";

class ResourceFixture : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto opened = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(opened);  // PostgreSQL must start: never skip
    store_ = std::move(*opened);
    audit_ = std::make_unique<audit::AuditLog>(store_.get(), &clock_);
    teams_ = std::make_unique<TeamStore>(store_.get(), &clock_);
    projects_ = std::make_unique<ProjectStore>(store_.get(), &clock_);
    resources_ = std::make_unique<CloudResourceStore>(store_.get(), &clock_);
    queue_ = std::make_unique<jobs::JobQueue>(store_.get(), &clock_);
    workers_ = std::make_unique<jobs::WorkerPool>(
        queue_.get(), jobs::WorkerPoolOptions{.threads = 1, .poll_interval_ms = 20});
    scheduler_ = std::make_unique<jobs::Scheduler>(queue_.get());
    ASSERT_OK(aws_.Start());
    ASSERT_OK(store_->Transaction([&](store::Tx& tx) -> absl::Status {
      for (const char* slug : {"chat", "ads", "old"}) {
        Team t{.slug = slug, .name = slug};
        if (auto s = teams_->Create(tx, t); !s.ok()) return s;
        team_ids_[slug] = t.id;
      }
      // Set directly: TeamStore::Update leaves HR identity and status to the HR sync.
      for (const char* sql : {"UPDATE teams SET hr_id = 'HR-ADS' WHERE slug = 'ads'",
                              "UPDATE teams SET status = 'dissolved', dissolved_at = 1 "
                              "WHERE slug = 'old'"}) {
        if (auto rs = tx.Query(sql); !rs.ok()) return rs.status();
      }
      Project p{.slug = "chat-gateway", .name = "Chat gateway"};
      p.owner_team_id = team_ids_["chat"];
      p.created_by = "admin";
      return projects_->Create(tx, p);
    }));
  }
  void TearDown() override {
    if (scheduler_) scheduler_->Stop();
    if (workers_) workers_->Stop();
  }

  nlohmann::json Config() const {
    return {{"catalog",
             {{"tag_keys", {{"team", "team"}, {"project", "project"}}},
              {"aws",
               {{"endpoint", aws_.endpoint()},
                {"interval", "1h"},
                {"accounts",
                 {{{"id", kAccount},
                   {"regions", {"us-east-1", "ap-northeast-2"}},
                   {"access_key_id", kAwsCreds.access_key_id},
                   {"secret_access_key", kAwsCreds.secret_access_key}}}}}}}}};
  }

  // The sample estate: owned by tag, by HR id, by project; unknown and dissolved teams.
  void AddSampleResources() {
    aws_.AddResource("us-east-1", "arn:aws:elasticache:us-east-1:123456789012:cluster:chat-redis",
                     {{"team", "chat"}, {"env", "prod"}});
    aws_.AddResource("us-east-1", "arn:aws:s3:::ads-bucket", {{"team", "HR-ADS"}});
    aws_.AddResource("us-east-1", "arn:aws:sqs:us-east-1:123456789012:mystery",
                     {{"team", "nobody"}});
    aws_.AddResource("us-east-1", "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
                     {{"project", "chat-gateway"}});
    aws_.AddResource("us-east-1", "arn:aws:rds:us-east-1:123456789012:db:legacy",
                     {{"team", "old"}});
    aws_.AddResource("ap-northeast-2",
                     "arn:aws:dynamodb:ap-northeast-2:123456789012:table/sessions",
                     {{"team", "chat"}, {"project", "chat-gateway"}});
    aws_.AddResource("ap-northeast-2", "arn:aws:sns:ap-northeast-2:123456789012:untagged", {});
  }

  // InstallCloudResources, with its routes added to router_ the way the server adds them.
  absl::Status Install() {
    ASSIGN_OR_RETURN(auto scanner, InstallCloudResources(Deps()));
    router_.Add(ResourceRoutes(Deps(), std::move(scanner)));
    return absl::OkStatus();
  }

  CloudResourceDeps Deps() {
    return {.store = store_.get(),
            .clock = &clock_,
            .audit = audit_.get(),
            .resources = resources_.get(),
            .teams = teams_.get(),
            .projects = projects_.get(),
            .workers = workers_.get(),
            .scheduler = scheduler_.get(),
            .config = &config_};
  }

  struct Reply {
    int status = 0;
    nlohmann::json json;
  };
  // Calls a route the way the server's dispatcher does, minus authentication.
  Reply Call(const std::string& method, const std::string& target, const http::Caller& caller,
             const std::string& body = "") {
    http::Request req = http::MakeRequest(method, target, body);
    auto match = router_.Find(method, req.path);
    if (!match.route) return {404, nullptr};
    req.path_params = match.params;
    http::Context ctx{req, &caller};
    http::Response res = match.route->handler(ctx);
    return {res.status, nlohmann::json::parse(res.body, nullptr, false)};
  }

  // Waits for a job to finish (the worker pool runs it); returns its final state.
  jobs::Job WaitForJob(const std::string& id) {
    for (int i = 0; i < 600; ++i) {
      auto job = queue_->Get(id);
      if (job.ok() && *job &&
          ((*job)->state == jobs::JobState::kSucceeded || (*job)->state == jobs::JobState::kDead ||
           !(*job)->last_error.empty())) {
        return **job;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "job " << id << " did not finish";
    return {};
  }

  http::Caller Admin() const {
    return {.user_id = "u-admin", .login = "admin", .role = Role::kAdmin};
  }
  http::Caller Developer(const std::string& team) {
    return {.user_id = "u-dev",
            .login = "dev",
            .role = Role::kDeveloper,
            .team_ids = {team_ids_[team]}};
  }

  FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<TeamStore> teams_;
  std::unique_ptr<ProjectStore> projects_;
  std::unique_ptr<CloudResourceStore> resources_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<jobs::WorkerPool> workers_;
  std::unique_ptr<jobs::Scheduler> scheduler_;
  http::Router router_;
  aws::testing::FakeTaggingServer aws_{kAwsCreds};
  std::map<std::string, std::string> team_ids_;
  nlohmann::json config_;
};

inline std::string EngineParamName(const ::testing::TestParamInfo<store::Engine>& info) {
  return test_support::EngineName(info.param);
}

}  // namespace paved::catalog::testing
