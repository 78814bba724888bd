#pragma once

#include "http/router.h"

namespace paved::server {

// `r` unchanged, unless it is a 2xx answer the route does not document: then a 500 error
// (also logged) naming the route, with code
//  - "response_status" when the status is not the route's `success` (a route declaring 201 may
//    also answer 200: the request created nothing new);
//  - "response_schema" when it is an application/json answer (not a stream) of a route with a
//    response schema and its body does not match that schema, with the JSON path of the first
//    mismatch.
// The server applies it to every answer when PAVED_CHECK_RESPONSES=1, as tests run it.
http::Response CheckResponse(const http::Route& route, http::Response r);

}  // namespace paved::server
