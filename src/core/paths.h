#pragma once

#include <filesystem>
#include <optional>

namespace paved {

// Every path built from outside input (a request path, a file name in a repository, a location
// in a catalog file) is checked with this before it is opened: it resolves symlinks and "." and
// ".." (std::filesystem::weakly_canonical) in both, so neither "/etc/passwd" after a join, nor
// "../..", nor a symlink that points outside passes. Returns the canonical `path` when it is
// `root` or below it, nullopt otherwise (or when either cannot be resolved).
std::optional<std::filesystem::path> CanonicalWithin(const std::filesystem::path& root,
                                                     const std::filesystem::path& path);

}  // namespace paved
