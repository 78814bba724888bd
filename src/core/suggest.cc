#include "core/suggest.h"

#include <algorithm>

namespace paved {

int EditDistance(const std::string& a, const std::string& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string Closest(const std::string& name, const std::vector<std::string>& candidates,
                    int max_distance) {
  // An abbreviation ("prod") means the name it starts, however many letters it leaves out.
  if (name.size() >= 2) {
    for (const std::string& c : candidates) {
      if (c.size() > name.size() && c.compare(0, name.size(), name) == 0) return c;
    }
  }
  std::string best;
  int best_distance = max_distance + 1;
  for (const std::string& c : candidates) {
    int d = EditDistance(name, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string NameWithSuggestion(const std::string& name,
                               const std::vector<std::string>& candidates) {
  constexpr size_t kShown = 64;  // names are DNS labels; a longer one is shown cut, not echoed
  std::string closest = Closest(name, candidates);
  std::string out = "'" + (name.size() > kShown ? name.substr(0, kShown) + "…" : name) + "'";
  if (!closest.empty()) out += " (did you mean '" + closest + "'?)";
  return out;
}

std::string UnknownNameMessage(const std::string& kind, const std::string& name,
                               const std::vector<std::string>& valid) {
  std::string list;
  for (const std::string& v : valid) list += (list.empty() ? "" : ", ") + v;
  return "unknown " + kind + " " + NameWithSuggestion(name, valid) + "; " + kind +
         "s: " + (list.empty() ? "none" : list);
}

}  // namespace paved
