#include "deploy/release/release_schemas.h"

#include "deploy/policy/policy_schemas.h"

namespace paved::deploy::release {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

Schema ReleaseSchema() {
  return Named("Manifests", Object({{"project", String()},
                                    {"environment", String()},
                                    {"cluster", String()},
                                    {"namespace", String()},
                                    {"spec_version", Integer()},
                                    {"digests", Map(String())},
                                    {"config_versions", Map(Integer())},
                                    {"secret_versions", Map(Integer())},
                                    {"objects", Array(Map(Any()))},
                                    {"yaml", String()},
                                    {"hash", String()},
                                    {"warnings", Array(String())}}));
}

Schema ReleasePolicySchema() {
  return Named("ProjectPolicy", Object({{"project", String()},
                                        {"environment", String()},
                                        {"cluster", String()},
                                        {"spec_version", Integer()},
                                        {"findings", Array(policy::FindingSchema())},
                                        {"blocking", Boolean()}}));
}

Schema StandardsSchema() {
  Schema quantities = Object({{"cpu", String()}, {"memory", String()}});
  return Named("Standards",
               Object({{"labels", Map(String())},
                       {"resources", Object({{"defaults", quantities},
                                             {"ceilings", quantities},
                                             {"cpu_limit", Enum({"equal", "none"})}})},
                       {"probes", Object({{"initial_delay_seconds", Integer()},
                                          {"period_seconds", Integer()},
                                          {"failure_threshold", Integer()}})},
                       {"topology_spread",
                        Object({{"max_skew", Integer()}, {"when_unsatisfiable", String()}})},
                       {"security_context", Object({{"run_as_user", Integer()}})},
                       {"image_pull_secrets", Array(String())},
                       {"prometheus", Object({{"scrape", Boolean()}, {"path", String()}})},
                       {"pdb", Object({{"min_available_percent", Integer()}})},
                       {"writable_paths", Array(String())},
                       {"overridable", Array(String())}}));
}

}  // namespace paved::deploy::release
