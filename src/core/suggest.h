#pragma once

#include <string>
#include <vector>

namespace paved {

// Levenshtein distance: insertions, deletions and substitutions of one byte each.
int EditDistance(const std::string& a, const std::string& b);

// What a "did you mean …?" names: the first candidate that `name` abbreviates (2+ letters),
// else the one closest within `max_distance` edits (the first of equals), else "".
std::string Closest(const std::string& name, const std::vector<std::string>& candidates,
                    int max_distance = 2);

// "'x' (did you mean 'y'?)" or "'x'": a name someone typed, with the closest valid one.
std::string NameWithSuggestion(const std::string& name, const std::vector<std::string>& candidates);

// "unknown environment 'prod' (did you mean 'production'?); environments: alpha, production":
// the message for a name that is not one of `valid` (a `kind`, pluralised with "s").
std::string UnknownNameMessage(const std::string& kind, const std::string& name,
                               const std::vector<std::string>& valid);

}  // namespace paved
