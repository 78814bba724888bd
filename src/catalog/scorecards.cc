#include "catalog/scorecards.h"

#include <cmath>
#include <map>
#include <set>

#include "core/status_macros.h"

namespace paved::catalog {

const std::vector<ScoreCheck>& ScoreChecks() {
  static const std::vector<ScoreCheck> kChecks = {
      {"has_owner", "Owned by a team that exists",
       [](const ScoreFacts& f) { return f.project->OrphanReason().empty(); }},
      {"has_oncall", "Has an on-call contact",
       [](const ScoreFacts& f) { return !f.project->oncall.empty() || !f.team_oncall.empty(); }},
      {"has_description", "Has a description",
       [](const ScoreFacts& f) { return f.project->description.size() >= 10; }},
      {"has_repo_link", "Links to its repository",
       [](const ScoreFacts& f) {
         if (!f.project->repo_url.empty()) return true;
         for (const auto& l : f.project->links) {
           if (l.title.find("repo") != std::string::npos || l.icon == "github") return true;
         }
         return false;
       }},
      {"no_orphaned_resources", "Has no cloud resources without an owner",
       [](const ScoreFacts& f) { return f.orphaned_resources == 0; }},
  };
  return kChecks;
}

absl::StatusOr<nlohmann::json> Scorecards(store::Store& store, ProjectStore& projects,
                                          const std::string& team_slug) {
  std::map<std::string, std::string> team_oncall;
  ASSIGN_OR_RETURN(auto teams, store.Query("SELECT id, oncall FROM teams"));
  for (const auto& r : teams.rows) team_oncall[r.Text("id")] = r.Text("oncall");
  std::map<std::string, int64_t> orphaned;
  ASSIGN_OR_RETURN(auto res,
                   store.Query("SELECT r.project_id, COUNT(*) AS n FROM cloud_resources r "
                               "LEFT JOIN teams t ON t.id = r.owner_team_id WHERE "
                               "r.project_id IS NOT NULL AND (r.owner_team_id IS NULL OR "
                               "t.status = 'dissolved') GROUP BY r.project_id"));
  for (const auto& r : res.rows) orphaned[r.Text("project_id")] = r.Int("n");
  // Checks other domains contribute: the projects passing each.
  const std::vector<ContributedScoreCheck>& contributed = projects.score_checks();
  std::vector<std::set<std::string>> passing;
  for (const auto& c : contributed) {
    ASSIGN_OR_RETURN(auto ids, c.passing());
    passing.push_back(std::move(ids));
  }
  const size_t check_count = ScoreChecks().size() + contributed.size();

  nlohmann::json checks = nlohmann::json::array();
  for (const auto& c : ScoreChecks()) checks.push_back({{"id", c.id}, {"title", c.title}});
  for (const auto& c : contributed) checks.push_back({{"id", c.id}, {"title", c.title}});
  nlohmann::json rows = nlohmann::json::array();
  std::map<std::string, std::pair<double, int>> team_totals;
  std::string cursor;
  while (true) {
    ASSIGN_OR_RETURN(auto page,
                     projects.List({.owner_slug = team_slug, .after_slug = cursor, .limit = 500}));
    for (const Project& p : page) {
      ScoreFacts facts{&p, team_oncall[p.owner_team_id], orphaned[p.id]};
      nlohmann::json results = nlohmann::json::object();
      int passed = 0;
      for (const auto& c : ScoreChecks()) {
        bool ok = c.pass(facts);
        results[c.id] = ok;
        passed += ok;
      }
      for (size_t i = 0; i < contributed.size(); ++i) {
        bool ok = passing[i].count(p.id) > 0;
        results[contributed[i].id] = ok;
        passed += ok;
      }
      double score = std::round(100.0 * passed / check_count);
      rows.push_back(
          {{"slug", p.slug}, {"owner_team", p.owner_team}, {"score", score}, {"checks", results}});
      auto& t = team_totals[p.owner_team];
      t.first += score;
      t.second += 1;
    }
    if (page.size() < 500) break;
    cursor = page.back().slug;
  }
  nlohmann::json team_rows = nlohmann::json::array();
  for (const auto& [slug, total] : team_totals) {
    team_rows.push_back({{"slug", slug},
                         {"score", std::round(total.first / total.second)},
                         {"projects", total.second}});
  }
  return nlohmann::json{{"checks", checks}, {"projects", rows}, {"teams", team_rows}};
}

}  // namespace paved::catalog
