#pragma once

#include <memory>
#include <vector>

#include "catalog/resource_scan.h"
#include "http/router.h"

namespace paved::catalog {

// /api/v1/catalog/resource(s)/**: list, get, set or claim an owner, scan now (on `scanner`, from
// InstallCloudResources). Every pointer of `deps` outlives the routes.
std::vector<http::Route> ResourceRoutes(const CloudResourceDeps& deps,
                                        std::shared_ptr<ResourceScanner> scanner);

}  // namespace paved::catalog
