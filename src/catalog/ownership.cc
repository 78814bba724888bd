#include "catalog/ownership.h"

#include <algorithm>

#include "auth/team_members.h"
#include "core/status_macros.h"
#include "store/in_list.h"

namespace paved::catalog {
namespace {

constexpr char kProjectOwner[] = "SELECT p.slug, p.oncall, p.owner_team_id FROM projects p ";

}  // namespace

absl::Status RecordOwnershipChange(store::Tx& tx, const Project& p, const Team& to,
                                   const std::string& actor, const std::string& reason,
                                   int64_t now_ms) {
  return tx
      .Query(
          "INSERT INTO ownership_changes (project_id, from_team_id, to_team_id, actor, "
          "reason, time) VALUES ($1, $2, $3, $4, $5, $6)",
          {p.id, OptionalText(p.owner_team_id), to.id, actor, reason, now_ms})
      .status();
}

nlohmann::json OwnershipChangeToJson(const OwnershipChange& c) {
  return {
      {"from_team", c.from_team.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.from_team)},
      {"to_team", c.to_team},
      {"actor", c.actor},
      {"reason", c.reason},
      {"time", FormatTimeMs(c.time_ms)}};
}

absl::StatusOr<std::vector<OwnershipChange>> OwnershipHistory(store::Store& store,
                                                              const std::string& project_id) {
  ASSIGN_OR_RETURN(auto rs,
                   store.Query("SELECT f.slug AS from_slug, t.slug AS to_slug, c.actor, c.reason, "
                               "c.time FROM ownership_changes c LEFT JOIN teams f ON "
                               "f.id = c.from_team_id LEFT JOIN teams t ON t.id = c.to_team_id "
                               "WHERE c.project_id = $1 ORDER BY c.seq DESC",
                               {project_id}));
  std::vector<OwnershipChange> out;
  for (const auto& r : rs.rows) {
    out.push_back(
        {r.Text("from_slug"), r.Text("to_slug"), r.Text("actor"), r.Text("reason"), r.Int("time")});
  }
  return out;
}

absl::StatusOr<std::map<std::string, std::vector<OwnershipChange>>> OwnershipHistories(
    store::Store& store, const std::vector<std::string>& project_ids) {
  std::map<std::string, std::vector<OwnershipChange>> out;
  // Each project's rows come from one statement, in its order.
  RETURN_IF_ERROR(store::QueryInChunks(
      store,
      "SELECT c.project_id, f.slug AS from_slug, t.slug AS to_slug, c.actor, c.reason, c.time "
      "FROM ownership_changes c LEFT JOIN teams f ON f.id = c.from_team_id LEFT JOIN teams t ON "
      "t.id = c.to_team_id WHERE c.project_id IN (",
      project_ids, ") ORDER BY c.project_id, c.seq DESC", [&](const store::Row& r) {
        out[r.Text("project_id")].push_back({r.Text("from_slug"), r.Text("to_slug"),
                                             r.Text("actor"), r.Text("reason"), r.Int("time")});
      }));
  return out;
}

nlohmann::json OwnerInfoToJson(const OwnerInfo& o) {
  auto opt = [](const std::string& s) {
    return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
  };
  return {{"team",
           {{"slug", o.team},
            {"name", o.team_name},
            {"status", o.team_status},
            {"chat_channel", o.chat_channel}}},
          {"oncall", opt(o.oncall)},
          {"lead", o.lead_login.empty()
                       ? nlohmann::json(nullptr)
                       : nlohmann::json{{"login", o.lead_login}, {"email", o.lead_email}}},
          {"project", opt(o.project)}};
}

absl::Status OwnerLookup::FillTeam(const std::string& team_id, OwnerInfo& info) {
  ASSIGN_OR_RETURN(auto rs, store_->Query("SELECT slug, name, status, chat_channel, oncall "
                                          "FROM teams WHERE id = $1",
                                          {team_id}));
  if (rs.empty()) return absl::OkStatus();
  const auto& r = rs.front();
  info.team = r.Text("slug");
  info.team_name = r.Text("name");
  info.team_status = r.Text("status");
  info.chat_channel = r.Text("chat_channel");
  if (info.oncall.empty()) info.oncall = r.Text("oncall");
  ASSIGN_OR_RETURN(auto lead, auth::TeamMembers::FirstLead(*store_, team_id));
  if (lead) {
    info.lead_login = lead->login;
    info.lead_email = lead->email;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<OwnerInfo>> OwnerLookup::FromProjectRows(const store::ResultSet& rs) {
  if (rs.empty()) return std::nullopt;
  OwnerInfo info;
  info.project = rs.front().Text("slug");
  info.oncall = rs.front().Text("oncall");
  RETURN_IF_ERROR(FillTeam(rs.front().Text("owner_team_id"), info));
  return info;
}

absl::StatusOr<std::optional<OwnerInfo>> OwnerLookup::ByNamespace(const std::string& ns,
                                                                  const std::string& cluster) {
  ASSIGN_OR_RETURN(auto mapped,
                   store_->Query(std::string(kProjectOwner) +
                                     "JOIN project_namespaces n ON n.project_id = p.id WHERE "
                                     "n.namespace = $1 AND (n.cluster = $2 OR n.cluster = '') "
                                     "ORDER BY n.cluster DESC LIMIT 1",
                                 {ns, cluster}));
  if (!mapped.empty()) return FromProjectRows(mapped);
  return ByProject(ns);
}

absl::StatusOr<std::optional<OwnerInfo>> OwnerLookup::ByProject(const std::string& slug) {
  ASSIGN_OR_RETURN(auto rs,
                   store_->Query(std::string(kProjectOwner) + "WHERE p.slug = $1", {slug}));
  return FromProjectRows(rs);
}

absl::StatusOr<std::optional<OwnerInfo>> OwnerLookup::ByResource(const std::string& id) {
  ASSIGN_OR_RETURN(
      auto rs, store_->Query("SELECT r.owner_team_id, p.slug, p.oncall, "
                             "p.owner_team_id AS project_owner FROM cloud_resources r LEFT JOIN "
                             "projects p ON p.id = r.project_id WHERE r.id = $1",
                             {id}));
  if (rs.empty()) return std::nullopt;
  const auto& r = rs.front();
  std::string team_id = r.Text("owner_team_id");
  if (team_id.empty()) team_id = r.Text("project_owner");
  if (team_id.empty()) return std::nullopt;
  OwnerInfo info;
  info.project = r.Text("slug");
  info.oncall = r.Text("oncall");
  RETURN_IF_ERROR(FillTeam(team_id, info));
  return info;
}

absl::StatusOr<std::map<std::string, OwnerLookup::ResourceOwner>> OwnerLookup::ResourceOwners(
    const std::vector<std::string>& ids) {
  std::map<std::string, ResourceOwner> out;
  RETURN_IF_ERROR(store::QueryInChunks(
      *store_,
      "SELECT r.id, p.slug, COALESCE(rt.slug, pt.slug) AS team FROM cloud_resources r "
      "LEFT JOIN projects p ON p.id = r.project_id "
      "LEFT JOIN teams rt ON rt.id = r.owner_team_id AND r.owner_team_id <> '' "
      "LEFT JOIN teams pt ON pt.id = p.owner_team_id WHERE r.id IN (",
      ids, ")", [&](const store::Row& r) {
        if (r.IsNull("team")) return;
        out[r.Text("id")] = {r.Text("team"), r.IsNull("slug") ? "" : r.Text("slug")};
      }));
  return out;
}

nlohmann::json OrphanToJson(const Orphan& o) {
  return {{"kind", o.kind},
          {"id", o.id},
          {"name", o.name},
          {"reason", o.reason},
          {"since", FormatTimeMs(o.since_ms)},
          {"last_owner",
           o.last_owner.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.last_owner)}};
}

absl::StatusOr<std::vector<Orphan>> ListOrphans(store::Store& store, int limit) {
  std::vector<Orphan> out;
  ASSIGN_OR_RETURN(auto projects,
                   store.Query("SELECT p.slug, p.name, p.orphaned_at, p.location, t.slug AS "
                               "team, t.status, t.dissolved_at FROM projects p JOIN teams t "
                               "ON t.id = p.owner_team_id WHERE t.status = 'dissolved' OR "
                               "p.orphaned_at IS NOT NULL"));
  for (const auto& r : projects.rows) {
    bool dissolved = r.Text("status") == "dissolved";
    out.push_back({"project", r.Text("slug"), r.Text("name"),
                   dissolved ? "owner team " + r.Text("team") + " was dissolved"
                             : "no longer listed by its catalog location " + r.Text("location"),
                   dissolved ? r.Int("dissolved_at") : r.Int("orphaned_at"), r.Text("team")});
  }
  ASSIGN_OR_RETURN(auto resources,
                   store.Query("SELECT r.id, r.name, r.first_seen, t.slug AS team, "
                               "t.status, t.dissolved_at, r.tags FROM cloud_resources r "
                               "LEFT JOIN teams t ON t.id = r.owner_team_id WHERE "
                               "r.owner_team_id IS NULL OR t.status = 'dissolved'"));
  for (const auto& r : resources.rows) {
    bool dissolved = r.Text("status") == "dissolved";
    out.push_back({"resource", r.Text("id"), r.Text("name"),
                   dissolved ? "owner team " + r.Text("team") + " was dissolved"
                             : "no owner tag, or it names an unknown team",
                   dissolved ? r.Int("dissolved_at") : r.Int("first_seen"), r.Text("team")});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Orphan& a, const Orphan& b) { return a.since_ms < b.since_ms; });
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  return out;
}

}  // namespace paved::catalog
