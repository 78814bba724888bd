#pragma once

#include <memory>
#include <vector>

#include "catalog/hr_sync.h"
#include "http/router.h"

namespace paved::catalog {

// GET/POST /api/v1/catalog/sync. `sync` is null when no HR source is configured (see
// InstallHrSync): POST then answers 409.
std::vector<http::Route> HrSyncRoutes(store::Store* store, jobs::Scheduler* scheduler,
                                      std::shared_ptr<HrSync> sync);

}  // namespace paved::catalog
