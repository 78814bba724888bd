#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/store.h"

namespace paved::auth {

// One user's membership of one team, with the user's login, role and email.
struct TeamMember {
  std::string team_id;
  std::string user_id;
  std::string login;
  std::string role;  // the user's role name ("viewer", "developer", ...)
  std::string email;
  bool lead = false;
  std::string source;  // who added it: "paved", "hr" or "backstage"
};

// Who belongs to which team (table team_members, owned by auth: identity includes a user's
// teams). Teams themselves belong to catalog; memberships name them by id only. Reads take the
// Store or, inside a transaction, its Tx; writes take the Tx of the caller's transaction.
class TeamMembers {
 public:
  // Members of `team_id`, ordered by login.
  static absl::StatusOr<std::vector<TeamMember>> OfTeam(store::Store& store,
                                                        const std::string& team_id);
  static absl::StatusOr<std::vector<TeamMember>> OfTeamTx(store::Tx& tx,
                                                          const std::string& team_id);
  // Every membership of every team, ordered by team id, then login.
  static absl::StatusOr<std::vector<TeamMember>> All(store::Store& store);
  static absl::StatusOr<std::vector<TeamMember>> AllTx(store::Tx& tx);
  // The lead of `team_id` whose login sorts first; nullopt when the team has no lead.
  static absl::StatusOr<std::optional<TeamMember>> FirstLead(store::Store& store,
                                                             const std::string& team_id);
  // Whether `user_id` is a lead of `team_id`.
  static absl::StatusOr<bool> IsTeamLead(store::Store& store, const std::string& user_id,
                                         const std::string& team_id);

  // Adds a membership. AlreadyExists when the user is already a member; FailedPrecondition
  // when the team or the user does not exist.
  static absl::Status Add(store::Tx& tx, const std::string& team_id, const std::string& user_id,
                          int64_t now_ms, bool lead, const std::string& source);
  // Removes a membership; removing one that does not exist is OK.
  static absl::Status Remove(store::Tx& tx, const std::string& team_id, const std::string& user_id);
  static absl::Status SetLead(store::Tx& tx, const std::string& team_id, const std::string& user_id,
                              bool lead);

  // SQL pieces for other domains' list queries that filter or count by membership in one
  // statement (a lookup per row would not scale); the table's name stays in auth/.
  // A condition true when the user whose id is bound to `user_param` ("$2") leads the team whose
  // id is in `team_id_column` ("p.owner_team_id").
  static std::string LeadsTeamCondition(std::string_view team_id_column,
                                        std::string_view user_param);
  // An expression counting the members of the team whose id is in `team_id_column`.
  static std::string CountExpression(std::string_view team_id_column);
};

}  // namespace paved::auth
