#include "server/static_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/files.h"
#include "core/paths.h"
#include "http/errors.h"

namespace paved::server {
namespace {

// The regular file `rel` names inside `root` once canonical, or nullopt.
std::optional<std::filesystem::path> FileInside(const std::string& root,
                                                const std::filesystem::path& rel) {
  if (rel.empty()) return std::nullopt;
  std::optional<std::filesystem::path> file = CanonicalWithin(root, root / rel);
  std::error_code ec;
  if (!file || !std::filesystem::is_regular_file(*file, ec)) return std::nullopt;
  return file;
}

}  // namespace

std::optional<std::filesystem::path> ResolveStaticPath(const std::string& root,
                                                       const std::string& path) {
  std::optional<std::filesystem::path> rel = PlainRelativePath(path);
  return rel ? FileInside(root, *rel) : std::nullopt;
}

http::Response ServeStatic(const std::string& root, const http::Request& req) {
  if (req.method != "GET" && req.method != "HEAD") {
    return http::ErrorResponse(405, "method_not_allowed", "only GET is allowed here");
  }
  std::optional<std::filesystem::path> rel = PlainRelativePath(req.path);
  if (!rel) return http::ErrorResponse(404, "not_found", "no such file");
  std::optional<std::filesystem::path> file = FileInside(root, *rel);
  bool hashed_asset = req.path.rfind("/assets/", 0) == 0;
  // Missing assets are real 404s; everything else is a page of the single-page app.
  if (!file && hashed_asset) return http::ErrorResponse(404, "not_found", "no such file");
  if (!file) file = std::filesystem::path(root) / "index.html";
  http::Response r;
  std::optional<std::string> body = ReadWholeFile(*file);
  if (!body) {
    return http::ErrorResponse(404, "not_found",
                               "web UI not built: run `make web` (looked in " + root + ")");
  }
  r.body = std::move(*body);
  r.SetHeader("Content-Type", http::ContentTypeFor(file->filename().string()));
  r.SetHeader("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  if (req.method == "HEAD") r.body.clear();
  return r;
}

}  // namespace paved::server
