#pragma once

#include <string>

#include "http/message.h"

namespace paved::server {

// Serves the built web UI from `root`: files by path, and index.html for any other GET that is
// not an API path (the single-page app routes in the browser). Never leaves `root`.
http::Response ServeStatic(const std::string& root, const http::Request& req);

}  // namespace paved::server
