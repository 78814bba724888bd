#include "deploy/release/manifest_routes.h"

#include "absl/strings/numbers.h"
#include "core/status_macros.h"
#include "deploy/release/release_schemas.h"
#include "http/errors.h"

namespace paved::deploy::release {
namespace {

bool WantsYaml(const http::Request& req) {
  if (req.QueryParam("format").value_or("") == "yaml") return true;
  std::string accept = req.Header("Accept");
  return accept.find("application/yaml") != std::string::npos ||
         accept.find("text/yaml") != std::string::npos;
}

absl::StatusOr<ReleaseRequest> ReadRequest(http::Context& ctx) {
  ReleaseRequest r;
  r.project = ctx.Param("slug");
  r.environment = ctx.req.QueryParam("env").value_or("");
  r.cluster = ctx.req.QueryParam("cluster").value_or("");
  if (auto v = ctx.req.QueryParam("version")) {
    int64_t n = 0;
    if (!absl::SimpleAtoi(*v, &n) || n < 1) {
      return http::InvalidField("version", "version must be a spec version number (1, 2, ...)");
    }
    r.spec_version = n;
  }
  if (auto d = ctx.req.QueryParam("digest"); d && !d->empty()) r.digest = *d;
  return r;
}

absl::StatusOr<http::Response> Manifests(ReleaseBuilder& builder, http::Context& ctx) {
  ASSIGN_OR_RETURN(ReleaseRequest request, ReadRequest(ctx));
  ASSIGN_OR_RETURN(Release release, builder.Build(request));
  if (WantsYaml(ctx.req)) {
    http::Response r;
    r.status = 200;
    r.SetHeader("Content-Type", "application/yaml; charset=utf-8");
    // Warnings lead as YAML comments: seen by whoever reads the text, ignored by kubectl.
    for (const std::string& w : release.warnings) r.body += "# warning: " + w + "\n";
    r.body += release.yaml;
    return r;
  }
  return http::JsonResponse(200, ReleaseToJson(release));
}

absl::StatusOr<http::Response> Policy(ReleaseBuilder& builder, http::Context& ctx) {
  ASSIGN_OR_RETURN(ReleaseRequest request, ReadRequest(ctx));
  ASSIGN_OR_RETURN(Release release, builder.Build(request));
  return http::JsonResponse(200, {{"project", release.project},
                                  {"environment", release.environment},
                                  {"cluster", release.cluster},
                                  {"spec_version", release.spec_version},
                                  {"findings", policy::FindingsToJson(release.findings)},
                                  {"blocking", release.blocking}});
}

}  // namespace

std::vector<http::Route> ManifestRoutes(ReleaseBuilder* builder,
                                        const render::Standards* standards) {
  const std::vector<std::string> query = {"env", "cluster", "version", "digest"};
  return {
      {
          .method = "GET",
          .path = "/api/v1/projects/{slug}/manifests",
          .access = http::Access::kViewer,
          .summary =
              "Kubernetes objects rendered from the project's spec for one environment and cluster",
          .tag = "deploy",
          .query = {"env", "cluster", "version", "digest", "format"},
          .response = ReleaseSchema(),
          .handler =
              http::Handle([builder](http::Context& ctx) { return Manifests(*builder, ctx); }),
      },
      {
          .method = "GET",
          .path = "/api/v1/projects/{slug}/policy",
          .access = http::Access::kViewer,
          .summary = "Policy findings on the rendered manifests, exceptions applied",
          .tag = "policy",
          .query = query,
          .response = ReleasePolicySchema(),
          .handler = http::Handle([builder](http::Context& ctx) { return Policy(*builder, ctx); }),
      },
      {
          .method = "GET",
          .path = "/api/v1/platform/standards",
          .access = http::Access::kViewer,
          .summary = "The company standards every rendered object gets",
          .tag = "platform",
          .response = StandardsSchema(),
          .handler = http::Handle([standards](http::Context&) -> absl::StatusOr<http::Response> {
            return http::JsonResponse(200, render::StandardsToJson(*standards));
          }),
      },
  };
}

}  // namespace paved::deploy::release
