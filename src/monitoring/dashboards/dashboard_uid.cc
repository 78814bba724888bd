#include "monitoring/dashboards/dashboard_uid.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/hashing.h"

namespace paved::monitoring::dashboards {
namespace {

constexpr size_t kHashLength = 10;

std::string Readable(absl::string_view text) {
  std::string out;
  for (char c : text) {
    char lower = absl::ascii_tolower(c);
    bool keep = absl::ascii_isalnum(lower) || lower == '-';
    if (!keep) lower = '-';
    if (lower == '-' && !out.empty() && out.back() == '-') continue;
    out.push_back(lower);
  }
  return out;
}

}  // namespace

std::string DashboardUid(absl::string_view kind, absl::string_view name) {
  std::string hash = Sha256Hex(absl::StrCat(kind, ":", name)).substr(0, kHashLength);
  std::string prefix = Readable(absl::StrCat(kind, "-", name));
  size_t room = kMaxUidLength - kHashLength - 1;
  if (prefix.size() > room) prefix.resize(room);
  while (!prefix.empty() && prefix.back() == '-') prefix.pop_back();
  return absl::StrCat(prefix, "-", hash);
}

}  // namespace paved::monitoring::dashboards
