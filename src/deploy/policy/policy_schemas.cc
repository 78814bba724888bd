#include "deploy/policy/policy_schemas.h"

namespace paved::deploy::policy {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

Schema FindingSchema() {
  return Named("PolicyFinding", Object({{"rule", String()},
                                        {"severity", Enum({"warning", "error"})},
                                        {"object", String()},
                                        {"path", String()},
                                        {"message", String()},
                                        {"how_to_fix", String()},
                                        {"excepted", Boolean()},
                                        {"exception", Optional(String())}}));
}

Schema PolicyCheckSchema() {
  return Object({{"findings", Array(FindingSchema())}, {"blocking", Boolean()}});
}

}  // namespace paved::deploy::policy
