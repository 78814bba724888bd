#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/clock.h"
#include "nlohmann/json.hpp"
#include "store/store.h"

namespace paved::catalog {

struct Team {
  std::string id;
  std::string slug;
  std::string name;
  std::string description;
  std::string chat_channel;
  std::string hr_id;              // stable identity from the HR source; "" for teams made in Paved
  std::string parent_id;          // "" for a top-level team
  std::string parent;             // parent slug, filled on reads
  std::string status = "active";  // active | dissolved
  std::optional<int64_t> dissolved_at_ms;
  std::string oncall;
  std::string source = "paved";  // paved | hr | backstage
  int64_t member_count = 0;
  int64_t project_count = 0;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

nlohmann::json TeamToJson(const Team& t);

struct TeamQuery {
  std::string text;        // matches slug, name, description (case-insensitive)
  std::string after_slug;  // cursor
  int limit = 50;
};

// Teams (table teams). Identity is `id`; the slug is the stable public name.
class TeamStore {
 public:
  TeamStore(store::Store* store, const Clock* clock) : store_(store), clock_(clock) {}

  // AlreadyExists when the slug is taken.
  absl::Status Create(store::Tx& tx, Team& team);
  absl::StatusOr<std::optional<Team>> FindBySlug(const std::string& slug);
  absl::StatusOr<std::optional<Team>> FindBySlugTx(store::Tx& tx, const std::string& slug);
  absl::StatusOr<std::optional<Team>> FindByIdTx(store::Tx& tx, const std::string& id);
  absl::StatusOr<std::optional<Team>> FindByHrIdTx(store::Tx& tx, const std::string& hr_id);
  absl::StatusOr<std::vector<Team>> List(const TeamQuery& q);
  // Writes every field but id, slug and created_at.
  absl::Status Update(store::Tx& tx, const Team& team);
  // FailedPrecondition while the team owns projects.
  absl::Status Delete(store::Tx& tx, const Team& team);

  // For other domains that show team names on their own rows: the slug of each team in `ids`,
  // keyed by id; ids naming no team are left out. Repeated ids are fine.
  static absl::StatusOr<std::map<std::string, std::string>> SlugsByIds(
      store::Store& store, const std::vector<std::string>& ids);
  // Every team's slug, keyed by id (a view resolving thousands of rows reads them once).
  static absl::StatusOr<std::map<std::string, std::string>> AllSlugs(store::Store& store);
  // The slug of team `id`; NotFound ("no team <id>") when there is none.
  static absl::StatusOr<std::string> SlugOfTx(store::Tx& tx, const std::string& id);
  // An SQL piece for other domains' queries that show a team on their own rows in one statement;
  // the table's name stays in catalog/. "JOIN teams <alias> ON <alias>.id = <team_id_column> ":
  // <alias>.slug can be read.
  static std::string JoinSql(std::string_view alias, std::string_view team_id_column);

 private:
  store::Store* store_;
  const Clock* clock_;
};

// NULL for "" / nullopt, so optional columns stay NULL rather than empty.
store::Value OptionalText(const std::string& s);
store::Value OptionalInt(const std::optional<int64_t>& v);

// "%text%" with LIKE wildcards escaped (use with ESCAPE '\').
std::string LikePattern(const std::string& text);

}  // namespace paved::catalog
