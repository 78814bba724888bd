#pragma once

#include <memory>
#include <vector>

#include "http/router.h"
#include "resources/resource_service.h"

namespace paved::resources {

// The resources API: /api/v1/resources (across projects), /api/v1/projects/{slug}/resources
// (create), /api/v1/resources/{id} (show with journal and live status, follow it as server-sent
// events, delete with a typed confirmation, deletion protection) and /api/v1/resource-profiles
// (the standard, sre/admin).
std::vector<http::Route> ResourceRoutes(std::shared_ptr<ResourceService> service,
                                        ResourceStore* store, SagaRunner* runner);

}  // namespace paved::resources
