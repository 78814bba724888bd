#include "deploy/metrics/metrics_schemas.h"

namespace paved::deploy::metrics {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

Schema DeployMetricsAnswerSchema() {
  Schema dora = Object({{"deployment_frequency_per_day", Number()},
                        {"lead_time_p50_ms", Nullable(Integer())},
                        {"change_failure_rate", Nullable(Number())},
                        {"recovery_time_p50_ms", Nullable(Integer())}});
  Schema group = Named("DeployMetrics", Object({{"key", String()},
                                                {"deployments", Integer()},
                                                {"succeeded", Integer()},
                                                {"failed", Integer()},
                                                {"rolled_back", Integer()},
                                                {"duration_p50_ms", Nullable(Integer())},
                                                {"duration_p90_ms", Nullable(Integer())},
                                                {"failure_rate", Nullable(Number())},
                                                {"dora", dora}}));
  return Object({{"items", Array(group)}, {"from", String()}, {"to", String()}});
}

}  // namespace paved::deploy::metrics
