#include "catalog/backstage/exporter.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "auth/team_members.h"
#include "auth/users.h"
#include "catalog/backstage/entity.h"
#include "catalog/backstage/mapping.h"
#include "catalog/backstage/relations.h"
#include "core/status_macros.h"

namespace paved::catalog::backstage {
namespace {

constexpr char kApiVersion[] = "backstage.io/v1alpha1";

struct TeamRow {
  std::string id, slug, name, description, chat_channel, hr_id, parent_id;
  std::set<std::string> members;  // logins
};

nlohmann::json NewDoc(const std::string& kind, const std::string& name) {
  return {{"apiVersion", kApiVersion},
          {"kind", kind},
          {"metadata", {{"name", name}}},
          {"spec", nlohmann::json::object()}};
}

std::string NameOf(const nlohmann::json& doc) { return StringAt(doc, "metadata", "name"); }
std::string NamespaceOf(const nlohmann::json& doc) {
  std::string ns = StringAt(doc, "metadata", "namespace");
  return ns.empty() ? "default" : ns;
}

// A valid entity name made from `s`: invalid characters become '-', at most 63 characters.
std::string EntityName(const std::string& s) {
  std::string out;
  for (char c : s) out += (absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.') ? c : '-';
  if (out.size() > 63) out = out.substr(out.size() - 63);
  while (!out.empty() && !absl::ascii_isalnum(out.front())) out.erase(0, 1);
  while (!out.empty() && !absl::ascii_isalnum(out.back())) out.pop_back();
  return out.empty() ? "resource" : out;
}

int KindOrder(const std::string& kind) {
  static const std::vector<std::string> kOrder = {"group",     "user", "domain",  "system",
                                                  "component", "api",  "resource"};
  auto it = std::find(kOrder.begin(), kOrder.end(), absl::AsciiStrToLower(kind));
  return static_cast<int>(it - kOrder.begin());
}

// One export: the stored documents and Paved's rows, joined.
class Build {
 public:
  Build(const ExportDeps& d) : d_(d) {}

  absl::StatusOr<std::vector<nlohmann::json>> Run() {
    RETURN_IF_ERROR(Load());
    MatchGroups();
    std::vector<nlohmann::json> out;
    for (const TeamRow& t : teams_) out.push_back(GroupDoc(t));
    std::string after;
    while (true) {
      ASSIGN_OR_RETURN(auto page, d_.projects->List({.after_slug = after, .limit = 500}));
      for (const Project& p : page) out.push_back(ComponentDoc(p));
      if (page.size() < 500) break;
      after = page.back().slug;
    }
    std::set<std::string> names;
    for (std::string after_id;;) {
      ASSIGN_OR_RETURN(auto page, d_.resources->List({.after_id = after_id, .limit = 500}));
      for (const CloudResource& r : page) {
        if (!r.owner_team_id.empty()) out.push_back(ResourceDoc(r, names));
      }
      if (page.size() < 500) break;
      after_id = page.back().id;
    }
    for (const auto& [ref, doc] : others_) out.push_back(doc);
    std::sort(out.begin(), out.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
      int ka = KindOrder(a["kind"]), kb = KindOrder(b["kind"]);
      if (ka != kb) return ka < kb;
      return RefOfDocument(a) < RefOfDocument(b);
    });
    return out;
  }

 private:
  absl::Status Load() {
    ASSIGN_OR_RETURN(
        auto ents,
        d_.store->Query("SELECT ref, kind, document FROM catalog_entities ORDER BY ref"));
    for (const auto& row : ents.rows) {
      auto doc = nlohmann::json::parse(row.Text("document"), nullptr, false);
      if (!doc.is_object()) continue;
      std::string kind = row.Text("kind");
      if (kind == "group") {
        groups_.push_back(doc);
      } else if (kind == "component") {
        components_.emplace(absl::AsciiStrToLower(NameOf(doc)), doc);
      } else if (kind == "resource") {
        resources_.emplace(ResourceIdOf(doc), doc);
      } else if (kind != "location") {
        others_[row.Text("ref")] = doc;
      }
    }
    ASSIGN_OR_RETURN(auto teams, d_.store->Query("SELECT id, slug, name, description, "
                                                 "chat_channel, hr_id, parent_id FROM teams "
                                                 "ORDER BY slug"));
    for (const auto& row : teams.rows) {
      teams_.push_back({row.Text("id"), row.Text("slug"), row.Text("name"), row.Text("description"),
                        row.Text("chat_channel"), row.Text("hr_id"), row.Text("parent_id")});
    }
    ASSIGN_OR_RETURN(auto members, auth::TeamMembers::All(*d_.store));
    std::map<std::string, std::set<std::string>> by_team;
    for (const auto& m : members) by_team[m.team_id].insert(m.login);
    for (TeamRow& t : teams_) t.members = std::move(by_team[t.id]);
    ASSIGN_OR_RETURN(auto logins, auth::UserStore::AllLogins(*d_.store));
    logins_.insert(logins.begin(), logins.end());
    return absl::OkStatus();
  }

  // spec.members: the team's members, each spelled as the stored Group spells it (in its order),
  // then the other members sorted; entries naming no user of Paved stay (like children naming
  // no team), so that exporting, importing elsewhere and exporting again gives the same list.
  void SetMembers(nlohmann::json& doc, const TeamRow& t) {
    nlohmann::json& spec = doc["spec"];
    const bool listed = spec.contains("members") && spec["members"].is_array();
    if (!listed && t.members.empty()) return;
    nlohmann::json out = nlohmann::json::array();
    std::set<std::string> written;
    if (listed) {
      for (const auto& m : spec["members"]) {
        auto ref = ParseRef(m, "user", NamespaceOf(doc));
        std::string login = ref.ok() ? absl::AsciiStrToLower(ref->name) : "";
        bool keep =
            !ref.ok() || ref->kind != "user" || !logins_.count(login) || t.members.count(login);
        if (keep && (login.empty() || written.insert(login).second)) out.push_back(m);
      }
    }
    for (const std::string& login : t.members) {
      if (!written.insert(login).second) continue;
      out.push_back(NamespaceOf(doc) == "default" ? login : "user:default/" + login);
    }
    spec["members"] = out;
  }

  // Pairs every team with the stored Group that names it (by HR id, else by slug) and picks
  // each team's group ref.
  void MatchGroups() {
    std::map<std::string, const TeamRow*> by_hr, by_slug;
    for (const TeamRow& t : teams_) {
      if (!t.hr_id.empty()) by_hr[t.hr_id] = &t;
      by_slug[t.slug] = &t;
    }
    std::set<std::string> taken;
    for (const nlohmann::json& doc : groups_) {
      std::string hr = HrIdOf(doc, d_.hr_id_annotation);
      const TeamRow* team = nullptr;
      if (!hr.empty() && by_hr.count(hr)) team = by_hr[hr];
      if (!team && by_slug.count(absl::AsciiStrToLower(NameOf(doc))))
        team = by_slug[absl::AsciiStrToLower(NameOf(doc))];
      if (!team || group_doc_.count(team->id)) continue;
      group_doc_[team->id] = doc;
      group_ref_[team->id] = RefOfDocument(doc);
      taken.insert(RefOfDocument(doc));
      ref_team_[RefOfDocument(doc)] = team->id;
    }
    for (const TeamRow& t : teams_) {
      team_by_slug_[t.slug] = &t;
      if (group_ref_.count(t.id)) continue;
      std::string ref = "group:default/" + t.slug;
      if (taken.count(ref)) ref = "group:default/team-" + t.slug;  // a Group already took it
      group_ref_[t.id] = ref;
      ref_team_[ref] = t.id;
    }
    for (const TeamRow& t : teams_) {
      if (!ref_team_.count("group:default/" + t.slug)) ref_team_["group:default/" + t.slug] = t.id;
    }
  }

  // The team a reference (in an entity of namespace `ns`) resolves to, "" for none.
  std::string TeamOfRef(const nlohmann::json& value, const std::string& ns) {
    auto ref = ParseRef(value, "group", ns);
    if (!ref.ok()) return "";
    auto it = ref_team_.find(ref->String());
    return it == ref_team_.end() ? "" : it->second;
  }

  // `current` when it already names team `team_id`, else the team's group ref.
  nlohmann::json RefFor(const std::string& team_id, const nlohmann::json* current,
                        const std::string& ns) {
    if (current && TeamOfRef(*current, ns) == team_id) return *current;
    return group_ref_[team_id];
  }

  nlohmann::json GroupDoc(const TeamRow& t) {
    nlohmann::json doc;
    if (group_doc_.count(t.id)) {
      doc = group_doc_[t.id];
    } else {
      std::string ref = group_ref_[t.id];
      doc = NewDoc("Group", ref.substr(ref.find('/') + 1));
      doc["spec"]["type"] = "team";
    }
    std::string ns = NamespaceOf(doc);
    doc["spec"]["profile"]["displayName"] = t.name;
    SetOrErase(doc, "metadata", "description", t.description);
    if (HrIdOf(doc, d_.hr_id_annotation) != t.hr_id) {
      if (!d_.hr_id_annotation.empty()) SetAnnotation(doc, d_.hr_id_annotation, "");
      SetAnnotation(doc, kPavedHrId, t.hr_id);
    }
    SetAnnotation(doc, kSlackChannel, t.chat_channel);
    nlohmann::json* parent = doc["spec"].contains("parent") ? &doc["spec"]["parent"] : nullptr;
    if (!t.parent_id.empty() && group_ref_.count(t.parent_id)) {
      doc["spec"]["parent"] = RefFor(t.parent_id, parent, ns);
    } else if (parent && !TeamOfRef(*parent, ns).empty()) {
      doc["spec"].erase("parent");
    }
    std::vector<nlohmann::json> children;
    for (const TeamRow& c : teams_) {
      if (c.parent_id == t.id) children.push_back(group_ref_[c.id]);
    }
    if (doc["spec"].contains("children") && doc["spec"]["children"].is_array()) {
      for (const auto& c : doc["spec"]["children"]) {
        std::string team = TeamOfRef(c, ns);
        if (team.empty()) children.push_back(c);  // names no team Paved holds: kept
      }
    }
    for (auto& c : children) {  // one spelling per child, then sorted
      if (!c.is_string()) continue;
      std::string team = TeamOfRef(c, ns);
      if (!team.empty()) c = group_ref_[team];
    }
    std::sort(children.begin(), children.end());
    children.erase(std::unique(children.begin(), children.end()), children.end());
    doc["spec"]["children"] = children;
    SetMembers(doc, t);
    return doc;
  }

  void SetNamespaces(nlohmann::json& doc, const std::vector<ProjectNamespace>& nss) {
    bool present = false;
    auto current = NamespacesOf(doc, &present);
    auto key = [](std::vector<ProjectNamespace> v) {
      std::vector<std::string> k;
      for (const auto& n : v) k.push_back(n.cluster + ":" + n.ns);
      std::sort(k.begin(), k.end());
      return k;
    };
    if (key(current) == key(nss)) return;
    if (nss.size() == 1 && nss[0].cluster.empty()) {
      SetAnnotation(doc, kPavedNamespaces, "");
      SetAnnotation(doc, kKubeNamespace, nss[0].ns);
      return;
    }
    std::vector<std::string> items;
    for (const auto& n : nss) items.push_back(n.cluster.empty() ? n.ns : n.cluster + ":" + n.ns);
    SetAnnotation(doc, kKubeNamespace, "");
    SetAnnotation(doc, kPavedNamespaces, absl::StrJoin(items, ","));
  }

  nlohmann::json ComponentDoc(const Project& p) {
    nlohmann::json doc =
        components_.count(p.slug) ? components_[p.slug] : NewDoc("Component", p.slug);
    std::string ns = NamespaceOf(doc);
    SetOrErase(doc, "metadata", "title", p.name == NameOf(doc) ? "" : p.name);
    SetOrErase(doc, "metadata", "description", p.description);
    SetOrErase(doc, "metadata", "tags", p.tags);
    nlohmann::json links = nlohmann::json::array();
    for (const ProjectLink& l : p.links) {
      nlohmann::json link = {{"url", l.url}};
      if (!l.title.empty()) link["title"] = l.title;
      if (!l.icon.empty()) link["icon"] = l.icon;
      links.push_back(link);
    }
    SetOrErase(doc, "metadata", "links", links);
    if (RepoUrlOf(doc) != p.repo_url) {
      SetAnnotation(doc, kGithubSlug, "");
      SetAnnotation(doc, kSourceLocation, p.repo_url.empty() ? "" : "url:" + p.repo_url);
    }
    std::vector<std::string> owners;
    for (const std::string& slug : p.owners) {
      if (team_by_slug_.count(slug)) {
        owners.push_back(group_ref_[team_by_slug_[slug]->id]);
      }
    }
    std::sort(owners.begin(), owners.end());
    SetAnnotation(doc, kPavedOwners, absl::StrJoin(owners, ","));
    SetNamespaces(doc, p.namespaces);
    doc["spec"]["type"] = p.type;
    if (StringAt(doc, "spec", "lifecycle").empty() || LifecycleOf(doc) != p.lifecycle) {
      doc["spec"]["lifecycle"] = p.lifecycle;
    }
    nlohmann::json* owner = doc["spec"].contains("owner") ? &doc["spec"]["owner"] : nullptr;
    doc["spec"]["owner"] = RefFor(p.owner_team_id, owner, ns);
    nlohmann::json* system = doc["spec"].contains("system") ? &doc["spec"]["system"] : nullptr;
    auto sys = system ? ParseRef(*system, "system", ns) : absl::NotFoundError("");
    if (p.system.empty()) {
      doc["spec"].erase("system");
    } else if (!sys.ok() || sys->name != p.system) {
      doc["spec"]["system"] = p.system;
    }
    return doc;
  }

  nlohmann::json ResourceDoc(const CloudResource& r, std::set<std::string>& names) {
    nlohmann::json doc;
    if (resources_.count(r.id)) {
      doc = resources_[r.id];
    } else {
      std::string base = r.provider == "backstage" && r.id.rfind('/') != std::string::npos
                             ? r.id.substr(r.id.rfind('/') + 1)
                             : (r.name.empty() ? r.id.substr(r.id.rfind(':') + 1) : r.name);
      std::string name = EntityName(base);
      for (int i = 2; names.count(name); ++i) name = EntityName(base) + "-" + std::to_string(i);
      doc = NewDoc("Resource", name);
      if (r.provider != "backstage") SetAnnotation(doc, kPavedArn, r.id);
    }
    names.insert(NameOf(doc));
    std::string ns = NamespaceOf(doc);
    doc["spec"]["type"] = r.type.empty() ? "unknown" : r.type;
    nlohmann::json* owner = doc["spec"].contains("owner") ? &doc["spec"]["owner"] : nullptr;
    doc["spec"]["owner"] = RefFor(r.owner_team_id, owner, ns);
    return doc;
  }

  const ExportDeps& d_;
  std::vector<nlohmann::json> groups_;
  std::map<std::string, nlohmann::json> components_;  // by slug
  std::map<std::string, nlohmann::json> resources_;   // by cloud resource id
  std::map<std::string, nlohmann::json> others_;      // by ref
  std::vector<TeamRow> teams_;
  std::map<std::string, nlohmann::json> group_doc_;  // team id → stored Group
  std::map<std::string, std::string> group_ref_;     // team id → its Group's ref
  std::map<std::string, std::string> ref_team_;      // group ref → team id
  std::map<std::string, const TeamRow*> team_by_slug_;
  std::set<std::string> logins_;  // every user of Paved
};

}  // namespace

absl::StatusOr<std::vector<nlohmann::json>> Exporter::All() { return Build(d_).Run(); }

absl::StatusOr<std::optional<std::vector<nlohmann::json>>> Exporter::Project(
    const std::string& slug) {
  ASSIGN_OR_RETURN(auto all, All());
  const nlohmann::json* component = nullptr;
  for (const auto& doc : all) {
    if (absl::AsciiStrToLower(doc["kind"].get<std::string>()) == "component" &&
        absl::AsciiStrToLower(NameOf(doc)) == slug) {
      component = &doc;
    }
  }
  if (component == nullptr) return std::nullopt;
  std::set<std::string> wanted;
  for (const Relation& r : RelationsOf(*component)) {
    if (r.source_ref == RefOfDocument(*component)) wanted.insert(r.target_ref);
  }
  std::vector<nlohmann::json> out = {*component};
  for (const auto& doc : all) {
    std::string kind = absl::AsciiStrToLower(doc["kind"].get<std::string>());
    if ((kind == "system" || kind == "api" || kind == "resource") &&
        wanted.count(RefOfDocument(doc))) {
      out.push_back(doc);
    }
  }
  return out;
}

}  // namespace paved::catalog::backstage
