#pragma once

#include "deploy/policy/policy_config.h"
#include "http/router.h"

namespace paved::deploy::policy {

// POST /api/v1/policy/check (any signed-in user): checks the Kubernetes YAML in the body.
//   Content-Type application/yaml (or text/yaml): the body is the YAML; ?environment= optional.
//   otherwise JSON {"yaml": "...", "environment": "production"}.
// Answers 200 {"findings": [...], "blocking": bool}; malformed YAML → 422 invalid_yaml naming
// the document and line. `config` must outlive the routes; nullptr means the default policy.
std::vector<http::Route> PolicyRoutes(const PolicyConfig* config);

}  // namespace paved::deploy::policy
