#pragma once

#include "deploy/release/release_builder.h"
#include "deploy/render/standards.h"
#include "http/router.h"

namespace paved::deploy::release {

// Read-only views of what a deploy would apply (any signed-in user):
//   GET /api/v1/projects/{slug}/manifests?env=&cluster=&version=&digest=&format=yaml
//   GET /api/v1/projects/{slug}/policy?env=&cluster=&version=&digest=
//   GET /api/v1/platform/standards
// Secret values are never revealed here. `builder` and `standards` outlive the router.
std::vector<http::Route> ManifestRoutes(ReleaseBuilder* builder,
                                        const render::Standards* standards);

}  // namespace paved::deploy::release
