#include "auth/team_members.h"

#include "core/status_macros.h"

namespace paved::auth {
namespace {

constexpr char kSelect[] =
    "SELECT m.team_id, m.user_id, u.login, u.role, u.email, m.lead, m.source "
    "FROM team_members m JOIN users u ON u.id = m.user_id ";

TeamMember FromRow(const store::Row& row) {
  return TeamMember{.team_id = row.Text("team_id"),
                    .user_id = row.Text("user_id"),
                    .login = row.Text("login"),
                    .role = row.Text("role"),
                    .email = row.Text("email"),
                    .lead = row.Int("lead") != 0,
                    .source = row.Text("source")};
}

template <typename Q>
absl::StatusOr<std::vector<TeamMember>> Members(Q& q, const std::string& where,
                                                const store::Params& params) {
  ASSIGN_OR_RETURN(auto rs, q.Query(std::string(kSelect) + where, params));
  std::vector<TeamMember> out;
  out.reserve(rs.rows.size());
  for (const auto& row : rs.rows) out.push_back(FromRow(row));
  return out;
}

constexpr char kOfTeam[] = "WHERE m.team_id = $1 ORDER BY u.login";
constexpr char kAll[] = "ORDER BY m.team_id, u.login";

}  // namespace

absl::StatusOr<std::vector<TeamMember>> TeamMembers::OfTeam(store::Store& store,
                                                            const std::string& team_id) {
  return Members(store, kOfTeam, {team_id});
}

absl::StatusOr<std::vector<TeamMember>> TeamMembers::OfTeamTx(store::Tx& tx,
                                                              const std::string& team_id) {
  return Members(tx, kOfTeam, {team_id});
}

absl::StatusOr<std::vector<TeamMember>> TeamMembers::All(store::Store& store) {
  return Members(store, kAll, {});
}

absl::StatusOr<std::vector<TeamMember>> TeamMembers::AllTx(store::Tx& tx) {
  return Members(tx, kAll, {});
}

absl::StatusOr<std::optional<TeamMember>> TeamMembers::FirstLead(store::Store& store,
                                                                 const std::string& team_id) {
  ASSIGN_OR_RETURN(
      auto leads,
      Members(store, "WHERE m.team_id = $1 AND m.lead = 1 ORDER BY u.login LIMIT 1", {team_id}));
  if (leads.empty()) return std::nullopt;
  return leads.front();
}

absl::StatusOr<bool> TeamMembers::IsTeamLead(store::Store& store, const std::string& user_id,
                                             const std::string& team_id) {
  ASSIGN_OR_RETURN(auto rs, store.Query("SELECT 1 AS one FROM team_members WHERE "
                                        "team_id = $1 AND user_id = $2 AND lead = 1",
                                        {team_id, user_id}));
  return !rs.empty();
}

absl::Status TeamMembers::Add(store::Tx& tx, const std::string& team_id, const std::string& user_id,
                              int64_t now_ms, bool lead, const std::string& source) {
  return tx
      .Query(
          "INSERT INTO team_members (team_id, user_id, added_at, lead, source) "
          "VALUES ($1, $2, $3, $4, $5)",
          {team_id, user_id, now_ms, static_cast<int64_t>(lead), source})
      .status();
}

absl::Status TeamMembers::Remove(store::Tx& tx, const std::string& team_id,
                                 const std::string& user_id) {
  return tx
      .Query("DELETE FROM team_members WHERE team_id = $1 AND user_id = $2", {team_id, user_id})
      .status();
}

absl::Status TeamMembers::SetLead(store::Tx& tx, const std::string& team_id,
                                  const std::string& user_id, bool lead) {
  return tx
      .Query("UPDATE team_members SET lead = $1 WHERE team_id = $2 AND user_id = $3",
             {static_cast<int64_t>(lead), team_id, user_id})
      .status();
}

std::string TeamMembers::LeadsTeamCondition(std::string_view team_id_column,
                                            std::string_view user_param) {
  return "EXISTS (SELECT 1 FROM team_members lm WHERE lm.team_id = " + std::string(team_id_column) +
         " AND lm.user_id = " + std::string(user_param) + " AND lm.lead = 1)";
}

std::string TeamMembers::CountExpression(std::string_view team_id_column) {
  return "(SELECT COUNT(*) FROM team_members cm WHERE cm.team_id = " + std::string(team_id_column) +
         ")";
}

}  // namespace paved::auth
