#include "cli/deploy_output.h"

#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/commands.h"
#include "cli/table.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

const json& Items(const json& list) {
  static const json kEmpty = json::array();
  return list.is_array() ? list : kEmpty;
}

// The time a list item is about: updated_at when present, else created_at.
std::string When(const json& item) {
  std::string when = Text(item, "updated_at");
  return when.empty() ? Text(item, "created_at") : when;
}

std::string SpecErrorLine(const std::string& file, const json& e) {
  const std::string line = Text(e, "line"), column = Text(e, "column");
  const std::string field = Text(e, "field"), message = Text(e, "message");
  std::string where = file;
  if (!line.empty() && line != "0") {
    absl::StrAppend(&where, ":", line, column.empty() || column == "0" ? "" : ":" + column);
  }
  const std::string text = field.empty() ? message : absl::StrCat(field, ": ", message);
  return absl::StrCat(where, ": ", CleanCell(text, 0), "\n");
}

std::string Plural(size_t n, const char* noun) {
  return absl::StrCat(n, " ", noun, n == 1 ? "" : "s");
}

}  // namespace

std::string FormatSpecErrors(const std::string& file, const json& error) {
  const json errors = error.is_object() ? error.value("errors", json()) : json();
  if (!errors.is_array() || errors.empty()) return SpecErrorLine(file, error);
  std::string out;
  for (const json& e : errors) out += SpecErrorLine(file, e);
  return out;
}

std::string RenderSpecVersions(const json& items, absl::Time now) {
  Table table({"VERSION", "AUTHOR", "AGE", "MESSAGE"});
  for (const json& v : Items(items)) {
    table.AddRow({Text(v, "version"), Text(v, "author"), FormatAge(Text(v, "created_at"), now),
                  Text(v, "message")});
  }
  return table.Render();
}

std::string RenderFindings(const json& findings) {
  if (Items(findings).empty()) return "";
  Table table({"SEVERITY", "RULE", "OBJECT", "PATH", "MESSAGE"}, 0);
  std::vector<std::pair<std::string, std::string>> fixes;
  std::set<std::string> seen;
  for (const json& f : Items(findings)) {
    const bool excepted = f.value("excepted", false);
    table.AddRow({Text(f, "severity") + (excepted ? " (excepted)" : ""), Text(f, "rule"),
                  Text(f, "object"), Text(f, "path"), Text(f, "message")});
    const std::string fix = Text(f, "how_to_fix");
    if (!fix.empty() && seen.insert(Text(f, "rule")).second)
      fixes.emplace_back(Text(f, "rule"), fix);
  }
  std::string out = table.Render();
  if (fixes.empty()) return out;
  out += "\nHow to fix:\n";
  for (const auto& [rule, fix] : fixes)
    absl::StrAppend(&out, "  ", rule, ": ", CleanCell(fix, 0), "\n");
  return out;
}

std::string FindingsSummary(const json& findings, bool blocking) {
  size_t errors = 0, warnings = 0, excepted = 0;
  for (const json& f : Items(findings)) {
    if (f.value("excepted", false)) {
      ++excepted;
    } else if (Text(f, "severity") == "error") {
      ++errors;
    } else {
      ++warnings;
    }
  }
  if (errors + warnings + excepted == 0) return "no findings\n";
  std::vector<std::string> parts;
  if (errors > 0) parts.push_back(Plural(errors, "error"));
  if (warnings > 0) parts.push_back(Plural(warnings, "warning"));
  if (excepted > 0) parts.push_back(absl::StrCat(excepted, " excepted"));
  return absl::StrCat(absl::StrJoin(parts, ", "), blocking ? ": blocking" : ": not blocking", "\n");
}

std::string RenderExceptions(const json& exceptions) {
  Table table({"ID", "RULE", "ACTIVE", "APPROVED BY", "EXPIRES", "REASON"});
  for (const json& e : Items(exceptions)) {
    table.AddRow({Text(e, "id"), Text(e, "rule"), e.value("active", false) ? "yes" : "no",
                  Text(e, "approved_by"), Text(e, "expires_at"), Text(e, "reason")});
  }
  return table.Render();
}

std::string ChangeSummary(const json& changes) {
  std::vector<std::string> parts;
  for (const auto& [key, sign] : {std::pair{"added", "+"}, {"changed", "~"}, {"removed", "-"}}) {
    const json list = changes.is_object() ? changes.value(key, json::array()) : json::array();
    for (const json& name : Items(list)) {
      if (name.is_string()) parts.push_back(sign + name.get<std::string>());
    }
  }
  return absl::StrJoin(parts, " ");
}

std::string RenderConfig(const json& version) {
  std::string out = RenderFields({{"Project", Text(version, "project")},
                                  {"Environment", Text(version, "environment")},
                                  {"Set", Text(version, "set")},
                                  {"Version", Text(version, "version")},
                                  {"Author", Text(version, "author")},
                                  {"Created", Text(version, "created_at")},
                                  {"Message", Text(version, "message")}});
  const json data = version.value("data", json::object());
  if (data.is_object() && !data.empty()) {
    Table table({"KEY", "VALUE"}, 0);
    for (const auto& [key, value] : data.items()) {
      table.AddRow({key, value.is_string() ? value.get<std::string>() : value.dump()});
    }
    out += "\n" + table.Render();
  }
  const json files = version.value("files", json::object());
  if (files.is_object() && !files.empty()) {
    Table table({"FILE", "BYTES"}, 0);
    for (const auto& [name, content] : files.items()) {
      table.AddRow(
          {name, content.is_string() ? std::to_string(content.get<std::string>().size()) : ""});
    }
    out += "\n" + table.Render();
  }
  return out;
}

std::string RenderConfigHistory(const json& items, absl::Time now) {
  Table table({"VERSION", "AUTHOR", "AGE", "CHANGES", "MESSAGE"});
  for (const json& v : Items(items)) {
    table.AddRow({Text(v, "version"), Text(v, "author"), FormatAge(Text(v, "created_at"), now),
                  ChangeSummary(v.value("changes", json())), Text(v, "message")});
  }
  return table.Render();
}

std::string RenderSecrets(const json& items, absl::Time now) {
  Table table({"NAME", "VERSION", "AUTHOR", "AGE"});
  for (const json& s : Items(items)) {
    table.AddRow({Text(s, "name"), Text(s, "version"), Text(s, "author"), FormatAge(When(s), now)});
  }
  return table.Render();
}

std::string RenderSecretHistory(const json& items, absl::Time now) {
  Table table({"VERSION", "AUTHOR", "AGE", "KEY", "MESSAGE"});
  for (const json& s : Items(items)) {
    table.AddRow({Text(s, "version"), Text(s, "author"), FormatAge(Text(s, "created_at"), now),
                  Text(s, "key_id"), Text(s, "message")});
  }
  return table.Render();
}

}  // namespace paved::cli
