#include "catalog/backstage/importer.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "auth/permissions.h"
#include "auth/team_members.h"
#include "auth/users.h"
#include "catalog/backstage/mapping.h"
#include "catalog/backstage/relations.h"
#include "catalog/namespace_claims.h"
#include "core/error.h"
#include "core/role.h"
#include "core/status_macros.h"
#include "http/json_body.h"

namespace paved::catalog::backstage {
namespace {

constexpr char kRollbackPayload[] = "paved.dev/backstage-rollback";

absl::Status RollbackSentinel() {
  absl::Status s = absl::AbortedError("rolled back on purpose");
  s.SetPayload(kRollbackPayload, absl::Cord("1"));
  return s;
}

struct StoredEntity {
  std::string location;
  std::string document;
  bool orphaned = false;
};

template <typename T>
std::vector<T> Sorted(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// The fields of a project an import writes, as a JSON object, for change detection and audit.
nlohmann::json ImportedFields(const Project& p) {
  nlohmann::json links = nlohmann::json::array();
  for (const auto& l : p.links) links.push_back({l.url, l.title, l.icon});
  nlohmann::json nss = nlohmann::json::array();
  for (const auto& n : p.namespaces) nss.push_back(n.cluster + ":" + n.ns);
  return {{"name", p.name},
          {"description", p.description},
          {"owner_team", p.owner_team},
          {"lifecycle", p.lifecycle},
          {"type", p.type},
          {"system", p.system},
          {"repo_url", p.repo_url},
          {"tags", Sorted(p.tags)},
          {"links", links},
          {"owners", Sorted(p.owners)},
          {"namespaces", Sorted(nss.get<std::vector<std::string>>())},
          {"location", p.location.value_or("")},
          {"orphaned", p.orphaned_at_ms.has_value()}};
}

// One import inside its transaction.
class Run {
 public:
  Run(const ImportDeps& d, const ImportOptions& o, store::Tx& tx, std::vector<Entity>& entities,
      ImportResult& result)
      : d_(d), o_(o), tx_(tx), entities_(entities), result_(result), now_(d.clock->NowMs()) {}

  absl::Status Execute() {
    RETURN_IF_ERROR(LoadStored());
    RETURN_IF_ERROR(ForKind("group", &Run::ImportGroup));
    RETURN_IF_ERROR(ForKind("group", &Run::LinkParent));
    RETURN_IF_ERROR(ForKind("component", &Run::ImportComponent));
    RETURN_IF_ERROR(ForKind("resource", &Run::ImportResource));
    if (!result_.errors.empty()) return absl::OkStatus();
    RETURN_IF_ERROR(WriteEntities());
    RETURN_IF_ERROR(RefreshRelations());
    RETURN_IF_ERROR(Orphan());
    return d_.audit->Append(tx_, o_.actor, "catalog.import", "catalog:" + o_.location,
                            {{"location", o_.location},
                             {"created", result_.created.size()},
                             {"updated", result_.updated.size()},
                             {"unchanged", result_.unchanged.size()},
                             {"orphaned", result_.orphaned.size()}});
  }

 private:
  absl::Status ForKind(const std::string& kind, absl::Status (Run::*fn)(const Entity&)) {
    for (const Entity& e : entities_) {
      if (absl::AsciiStrToLower(e.kind) == kind) RETURN_IF_ERROR((this->*fn)(e));
    }
    return absl::OkStatus();
  }

  absl::Status LoadStored() {
    ASSIGN_OR_RETURN(auto rs, tx_.Query("SELECT ref, location, document, orphaned_at FROM "
                                        "catalog_entities WHERE location = $1",
                                        {o_.location}));
    for (const auto& row : rs.rows) AddStored(row);
    for (const Entity& e : entities_) {
      std::string ref = e.Ref().String();
      if (stored_.count(ref)) continue;
      ASSIGN_OR_RETURN(auto one, tx_.Query("SELECT ref, location, document, orphaned_at FROM "
                                           "catalog_entities WHERE ref = $1",
                                           {ref}));
      for (const auto& row : one.rows) AddStored(row);
    }
    return absl::OkStatus();
  }
  void AddStored(const store::Row& row) {
    stored_[row.Text("ref")] = {row.Text("location"), row.Text("document"),
                                !row.IsNull("orphaned_at")};
  }

  bool IsSre() const { return o_.caller == nullptr || auth::CanManageTeams(*o_.caller); }
  // False, with one error for the Group `e`, when the caller may not change teams.
  bool SreOrReport(const Entity& e, const std::string& what) {
    if (IsSre()) return true;
    if (!refused_.insert(e.Ref().String()).second) return false;  // one error per document
    result_.errors.push_back(
        e.Error("kind", "kind: only sre and admin may " + what + " from a catalog file (Group " +
                            e.name + "); leave the Group out or ask an sre to import it"));
    return false;
  }
  absl::Status RequireProjectWrite(const std::string& team_id) {
    if (o_.caller == nullptr) return absl::OkStatus();
    return auth::CheckProjectWrite(*o_.caller, team_id);
  }

  // The team a group reference names: a Group of this import, a Group imported earlier (by its
  // HR id), or a team whose slug is the group's name.
  absl::StatusOr<std::optional<Team>> ResolveTeam(const EntityRef& ref) {
    std::string key = ref.String();
    if (auto it = group_teams_.find(key); it != group_teams_.end()) return it->second;
    if (auto it = team_cache_.find(key); it != team_cache_.end()) return it->second;
    std::optional<Team> team;
    if (ref.kind == "group") {
      ASSIGN_OR_RETURN(auto rs,
                       tx_.Query("SELECT document FROM catalog_entities WHERE ref = $1", {key}));
      if (!rs.empty()) {
        auto doc = nlohmann::json::parse(rs.front().Text("document"), nullptr, false);
        std::string hr = doc.is_object() ? HrIdOf(doc, d_.hr_id_annotation) : "";
        if (!hr.empty()) {
          ASSIGN_OR_RETURN(team, d_.teams->FindByHrIdTx(tx_, hr));
        }
      }
      if (!team && http::IsDnsLabel(absl::AsciiStrToLower(ref.name))) {
        ASSIGN_OR_RETURN(team, d_.teams->FindBySlugTx(tx_, absl::AsciiStrToLower(ref.name)));
      }
    }
    team_cache_[key] = team;
    return team;
  }

  absl::Status ImportGroup(const Entity& e) {
    std::string hr = HrIdOf(e.doc, d_.hr_id_annotation);
    std::optional<Team> team;
    if (!hr.empty()) {
      ASSIGN_OR_RETURN(team, d_.teams->FindByHrIdTx(tx_, hr));
    }
    std::string slug = absl::AsciiStrToLower(e.name);
    if (!team && http::IsDnsLabel(slug)) {
      ASSIGN_OR_RETURN(team, d_.teams->FindBySlugTx(tx_, slug));
    }
    Team want = team.value_or(Team{.slug = slug});
    want.name = GroupDisplayName(e.doc);
    want.description = StringAt(e.doc, "metadata", "description");
    want.chat_channel = AnnotationOf(e.doc, kSlackChannel);
    if (!team) {
      if (!http::IsDnsLabel(slug)) {
        result_.errors.push_back(e.Error(
            "metadata.name", "metadata.name: " + e.name +
                                 " is not a valid team slug (lowercase letters, digits and '-')"));
        return absl::OkStatus();
      }
      if (!SreOrReport(e, "create teams")) return absl::OkStatus();
      RETURN_IF_ERROR(d_.teams->Create(tx_, want));
      want.source = "backstage";
      want.hr_id = hr;
      RETURN_IF_ERROR(tx_.Query("UPDATE teams SET source = 'backstage', hr_id = $1 WHERE id = $2",
                                {OptionalText(hr), want.id})
                          .status());
      RETURN_IF_ERROR(d_.audit->Append(tx_, o_.actor, "team.create", "team:" + want.slug,
                                       {{"name", want.name}, {"source", "backstage"}}));
      changed_.insert(e.Ref().String());
    } else if (team->source == "backstage" &&
               (team->name != want.name || team->description != want.description ||
                team->chat_channel != want.chat_channel)) {
      if (!SreOrReport(e, "change teams")) return absl::OkStatus();
      RETURN_IF_ERROR(d_.teams->Update(tx_, want));
      RETURN_IF_ERROR(d_.audit->Append(tx_, o_.actor, "team.update", "team:" + want.slug,
                                       {{"name", want.name}, {"source", "backstage"}}));
      changed_.insert(e.Ref().String());
    }
    group_teams_[e.Ref().String()] = want;
    return SyncMembers(e, want);
  }

  // The logins spec.members names, in order; unparsable entries are reported.
  std::vector<std::string> ListedLogins(const Entity& e) {
    std::vector<std::string> out;
    const nlohmann::json& spec = e.doc["spec"];
    if (!spec.contains("members") || !spec["members"].is_array()) return out;
    for (const auto& m : spec["members"]) {
      auto ref = ParseRef(m, "user", e.ns);
      if (!ref.ok() || ref->kind != "user") {
        result_.warnings.push_back(e.Error(
            "spec.members", "spec.members: " + (m.is_string() ? m.get<std::string>() : m.dump()) +
                                " is not a user reference; left out"));
        continue;
      }
      out.push_back(absl::AsciiStrToLower(ref->name));
    }
    return out;
  }

  // Makes the team's members from imports (source "backstage") what the Group lists, leaving
  // members added by hand or by the HR sync alone.
  absl::Status SyncMembers(const Entity& e, const Team& team) {
    std::vector<std::string> listed = ListedLogins(e);
    if (team.source == "hr") {
      if (!listed.empty()) {
        result_.warnings.push_back(
            e.Error("spec.members", "spec.members: the members of team " + team.slug +
                                        " come from the HR sync; the Group's are not applied"));
      }
      return absl::OkStatus();
    }
    std::map<std::string, std::string> current;   // login → source
    std::map<std::string, std::string> user_ids;  // login → user id
    if (!team.id.empty()) {
      ASSIGN_OR_RETURN(auto members, auth::TeamMembers::OfTeamTx(tx_, team.id));
      for (const auto& m : members) {
        current[m.login] = m.source;
        user_ids[m.login] = m.user_id;
      }
    }
    std::vector<std::pair<std::string, std::string>> add;  // login, user id
    std::set<std::string> wanted;
    for (const std::string& login : listed) {
      if (!wanted.insert(login).second || current.count(login)) continue;
      ASSIGN_OR_RETURN(auto user, auth::UserStore::FindByLoginTx(tx_, login));
      if (!user) {
        result_.warnings.push_back(e.Error(
            "spec.members", "spec.members: no user " + login + " in Paved; not added to team " +
                                team.slug + " (create the user, then import again)"));
        continue;
      }
      add.emplace_back(login, user->id);
    }
    std::vector<std::string> remove;
    for (const auto& [login, source] : current) {
      if (source == "backstage" && !wanted.count(login)) remove.push_back(login);
    }
    if (add.empty() && remove.empty()) return absl::OkStatus();
    if (!SreOrReport(e, "change team members")) return absl::OkStatus();
    for (const auto& [login, user_id] : add) {
      RETURN_IF_ERROR(
          auth::TeamMembers::Add(tx_, team.id, user_id, now_, /*lead=*/false, "backstage"));
      RETURN_IF_ERROR(d_.audit->Append(tx_, o_.actor, "team.member_add", "team:" + team.slug,
                                       {{"login", login}, {"source", "backstage"}}));
    }
    for (const std::string& login : remove) {
      RETURN_IF_ERROR(auth::TeamMembers::Remove(tx_, team.id, user_ids[login]));
      RETURN_IF_ERROR(d_.audit->Append(tx_, o_.actor, "team.member_remove", "team:" + team.slug,
                                       {{"login", login}, {"source", "backstage"}}));
    }
    changed_.insert(e.Ref().String());
    return absl::OkStatus();
  }

  // The parent group of `e`: its spec.parent, or a Group of this import listing it as a child.
  std::optional<EntityRef> ParentRef(const Entity& e) {
    if (e.doc["spec"].contains("parent")) {
      auto ref = ParseRef(e.doc["spec"]["parent"], "group", e.ns);
      if (ref.ok()) return *ref;
    }
    std::string self = e.Ref().String();
    for (const Entity& other : entities_) {
      if (absl::AsciiStrToLower(other.kind) != "group" || !other.doc["spec"].contains("children"))
        continue;
      for (const auto& child : other.doc["spec"]["children"]) {
        auto ref = ParseRef(child, "group", other.ns);
        if (ref.ok() && ref->String() == self) return other.Ref();
      }
    }
    return std::nullopt;
  }

  absl::Status LinkParent(const Entity& e) {
    auto it = group_teams_.find(e.Ref().String());
    if (it == group_teams_.end()) return absl::OkStatus();
    Team& team = it->second;
    std::optional<EntityRef> parent_ref = ParentRef(e);
    if (!parent_ref) return absl::OkStatus();
    ASSIGN_OR_RETURN(auto parent, ResolveTeam(*parent_ref));
    if (!parent || parent->id == team.id || parent->id == team.parent_id) return absl::OkStatus();
    if (team.source != "backstage" && !team.parent_id.empty()) return absl::OkStatus();
    if (!SreOrReport(e, "change teams")) return absl::OkStatus();
    RETURN_IF_ERROR(tx_.Query("UPDATE teams SET parent_id = $1, updated_at = $2 WHERE id = $3",
                              {parent->id, now_, team.id})
                        .status());
    RETURN_IF_ERROR(d_.audit->Append(tx_, o_.actor, "team.update", "team:" + team.slug,
                                     {{"parent", {{"from", team.parent}, {"to", parent->slug}}}}));
    team.parent_id = parent->id;
    team.parent = parent->slug;
    changed_.insert(e.Ref().String());
    return absl::OkStatus();
  }

  // Resolves an owner-like reference, recording "FIELD: unknown group X" when it names none.
  absl::StatusOr<std::optional<Team>> OwnerTeam(const Entity& e, const nlohmann::json& value,
                                                const std::string& field) {
    auto ref = ParseRef(value, "group", e.ns);
    if (!ref.ok()) {
      result_.errors.push_back(e.Error(field, field + ": " + std::string(ref.status().message())));
      return std::nullopt;
    }
    std::optional<Team> team;
    if (ref->kind == "group") {
      ASSIGN_OR_RETURN(team, ResolveTeam(*ref));
    }
    if (!team) {
      std::string shown = ref->ns == "default" ? ref->name : ref->ns + "/" + ref->name;
      result_.errors.push_back(e.Error(field, field + ": unknown group " + shown));
    }
    return team;
  }

  // Checks that `p` may hold its namespaces and its default one (the slug), by the rules every
  // project write follows; records an error when it may not.
  absl::StatusOr<bool> NamespacesFree(const Entity& e, const Project& p) {
    absl::Status s =
        CheckNamespaceClaims(tx_, d_.projects->namespace_rules(), p, /*creating=*/p.id.empty());
    if (s.ok()) return true;
    if (s.code() != absl::StatusCode::kInvalidArgument &&
        s.code() != absl::StatusCode::kAlreadyExists) {
      return s;
    }
    std::string field = ErrorField(s) == "slug" ? "metadata.name" : "metadata.annotations";
    result_.errors.push_back(e.Error(field, field + ": " + std::string(s.message())));
    return false;
  }

  // Fills `p` from the Component; false (with errors recorded) when it cannot be mapped.
  absl::StatusOr<bool> MapComponent(const Entity& e, Project& p) {
    size_t errors = result_.errors.size();
    ASSIGN_OR_RETURN(auto owner, OwnerTeam(e, e.doc["spec"]["owner"], "spec.owner"));
    std::vector<std::string> owners;
    for (absl::string_view item :
         absl::StrSplit(AnnotationOf(e.doc, kPavedOwners), ',', absl::SkipWhitespace())) {
      std::string name(absl::StripAsciiWhitespace(item));
      ASSIGN_OR_RETURN(auto extra, OwnerTeam(e, name, "metadata.annotations"));
      if (extra) owners.push_back(extra->slug);
    }
    if (result_.errors.size() > errors) return false;
    const nlohmann::json& md = e.doc["metadata"];
    p.name = StringAt(e.doc, "metadata", "title").empty() ? e.name
                                                          : StringAt(e.doc, "metadata", "title");
    p.description = StringAt(e.doc, "metadata", "description");
    p.owner_team_id = owner->id;
    p.owner_team = owner->slug;
    p.lifecycle = LifecycleOf(e.doc);
    p.type = e.SpecString("type");
    p.system.clear();
    if (e.doc["spec"].contains("system")) {
      auto sys = ParseRef(e.doc["spec"]["system"], "system", e.ns);
      if (sys.ok()) p.system = sys->name;
    }
    p.repo_url = RepoUrlOf(e.doc);
    p.tags = md.value("tags", std::vector<std::string>{});
    p.links.clear();
    for (const auto& l : md.value("links", nlohmann::json::array())) {
      p.links.push_back({l["url"], l.value("title", ""), l.value("icon", "")});
    }
    std::erase(owners, owner->slug);
    p.owners = Sorted(owners);
    bool present = false;
    auto nss = NamespacesOf(e.doc, &present);
    if (present) p.namespaces = nss;
    ASSIGN_OR_RETURN(bool free, NamespacesFree(e, p));
    p.location = o_.location;
    p.orphaned_at_ms.reset();
    return free;
  }

  absl::Status ImportComponent(const Entity& e) {
    std::string slug = absl::AsciiStrToLower(e.name);
    if (!http::IsDnsLabel(slug)) {
      result_.errors.push_back(e.Error(
          "metadata.name", "metadata.name: " + e.name +
                               " is not a valid project slug (lowercase letters, digits and '-')"));
      return absl::OkStatus();
    }
    if (auto [it, fresh] = component_slugs_.emplace(slug, e.Ref().String()); !fresh) {
      result_.errors.push_back(e.Error("metadata.name", "metadata.name: project " + slug +
                                                            " is already named by " + it->second));
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(auto existing, d_.projects->FindBySlugTx(tx_, slug));
    Project p = existing.value_or(Project{.slug = slug});
    ASSIGN_OR_RETURN(bool ok, MapComponent(e, p));
    if (!ok) return absl::OkStatus();
    RETURN_IF_ERROR(RequireProjectWrite(p.owner_team_id));
    if (!existing) {
      p.created_by = o_.actor;
      RETURN_IF_ERROR(d_.projects->Create(tx_, p));
      RETURN_IF_ERROR(d_.audit->Append(tx_, o_.actor, "project.create", "project:" + slug,
                                       {{"owner_team", p.owner_team}, {"location", o_.location}}));
      changed_.insert(e.Ref().String());
      return absl::OkStatus();
    }
    nlohmann::json before = ImportedFields(*existing), after = ImportedFields(p);
    if (before == after) return absl::OkStatus();
    RETURN_IF_ERROR(RequireProjectWrite(existing->owner_team_id));
    RETURN_IF_ERROR(d_.projects->Update(tx_, p));
    nlohmann::json summary = nlohmann::json::object();
    for (const auto& [k, v] : after.items()) {
      if (before[k] != v) summary[k] = {{"from", before[k]}, {"to", v}};
    }
    RETURN_IF_ERROR(d_.audit->Append(tx_, o_.actor, "project.update", "project:" + slug, summary));
    changed_.insert(e.Ref().String());
    return absl::OkStatus();
  }

  absl::Status ImportResource(const Entity& e) {
    ASSIGN_OR_RETURN(auto owner, OwnerTeam(e, e.doc["spec"]["owner"], "spec.owner"));
    if (!owner) return absl::OkStatus();
    RETURN_IF_ERROR(RequireProjectWrite(owner->id));
    std::string id = ResourceIdOf(e.doc);
    ASSIGN_OR_RETURN(auto existing, d_.resources->FindTx(tx_, id));
    CloudResource r = existing.value_or(CloudResource{.id = id, .source = "backstage"});
    if (!existing || existing->source == "backstage") {
      std::vector<std::string> arn = absl::StrSplit(id, ':');
      bool is_arn = arn.size() >= 6 && arn[0] == "arn";
      r.provider = is_arn ? "aws" : "backstage";
      r.region = is_arn ? arn[3] : "";
      r.account = is_arn ? arn[4] : "";
      r.type = e.SpecString("type");
      r.name = e.name;
      r.source = "backstage";
    }
    r.owner_team_id = owner->id;
    bool same = existing && existing->owner_team_id == r.owner_team_id &&
                existing->type == r.type && existing->name == r.name &&
                existing->provider == r.provider && existing->source == r.source;
    if (same) return absl::OkStatus();
    RETURN_IF_ERROR(d_.resources->Upsert(tx_, r));
    RETURN_IF_ERROR(d_.audit->Append(tx_, o_.actor, "resource.upsert", "resource:" + id,
                                     {{"owner_team", owner->slug}, {"type", r.type}}));
    changed_.insert(e.Ref().String());
    return absl::OkStatus();
  }

  absl::Status WriteEntities() {
    for (const Entity& e : entities_) {
      std::string ref = e.Ref().String();
      std::string text = e.doc.dump();
      auto it = stored_.find(ref);
      if (it == stored_.end()) {
        RETURN_IF_ERROR(
            tx_.Query("INSERT INTO catalog_entities (ref, kind, namespace, name, "
                      "location, document, created_at, updated_at) VALUES ($1, $2, "
                      "$3, $4, $5, $6, $7, $7)",
                      {ref, absl::AsciiStrToLower(e.kind), e.ns, e.name, o_.location, text, now_})
                .status());
        result_.created.push_back(ref);
        refresh_.insert(ref);
        continue;
      }
      const StoredEntity& s = it->second;
      if (s.document != text || s.location != o_.location || s.orphaned) {
        RETURN_IF_ERROR(tx_.Query("UPDATE catalog_entities SET location = $1, document = $2, "
                                  "updated_at = $3, orphaned_at = NULL WHERE ref = $4",
                                  {o_.location, text, now_, ref})
                            .status());
        result_.updated.push_back(ref);
        if (s.document != text) refresh_.insert(ref);
      } else if (changed_.count(ref)) {
        result_.updated.push_back(ref);
      } else {
        result_.unchanged.push_back(ref);
      }
    }
    return absl::OkStatus();
  }

  // Rewrites the relations of entities whose document changed, and re-derives those of the
  // entities pointing at them (their rows were removed with the changed entity's).
  absl::Status RefreshRelations() {
    std::set<std::string> peers;
    for (const std::string& ref : refresh_) {
      ASSIGN_OR_RETURN(auto rs, tx_.Query("SELECT source_ref FROM catalog_relations WHERE "
                                          "target_ref = $1 AND source_ref <> $1",
                                          {ref}));
      for (const auto& row : rs.rows) peers.insert(row.Text("source_ref"));
      RETURN_IF_ERROR(tx_.Query("DELETE FROM catalog_relations WHERE source_ref = $1 OR "
                                "target_ref = $1",
                                {ref})
                          .status());
    }
    std::map<std::string, const nlohmann::json*> docs;
    for (const Entity& e : entities_) docs[e.Ref().String()] = &e.doc;
    for (const std::string& ref : refresh_)
      RETURN_IF_ERROR(InsertRelations(tx_, RelationsOf(*docs[ref])));
    for (const std::string& peer : peers) {
      if (refresh_.count(peer)) continue;
      if (auto it = docs.find(peer); it != docs.end()) {
        RETURN_IF_ERROR(InsertRelations(tx_, RelationsOf(*it->second)));
        continue;
      }
      ASSIGN_OR_RETURN(auto rs,
                       tx_.Query("SELECT document FROM catalog_entities WHERE ref = $1", {peer}));
      if (rs.empty()) continue;
      auto doc = nlohmann::json::parse(rs.front().Text("document"), nullptr, false);
      if (doc.is_object()) RETURN_IF_ERROR(InsertRelations(tx_, RelationsOf(doc)));
    }
    return absl::OkStatus();
  }

  absl::Status Orphan() {
    std::set<std::string> listed;
    for (const Entity& e : entities_) listed.insert(e.Ref().String());
    for (const auto& [ref, s] : stored_) {
      if (s.location != o_.location || s.orphaned || listed.count(ref)) continue;
      RETURN_IF_ERROR(
          tx_.Query("UPDATE catalog_entities SET orphaned_at = $1 WHERE ref = $2", {now_, ref})
              .status());
      result_.orphaned.push_back(ref);
      if (ref.rfind("component:", 0) == 0) RETURN_IF_ERROR(OrphanProject(ref));
    }
    return absl::OkStatus();
  }

  absl::Status OrphanProject(const std::string& ref) {
    std::string slug = absl::AsciiStrToLower(ref.substr(ref.find('/') + 1));
    ASSIGN_OR_RETURN(auto p, d_.projects->FindBySlugTx(tx_, slug));
    if (!p || p->location != o_.location || p->orphaned_at_ms) return absl::OkStatus();
    RETURN_IF_ERROR(RequireProjectWrite(p->owner_team_id));
    p->orphaned_at_ms = now_;
    RETURN_IF_ERROR(d_.projects->Update(tx_, *p));
    return d_.audit->Append(tx_, o_.actor, "project.orphan", "project:" + slug,
                            {{"location", o_.location}});
  }

  const ImportDeps& d_;
  const ImportOptions& o_;
  store::Tx& tx_;
  std::vector<Entity>& entities_;
  ImportResult& result_;
  int64_t now_;
  std::map<std::string, StoredEntity> stored_;
  std::set<std::string> changed_;  // refs whose Paved object (team, project, resource) changed
  std::set<std::string> refresh_;  // refs whose relations must be rewritten
  std::map<std::string, Team> group_teams_;
  std::map<std::string, std::optional<Team>> team_cache_;
  std::map<std::string, std::string> component_slugs_;  // slug → ref
  std::set<std::string> refused_;  // Groups the caller may not import, already reported
};

// Validates every entity and rejects the same ref twice.
void Validate(std::vector<Entity>& entities, std::vector<CatalogError>& errors) {
  std::map<std::string, const Entity*> seen;
  for (Entity& e : entities) {
    if (!ValidateEntity(e, errors)) continue;
    std::string key = absl::AsciiStrToLower(e.Ref().String());
    auto [it, fresh] = seen.emplace(key, &e);
    if (fresh) continue;
    const Entity& first = *it->second;
    std::string where = (first.origin.empty() ? "" : first.origin + " ") + "document " +
                        std::to_string(first.document);
    errors.push_back(e.Error("metadata.name", "metadata.name: duplicate entity " +
                                                  e.Ref().String() + " (first in " + where + ")"));
  }
}

}  // namespace

nlohmann::json ImportResult::ToJson() const {
  nlohmann::json errs = nlohmann::json::array();
  for (const CatalogError& e : errors) errs.push_back(e.ToJson());
  nlohmann::json warns = nlohmann::json::array();
  for (const CatalogError& w : warnings) warns.push_back(w.ToJson());
  return {{"location", location},   {"created", created},   {"updated", updated},
          {"unchanged", unchanged}, {"orphaned", orphaned}, {"errors", errs},
          {"warnings", warns}};
}

absl::StatusOr<ImportResult> Importer::Import(std::vector<Entity> entities,
                                              const ImportOptions& options) {
  ImportResult result;
  result.location = options.location;
  Validate(entities, result.errors);
  if (!result.errors.empty()) return result;
  absl::Status s = d_.store->Transaction([&](store::Tx& tx) -> absl::Status {
    Run run(d_, options, tx, entities, result);
    RETURN_IF_ERROR(run.Execute());
    if (!result.errors.empty() || options.dry_run) return RollbackSentinel();
    return absl::OkStatus();
  });
  if (!s.ok() && !s.GetPayload(kRollbackPayload).has_value()) return s;
  if (!result.errors.empty()) {
    result.created.clear();
    result.updated.clear();
    result.unchanged.clear();
    result.orphaned.clear();
  }
  if (s.ok()) d_.audit->Published();
  return result;
}

}  // namespace paved::catalog::backstage
