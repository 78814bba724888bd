#include "cli/catalog_output.h"

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/table.h"

namespace paved::cli {
namespace {

// "alice <alice@example.com>", "alice" or "".
std::string Person(const nlohmann::json& person) {
  const std::string login = Text(person, "login");
  const std::string email = Text(person, "email");
  if (email.empty()) return login;
  return login.empty() ? email : absl::StrCat(login, " <", email, ">");
}

}  // namespace

std::string RenderOwner(const nlohmann::json& owner) {
  const nlohmann::json team = owner.value("team", nlohmann::json::object());
  std::string team_text = Text(team, "slug");
  const std::string name = Text(team, "name");
  if (!name.empty() && name != team_text) absl::StrAppend(&team_text, " (", name, ")");
  std::string oncall = Text(owner, "oncall");
  if (oncall.empty()) oncall = Text(team, "oncall");
  return RenderFields({{"Team", team_text},
                       {"Status", Text(team, "status")},
                       {"Chat channel", Text(team, "chat_channel")},
                       {"On-call", oncall},
                       {"Lead", Person(owner.value("lead", nlohmann::json()))},
                       {"Project", Text(owner, "project")}});
}

std::string RenderOrphans(const nlohmann::json& items, absl::Time now) {
  Table table({"KIND", "ID", "NAME", "LAST OWNER", "AGE", "REASON"}, 120);
  for (const auto& orphan : items) {
    table.AddRow({Text(orphan, "kind"), Text(orphan, "id"), Text(orphan, "name"),
                  Text(orphan, "last_owner"), FormatAge(Text(orphan, "since"), now),
                  Text(orphan, "reason")});
  }
  return table.Render();
}

std::string RenderJobStarted(const std::string& what, const nlohmann::json& answer) {
  const nlohmann::json job = answer.value("job", nlohmann::json::object());
  std::string state = Text(job, "state");
  if (state.empty()) state = "started";
  return absl::StrCat(what, " job ", Text(job, "id"), " ", state, "\n");
}

}  // namespace paved::cli
