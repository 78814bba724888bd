#include "monitoring/grafana/provisioning.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/atomic_file.h"
#include "core/files.h"
#include "core/paths.h"
#include "core/status_macros.h"
#include "monitoring/grafana/deliverer.h"

namespace paved::monitoring::grafana {
namespace {

namespace fs = std::filesystem;

// A folder title as one path segment.
std::string Segment(const std::string& title) {
  std::string out = absl::StrReplaceAll(title, {{"/", "-"}, {"\\", "-"}});
  if (out.empty() || out == "." || out == "..") out = "_";
  return out;
}

absl::StatusOr<bool> WriteIfChanged(const fs::path& root, const fs::path& rel,
                                    const std::string& content) {
  auto path = CanonicalWithin(root, root / rel);
  if (!path) return absl::InvalidArgumentError("provisioning path outside " + root.string());
  std::error_code ec;
  fs::create_directories(path->parent_path(), ec);
  if (ec)
    return absl::UnavailableError(absl::StrCat(path->parent_path().string(), ": ", ec.message()));
  if (auto old = ReadWholeFile(*path); old && *old == content) return false;
  RETURN_IF_ERROR(WriteFileAtomically(path->string(), content, 0644));
  return true;
}

}  // namespace

absl::StatusOr<int> WriteProvisioningFiles(const std::string& dir, const std::string& folder_prefix,
                                           const std::vector<dashboards::GeneratedDashboard>& all) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat(dir, ": ", ec.message()));
  fs::path root = fs::weakly_canonical(dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat(dir, ": ", ec.message()));
  int written = 0;
  for (const auto& d : all) {
    fs::path rel = fs::path(Segment(TeamFolder(folder_prefix, d.team).title)) / (d.uid + ".json");
    ASSIGN_OR_RETURN(bool changed, WriteIfChanged(root, rel, d.model.dump(2) + "\n"));
    if (changed) ++written;
  }
  return written;
}

}  // namespace paved::monitoring::grafana
