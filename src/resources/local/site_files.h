#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace paved::resources::local {

// How much a local static site may hold.
struct SiteLimits {
  int64_t max_file_bytes = int64_t{10} << 20;
  int64_t max_site_bytes = int64_t{200} << 20;
  int max_files = 10000;
};

// One file of a site, as the listing shows it.
struct SiteFile {
  std::string path;  // relative, '/'-separated: "css/site.css"
  int64_t size = 0;
  std::string sha256;    // lowercase hex of the content
  std::string etag;      // as served: "\"<size>-<mtime ns>\"" in hex
  int64_t modified = 0;  // unix seconds
};

// A file found for a request, read whole.
struct SiteContent {
  std::string name;  // the file's own name, for its content type
  std::string body;
  std::string etag;
  // The path names a directory but has no trailing slash: ask again with one (nothing else set).
  bool is_directory = false;
};

// The path a client names for a file of a site ("css/site.css"), checked: 1-1024 bytes of
// segments separated by single slashes, none of them empty, "." or "..", longer than 255 bytes,
// holding a NUL, a backslash or a control character, or starting with ".paved-" (Paved's own
// temporary files). InvalidArgument "invalid_path" about field "path" otherwise.
absl::StatusOr<std::filesystem::path> SiteFilePath(std::string_view path);

// The files of one local static site, below `root` (`<data>/resources/<id>/site`). Nothing
// outside `root` is ever read or written: paths are checked with SiteFilePath and opened one
// segment at a time without following any symlink (core/paths.h OpenBeneath), and symlinks in
// the directory are neither served nor listed. Thread-safe: the writes of all sites are
// serialised (uploads are rare), so the limits hold.
class SiteFiles {
 public:
  SiteFiles(std::filesystem::path root, SiteLimits limits)
      : root_(std::move(root)), limits_(limits) {}

  // The file a request path below the site names ("", "docs/", "css/site.css"): a regular
  // file, or for a directory with a trailing slash its `index_document` (one without says
  // `is_directory`). nullopt when there is none or the path is not one SiteFilePath accepts (a
  // trailing slash aside).
  std::optional<SiteContent> Find(std::string_view request_path,
                                  const std::string& index_document) const;

  // Every regular file, sorted by path.
  absl::StatusOr<std::vector<SiteFile>> List() const;

  // Writes `content` to `path` atomically (a temporary file beside it, renamed over it),
  // creating the directories on the way. InvalidArgument "invalid_path" for a bad path;
  // ResourceExhausted "payload_too_large" above max_file_bytes, "site_too_large" when the site
  // would exceed max_site_bytes; InvalidArgument "too_many_files" above max_files;
  // FailedPrecondition "path_conflict" when a directory is in the way (or a file where a
  // directory must be).
  absl::StatusOr<SiteFile> Write(std::string_view path, const std::string& content);

  // Removes the file at `path`, and the directories it leaves empty. NotFound when there is no
  // such file.
  absl::Status Delete(std::string_view path);

 private:
  std::filesystem::path root_;
  SiteLimits limits_;
};

}  // namespace paved::resources::local
