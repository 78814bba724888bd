#include "server/static_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "http/errors.h"

namespace paved::server {
namespace {

std::string ContentType(const std::filesystem::path& p) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  auto it = kTypes.find(p.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

bool ReadFile(const std::filesystem::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::stringstream buf;
  buf << in.rdbuf();
  *out = buf.str();
  return true;
}

}  // namespace

http::Response ServeStatic(const std::string& root, const http::Request& req) {
  if (req.method != "GET" && req.method != "HEAD") {
    return http::ErrorResponse(405, "method_not_allowed", "only GET is allowed here");
  }
  namespace fs = std::filesystem;
  if (req.path.find("..") != std::string::npos || req.path.find('\0') != std::string::npos) {
    return http::ErrorResponse(404, "not_found", "no such file");
  }
  fs::path base(root);
  fs::path file = base / req.path.substr(1);
  std::error_code ec;
  bool is_file = !req.path.empty() && req.path != "/" && fs::is_regular_file(file, ec);
  if (!is_file) {
    // Missing assets are real 404s; everything else is a page of the single-page app.
    if (req.path.rfind("/assets/", 0) == 0) {
      return http::ErrorResponse(404, "not_found", "no such file");
    }
    file = base / "index.html";
  }
  http::Response r;
  if (!ReadFile(file, &r.body)) {
    return http::ErrorResponse(404, "not_found",
                               "web UI not built: run `make web` (looked in " + root + ")");
  }
  r.SetHeader("Content-Type", ContentType(file));
  bool hashed_asset = req.path.rfind("/assets/", 0) == 0;
  r.SetHeader("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  if (req.method == "HEAD") r.body.clear();
  return r;
}

}  // namespace paved::server
