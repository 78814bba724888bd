// `paved incidents` against a real `paved serve` (see cli_end_to_end_fixture.h): open, why,
// action with a bad and a good day, done, lessons with a panel and a rule, list, show and export.
#include "absl/strings/str_split.h"
#include "cli/testing/cli_end_to_end_fixture.h"

namespace {

using paved::cli::testing::CliEndToEndTest;
using paved::cli::testing::RunResult;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

TEST_F(CliEndToEndTest, IncidentsFromOpeningToExport) {
  LogIn();
  ASSERT_EQ(Paved({"teams", "create", "inc-team", "--name", "Incidents"}).exit_code, 0);
  ASSERT_EQ(
      Paved({"projects", "create", "inc-web", "--name", "Web", "--owner", "inc-team"}).exit_code,
      0);
  RunResult run = Paved({"incidents", "open", "-p", "inc-web", "--title", "Checkout errors",
                         "--severity", "sev2", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string id = nlohmann::json::parse(run.out)["id"];

  run = Paved({"incidents", "why", id, "the pods ran out of memory"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "why 1: the pods ran out of memory\n");
  run = Paved({"incidents", "action", id, "--add", "raise the limit", "--owner", "admin", "--due",
               "2026-20-20"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("due"));
  run = Paved({"incidents", "action", id, "--add", "raise the limit", "--owner", "admin", "--due",
               "2026-12-20"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "action 1 added: raise the limit (admin, due 2026-12-20)\n");
  run = Paved({"incidents", "action", id, "--done", "1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"incidents", "lesson", id, "memory needs a panel", "--panel-title", "Memory",
               "--promql", "container_memory_working_set_bytes"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  run = Paved({"incidents", "lesson", id, "page before the OOM kills", "--rule", "MemoryNearLimit",
               "--expr", "max(container_memory_working_set_bytes) > 1e9", "--severity", "loud"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("rule.severity"));
  run = Paved({"incidents", "lesson", id, "page before the OOM kills", "--rule", "MemoryNearLimit",
               "--expr", "max(container_memory_working_set_bytes) > 1e9", "--for", "5m",
               "--severity", "critical"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "lesson 2 added\n");

  run = Paved({"incidents", "list", "-p", "inc-web"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, ContainsRegex(id + " +inc-web +sev2 +open"));
  run = Paved({"incidents", "show", id});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("1. the pods ran out of memory"));
  EXPECT_THAT(run.out, HasSubstr("incident_opened"));
  run = Paved({"incidents", "export", id});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("# Checkout errors\n"));
  EXPECT_THAT(run.out, HasSubstr("- [x] 1. raise the limit — admin, due 2026-12-20"));
  EXPECT_THAT(run.out, HasSubstr("Dashboard panel \"Memory\""));
  EXPECT_THAT(run.out, HasSubstr("Alert rule MemoryNearLimit (critical, for 5m)"));
}

}  // namespace
