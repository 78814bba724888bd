#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "providers/hr/hr_source.h"

namespace paved::providers::hr {
namespace {

using nlohmann::json;

// The value at `pointer` inside `object`, or null when absent. Pointers were checked when the
// config was parsed; a pointer through a non-object simply finds nothing.
const json& At(const json& object, const std::string& pointer) {
  static const json kNull;
  try {
    json::json_pointer p(pointer);
    if (!object.contains(p)) return kNull;
    return object.at(p);
  } catch (const json::exception&) {
    return kNull;
  }
}

// Ids may be strings or integers in the source; both become strings.
absl::StatusOr<std::string> IdAt(const json& object, const std::string& pointer,
                                 const std::string& what) {
  const json& v = At(object, pointer);
  if (v.is_string() && !v.get<std::string>().empty()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_null() || v.is_string()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": ", pointer, " is missing"));
  }
  return absl::InvalidArgumentError(absl::StrCat(what, ": ", pointer, " must be a string"));
}

absl::StatusOr<std::string> TextAt(const json& object, const std::string& pointer,
                                   const std::string& what) {
  const json& v = At(object, pointer);
  if (v.is_null()) return std::string();
  if (!v.is_string()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": ", pointer, " must be a string"));
  }
  return v.get<std::string>();
}

absl::StatusOr<HrMember> ParseMember(const json& m, const HrMapping& map,
                                     const std::string& where) {
  if (!m.is_object()) return absl::InvalidArgumentError(where + ": must be an object");
  HrMember out;
  ASSIGN_OR_RETURN(out.id, IdAt(m, map.member_id, where));
  const std::string who = absl::StrCat(where, " (", out.id, ")");
  ASSIGN_OR_RETURN(out.login, IdAt(m, map.member_login, who));
  ASSIGN_OR_RETURN(out.email, TextAt(m, map.member_email, who));
  ASSIGN_OR_RETURN(out.display_name, TextAt(m, map.member_name, who));
  const json& lead = At(m, map.member_lead);
  if (!lead.is_null() && !lead.is_boolean()) {
    return absl::InvalidArgumentError(who + ": " + map.member_lead + " must be true or false");
  }
  out.lead = lead.is_boolean() && lead.get<bool>();
  return out;
}

absl::StatusOr<HrTeam> ParseTeam(const json& t, const HrMapping& map, size_t index) {
  std::string where = absl::StrCat("teams[", index, "]");
  if (!t.is_object()) return absl::InvalidArgumentError(where + ": must be an object");
  HrTeam out;
  ASSIGN_OR_RETURN(out.id, IdAt(t, map.id, where));
  where = absl::StrCat("team ", out.id);
  ASSIGN_OR_RETURN(out.name, TextAt(t, map.name, where));
  if (out.name.empty()) return absl::InvalidArgumentError(where + ": " + map.name + " is missing");
  const json& parent = At(t, map.parent);
  if (!parent.is_null() && !(parent.is_string() && parent.get<std::string>().empty())) {
    ASSIGN_OR_RETURN(out.parent_id, IdAt(t, map.parent, where));
  }
  ASSIGN_OR_RETURN(out.chat_channel, TextAt(t, map.chat_channel, where));
  const json& members = At(t, map.members);
  if (members.is_null()) return out;
  if (!members.is_array()) {
    return absl::InvalidArgumentError(where + ": " + map.members + " must be a list");
  }
  for (size_t i = 0; i < members.size(); ++i) {
    ASSIGN_OR_RETURN(HrMember m, ParseMember(members[i], map, absl::StrCat(where, " member ", i)));
    out.members.push_back(std::move(m));
  }
  return out;
}

absl::Status CheckMembers(const std::vector<HrTeam>& teams) {
  std::map<std::string, std::string> login_of;  // member id -> login
  std::map<std::string, std::string> id_of;     // login -> member id
  for (const HrTeam& t : teams) {
    std::set<std::string> in_team;
    for (const HrMember& m : t.members) {
      if (!in_team.insert(m.id).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("team ", t.id, ": member ", m.id, " is listed twice"));
      }
      auto [it, fresh] = login_of.emplace(m.id, m.login);
      if (!fresh && it->second != m.login) {
        return absl::InvalidArgumentError(
            absl::StrCat("member ", m.id, " has two logins: ", it->second, " and ", m.login));
      }
      auto [jt, new_login] = id_of.emplace(m.login, m.id);
      if (!new_login && jt->second != m.id) {
        return absl::InvalidArgumentError(absl::StrCat(
            "login ", m.login, " belongs to two members: ", jt->second, " and ", m.id));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckParents(const std::vector<HrTeam>& teams) {
  std::map<std::string, std::string> parent_of;
  for (const HrTeam& t : teams) parent_of[t.id] = t.parent_id;
  for (const HrTeam& t : teams) {
    if (!t.parent_id.empty() && !parent_of.count(t.parent_id)) {
      return absl::InvalidArgumentError(
          absl::StrCat("team ", t.id, ": parent ", t.parent_id, " is not a listed team"));
    }
  }
  for (const HrTeam& t : teams) {
    std::set<std::string> seen = {t.id};
    for (std::string p = t.parent_id; !p.empty(); p = parent_of[p]) {
      if (!seen.insert(p).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("team ", t.id, ": its parents form a cycle through ", p));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateHrTeams(const std::vector<HrTeam>& teams) {
  std::set<std::string> ids;
  for (const HrTeam& t : teams) {
    if (t.id.empty()) return absl::InvalidArgumentError("a team has no id");
    if (t.name.empty()) return absl::InvalidArgumentError("team " + t.id + ": name is missing");
    if (!ids.insert(t.id).second) {
      return absl::InvalidArgumentError("team id " + t.id + " is listed twice");
    }
    for (const HrMember& m : t.members) {
      if (m.id.empty() || m.login.empty()) {
        return absl::InvalidArgumentError("team " + t.id + ": a member has no id or login");
      }
    }
  }
  RETURN_IF_ERROR(CheckMembers(teams));
  return CheckParents(teams);
}

absl::StatusOr<std::vector<HrTeam>> ParseHrTeams(const std::string& body,
                                                 const HrMapping& mapping) {
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return absl::InvalidArgumentError("the HR source is not valid JSON");
  const json& list = At(doc, mapping.teams);
  if (!list.is_array()) {
    return absl::InvalidArgumentError("the HR source has no list of teams at \"" + mapping.teams +
                                      "\"");
  }
  std::vector<HrTeam> teams;
  for (size_t i = 0; i < list.size(); ++i) {
    ASSIGN_OR_RETURN(HrTeam t, ParseTeam(list[i], mapping, i));
    teams.push_back(std::move(t));
  }
  RETURN_IF_ERROR(ValidateHrTeams(teams));
  return teams;
}

}  // namespace paved::providers::hr
