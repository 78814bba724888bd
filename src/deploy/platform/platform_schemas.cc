#include "deploy/platform/platform_schemas.h"

namespace paved::deploy::platform {

using namespace ::paved::http;  // NOLINT(google-build-using-namespace): schema builders

Schema EnvironmentSchema() {
  return Named("Environment",
               Object({{"name", String()}, {"position", Integer()}, {"production", Boolean()}}));
}

Schema EnvironmentPageSchema() { return PageOf(EnvironmentSchema()); }

Schema ClusterSchema() {
  return Named("Cluster", Object({{"name", String()},
                                  {"region", String()},
                                  {"environment", String()},
                                  {"runtime", Enum({"local", "kubernetes", "gitops"})},
                                  {"endpoint", String()},
                                  {"mesh", Enum({"", "istio"})},
                                  {"zones", Array(String())},
                                  {"teams", Array(String())},
                                  {"kubernetes_version", String()},
                                  {"credentials", Optional(String())}}));
}

Schema ClusterPageSchema() { return PageOf(ClusterSchema()); }

Schema PolicyExceptionSchema() {
  return Named("PolicyException", Object({{"id", String()},
                                          {"project", String()},
                                          {"rule", String()},
                                          {"reason", String()},
                                          {"approved_by", String()},
                                          {"expires_at", String()},
                                          {"created_at", String()},
                                          {"revoked_at", Nullable(String())},
                                          {"revoked_by", String()},
                                          {"active", Boolean()}}));
}

Schema PolicyExceptionPageSchema() { return PageOf(PolicyExceptionSchema()); }

Schema PolicyRulePageSchema() {
  Schema rule = Named("PolicyRule", Object({{"id", String()},
                                            {"severity", Enum({"error", "warning", "off"})},
                                            {"default_severity", Enum({"error", "warning"})},
                                            {"description", String()},
                                            {"how_to_fix", String()},
                                            {"kinds", Array(String())}}));
  return PageOf(rule);
}

}  // namespace paved::deploy::platform
