#include "catalog/hr_sync.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "auth/team_members.h"
#include "core/random.h"
#include "core/status_macros.h"
#include "spdlog/spdlog.h"

namespace paved::catalog {
namespace {

using nlohmann::json;
using providers::hr::HrMember;
using providers::hr::HrTeam;

// Serialises syncs across replicas on PostgreSQL (SQLite serialises writers anyway).
constexpr int64_t kAdvisoryLock = 0x70617665642d6872;  // "paved-hr"

struct Counts {
  int teams_created = 0, teams_renamed = 0, teams_updated = 0, teams_dissolved = 0,
      teams_reactivated = 0, users_created = 0, users_updated = 0, members_added = 0,
      members_removed = 0, members_updated = 0;

  json ToJson(size_t teams_in_source) const {
    return {{"teams", teams_in_source},           {"teams_created", teams_created},
            {"teams_renamed", teams_renamed},     {"teams_updated", teams_updated},
            {"teams_dissolved", teams_dissolved}, {"teams_reactivated", teams_reactivated},
            {"users_created", users_created},     {"users_updated", users_updated},
            {"members_added", members_added},     {"members_removed", members_removed},
            {"members_updated", members_updated}};
  }
  int Changes() const {
    return teams_created + teams_renamed + teams_updated + teams_dissolved + teams_reactivated +
           users_created + users_updated + members_added + members_removed + members_updated;
  }
};

// A team that came from HR, as stored.
struct TeamRow {
  std::string id, slug, name, chat_channel, parent_id, status, hr_id;
  bool created_now = false;
};

// Lowercase DNS label from free text: runs of anything but a-z0-9 become one '-'.
std::string Slugify(const std::string& text) {
  std::string out;
  for (char c : absl::AsciiStrToLower(text)) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  if (out.size() > 63) out.resize(63);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string WithSuffix(std::string base, int n) {
  if (n == 1) return base;
  const std::string suffix = absl::StrCat("-", n);
  if (base.size() + suffix.size() > 63) base.resize(63 - suffix.size());
  while (!base.empty() && base.back() == '-') base.pop_back();
  return base + suffix;
}

// Everything one sync does inside its transaction.
class Applier {
 public:
  Applier(const HrSyncDeps& d, store::Tx& tx) : d_(d), tx_(tx), now_(d.clock->NowMs()) {}

  absl::Status Run(const std::vector<HrTeam>& teams) {
    RETURN_IF_ERROR(tx_.LockKey(kAdvisoryLock));
    RETURN_IF_ERROR(LoadTeams());
    for (const HrTeam& t : teams) RETURN_IF_ERROR(EnsureTeam(t));
    for (const HrTeam& t : teams) RETURN_IF_ERROR(UpdateTeam(t));
    RETURN_IF_ERROR(DissolveMissing(teams));
    return SyncMembers(teams);
  }
  const Counts& counts() const { return counts_; }

 private:
  absl::Status Event(const std::string& action, const std::string& subject, json summary) {
    return d_.audit->Append(tx_, kHrSyncActor, action, subject, std::move(summary));
  }

  absl::Status LoadTeams() {
    ASSIGN_OR_RETURN(auto rs, tx_.Query("SELECT id, slug, name, chat_channel, parent_id, status, "
                                        "hr_id FROM teams WHERE hr_id IS NOT NULL"));
    for (const auto& row : rs.rows) {
      TeamRow t{row.Text("id"),           row.Text("slug"),      row.Text("name"),
                row.Text("chat_channel"), row.Text("parent_id"), row.Text("status"),
                row.Text("hr_id")};
      by_hr_[t.hr_id] = t;
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> UniqueSlug(const HrTeam& t) {
    std::string base = Slugify(t.name);
    if (base.empty()) base = Slugify("team-" + t.id);
    for (int n = 1;; ++n) {
      std::string candidate = WithSuffix(base, n);
      ASSIGN_OR_RETURN(auto rs, tx_.Query("SELECT 1 AS x FROM teams WHERE slug = $1", {candidate}));
      if (rs.empty()) return candidate;
    }
  }

  absl::Status EnsureTeam(const HrTeam& t) {
    if (by_hr_.count(t.id)) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::string slug, UniqueSlug(t));
    Team team;
    team.slug = slug;
    team.name = t.name;
    team.chat_channel = t.chat_channel;
    RETURN_IF_ERROR(d_.teams->Create(tx_, team));
    RETURN_IF_ERROR(tx_.Query("UPDATE teams SET hr_id = $1, source = 'hr', status = 'active', "
                              "dissolved_at = NULL WHERE id = $2",
                              {t.id, team.id})
                        .status());
    by_hr_[t.id] = TeamRow{team.id, slug, t.name, t.chat_channel, "", "active", t.id, true};
    ++counts_.teams_created;
    return Event("team.create", "team:" + slug,
                 {{"name", t.name}, {"hr_id", t.id}, {"chat_channel", t.chat_channel}});
  }

  std::string SlugOfId(const std::string& id) const {
    for (const auto& [hr_id, row] : by_hr_) {
      if (row.id == id) return row.slug;
    }
    return id;
  }

  absl::Status UpdateTeam(const HrTeam& t) {
    TeamRow& row = by_hr_.at(t.id);
    const std::string parent_id = t.parent_id.empty() ? "" : by_hr_.at(t.parent_id).id;
    if (row.name == t.name && row.chat_channel == t.chat_channel && row.parent_id == parent_id &&
        row.status == "active") {
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(tx_.Query("UPDATE teams SET name = $1, chat_channel = $2, parent_id = $3, "
                              "status = 'active', dissolved_at = NULL, updated_at = $4 "
                              "WHERE id = $5",
                              {t.name, t.chat_channel, OptionalText(parent_id), now_, row.id})
                        .status());
    if (!row.created_now) RETURN_IF_ERROR(AuditUpdate(row, t, parent_id));
    row.name = t.name;
    row.chat_channel = t.chat_channel;
    row.parent_id = parent_id;
    row.status = "active";
    return absl::OkStatus();
  }

  absl::Status AuditUpdate(const TeamRow& row, const HrTeam& t, const std::string& parent_id) {
    const std::string subject = "team:" + row.slug;
    if (row.status != "active") {
      ++counts_.teams_reactivated;
      RETURN_IF_ERROR(Event("team.reactivate", subject, {{"name", t.name}, {"hr_id", t.id}}));
    }
    if (row.name != t.name) {
      ++counts_.teams_renamed;
      RETURN_IF_ERROR(
          Event("team.rename", subject, {{"name", {{"from", row.name}, {"to", t.name}}}}));
    }
    json summary = json::object();
    if (row.chat_channel != t.chat_channel) {
      summary["chat_channel"] = {{"from", row.chat_channel}, {"to", t.chat_channel}};
    }
    if (row.parent_id != parent_id) {
      summary["parent"] = {
          {"from", row.parent_id.empty() ? json(nullptr) : json(SlugOfId(row.parent_id))},
          {"to", parent_id.empty() ? json(nullptr) : json(SlugOfId(parent_id))}};
    }
    if (summary.empty()) return absl::OkStatus();
    ++counts_.teams_updated;
    return Event("team.update", subject, summary);
  }

  absl::Status DissolveMissing(const std::vector<HrTeam>& teams) {
    std::set<std::string> listed;
    for (const HrTeam& t : teams) listed.insert(t.id);
    for (auto& [hr_id, row] : by_hr_) {
      if (listed.count(hr_id) || row.status == "dissolved") continue;
      RETURN_IF_ERROR(tx_.Query("UPDATE teams SET status = 'dissolved', dissolved_at = $1, "
                                "updated_at = $1 WHERE id = $2",
                                {now_, row.id})
                          .status());
      ASSIGN_OR_RETURN(auto rs, tx_.Query("SELECT COUNT(*) AS n FROM projects WHERE "
                                          "owner_team_id = $1",
                                          {row.id}));
      row.status = "dissolved";
      ++counts_.teams_dissolved;
      RETURN_IF_ERROR(Event(
          "team.dissolve", "team:" + row.slug,
          {{"name", row.name}, {"hr_id", hr_id}, {"orphaned_projects", rs.front().Int("n")}}));
    }
    return absl::OkStatus();
  }

  // The Paved user for an HR person: by HR id, else by login (adopting it), else a new
  // developer with no password (an admin sets one; until then only tokens or SSO work).
  absl::StatusOr<std::string> EnsureUser(const HrMember& m) {
    if (auto it = user_of_.find(m.id); it != user_of_.end()) return it->second;
    ASSIGN_OR_RETURN(auto user, auth::UserStore::FindByHrIdTx(tx_, m.id));
    if (!user) {
      ASSIGN_OR_RETURN(user, auth::UserStore::FindByLoginTx(tx_, m.login));
    }
    std::string id;
    if (!user) {
      ASSIGN_OR_RETURN(id, CreateUser(m));
    } else {
      ASSIGN_OR_RETURN(id, UpdateUser(*user, m));
    }
    user_of_[m.id] = id;
    login_of_[id] = m.login;
    return id;
  }

  absl::StatusOr<std::string> CreateUser(const HrMember& m) {
    ASSIGN_OR_RETURN(auth::User user, d_.users->Create(tx_, m.login, "", Role::kDeveloper));
    RETURN_IF_ERROR(auth::UserStore::SetHrIdentity(tx_, user.id, {m.id, m.email, m.display_name},
                                                   user.created_at_ms));
    ++counts_.users_created;
    RETURN_IF_ERROR(Event("user.create", "user:" + m.login,
                          {{"hr_id", m.id}, {"email", m.email}, {"role", "developer"}}));
    return user.id;
  }

  absl::StatusOr<std::string> UpdateUser(const auth::User& user, const HrMember& m) {
    if (!user.hr_id.empty() && user.hr_id != m.id) {
      return absl::InvalidArgumentError(
          absl::StrCat("member ", m.id, ": login ", m.login, " belongs to HR person ", user.hr_id));
    }
    std::string email = m.email.empty() ? user.email : m.email;
    std::string name = m.display_name.empty() ? user.display_name : m.display_name;
    if (user.hr_id == m.id && email == user.email && name == user.display_name) return user.id;
    RETURN_IF_ERROR(auth::UserStore::SetHrIdentity(tx_, user.id, {m.id, email, name}, now_));
    ++counts_.users_updated;
    RETURN_IF_ERROR(Event("user.update", "user:" + user.login,
                          {{"hr_id", m.id}, {"email", email}, {"display_name", name}}));
    return user.id;
  }

  struct Membership {
    std::string team_id, user_id, slug, login;
    bool lead = false;
    std::string source;
  };

  absl::StatusOr<std::vector<Membership>> LoadMemberships() {
    ASSIGN_OR_RETURN(auto teams, tx_.Query("SELECT id, slug FROM teams"));
    std::map<std::string, std::string> slug_of;
    for (const auto& row : teams.rows) slug_of[row.Text("id")] = row.Text("slug");
    ASSIGN_OR_RETURN(auto members, auth::TeamMembers::AllTx(tx_));
    std::vector<Membership> out;
    for (const auto& m : members) {
      out.push_back({m.team_id, m.user_id, slug_of[m.team_id], m.login, m.lead, m.source});
    }
    return out;
  }

  absl::StatusOr<std::vector<Membership>> Desired(const std::vector<HrTeam>& teams) {
    std::vector<Membership> out;
    for (const HrTeam& t : teams) {
      const TeamRow& row = by_hr_.at(t.id);
      for (const HrMember& m : t.members) {
        ASSIGN_OR_RETURN(std::string user_id, EnsureUser(m));
        out.push_back({row.id, user_id, row.slug, login_of_[user_id], m.lead, "hr"});
      }
    }
    return out;
  }

  absl::Status SyncMembers(const std::vector<HrTeam>& teams) {
    ASSIGN_OR_RETURN(std::vector<Membership> desired, Desired(teams));
    ASSIGN_OR_RETURN(std::vector<Membership> existing, LoadMemberships());
    std::map<std::pair<std::string, std::string>, const Membership*> have, want;
    for (const Membership& m : existing) have[{m.team_id, m.user_id}] = &m;
    for (const Membership& m : desired) want[{m.team_id, m.user_id}] = &m;
    for (const Membership& m : existing) {
      if (m.source == "hr" && !want.count({m.team_id, m.user_id})) RETURN_IF_ERROR(Remove(m));
    }
    for (const Membership& m : desired) {
      auto it = have.find({m.team_id, m.user_id});
      if (it == have.end()) {
        RETURN_IF_ERROR(Add(m));
      } else if (it->second->lead != m.lead) {
        RETURN_IF_ERROR(SetLead(m, it->second->lead));
      }
    }
    return absl::OkStatus();
  }

  absl::Status Remove(const Membership& m) {
    RETURN_IF_ERROR(auth::TeamMembers::Remove(tx_, m.team_id, m.user_id));
    ++counts_.members_removed;
    return Event("team.member_remove", "team:" + m.slug, {{"login", m.login}});
  }

  absl::Status Add(const Membership& m) {
    RETURN_IF_ERROR(auth::TeamMembers::Add(tx_, m.team_id, m.user_id, now_, m.lead, "hr"));
    ++counts_.members_added;
    return Event("team.member_add", "team:" + m.slug, {{"login", m.login}, {"lead", m.lead}});
  }

  // HR owns the lead flag, also on memberships added in Paved (their source stays 'paved').
  absl::Status SetLead(const Membership& m, bool was_lead) {
    RETURN_IF_ERROR(auth::TeamMembers::SetLead(tx_, m.team_id, m.user_id, m.lead));
    ++counts_.members_updated;
    return Event("team.member_update", "team:" + m.slug,
                 {{"login", m.login}, {"lead", {{"from", was_lead}, {"to", m.lead}}}});
  }

  const HrSyncDeps& d_;
  store::Tx& tx_;
  const int64_t now_;
  std::map<std::string, TeamRow> by_hr_;         // HR team id -> row
  std::map<std::string, std::string> user_of_;   // HR person id -> user id
  std::map<std::string, std::string> login_of_;  // user id -> login
  Counts counts_;
};

// Checks what the store needs beyond the document rules (ValidateHrTeams).
absl::Status ValidateForApply(const std::vector<HrTeam>& teams) {
  RETURN_IF_ERROR(providers::hr::ValidateHrTeams(teams));
  for (const HrTeam& t : teams) {
    for (const HrMember& m : t.members) {
      if (!auth::IsValidLogin(m.login)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "team ", t.id, " member ", m.id, ": \"", m.login,
            "\" is not a valid login (1-64 of a-z 0-9 . _ -, starting with a letter or digit)"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status InsertRun(store::Tx& tx, const HrSyncRun& run) {
  return tx
      .Query(
          "INSERT INTO hr_sync_runs (id, started_at, finished_at, status, error, summary) "
          "VALUES ($1, $2, $3, $4, $5, $6)",
          {run.id, run.started_at_ms, run.finished_at_ms, run.status, run.error,
           run.summary.dump()})
      .status();
}

bool IsTransient(const absl::Status& s) {
  return absl::IsUnavailable(s) || absl::IsDeadlineExceeded(s) || absl::IsAborted(s);
}

}  // namespace

nlohmann::json HrSyncRunToJson(const HrSyncRun& run) {
  return {{"id", run.id},
          {"started_at", FormatTimeMs(run.started_at_ms)},
          {"finished_at", FormatTimeMs(run.finished_at_ms)},
          {"status", run.status},
          {"error", run.error},
          {"summary", run.summary}};
}

HrSync::HrSync(const HrSyncDeps& deps, providers::hr::HrSourceConfig config,
               std::unique_ptr<http::Client> client)
    : deps_(deps), config_(std::move(config)), client_(std::move(client)) {
  if (!client_) client_ = http::NewCurlClient();
}

absl::StatusOr<HrSyncRun> HrSync::RecordFailure(int64_t started_at_ms, const absl::Status& error) {
  HrSyncRun run{.id = NewId(),
                .started_at_ms = started_at_ms,
                .finished_at_ms = deps_.clock->NowMs(),
                .status = "failed",
                .error = std::string(error.message())};
  spdlog::warn("catalog: HR sync failed: {}", run.error);
  absl::Status recorded =
      deps_.store->Transaction([&](store::Tx& tx) { return InsertRun(tx, run); });
  if (!recorded.ok()) {
    return absl::Status(recorded.code(),
                        absl::StrCat("HR sync failed (", run.error,
                                     ") and could not be recorded: ", recorded.message()));
  }
  return run;
}

absl::StatusOr<HrSyncRun> HrSync::Apply(const std::vector<HrTeam>& teams) {
  const int64_t started = deps_.clock->NowMs();
  absl::Status valid = ValidateForApply(teams);
  if (!valid.ok()) return RecordFailure(started, valid);
  HrSyncRun run{.id = NewId(), .started_at_ms = started, .status = "succeeded", .error = ""};
  absl::Status applied = deps_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    Applier applier(deps_, tx);
    RETURN_IF_ERROR(applier.Run(teams));
    run.summary = applier.counts().ToJson(teams.size());
    run.finished_at_ms = deps_.clock->NowMs();
    RETURN_IF_ERROR(deps_.audit->Append(tx, kHrSyncActor, "catalog.sync", "catalog:hr",
                                        {{"source", config_.Describe()},
                                         {"run", run.id},
                                         {"changes", applier.counts().Changes()},
                                         {"counts", run.summary}}));
    return InsertRun(tx, run);
  });
  if (!applied.ok()) return RecordFailure(started, applied);
  deps_.audit->Published();
  return run;
}

absl::StatusOr<HrSyncRun> HrSync::SyncOnce(bool* retryable) {
  if (retryable) *retryable = false;
  const int64_t started = deps_.clock->NowMs();
  absl::StatusOr<std::vector<HrTeam>> teams = providers::hr::FetchHrTeams(config_, *client_);
  if (!teams.ok()) {
    if (retryable) *retryable = IsTransient(teams.status());
    return RecordFailure(started, teams.status());
  }
  return Apply(*teams);
}

absl::Status HrSync::RunJob(jobs::JobContext& ctx) {
  bool retryable = false;
  ASSIGN_OR_RETURN(HrSyncRun run, SyncOnce(&retryable));
  if (run.status == "failed" && retryable) return absl::UnavailableError(run.error);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<HrSyncRun>> HrSync::ListRuns(int limit) {
  return ListHrSyncRuns(*deps_.store, limit);
}

absl::StatusOr<std::vector<HrSyncRun>> ListHrSyncRuns(store::Store& store, int limit) {
  ASSIGN_OR_RETURN(auto rs, store.Query("SELECT id, started_at, finished_at, status, error, "
                                        "summary FROM hr_sync_runs ORDER BY started_at DESC, "
                                        "id DESC LIMIT $1",
                                        {static_cast<int64_t>(limit)}));
  std::vector<HrSyncRun> out;
  for (const auto& row : rs.rows) {
    json summary = json::parse(row.Text("summary"), nullptr, /*allow_exceptions=*/false);
    out.push_back({.id = row.Text("id"),
                   .started_at_ms = row.Int("started_at"),
                   .finished_at_ms = row.Int("finished_at"),
                   .status = row.Text("status"),
                   .error = row.Text("error"),
                   .summary = summary.is_discarded() ? json::object() : summary});
  }
  return out;
}

absl::StatusOr<std::shared_ptr<HrSync>> InstallHrSync(const HrSyncDeps& deps) {
  static const json kEmpty = json::object();
  ASSIGN_OR_RETURN(auto config,
                   providers::hr::ParseHrSourceConfig(deps.config ? *deps.config : kEmpty));
  std::shared_ptr<HrSync> sync;
  if (config) {
    sync = std::make_shared<HrSync>(deps, *config, http::NewCurlClient());
    deps.workers->Register(kHrSyncJob, [sync](jobs::JobContext& ctx) { return sync->RunJob(ctx); });
    deps.scheduler->Every(kHrSyncJob, config->interval_ms);
    spdlog::info("catalog: HR sync from {} every {} s", config->Describe(),
                 config->interval_ms / 1000);
  }
  return sync;
}

}  // namespace paved::catalog
