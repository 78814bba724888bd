#include "auth/users.h"

#include <algorithm>

#include "core/random.h"
#include "core/status_macros.h"
#include "store/in_list.h"

namespace paved::auth {
namespace {

constexpr char kUserColumns[] =
    "id, login, role, disabled, password_hash, created_at, hr_id, email, display_name";

User FromRow(const store::Row& row) {
  User u;
  u.id = row.Text("id");
  u.login = row.Text("login");
  u.role = ParseRole(row.Text("role")).value_or(Role::kViewer);
  u.disabled = row.Int("disabled") != 0;
  u.password_hash = row.Text("password_hash");
  u.created_at_ms = row.Int("created_at");
  u.hr_id = row.Text("hr_id");
  u.email = row.Text("email");
  u.display_name = row.Text("display_name");
  return u;
}

// The user whose `column` (a unique one) holds `value`.
absl::StatusOr<std::optional<User>> FindOneTx(store::Tx& tx, std::string_view column,
                                              const std::string& value) {
  ASSIGN_OR_RETURN(auto rs, tx.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE " +
                                         std::string(column) + " = $1",
                                     {value}));
  if (rs.empty()) return std::nullopt;
  return FromRow(rs.front());
}

}  // namespace

nlohmann::json UserToJson(const User& u) {
  return {{"login", u.login},
          {"role", RoleName(u.role)},
          {"disabled", u.disabled},
          {"teams", u.team_slugs},
          {"created_at", FormatTimeMs(u.created_at_ms)}};
}

bool IsValidLogin(const std::string& login) {
  if (login.empty() || login.size() > 64) return false;
  auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  };
  for (char c : login) {
    if (!ok(c)) return false;
  }
  return std::isalnum(static_cast<unsigned char>(login.front()));
}

absl::StatusOr<User> UserStore::Create(store::Tx& tx, const std::string& login,
                                       const std::string& password_hash, Role role) {
  User u{.id = NewId(),
         .login = login,
         .role = role,
         .password_hash = password_hash,
         .created_at_ms = clock_->NowMs()};
  ASSIGN_OR_RETURN(auto rs, tx.Query("INSERT INTO users (id, login, password_hash, role, disabled, "
                                     "created_at, updated_at) VALUES ($1, $2, $3, $4, 0, $5, $5)",
                                     {u.id, u.login, u.password_hash, std::string(RoleName(role)),
                                      u.created_at_ms}));
  return u;
}

absl::Status UserStore::FillTeams(std::vector<User>& users) {
  if (!team_slugs_) return absl::OkStatus();
  std::vector<std::string> user_ids;
  std::map<std::string, User*> by_id;
  for (User& u : users) {
    u.team_slugs.clear();
    user_ids.push_back(u.id);
    by_id[u.id] = &u;
  }
  std::vector<std::pair<std::string, std::string>> memberships;  // user id, team id
  RETURN_IF_ERROR(
      store::QueryInChunks(*store_, "SELECT user_id, team_id FROM team_members WHERE user_id IN (",
                           user_ids, ")", [&](const store::Row& row) {
                             memberships.emplace_back(row.Text("user_id"), row.Text("team_id"));
                           }));
  std::vector<std::string> team_ids;
  for (const auto& [user_id, team_id] : memberships) team_ids.push_back(team_id);
  ASSIGN_OR_RETURN(auto slugs, team_slugs_(team_ids));
  for (const auto& [user_id, team_id] : memberships) {
    auto slug = slugs.find(team_id);
    if (slug != slugs.end()) by_id[user_id]->team_slugs.push_back(slug->second);
  }
  for (User& u : users) std::sort(u.team_slugs.begin(), u.team_slugs.end());
  return absl::OkStatus();
}

absl::StatusOr<std::optional<User>> UserStore::FindByLogin(const std::string& login) {
  ASSIGN_OR_RETURN(
      auto rs, store_->Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE login = $1",
                             {login}));
  if (rs.empty()) return std::nullopt;
  std::vector<User> found = {FromRow(rs.front())};
  RETURN_IF_ERROR(FillTeams(found));
  return std::move(found.front());
}

absl::StatusOr<std::optional<User>> UserStore::FindByLoginTx(store::Tx& tx,
                                                             const std::string& login) {
  return FindOneTx(tx, "login", login);
}

absl::StatusOr<std::optional<User>> UserStore::FindByHrIdTx(store::Tx& tx,
                                                            const std::string& hr_id) {
  return FindOneTx(tx, "hr_id", hr_id);
}

absl::StatusOr<std::vector<std::string>> UserStore::AllLogins(store::Store& store) {
  ASSIGN_OR_RETURN(auto rs, store.Query("SELECT login FROM users"));
  std::vector<std::string> out;
  for (const auto& row : rs.rows) out.push_back(row.Text("login"));
  return out;
}

absl::StatusOr<std::vector<User>> UserStore::List(int limit, const std::string& after_login) {
  ASSIGN_OR_RETURN(auto rs,
                   store_->Query(std::string("SELECT ") + kUserColumns +
                                     " FROM users WHERE login > $1 ORDER BY login LIMIT $2",
                                 {after_login, static_cast<int64_t>(limit)}));
  std::vector<User> out;
  for (const auto& row : rs.rows) out.push_back(FromRow(row));
  RETURN_IF_ERROR(FillTeams(out));
  return out;
}

absl::Status UserStore::Update(store::Tx& tx, const User& user) {
  return tx
      .Query(
          "UPDATE users SET role = $1, disabled = $2, password_hash = $3, updated_at = $4 "
          "WHERE id = $5",
          {std::string(RoleName(user.role)), static_cast<int64_t>(user.disabled),
           user.password_hash, clock_->NowMs(), user.id})
      .status();
}

absl::Status UserStore::SetHrIdentity(store::Tx& tx, const std::string& user_id,
                                      const HrIdentity& identity, int64_t now_ms) {
  return tx
      .Query(
          "UPDATE users SET hr_id = $1, email = $2, display_name = $3, updated_at = $4 "
          "WHERE id = $5",
          {identity.hr_id, identity.email, identity.display_name, now_ms, user_id})
      .status();
}

absl::StatusOr<int64_t> UserStore::Count() {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT COUNT(*) AS n FROM users"));
  return rs.front().Int("n");
}

absl::Status UserStore::AddMember(store::Tx& tx, const std::string& team_id,
                                  const std::string& user_id) {
  return tx
      .Query("INSERT INTO team_members (team_id, user_id, added_at) VALUES ($1, $2, $3)",
             {team_id, user_id, clock_->NowMs()})
      .status();
}

absl::Status UserStore::RemoveMember(store::Tx& tx, const std::string& team_id,
                                     const std::string& user_id) {
  ASSIGN_OR_RETURN(auto rs, tx.Query("DELETE FROM team_members WHERE team_id = $1 AND user_id = $2",
                                     {team_id, user_id}));
  if (rs.affected == 0) return absl::NotFoundError("user is not a member of this team");
  return absl::OkStatus();
}

}  // namespace paved::auth
