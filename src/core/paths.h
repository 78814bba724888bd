#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace paved {

// Every path built from outside input (a request path, a file name in a repository, a location
// in a catalog file) is checked with this before it is opened: it resolves symlinks and "." and
// ".." (std::filesystem::weakly_canonical) in both, so neither "/etc/passwd" after a join, nor
// "../..", nor a symlink that points outside passes. Returns the canonical `path` when it is
// `root` or below it, nullopt otherwise (or when either cannot be resolved).
std::optional<std::filesystem::path> CanonicalWithin(const std::filesystem::path& root,
                                                     const std::filesystem::path& path);

// A request path (already percent-decoded once) as a relative path of plain segments, or nullopt
// when it holds a NUL, a backslash, or a "." or ".." segment. Leading and repeated slashes are
// dropped, so "//etc/passwd" is "etc/passwd": join the result to a root, never use it alone.
std::optional<std::filesystem::path> PlainRelativePath(std::string_view path);

// Opens `rel` (plain segments, as PlainRelativePath gives) below the directory `root`, one
// segment at a time with O_NOFOLLOW, so that no symlink anywhere below `root` is followed, even
// one planted there or swapped in meanwhile. `flags` are those of the last segment (O_RDONLY,
// O_DIRECTORY, ...); O_CLOEXEC and O_NOFOLLOW are added. An empty `rel` opens `root` itself.
// Returns the descriptor (the caller closes it), or -1 with errno set (ELOOP for a symlink,
// ENOENT, ENOTDIR, ...).
int OpenBeneath(const std::filesystem::path& root, const std::filesystem::path& rel, int flags);

}  // namespace paved
