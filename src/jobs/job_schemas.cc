#include "jobs/job_schemas.h"

namespace paved::jobs {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

Schema JobSchema() {
  Schema time = Nullable(String());
  return Named("Job", Object({{"id", String()},
                              {"kind", String()},
                              {"payload", Any()},
                              {"state", Enum({"queued", "running", "succeeded", "dead"})},
                              {"attempts", Integer()},
                              {"max_attempts", Integer()},
                              {"run_at", time},
                              {"lease_owner", String()},
                              {"lease_until", time},
                              {"last_error", String()},
                              {"created_at", time},
                              {"updated_at", time},
                              {"finished_at", time}}));
}

Schema QueuedJobSchema() { return Object({{"job", JobSchema()}}); }

}  // namespace paved::jobs
