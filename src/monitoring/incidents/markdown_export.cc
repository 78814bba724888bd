#include "monitoring/incidents/markdown_export.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/clock.h"

namespace paved::monitoring::incidents {
namespace {

// One line: newlines become spaces, so a list item stays one item.
std::string Line(const std::string& text) {
  return absl::StrReplaceAll(text, {{"\r\n", " "}, {"\n", " "}, {"\r", " "}});
}

void Facts(const Incident& i, std::string& out) {
  absl::StrAppend(&out, "# ", Line(i.title), "\n\n", "- Project: ", i.project, " (team ", i.team,
                  ")\n", "- Severity: ", i.severity, "\n", "- State: ", i.state, "\n",
                  "- Started: ", FormatTimeMs(i.started_at_ms), "\n",
                  "- Opened: ", FormatTimeMs(i.opened_at_ms), " by ", i.opened_by, "\n");
  if (i.resolved_at_ms)
    absl::StrAppend(&out, "- Resolved: ", FormatTimeMs(*i.resolved_at_ms), "\n");
  if (!i.alert_group.empty()) absl::StrAppend(&out, "- Alert group: ", i.alert_group, "\n");
  absl::StrAppend(&out, "\n## Impact\n\n", i.impact.empty() ? "_Not written yet._" : i.impact,
                  "\n");
}

void TimelineSection(const Timeline& t, std::string& out) {
  absl::StrAppend(&out, "\n## Timeline\n\n");
  for (const auto& e : t.entries) {
    absl::StrAppend(&out, "- ", FormatTimeMs(e.at_ms), " — ", e.kind,
                    e.actor.empty() ? "" : " (" + e.actor + ")", ": ", Line(e.text), "\n");
  }
}

void ListSection(const std::string& title, const std::vector<std::string>& items, bool numbered,
                 std::string& out) {
  absl::StrAppend(&out, "\n## ", title, "\n\n");
  if (items.empty()) absl::StrAppend(&out, "_None yet._\n");
  for (size_t n = 0; n < items.size(); ++n) {
    absl::StrAppend(&out, numbered ? absl::StrCat(n + 1, ". ") : "- ", Line(items[n]), "\n");
  }
}

void Lessons(const Incident& i, std::string& out) {
  absl::StrAppend(&out, "\n## Lessons\n\n");
  if (i.lessons.empty()) absl::StrAppend(&out, "_None yet._\n");
  for (const auto& l : i.lessons) {
    absl::StrAppend(&out, "- ", Line(l.text), "\n");
    if (l.panel) {
      absl::StrAppend(&out, "  - Dashboard panel \"", Line(l.panel->title), "\": `",
                      Line(l.panel->promql), "`",
                      l.panel->unit.empty() ? "" : " (" + l.panel->unit + ")", "\n");
    }
    if (l.rule) {
      absl::StrAppend(&out, "  - Alert rule ", l.rule->name, " (", l.rule->severity,
                      l.rule->for_.empty() ? "" : ", for " + l.rule->for_, "): `",
                      Line(l.rule->expr), "`\n");
    }
  }
}

void Actions(const Incident& i, std::string& out) {
  absl::StrAppend(&out, "\n## Actions\n\n");
  if (i.actions.empty()) absl::StrAppend(&out, "_None yet._\n");
  for (const auto& a : i.actions) {
    absl::StrAppend(&out, "- [", a.state == "done" ? "x" : " ", "] ", a.number, ". ", Line(a.title),
                    " — ", a.owner_kind == "team" ? "team " : "", a.owner, ", due ", a.due, "\n");
  }
}

}  // namespace

std::string IncidentMarkdown(const Incident& i, const Timeline& t) {
  std::string out;
  Facts(i, out);
  TimelineSection(t, out);
  ListSection("Five whys", i.whys, true, out);
  ListSection("Contributing factors", i.factors, false, out);
  Lessons(i, out);
  Actions(i, out);
  return out;
}

}  // namespace paved::monitoring::incidents
