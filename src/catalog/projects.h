#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/namespace_rules.h"
#include "catalog/score_check.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::catalog {

struct ProjectLink {
  std::string url;
  std::string title;
  std::string icon;
};

// Where a project runs in Kubernetes: `cluster` "" means every cluster.
struct ProjectNamespace {
  std::string cluster;
  std::string ns;
};

struct Project {
  std::string id;
  std::string slug;
  std::string name;
  std::string description;
  std::string owner_team_id;
  std::string owner_team;                  // slug, filled on reads
  std::string owner_status;                // the owner team's status, filled on reads
  std::string lifecycle = "experimental";  // experimental | production | deprecated
  std::string type = "service";            // Backstage spec.type
  std::string system;
  std::string repo_url;
  std::string oncall;
  std::vector<std::string> tags;
  std::vector<ProjectLink> links;
  std::vector<std::string> owners;           // additional owner team slugs (reads and writes)
  std::vector<ProjectNamespace> namespaces;  // as listed; not the default one (the slug)
  std::optional<std::string> location;       // the import location that created it
  std::optional<int64_t> orphaned_at_ms;     // its import location no longer lists it
  std::string created_by;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;

  // Why nobody owns it, or "" when someone does.
  std::string OrphanReason() const;
};

nlohmann::json ProjectToJson(const Project& p);

extern const std::vector<std::string> kLifecycles;

struct ProjectQuery {
  std::string text;        // matches slug, name, description (case-insensitive)
  std::string owner_slug;  // primary or additional owner; empty = any
  std::string lifecycle;
  std::string tag;
  std::string system;
  std::string after_slug;  // cursor
  int limit = 50;
};

// Counts per facet value over the projects a query matches (ignoring its cursor and limit).
struct ProjectFacets {
  std::map<std::string, int64_t> owner, lifecycle, tag, system;
};
nlohmann::json FacetsToJson(const ProjectFacets& f);

// Projects (table projects and its satellites: tags, links, extra owners, namespaces).
// Every write of a project's namespaces goes through CheckNamespaceClaims first (see
// namespace_claims.h): its errors come back unchanged and nothing is written.
class ProjectStore {
 public:
  ProjectStore(store::Store* store, const Clock* clock, NamespaceRules rules = {})
      : store_(store), clock_(clock), rules_(std::move(rules)) {}

  // AlreadyExists when the slug is taken; InvalidArgument naming "owners" for an unknown owner;
  // the namespace errors of CheckNamespaceClaims (the slug included).
  // REQUIRES: owner_team_id set.
  absl::Status Create(store::Tx& tx, Project& project);
  // Runs after every Create, in its transaction, with the stored project (every creator: the
  // project routes, the Backstage importer, the demo data). Its error fails the creation. The
  // platform sets the project's default deploy targets here; unset = nothing more happens.
  using CreateHook = std::function<absl::Status(store::Tx& tx, const Project& project)>;
  void SetCreateHook(CreateHook hook) { create_hook_ = std::move(hook); }
  // Adds a scorecard check after the built-in ones (see catalog/scorecards.h), in the order
  // added. Call while wiring, before serving.
  void AddScoreCheck(ContributedScoreCheck check) { score_checks_.push_back(std::move(check)); }
  const std::vector<ContributedScoreCheck>& score_checks() const { return score_checks_; }
  absl::StatusOr<std::optional<Project>> FindBySlug(const std::string& slug);
  absl::StatusOr<std::optional<Project>> FindBySlugTx(store::Tx& tx, const std::string& slug);
  absl::StatusOr<std::vector<Project>> List(const ProjectQuery& q);
  absl::StatusOr<ProjectFacets> Facets(const ProjectQuery& q);
  // Writes every field but id, slug, created_*; replaces tags, links, owners and namespaces.
  // The namespace errors of CheckNamespaceClaims.
  absl::Status Update(store::Tx& tx, const Project& project);
  absl::Status Delete(store::Tx& tx, const Project& project);

  // For other domains' writes that hang off a project (spec and config version numbers, deploy
  // targets, secrets): locks the project's row until `tx` ends, so such writes to one project
  // apply one after the other. NotFound ("no project <id>") when no project has this id.
  static absl::Status LockForUpdate(store::Tx& tx, const std::string& project_id);
  // OK when a project has this id; NotFound ("no project <id>") otherwise. Takes no lock.
  static absl::Status CheckExists(store::Tx& tx, const std::string& project_id);

  // An SQL piece for other domains' queries that put a project's slug or owner team on their
  // own rows in one statement (lists that page or sort by it, metrics grouped by it); the
  // table's name stays in catalog/. "JOIN projects <alias> ON <alias>.id = <project_id_column> ":
  // rows whose project is gone drop out; <alias>.slug and <alias>.owner_team_id can be read
  // (join the owner team with TeamStore::JoinSql(alias, "<alias>.owner_team_id")).
  static std::string JoinSql(std::string_view alias, std::string_view project_id_column);

  const NamespaceRules& namespace_rules() const { return rules_; }
  // CheckNamespaceHeld: may a release of `project` be applied to `ns` on `cluster`?
  absl::Status CheckDeployNamespace(const Project& project, const std::string& cluster,
                                    const std::string& ns);

 private:
  absl::Status WriteSatellites(store::Tx& tx, const Project& p);
  absl::Status FillSatellites(store::Tx* tx, std::vector<Project>& projects);
  store::Store* store_;
  const Clock* clock_;
  NamespaceRules rules_;
  CreateHook create_hook_;
  std::vector<ContributedScoreCheck> score_checks_;
};

}  // namespace paved::catalog
