#include "auth/users.h"

#include "core/random.h"
#include "core/status_macros.h"

namespace paved::auth {
namespace {

constexpr char kUserColumns[] = "id, login, role, disabled, password_hash, created_at";

User FromRow(const store::Row& row) {
  User u;
  u.id = row.Text("id");
  u.login = row.Text("login");
  u.role = ParseRole(row.Text("role")).value_or(Role::kViewer);
  u.disabled = row.Int("disabled") != 0;
  u.password_hash = row.Text("password_hash");
  u.created_at_ms = row.Int("created_at");
  return u;
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

absl::Status UserStore::FillTeams(User& user) {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT t.slug FROM team_members m JOIN teams t ON "
                                          "t.id = m.team_id WHERE m.user_id = $1 ORDER BY t.slug",
                                          {user.id}));
  user.team_slugs.clear();
  for (const auto& row : rs.rows) user.team_slugs.push_back(row.Text("slug"));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<User>> UserStore::FindByLogin(const std::string& login) {
  ASSIGN_OR_RETURN(
      auto rs, store_->Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE login = $1",
                             {login}));
  if (rs.empty()) return std::nullopt;
  User u = FromRow(rs.front());
  RETURN_IF_ERROR(FillTeams(u));
  return u;
}

absl::StatusOr<std::optional<User>> UserStore::FindByLoginTx(store::Tx& tx,
                                                             const std::string& login) {
  ASSIGN_OR_RETURN(
      auto rs,
      tx.Query(std::string("SELECT ") + kUserColumns + " FROM users WHERE login = $1", {login}));
  if (rs.empty()) return std::nullopt;
  return FromRow(rs.front());
}

absl::StatusOr<std::vector<User>> UserStore::List(int limit, const std::string& after_login) {
  ASSIGN_OR_RETURN(auto rs,
                   store_->Query(std::string("SELECT ") + kUserColumns +
                                     " FROM users WHERE login > $1 ORDER BY login LIMIT $2",
                                 {after_login, static_cast<int64_t>(limit)}));
  std::vector<User> out;
  for (const auto& row : rs.rows) {
    out.push_back(FromRow(row));
    RETURN_IF_ERROR(FillTeams(out.back()));
  }
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
