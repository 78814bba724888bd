#pragma once

#include "http/schema.h"

namespace paved::deploy::platform {

// The JSON bodies the platform API answers with (environments, clusters, project targets,
// policy exceptions and rules). Named shapes are documented once in OpenAPI.

http::Schema EnvironmentSchema();      // EnvironmentToJson
http::Schema EnvironmentPageSchema();  // GET /environments
// ClusterToJson; "credentials" only for callers who may see it (admins).
http::Schema ClusterSchema();
http::Schema ClusterPageSchema();          // GET /clusters, GET and PUT /projects/{slug}/targets
http::Schema PolicyExceptionSchema();      // StoredExceptionToJson
http::Schema PolicyExceptionPageSchema();  // GET /projects/{slug}/policy/exceptions
http::Schema PolicyRulePageSchema();       // GET /policy/rules

}  // namespace paved::deploy::platform
