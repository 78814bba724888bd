#include "monitoring/incidents/markdown_export.h"

#include "gtest/gtest.h"

namespace paved::monitoring::incidents {
namespace {

TEST(MarkdownExportTest, HoldsTheWhysFactorsLessonsAndActions) {
  Incident i{.id = "i1",
             .project = "chat-gateway",
             .team = "chat",
             .title = "Login errors",
             .severity = "sev2",
             .state = "resolved",
             .impact = "3% of logins failed",
             .opened_at_ms = 1'796'644'800'000,
             .started_at_ms = 1'796'644'500'000,
             .resolved_at_ms = 1'796'648'400'000,
             .opened_by = "dana",
             .whys = {"the pods crashed", "the new config\nwas wrong"},
             .factors = {"no canary"}};
  i.lessons = {
      {.number = 1,
       .text = "watch errors",
       .panel = ExtraPanel{.title = "5xx", .promql = "sum(rate(x[5m]))", .unit = "reqps"}}};
  i.actions = {{.number = 1,
                .title = "add a canary",
                .owner_kind = "team",
                .owner = "chat",
                .due = "2026-12-20",
                .state = "open"},
               {.number = 2,
                .title = "fix config",
                .owner_kind = "user",
                .owner = "dana",
                .due = "2026-12-10",
                .state = "done"}};
  Timeline t{.entries = {{.at_ms = 1'796'644'400'000,
                          .kind = "deploy",
                          .actor = "dana",
                          .text = "local-alpha: sha256:aa → sha256:bb"}}};
  std::string md = IncidentMarkdown(i, t);
  EXPECT_NE(md.find("# Login errors\n"), std::string::npos) << md;
  EXPECT_NE(md.find("## Five whys\n\n1. the pods crashed\n2. the new config was wrong\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("## Contributing factors\n\n- no canary\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- [ ] 1. add a canary — team chat, due 2026-12-20\n"), std::string::npos)
      << md;
  EXPECT_NE(md.find("- [x] 2. fix config — dana, due 2026-12-10\n"), std::string::npos) << md;
  EXPECT_NE(md.find("Dashboard panel \"5xx\": `sum(rate(x[5m]))` (reqps)"), std::string::npos)
      << md;
  EXPECT_NE(md.find("deploy (dana): local-alpha: sha256:aa → sha256:bb"), std::string::npos) << md;
  EXPECT_NE(md.find("- Resolved: 2026-12-07T13:00:00.000Z"), std::string::npos) << md;
}

}  // namespace
}  // namespace paved::monitoring::incidents
