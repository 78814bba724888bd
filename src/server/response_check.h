#pragma once

#include "http/router.h"

namespace paved::server {

// `r` unchanged, unless it is a 2xx application/json answer (not a stream) of a route with a
// response schema and its body does not match that schema: then a 500 error with code
// "response_schema" naming the route and the JSON path of the first mismatch (also logged).
// The server applies it to every answer when PAVED_CHECK_RESPONSES=1, as tests run it.
http::Response CheckResponse(const http::Route& route, http::Response r);

}  // namespace paved::server
