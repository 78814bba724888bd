#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "http/message.h"

namespace paved::server {

// The file under `root` that the percent-decoded request path `path` names, or nullopt when it
// names none. Only paths made of plain segments are looked up: a NUL, a backslash, a "." or ".."
// segment gives nullopt, and so does a path whose canonical form (symlinks resolved) is not
// inside the canonical `root` or is not a regular file. Leading and repeated slashes are
// ignored, so "//etc/passwd" is looked up as "<root>/etc/passwd", never as "/etc/passwd".
std::optional<std::filesystem::path> ResolveStaticPath(const std::string& root,
                                                       const std::string& path);

// Serves the built web UI from `root`: files by path (ResolveStaticPath), and index.html for any
// other GET that is not an asset (the single-page app routes in the browser). A path that tries
// to leave `root` is a 404. Never reads outside `root`.
http::Response ServeStatic(const std::string& root, const http::Request& req);

}  // namespace paved::server
