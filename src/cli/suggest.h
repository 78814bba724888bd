#pragma once

// Friendlier usage errors than CLI11's for a mistyped or missing subcommand.

#include <string>
#include <vector>

#include "CLI/CLI.hpp"

namespace paved::cli {

// The names among `candidates` nearest to `word` by edit distance (core/suggest.h; ties kept,
// in order).
std::vector<std::string> Nearest(const std::string& word,
                                 const std::vector<std::string>& candidates);

// When `args` (argv without the program name) walk down `app`'s subcommands to one that has
// subcommands and then name none of them, the message for it: "unknown command 'lst' for 'paved
// artifact'; did you mean 'list'? (available: push, list)" or "'paved artifact' needs a command:
// push, list". "" when the words name a known command chain. Option values are skipped (an
// option of the command or of one above it that takes a value consumes the next word).
std::string SubcommandError(const CLI::App& app, const std::vector<std::string>& args);

}  // namespace paved::cli
