#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/role.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::auth {

struct User {
  std::string id;
  std::string login;
  Role role = Role::kViewer;
  bool disabled = false;
  std::string password_hash;
  int64_t created_at_ms = 0;
  std::vector<std::string> team_slugs;  // filled by UserStore reads
  // Kept from the HR source (catalog's HR sync); "" when the user did not come from HR.
  std::string hr_id;
  std::string email;
  std::string display_name;
};

// What the HR source says about a person (User::hr_id, email, display_name).
struct HrIdentity {
  std::string hr_id;
  std::string email;
  std::string display_name;
};

nlohmann::json UserToJson(const User& u);

// Logins: 1-64 of a-z 0-9 . _ -, starting with a letter or digit.
bool IsValidLogin(const std::string& login);

// The slug of each team named in `team_ids`, keyed by id; ids that name no team are left out.
// Teams belong to the catalog, which auth does not link: whoever wires auth supplies this.
using TeamSlugLookup = std::function<absl::StatusOr<std::map<std::string, std::string>>(
    const std::vector<std::string>& team_ids)>;

// Users and their team memberships (tables users, team_members).
class UserStore {
 public:
  UserStore(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // Names the teams of the users that FindByLogin and List return (User::team_slugs, sorted).
  // Unset, those reads leave team_slugs empty. Call while wiring, before serving.
  void SetTeamSlugLookup(TeamSlugLookup lookup) { team_slugs_ = std::move(lookup); }

  // AlreadyExists when the login is taken.
  absl::StatusOr<User> Create(store::Tx& tx, const std::string& login,
                              const std::string& password_hash, Role role);
  absl::StatusOr<std::optional<User>> FindByLogin(const std::string& login);
  static absl::StatusOr<std::optional<User>> FindByLoginTx(store::Tx& tx, const std::string& login);
  static absl::StatusOr<std::optional<User>> FindByHrIdTx(store::Tx& tx, const std::string& hr_id);
  // Every login, in no particular order.
  static absl::StatusOr<std::vector<std::string>> AllLogins(store::Store& store);
  // Ordered by login; `after_login` is the cursor.
  absl::StatusOr<std::vector<User>> List(int limit, const std::string& after_login);
  absl::Status Update(store::Tx& tx, const User& user);
  // Writes the HR fields of user `user_id` and sets its updated_at to `now_ms`.
  static absl::Status SetHrIdentity(store::Tx& tx, const std::string& user_id,
                                    const HrIdentity& identity, int64_t now_ms);
  absl::StatusOr<int64_t> Count();

  absl::Status AddMember(store::Tx& tx, const std::string& team_id, const std::string& user_id);
  // NotFound when the user is not a member.
  absl::Status RemoveMember(store::Tx& tx, const std::string& team_id, const std::string& user_id);

 private:
  absl::Status FillTeams(std::vector<User>& users);
  store::Store* store_;
  const Clock* clock_;
  TeamSlugLookup team_slugs_;
};

}  // namespace paved::auth
