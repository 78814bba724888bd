#pragma once

#include "http/schema.h"

namespace paved::deploy::release {

// The JSON bodies of the release routes. Named shapes are documented once in OpenAPI.

// ReleaseToJson: GET /projects/{slug}/manifests (the JSON form; ?format=yaml answers YAML).
// The rendered objects are free-form Kubernetes objects.
http::Schema ReleaseSchema();
// GET /projects/{slug}/policy: the release's findings, exceptions applied.
http::Schema ReleasePolicySchema();
// render::StandardsToJson: GET /platform/standards.
http::Schema StandardsSchema();

}  // namespace paved::deploy::release
