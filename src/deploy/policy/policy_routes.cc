#include "deploy/policy/policy_routes.h"

#include <algorithm>
#include <cctype>

#include "core/status_macros.h"
#include "deploy/policy/checker.h"
#include "http/errors.h"

namespace paved::deploy::policy {
namespace {

const http::BodySchema kCheck = {
    {.name = "yaml", .required = true, .description = "Kubernetes objects, multi-document YAML"},
    {.name = "environment",
     .description = "environment the objects are for; \"production\" enables production rules"},
};

bool IsYamlContentType(std::string type) {
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  type = type.substr(0, type.find(';'));
  type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
  return type == "application/yaml" || type == "application/x-yaml" || type == "text/yaml" ||
         type == "text/x-yaml";
}

struct CheckRequest {
  std::string yaml;
  std::string environment;
};

absl::StatusOr<CheckRequest> ReadRequest(const http::Request& req) {
  if (IsYamlContentType(req.Header("Content-Type"))) {
    return CheckRequest{req.body, req.QueryParam("environment").value_or("")};
  }
  ASSIGN_OR_RETURN(auto body, http::ParseBody(req, kCheck));
  return CheckRequest{body["yaml"].get<std::string>(), body.value("environment", "")};
}

absl::StatusOr<http::Response> Check(const PolicyConfig& config, http::Context& ctx) {
  ASSIGN_OR_RETURN(CheckRequest in, ReadRequest(ctx.req));
  auto findings = CheckYaml(in.yaml, in.environment, config);
  if (!findings.ok()) {
    return http::ApiError(absl::StatusCode::kInvalidArgument, "invalid_yaml",
                          std::string(findings.status().message()), "yaml");
  }
  return http::JsonResponse(
      200, {{"findings", FindingsToJson(*findings)}, {"blocking", Blocks(*findings)}});
}

}  // namespace

std::vector<http::Route> PolicyRoutes(const PolicyConfig* config) {
  static const PolicyConfig kDefault;
  const PolicyConfig* cfg = config ? config : &kDefault;
  return {
      {
          .method = "POST",
          .path = "/api/v1/policy/check",
          .access = http::Access::kViewer,
          .summary = "Check Kubernetes YAML against the platform policy rules",
          .tag = "policy",
          .query = {"environment"},
          .request = kCheck,
          .handler = http::Handle([cfg](http::Context& ctx) { return Check(*cfg, ctx); }),
      },
  };
}

}  // namespace paved::deploy::policy
