#include "server/ops_schemas.h"

#include "jobs/job_schemas.h"

namespace paved::server {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

Schema HealthSchema() { return Object({{"status", Enum({"ok", "ready"})}}); }

Schema OpenApiSchema() {
  return OpenObject({{"openapi", String()}, {"info", Any()}, {"paths", Map(Any())}});
}

Schema AuditEventPageSchema() {
  return PageOf(Named("AuditEvent", Object({{"seq", Integer()},
                                            {"time", String()},
                                            {"actor", String()},
                                            {"action", String()},
                                            {"subject", String()},
                                            {"summary", Any()}})));
}

Schema JobPageSchema() { return PageOf(jobs::JobSchema()); }

}  // namespace paved::server
