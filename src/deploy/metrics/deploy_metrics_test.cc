// Deploy metrics on both engines, from deployments inserted by SQL. Times are minutes after T0;
// every expected number is worked out by hand in the comments.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "core/clock.h"
#include "core/status_macros.h"
#include "deploy/metrics/deploy_metrics.h"
#include "deploy/metrics/metrics_routes.h"
#include "deploy/metrics/prometheus.h"
#include "http/message.h"
#include "nlohmann/json.hpp"
#include "tests/support/status_assertions.h"
#include "tests/support/test_databases.h"

namespace paved::deploy::metrics {
namespace {

using json = nlohmann::json;

constexpr int64_t kT0 = 1'700'000'000'000;  // 2023-11-14T22:13:20Z
constexpr int64_t kMin = 60'000;
constexpr int64_t kHour = 60 * kMin;
constexpr int64_t kDay = 24 * kHour;

struct Dep {
  const char* id;
  const char* project;
  const char* env;
  const char* cluster;
  const char* digest;
  const char* state;
  int64_t created;                  // after kT0
  std::optional<int64_t> duration;  // queued (= created) → finished
};

// web (team shop):
//   d1 alpha      local-alpha A succeeded   2m
//   d2 production kr1         A succeeded   4m   lead 2h4m = 124m
//   d3 production kr1         B failed      6m   finished 1d+6m
//   d4 production kr1         A succeeded   2m   finished 1d1h2m: recovers d3 after 56m;
//                                                lead 1d1h2m = 1502m
//   d5 production jp1         A rolled_back 8m   lead 3h8m = 188m
// api (team shop):
//   d6 production kr1         C succeeded  10m   lead 1h10m = 70m (C committed 1h before)
//   d7 alpha      local-alpha C queued
// batch (team data):
//   d8 alpha      local-alpha D failed      1m
// outside the period [T0, T0+10d): d9 (after), d10 (before; 3m)
const Dep kDeps[] = {
    {"d1", "web", "alpha", "local-alpha", "sha256:a", "succeeded", 1 * kHour, 2 * kMin},
    {"d2", "web", "production", "kr1", "sha256:a", "succeeded", 2 * kHour, 4 * kMin},
    {"d3", "web", "production", "kr1", "sha256:b", "failed", kDay, 6 * kMin},
    {"d4", "web", "production", "kr1", "sha256:a", "succeeded", kDay + kHour, 2 * kMin},
    {"d5", "web", "production", "jp1", "sha256:a", "rolled_back", 3 * kHour, 8 * kMin},
    {"d6", "api", "production", "kr1", "sha256:c", "succeeded", 2 * kDay, 10 * kMin},
    {"d7", "api", "alpha", "local-alpha", "sha256:c", "queued", 2 * kDay - 2 * kHour, {}},
    {"d8", "batch", "alpha", "local-alpha", "sha256:d", "failed", 5 * kDay, 1 * kMin},
    {"d9", "batch", "production", "dk1", "sha256:d", "succeeded", 11 * kDay, 1 * kMin},
    {"d10", "web", "production", "kr1", "sha256:a", "succeeded", -kDay, 3 * kMin},
};

class DeployMetricsTest : public ::testing::TestWithParam<store::Engine> {
 protected:
  void SetUp() override {
    auto opened = test_support::NewMigratedStore(GetParam());
    ASSERT_OK(opened);  // PostgreSQL must start: never skip
    store_ = std::move(*opened);
    ASSERT_OK(store_->Transaction([](store::Tx& tx) -> absl::Status { return Seed(tx); }));
    router_.Add(DeployMetricsRoutes(store_.get(), &clock_));
  }

  static absl::Status Exec(store::Tx& tx, const char* sql, store::Params params) {
    return tx.Query(sql, params).status();
  }

  static absl::Status Seed(store::Tx& tx) {
    for (const char* team : {"shop", "data"}) {
      if (auto s = Exec(tx,
                        "INSERT INTO teams (id, slug, name, created_at, updated_at) "
                        "VALUES ($1, $1, $1, 0, 0)",
                        {std::string(team)});
          !s.ok()) {
        return s;
      }
    }
    for (auto [project, team] : {std::pair{"web", "shop"}, {"api", "shop"}, {"batch", "data"}}) {
      if (auto s = Exec(tx,
                        "INSERT INTO projects (id, slug, name, owner_team_id, created_by, "
                        "created_at, updated_at) VALUES ($1, $1, $1, $2, 'admin', 0, 0)",
                        {std::string(project), std::string(team)});
          !s.ok()) {
        return s;
      }
    }
    // Commit times: A at T0, C 1h before d6's creation; B and D have none.
    for (auto [project, digest, commit] :
         {std::tuple{"web", "sha256:a", store::Value(kT0)},
          {"web", "sha256:b", store::Null()},
          {"api", "sha256:c", store::Value(kT0 + 2 * kDay - kHour)},
          {"batch", "sha256:d", store::Null()}}) {
      if (auto s = Exec(tx,
                        "INSERT INTO artifacts (project_id, digest, image, commit_time, "
                        "pushed_by, created_at) VALUES ($1, $2, 'img', $3, 'ci', 0)",
                        {std::string(project), std::string(digest), commit});
          !s.ok()) {
        return s;
      }
    }
    for (const Dep& d : kDeps) {
      if (auto s = InsertDeployment(tx, d); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  static absl::Status InsertDeployment(store::Tx& tx, const Dep& d) {
    const int64_t created = kT0 + d.created;
    store::Value finished = d.duration ? store::Value(created + *d.duration) : store::Null();
    return Exec(
        tx,
        "INSERT INTO deployments (id, request_id, project_id, environment, cluster, "
        "region, digest, spec_version, namespace, manifests, manifest_hash, state, "
        "requester, created_at, queued_at, finished_at) VALUES ($1, $1, $2, $3, $4, "
        "'r', $5, 1, 'ns', '', 'h', $6, 'dev', $7, $7, $8)",
        {std::string(d.id), std::string(d.project), std::string(d.env), std::string(d.cluster),
         std::string(d.digest), std::string(d.state), created, finished});
  }

  struct Reply {
    int status = 0;
    json body;
  };
  Reply Get(const std::string& query) {
    http::Request req = http::MakeRequest("GET", "/api/v1/metrics/deployments?" + query);
    auto match = router_.Find("GET", req.path);
    EXPECT_NE(match.route, nullptr);
    if (match.route == nullptr) return {};
    EXPECT_EQ(match.route->access, http::Access::kViewer);
    http::Caller caller{.user_id = "u", .login = "viewer", .role = Role::kViewer};
    http::Context ctx{req, &caller};
    http::Response res = match.route->handler(ctx);
    return {res.status, json::parse(res.body, nullptr, false)};
  }

  // The item with `key` of a 200 answer to `query`.
  json Item(const std::string& query, const std::string& key) {
    Reply r = Get(query);
    EXPECT_EQ(r.status, 200) << r.body.dump();
    for (const json& item : r.body.value("items", json::array())) {
      if (item["key"] == key) return item;
    }
    ADD_FAILURE() << "no item " << key << " in " << r.body.dump();
    return json::object();
  }

  static std::string Period() {
    return "from=" + std::to_string(kT0) + "&to=" + std::to_string(kT0 + 10 * kDay);
  }

  FakeClock clock_{kT0 + 10 * kDay};
  std::unique_ptr<store::Store> store_;
  http::Router router_;
};

TEST_P(DeployMetricsTest, PlatformNumbers) {
  json m = Item(Period() + "&group_by=platform", "platform");
  EXPECT_EQ(m["deployments"], 8);  // d1..d8
  EXPECT_EQ(m["succeeded"], 4);    // d1 d2 d4 d6
  EXPECT_EQ(m["failed"], 2);       // d3 d8
  EXPECT_EQ(m["rolled_back"], 1);  // d5
  // Finished durations 1,2,2,4,6,8,10 minutes: p50 = 4th, p90 = 7th.
  EXPECT_EQ(m["duration_p50_ms"], 4 * kMin);
  EXPECT_EQ(m["duration_p90_ms"], 10 * kMin);
  EXPECT_DOUBLE_EQ(m["failure_rate"].get<double>(), 2.0 / 7);
  // Production: successful d2 d4 d5 d6 over 10 days; lead times 70,124,188,1502 minutes;
  // d3 and d5 of 5 finished are change failures; d3 recovered after 56 minutes.
  EXPECT_DOUBLE_EQ(m["dora"]["deployment_frequency_per_day"].get<double>(), 0.4);
  EXPECT_EQ(m["dora"]["lead_time_p50_ms"], 124 * kMin);
  EXPECT_DOUBLE_EQ(m["dora"]["change_failure_rate"].get<double>(), 0.4);
  EXPECT_EQ(m["dora"]["recovery_time_p50_ms"], 56 * kMin);
}

TEST_P(DeployMetricsTest, PerProject) {
  Reply r = Get(Period() + "&group_by=project");
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.body["items"].size(), 3u);  // api, batch, web

  json web = Item(Period() + "&group_by=project", "web");
  EXPECT_EQ(web["deployments"], 5);
  EXPECT_EQ(web["succeeded"], 3);
  EXPECT_EQ(web["failed"], 1);
  EXPECT_EQ(web["rolled_back"], 1);
  EXPECT_EQ(web["duration_p50_ms"], 4 * kMin);  // 2,2,4,6,8
  EXPECT_EQ(web["duration_p90_ms"], 8 * kMin);
  EXPECT_DOUBLE_EQ(web["failure_rate"].get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(web["dora"]["deployment_frequency_per_day"].get<double>(), 0.3);
  EXPECT_EQ(web["dora"]["lead_time_p50_ms"], 188 * kMin);  // 124,188,1502
  EXPECT_DOUBLE_EQ(web["dora"]["change_failure_rate"].get<double>(), 0.5);
  EXPECT_EQ(web["dora"]["recovery_time_p50_ms"], 56 * kMin);

  json api = Item(Period() + "&group_by=project", "api");
  EXPECT_EQ(api["deployments"], 2);
  EXPECT_EQ(api["duration_p50_ms"], 10 * kMin);
  EXPECT_DOUBLE_EQ(api["failure_rate"].get<double>(), 0.0);
  EXPECT_EQ(api["dora"]["lead_time_p50_ms"], 70 * kMin);
  EXPECT_DOUBLE_EQ(api["dora"]["change_failure_rate"].get<double>(), 0.0);
  EXPECT_TRUE(api["dora"]["recovery_time_p50_ms"].is_null());

  json batch = Item(Period() + "&group_by=project", "batch");  // d9 is after the period
  EXPECT_EQ(batch["deployments"], 1);
  EXPECT_DOUBLE_EQ(batch["failure_rate"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(batch["dora"]["deployment_frequency_per_day"].get<double>(), 0.0);
  EXPECT_TRUE(batch["dora"]["lead_time_p50_ms"].is_null());
  EXPECT_TRUE(batch["dora"]["change_failure_rate"].is_null());
}

TEST_P(DeployMetricsTest, PerTeam) {
  json shop = Item(Period() + "&group_by=team", "shop");
  EXPECT_EQ(shop["deployments"], 7);
  EXPECT_EQ(shop["duration_p50_ms"], 4 * kMin);  // 2,2,4,6,8,10
  EXPECT_EQ(shop["duration_p90_ms"], 10 * kMin);
  EXPECT_DOUBLE_EQ(shop["failure_rate"].get<double>(), 1.0 / 6);
  EXPECT_EQ(shop["dora"]["lead_time_p50_ms"], 124 * kMin);
  EXPECT_DOUBLE_EQ(shop["dora"]["change_failure_rate"].get<double>(), 0.4);
  json data = Item(Period() + "&group_by=team", "data");
  EXPECT_EQ(data["deployments"], 1);
  EXPECT_EQ(data["failed"], 1);
}

TEST_P(DeployMetricsTest, EnvironmentFilterAndRfc3339) {
  // 2023-11-14T22:13:20Z is T0; alpha holds d1 (2m, succeeded), d7 (queued), d8 (1m, failed).
  json m = Item("from=2023-11-14T22:13:20Z&to=2023-11-24T22:13:20Z&environment=alpha", "platform");
  EXPECT_EQ(m["deployments"], 3);
  EXPECT_EQ(m["duration_p50_ms"], 1 * kMin);
  EXPECT_EQ(m["duration_p90_ms"], 2 * kMin);
  EXPECT_DOUBLE_EQ(m["failure_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(m["dora"]["deployment_frequency_per_day"].get<double>(), 0.0);
  EXPECT_TRUE(m["dora"]["change_failure_rate"].is_null());
}

TEST_P(DeployMetricsTest, DefaultPeriodIsLast30Days) {
  // Now is T0+10d: the default period [T0-20d, T0+10d) also holds d10 but not d9.
  json m = Item("", "platform");
  EXPECT_EQ(m["deployments"], 9);
}

TEST_P(DeployMetricsTest, EmptyPeriod) {
  const std::string period =
      "from=" + std::to_string(kT0 + 20 * kDay) + "&to=" + std::to_string(kT0 + 21 * kDay);
  json m = Item(period, "platform");
  EXPECT_EQ(m["deployments"], 0);
  EXPECT_TRUE(m["duration_p50_ms"].is_null());
  EXPECT_TRUE(m["failure_rate"].is_null());
  EXPECT_DOUBLE_EQ(m["dora"]["deployment_frequency_per_day"].get<double>(), 0.0);
  EXPECT_TRUE(m["dora"]["recovery_time_p50_ms"].is_null());
  Reply r = Get(period + "&group_by=project");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body["items"], json::array());
}

TEST_P(DeployMetricsTest, AYoungProjectAndARollbackThatRecovered) {
  // fresh (team data) first deployed 30 minutes before the end of the period:
  //   f1 succeeded; f2 rolled_back (bad, live from 10d-19m); f3 the rollback, finished 10d-9m.
  ASSERT_OK(store_->Transaction([](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(Exec(tx,
                         "INSERT INTO projects (id, slug, name, owner_team_id, created_by, "
                         "created_at, updated_at) VALUES ('fresh', 'fresh', 'fresh', 'data', "
                         "'admin', 0, 0)",
                         {}));
    for (const Dep& d : {Dep{"f1", "fresh", "production", "kr1", "sha256:f", "succeeded",
                             10 * kDay - 30 * kMin, kMin},
                         Dep{"f2", "fresh", "production", "kr1", "sha256:g", "rolled_back",
                             10 * kDay - 20 * kMin, kMin},
                         Dep{"f3", "fresh", "production", "kr1", "sha256:f", "succeeded",
                             10 * kDay - 10 * kMin, kMin}}) {
      RETURN_IF_ERROR(InsertDeployment(tx, d));
    }
    return absl::OkStatus();
  }));
  json fresh = Item(Period() + "&group_by=project", "fresh");
  // Three successful production deployments in a project younger than a day: 3 a day, not 0.3
  // (the period's 10 days) and not 144 (its 30 minutes).
  EXPECT_DOUBLE_EQ(fresh["dora"]["deployment_frequency_per_day"].get<double>(), 3.0);
  EXPECT_DOUBLE_EQ(fresh["dora"]["change_failure_rate"].get<double>(), 1.0 / 3);
  EXPECT_EQ(fresh["dora"]["recovery_time_p50_ms"], 10 * kMin);  // f2's finish → f3's finish
}

TEST_P(DeployMetricsTest, BadParameters) {
  const std::pair<std::string, std::string> cases[] = {
      {"group_by=cluster", "group_by"},
      {"from=yesterday", "from"},
      {"to=2023-13-45", "to"},
      {"from=2000&to=1000", "to"},
      {"environment=staging", "environment"},
  };
  for (const auto& [query, field] : cases) {
    Reply r = Get(query);
    EXPECT_EQ(r.status, 422) << query;
    EXPECT_EQ(r.body["error"].value("field", ""), field) << query << ": " << r.body.dump();
  }
}

TEST_P(DeployMetricsTest, PrometheusFamilies) {
  auto text = RenderDeployPrometheus(*store_);
  ASSERT_OK(text);
  // web production kr1 succeeded: d2, d4, d10 (all time).
  EXPECT_TRUE(
      absl::StrContains(*text,
                        "paved_deployments_total{project=\"web\",team=\"shop\","
                        "environment=\"production\",cluster=\"kr1\",state=\"succeeded\"} 3"))
      << *text;
  EXPECT_TRUE(
      absl::StrContains(*text,
                        "paved_deployments_total{project=\"api\",team=\"shop\","
                        "environment=\"alpha\",cluster=\"local-alpha\",state=\"queued\"} 1"));
  // web production finished: d2 4m, d3 6m, d4 2m, d5 8m, d10 3m (sum 23m = 1380s).
  const std::string labels = "project=\"web\",team=\"shop\",environment=\"production\"";
  for (const auto& [le, n] :
       {std::pair{"60", 0}, {"120", 1}, {"300", 3}, {"600", 5}, {"+Inf", 5}}) {
    EXPECT_TRUE(absl::StrContains(*text, "paved_deployment_duration_seconds_bucket{" + labels +
                                             ",le=\"" + le + "\"} " + std::to_string(n)))
        << le << "\n"
        << *text;
  }
  EXPECT_TRUE(
      absl::StrContains(*text, "paved_deployment_duration_seconds_sum{" + labels + "} 1380\n"));
  EXPECT_TRUE(
      absl::StrContains(*text, "paved_deployment_duration_seconds_count{" + labels + "} 5\n"));
}

TEST_P(DeployMetricsTest, RegisteredOnTheServerMetrics) {
  server::Metrics metrics;
  RegisterDeployPrometheusMetrics(metrics, store_.get());
  const std::string text = metrics.Render("test");
  EXPECT_TRUE(absl::StrContains(text, "paved_build_info"));
  EXPECT_TRUE(
      absl::StrContains(text,
                        "paved_deployments_total{project=\"batch\",team=\"data\","
                        "environment=\"alpha\",cluster=\"local-alpha\",state=\"failed\"} 1\n"))
      << text;
}

TEST(PercentileTest, NearestRank) {
  EXPECT_EQ(Percentile({}, 50), std::nullopt);
  EXPECT_EQ(Percentile({7}, 90), 7);
  EXPECT_EQ(Percentile({4, 1, 3, 2}, 50), 2);
  EXPECT_EQ(Percentile({4, 1, 3, 2}, 90), 4);
}

INSTANTIATE_TEST_SUITE_P(Engines, DeployMetricsTest,
                         ::testing::Values(store::Engine::kSqlite, store::Engine::kPostgres),
                         [](const auto& info) { return test_support::EngineName(info.param); });

}  // namespace
}  // namespace paved::deploy::metrics
