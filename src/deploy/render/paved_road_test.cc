// The paved road passes its own policy: rendered objects give no error findings.
#include "deploy/policy/checker.h"
#include "deploy/render/renderer.h"
#include "deploy/render/testing/render_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_assertions.h"

namespace paved::deploy::render {
namespace {

using nlohmann::json;

struct Target {
  platform::Environment env;
  platform::Cluster cluster;
};

std::vector<Target> Targets() {
  return {{testing::ProductionEnvironment(), testing::ProductionCluster()},
          {testing::AlphaEnvironment(), testing::AlphaCluster()}};
}

std::vector<policy::Finding> Check(const spec::AppSpec& spec, const Target& t,
                                   const Standards& standards) {
  auto objects = Render(testing::FixtureInput(spec, t.env, t.cluster), standards);
  EXPECT_OK(objects);
  if (!objects.ok()) return {};
  return policy::CheckObjects(*objects, t.env.name, policy::PolicyConfig());
}

std::vector<std::string> Errors(const std::vector<policy::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    if (f.severity == policy::Severity::kError)
      out.push_back(f.rule + " " + f.object + " " + f.path);
  }
  return out;
}

TEST(PavedRoadTest, FixturePassesPolicyInEveryEnvironment) {
  auto spec = testing::FixtureSpec();
  for (const Target& t : Targets()) {
    EXPECT_THAT(Errors(Check(spec, t, testing::FixtureStandards())), ::testing::IsEmpty())
        << t.env.name;
  }
}

TEST(PavedRoadTest, LargeProjectPassesPolicy) {
  auto spec = testing::LargeSpec(20);
  for (const Target& t : Targets()) {
    EXPECT_THAT(Errors(Check(spec, t, testing::FixtureStandards())), ::testing::IsEmpty())
        << t.env.name;
  }
}

TEST(PavedRoadTest, DefaultStandardsPassPolicy) {
  auto spec = testing::FixtureSpec();
  for (const Target& t : Targets()) {
    EXPECT_THAT(Errors(Check(spec, t, Standards())), ::testing::IsEmpty()) << t.env.name;
  }
}

// Without CPU limits (a standards choice) the policy says so: the two must be set together.
TEST(PavedRoadTest, NoCpuLimitIsCaughtByThePolicy) {
  auto spec = testing::FixtureSpec();
  Standards standards = testing::FixtureStandards();
  standards.cpu_limit_equal_request = false;
  auto errors = Errors(Check(spec, Targets()[0], standards));
  ASSERT_FALSE(errors.empty());
  for (const auto& e : errors) EXPECT_THAT(e, ::testing::StartsWith("resources-required"));
}

// A worker serves no port, so it needs no health check to stay on the paved road.
TEST(PavedRoadTest, WorkerWithoutHealthPassesPolicy) {
  auto spec = testing::FixtureSpec();
  spec.components[1].health.reset();
  EXPECT_THAT(Errors(Check(spec, Targets()[0], testing::FixtureStandards())), ::testing::IsEmpty());
}

}  // namespace
}  // namespace paved::deploy::render
