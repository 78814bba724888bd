#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/router.h"
#include "resources/local/local_provider.h"
#include "resources/local/site_files.h"
#include "resources/resource_service.h"

namespace paved::resources {

// The Content-Security-Policy of every answer under /sites/: team-uploaded pages run in a
// sandbox with an opaque origin, so they can never act as Paved's own origin (its cookies, its
// API as the signed-in user).
inline constexpr char kSiteSandboxPolicy[] =
    "sandbox allow-scripts allow-forms allow-popups allow-downloads";

// Local static sites:
// - GET/HEAD /sites/{id}/{path...} (public: static sites are public websites) serves the files
//   of a ready local static site — a directory its `index_document`, a missing file its
//   `error_document` with 404 — with Content-Type by extension, ETag / If-None-Match and the
//   sandbox policy above on every answer; /sites/{id} redirects to /sites/{id}/. Anything that
//   is not a ready local static site is 404. One read of the resource, no write.
// - GET /api/v1/resources/{id}/site/files lists its files; PUT and DELETE
//   /api/v1/resources/{id}/site/files/{path...} write (the body is the file) and remove one,
//   for the writers of the resource's project, audited as resource.site.upload / .delete.
std::vector<http::Route> SiteRoutes(std::shared_ptr<ResourceService> service, ResourceStore* store,
                                    local::LocalProvider* local, local::SiteLimits limits);

}  // namespace paved::resources
