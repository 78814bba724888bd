#include "core/paths.h"

#include <algorithm>

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

}  // namespace paved
