#include "deploy/render/standards.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::render {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

TEST(StandardsTest, NullGivesDefaults) {
  auto s = ParseStandards(nullptr);
  ASSERT_OK(s);
  EXPECT_EQ(s->default_cpu, "100m");
  EXPECT_EQ(s->ceiling_memory, "8Gi");
  EXPECT_TRUE(s->cpu_limit_equal_request);
  EXPECT_EQ(s->writable_paths, std::vector<std::string>{"/tmp"});
}

TEST(StandardsTest, ParsesEverySection) {
  json section = json::parse(R"({
    "labels": {"company.example/cost-center": "platform"},
    "resources": {"defaults": {"cpu": "200m", "memory": "256Mi"},
                  "ceilings": {"cpu": 8, "memory": "16Gi"}, "cpu_limit": "equal"},
    "probes": {"initial_delay_seconds": 2, "period_seconds": 5, "failure_threshold": 6},
    "topology_spread": {"max_skew": 2, "when_unsatisfiable": "DoNotSchedule"},
    "security_context": {"run_as_user": 20000},
    "image_pull_secrets": ["registry-credentials"],
    "prometheus": {"scrape": false, "path": "/stats"},
    "pdb": {"min_available_percent": 75},
    "writable_paths": ["/tmp", "/var/cache"],
    "overridable": ["replicas", "env"]
  })");
  auto s = ParseStandards(section);
  ASSERT_OK(s);
  EXPECT_EQ(s->labels.at("company.example/cost-center"), "platform");
  EXPECT_EQ(s->default_cpu, "200m");
  EXPECT_EQ(s->ceiling_cpu, "8");
  EXPECT_TRUE(s->cpu_limit_equal_request);
  EXPECT_EQ(s->probe_period_seconds, 5);
  EXPECT_EQ(s->topology_when_unsatisfiable, "DoNotSchedule");
  EXPECT_EQ(s->run_as_user, 20000);
  EXPECT_FALSE(s->prometheus_scrape);
  EXPECT_EQ(s->pdb_min_available_percent, 75);
  EXPECT_EQ(s->writable_paths.size(), 2u);
  EXPECT_TRUE(s->Overridable("env"));
  EXPECT_FALSE(s->Overridable("resources"));
}

TEST(StandardsTest, JsonRoundTrips) {
  Standards s;
  s.labels["a"] = "b";
  s.cpu_limit_equal_request = true;
  s.overridable = {"env"};
  auto back = ParseStandards(StandardsToJson(s));
  ASSERT_OK(back);
  EXPECT_EQ(StandardsToJson(*back), StandardsToJson(s));
}

TEST(StandardsTest, OverridableCoversSubfields) {
  Standards s;
  s.overridable = {"probes"};
  EXPECT_TRUE(s.Overridable("probes.path"));
  EXPECT_FALSE(s.Overridable("probes_x"));
  s.overridable = {"probes.path"};
  EXPECT_TRUE(s.Overridable("probes.path"));
  EXPECT_FALSE(s.Overridable("probes"));
}

struct BadCase {
  const char* section;
  const char* key;
};

class StandardsErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(StandardsErrorTest, InvalidArgumentNamingTheKey) {
  auto s = ParseStandards(json::parse(GetParam().section));
  EXPECT_CODE(s, kInvalidArgument);
  EXPECT_THAT(std::string(s.status().message()), HasSubstr(GetParam().key));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StandardsErrorTest,
    ::testing::Values(
        BadCase{R"({"colour": 1})", "standards.colour"},
        BadCase{R"({"resources": {"defaults": {"gpu": 1}}})", "standards.resources.defaults.gpu"},
        BadCase{R"({"resources": {"ceilings": {"cpu": "lots"}}})",
                "standards.resources.ceilings.cpu"},
        BadCase{R"({"resources": {"defaults": {"memory": "12Zi"}}})",
                "standards.resources.defaults.memory"},
        BadCase{R"({"resources": {"defaults": {"cpu": "8"}}})", "standards.resources.defaults.cpu"},
        BadCase{R"({"resources": {"cpu_limit": "half"}})", "standards.resources.cpu_limit"},
        BadCase{R"({"probes": {"period_seconds": "10"}})", "standards.probes.period_seconds"},
        BadCase{R"({"security_context": {"run_as_user": 0}})",
                "standards.security_context.run_as_user"},
        BadCase{R"({"labels": {"team": 5}})", "standards.labels.team"},
        BadCase{R"({"overridable": ["image"]})", "standards.overridable"},
        BadCase{R"({"writable_paths": ["tmp"]})", "standards.writable_paths"},
        BadCase{R"({"pdb": {"min_available_percent": 0}})", "standards.pdb.min_available_percent"},
        BadCase{R"([1])", "standards"}));

}  // namespace
}  // namespace paved::deploy::render
