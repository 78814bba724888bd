#include "core/paths.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

namespace paved {

std::optional<std::filesystem::path> CanonicalWithin(const std::filesystem::path& root,
                                                     const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path base = fs::weakly_canonical(root, ec);
  if (ec || base.empty()) return std::nullopt;
  fs::path resolved = fs::weakly_canonical(path, ec);
  if (ec) return std::nullopt;
  // Compare whole components, so /srv/web-old is not inside /srv/web.
  auto base_end = base.end();
  if (!base.empty() && base.filename().empty()) --base_end;  // a trailing slash
  auto [b, p] = std::mismatch(base.begin(), base_end, resolved.begin(), resolved.end());
  if (b != base_end) return std::nullopt;
  return resolved;
}

std::optional<std::filesystem::path> PlainRelativePath(std::string_view path) {
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return std::nullopt;
  }
  std::filesystem::path rel;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return std::nullopt;
    if (!segment.empty()) rel /= std::string(segment);
    start = end + 1;
  }
  return rel;
}

int OpenBeneath(const std::filesystem::path& root, const std::filesystem::path& rel, int flags) {
  int dir = open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return -1;
  std::vector<std::string> segments;
  for (const auto& part : rel) {
    std::string s = part.string();
    if (s.empty() || s == "/" || s == "." || s == "..") {
      close(dir);
      errno = EINVAL;
      return -1;
    }
    segments.push_back(std::move(s));
  }
  if (segments.empty()) {
    if ((flags & O_DIRECTORY) || (flags & O_ACCMODE) == O_RDONLY) return dir;
    close(dir);
    errno = EISDIR;
    return -1;
  }
  for (size_t i = 0; i < segments.size(); ++i) {
    bool last = i + 1 == segments.size();
    int next = openat(dir, segments[i].c_str(),
                      (last ? flags : O_RDONLY | O_DIRECTORY) | O_NOFOLLOW | O_CLOEXEC);
    int saved = errno;
    close(dir);
    if (next < 0) {
      errno = saved;
      return -1;
    }
    dir = next;
  }
  return dir;
}

}  // namespace paved
