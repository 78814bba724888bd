#include "resources/site_routes.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/status_macros.h"
#include "http/errors.h"
#include "http/json_body.h"
#include "resources/resource_schemas.h"

namespace paved::resources {
namespace {

using http::Access;
using http::Context;
using http::Response;
using nlohmann::json;

std::string Param(const Context& ctx, const std::string& name) {
  auto it = ctx.req.path_params.find(name);
  return it == ctx.req.path_params.end() ? "" : it->second;
}

bool IsLocalSite(const Resource& r) { return r.kind == Kind::kStaticSite && r.provider == "local"; }

bool Serves(const Resource& r) {
  return IsLocalSite(r) && (r.status == Status::kReady || r.status == Status::kUpdating);
}

std::string Setting(const Resource& r, const std::string& name, const std::string& fallback) {
  const json& v = EffectiveValue(r, name);
  return v.is_string() && !v.get<std::string>().empty() ? v.get<std::string>() : fallback;
}

Response SitePlain(int status, const std::string& text) {
  Response r;
  r.status = status;
  r.SetHeader("Content-Type", "text/plain; charset=utf-8");
  r.body = text;
  return r;
}

// Headers every answer under /sites/ carries.
Response Sandboxed(Response r) {
  r.SetHeader("Content-Security-Policy", kSiteSandboxPolicy);
  r.SetHeader("X-Content-Type-Options", "nosniff");
  // Module scripts and fetches of a sandboxed page are cross-origin requests.
  r.SetHeader("Access-Control-Allow-Origin", "*");
  return r;
}

// A redirect to /sites/<to>.
Response Redirect(const std::string& to) {
  Response out = SitePlain(301, "Moved Permanently\n");
  out.SetHeader("Location", "/sites/" + to);
  return out;
}

bool EtagMatches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (absl::StripAsciiWhitespace(if_none_match) == "*") return true;
  for (absl::string_view tag : absl::StrSplit(if_none_match, ',')) {
    tag = absl::StripAsciiWhitespace(tag);
    if (absl::StartsWith(tag, "W/")) tag.remove_prefix(2);
    if (tag == etag) return true;
  }
  return false;
}

Response FileResponse(const Context& ctx, local::SiteContent file, int status) {
  Response r;
  r.status = status;
  r.SetHeader("ETag", file.etag);
  r.SetHeader("Cache-Control", "no-cache");
  if (status == 200 && EtagMatches(ctx.req.Header("If-None-Match"), file.etag)) {
    r.status = 304;
    return r;
  }
  r.SetHeader("Content-Type", http::ContentTypeFor(file.name));
  r.body = std::move(file.body);
  return r;
}

json SiteFileJson(const local::SiteFile& f) {
  return {{"path", f.path},
          {"size", f.size},
          {"sha256", f.sha256},
          {"etag", f.etag},
          {"modified", FormatTimeMs(f.modified * 1000)}};
}

absl::Status NotALocalSite(const Resource& r) {
  return DomainError(absl::StatusCode::kFailedPrecondition, "not_a_local_site",
                     absl::StrCat(r.name, " is a ", KindName(r.kind), " of provider ", r.provider,
                                  "; only local static sites take files through Paved"));
}

class SitesApi {
 public:
  SitesApi(std::shared_ptr<ResourceService> service, ResourceStore* store,
           local::LocalProvider* local, local::SiteLimits limits)
      : service_(std::move(service)), store_(store), local_(local), limits_(limits) {}

  Response Serve(Context& ctx) { return Sandboxed(Find(ctx)); }

  absl::StatusOr<Response> List(Context& ctx) {
    ASSIGN_OR_RETURN(Resource r, service_->Get(Param(ctx, "id")));
    if (!IsLocalSite(r)) return NotALocalSite(r);
    json items = json::array();
    int64_t total = 0;
    if (Serves(r)) {
      ASSIGN_OR_RETURN(std::vector<local::SiteFile> files, Files(r).List());
      for (const local::SiteFile& f : files) {
        items.push_back(SiteFileJson(f));
        total += f.size;
      }
    }
    std::string url = r.outputs.value("url", "");
    return http::JsonResponse(200, {{"items", items},
                                    {"total_bytes", total},
                                    {"url", url.empty() ? json(nullptr) : json(url)}});
  }

  absl::StatusOr<Response> Put(Context& ctx) {
    ASSIGN_OR_RETURN(Resource r, Writable(ctx));
    ASSIGN_OR_RETURN(local::SiteFile f, Files(r).Write(Param(ctx, "path"), ctx.req.body));
    RETURN_IF_ERROR(service_->Audit(*ctx.caller, r, "resource.site.upload",
                                    {{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}}));
    return http::JsonResponse(200, SiteFileJson(f));
  }

  absl::StatusOr<Response> Delete(Context& ctx) {
    ASSIGN_OR_RETURN(Resource r, Writable(ctx));
    RETURN_IF_ERROR(Files(r).Delete(Param(ctx, "path")));
    RETURN_IF_ERROR(
        service_->Audit(*ctx.caller, r, "resource.site.delete", {{"path", Param(ctx, "path")}}));
    return http::NoContent();
  }

 private:
  local::SiteFiles Files(const Resource& r) const {
    return local::SiteFiles(local_->SiteDir(r), limits_);
  }

  Response Find(const Context& ctx) {
    absl::StatusOr<std::optional<Resource>> r = store_->Get(Param(ctx, "id"));
    if (!r.ok() || !*r || !Serves(**r)) return SitePlain(404, "Not Found\n");
    if (!ctx.req.path_params.contains("path")) return Redirect((*r)->id + "/");
    local::SiteFiles files = Files(**r);
    std::optional<local::SiteContent> found =
        files.Find(Param(ctx, "path"), Setting(**r, "index_document", "index.html"));
    if (found && found->is_directory) return Redirect((*r)->id + "/" + Param(ctx, "path") + "/");
    if (found) return FileResponse(ctx, std::move(*found), 200);
    std::optional<local::SiteContent> error =
        files.Find(Setting(**r, "error_document", "error.html"), "");
    if (error && !error->is_directory) return FileResponse(ctx, std::move(*error), 404);
    return SitePlain(404, "Not Found\n");
  }

  // A ready local static site the caller may change.
  absl::StatusOr<Resource> Writable(const Context& ctx) {
    ASSIGN_OR_RETURN(Resource r, service_->GetWritable(*ctx.caller, Param(ctx, "id")));
    if (!IsLocalSite(r)) return NotALocalSite(r);
    if (!Serves(r)) {
      return DomainError(absl::StatusCode::kFailedPrecondition, "resource_not_ready",
                         absl::StrCat(r.name, " is ", StatusName(r.status), ", not ready"));
    }
    return r;
  }

  std::shared_ptr<ResourceService> service_;
  ResourceStore* store_;
  local::LocalProvider* local_;
  local::SiteLimits limits_;
};

}  // namespace

std::vector<http::Route> SiteRoutes(std::shared_ptr<ResourceService> service, ResourceStore* store,
                                    local::LocalProvider* local, local::SiteLimits limits) {
  auto api = std::make_shared<SitesApi>(std::move(service), store, local, limits);
  auto serve = [api](Context& ctx) { return api->Serve(ctx); };
  std::vector<http::Route> routes;
  for (const char* method : {"GET", "HEAD"}) {
    routes.push_back({.method = method,
                      .path = "/sites/{id}/{path...}",
                      .access = Access::kPublic,
                      .summary = "A file of a ready local static site (public, sandboxed; "
                                 "/sites/{id} redirects to /sites/{id}/)",
                      .tag = "sites",
                      .produces = "application/octet-stream",
                      .handler = serve,
                      .authenticates_itself = true});
  }
  routes.push_back({
      .method = "GET",
      .path = "/api/v1/resources/{id}/site/files",
      .access = Access::kViewer,
      .summary = "The files of a local static site, with its url",
      .tag = "resources",
      .response = SiteFileListSchema(),
      .handler = http::Bind(api, &SitesApi::List),
  });
  routes.push_back({
      .method = "PUT",
      .path = "/api/v1/resources/{id}/site/files/{path...}",
      .access = Access::kDeveloper,
      .summary = "Write a file of a local static site (the body is the file; atomic)",
      .tag = "resources",
      .response = SiteFileSchema(),
      .handler = http::Bind(api, &SitesApi::Put),
      .max_body_bytes = static_cast<size_t>(limits.max_file_bytes),
  });
  routes.push_back({
      .method = "DELETE",
      .path = "/api/v1/resources/{id}/site/files/{path...}",
      .access = Access::kDeveloper,
      .summary = "Remove a file of a local static site",
      .tag = "resources",
      .success = 204,
      .produces = "",
      .handler = http::Bind(api, &SitesApi::Delete),
  });
  return routes;
}

}  // namespace paved::resources
