#include "cli/suggest.h"

#include <algorithm>
#include <limits>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "core/suggest.h"

namespace paved::cli {
namespace {

std::vector<const CLI::App*> Subcommands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

std::vector<std::string> SubcommandNames(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : Subcommands(app)) names.push_back(sub->get_name());
  return names;
}

const CLI::App* FindSubcommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* sub : Subcommands(app)) {
    if (sub->check_name(name)) return sub;
  }
  return nullptr;
}

// Whether `arg` (e.g. "--server", "-p") is an option of `app` or of one above it that takes a
// value from the next word.
bool TakesValue(const CLI::App* app, const std::string& arg) {
  if (absl::StrContains(arg, '=')) return false;
  for (; app != nullptr; app = app->get_parent()) {
    const CLI::Option* opt = app->get_option_no_throw(arg);
    if (opt != nullptr) return opt->get_type_size_max() > 0 && opt->get_expected_max() > 0;
  }
  return false;
}

std::string FullName(const CLI::App* app) {
  std::vector<std::string> names;
  for (; app != nullptr; app = app->get_parent()) names.insert(names.begin(), app->get_name());
  return absl::StrJoin(names, " ");
}

}  // namespace

std::vector<std::string> Nearest(const std::string& word,
                                 const std::vector<std::string>& candidates) {
  std::vector<std::string> out;
  int best = std::numeric_limits<int>::max();
  for (const std::string& c : candidates) {
    const int d = EditDistance(word, c);
    if (d < best) out.clear(), best = d;
    if (d == best) out.push_back(c);
  }
  return out;
}

std::string SubcommandError(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* current = &app;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-') {
      if (TakesValue(current, arg)) ++i;
      continue;
    }
    const std::vector<std::string> names = SubcommandNames(*current);
    if (names.empty()) return "";  // a positional argument of a leaf command
    const CLI::App* sub = FindSubcommand(*current, arg);
    if (sub != nullptr) {
      current = sub;
      continue;
    }
    std::vector<std::string> quoted;
    for (const std::string& n : Nearest(arg, names)) quoted.push_back("'" + n + "'");
    return "unknown command '" + arg + "' for '" + FullName(current) + "'; did you mean " +
           absl::StrJoin(quoted, " or ") + "? (available: " + absl::StrJoin(names, ", ") + ")";
  }
  if (current->get_require_subcommand_min() == 0) return "";
  return "'" + FullName(current) +
         "' needs a command: " + absl::StrJoin(SubcommandNames(*current), ", ");
}

}  // namespace paved::cli
