#pragma once

#include <string>

#include "http/router.h"
#include "nlohmann/json.hpp"

namespace paved::server {

// The OpenAPI 3 document for every route of `router`, built from the routes themselves (their
// summaries, access levels, path and query parameters, request and response schemas). Schemas
// given a name (http::Named) are documented once under components/schemas and referenced by
// $ref. Two different schemas under one name are a code bug: the document then lists the names
// under "x-paved-schema-conflicts" (which the OpenAPI test refuses).
nlohmann::json BuildOpenApi(const http::Router& router, const std::string& version);

// The path a route is documented under: its own, with a rest-of-path parameter "{name...}"
// written "{name}" as OpenAPI wants.
std::string OpenApiPath(const std::string& route_path);

}  // namespace paved::server
