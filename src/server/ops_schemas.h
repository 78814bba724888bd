#pragma once

#include "http/schema.h"

namespace paved::server {

// The JSON bodies of the operational routes.

http::Schema HealthSchema();          // GET /healthz, /readyz: {"status"}
http::Schema OpenApiSchema();         // GET /api/v1/openapi.json: an OpenAPI 3 document
http::Schema AuditEventPageSchema();  // GET /api/v1/audit
http::Schema JobPageSchema();         // GET /api/v1/jobs

}  // namespace paved::server
