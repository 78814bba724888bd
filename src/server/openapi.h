#pragma once

#include <string>

#include "http/router.h"
#include "nlohmann/json.hpp"

namespace paved::server {

// The OpenAPI 3 document for every route of `router`, built from the routes themselves (their
// summaries, access levels, path and query parameters and body schemas).
nlohmann::json BuildOpenApi(const http::Router& router, const std::string& version);

}  // namespace paved::server
