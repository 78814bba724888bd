#include "catalog/backstage/backstage_routes.h"

#include <malloc.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "auth/permissions.h"
#include "catalog/backstage/backstage_schemas.h"
#include "catalog/backstage/exporter.h"
#include "catalog/backstage/importer.h"
#include "catalog/backstage/sources.h"
#include "catalog/backstage/yaml_json.h"
#include "core/role.h"
#include "core/status_macros.h"
#include "http/errors.h"

namespace paved::catalog::backstage {
namespace {

using http::Access;
using http::Context;
using http::Response;

const http::BodySchema kImportUrl = {
    {.name = "url",
     .required = true,
     .description = "https://…/catalog-info.yaml, git+https://…[#path], or a local path"}};

Response Yaml(const std::string& body) {
  Response r;
  r.status = 200;
  r.SetHeader("Content-Type", "application/yaml");
  r.body = body;
  return r;
}

bool IsYamlType(const std::string& content_type) {
  std::string t = absl::AsciiStrToLower(content_type.substr(0, content_type.find(';')));
  t = std::string(absl::StripAsciiWhitespace(t));
  return t == "application/yaml" || t == "text/yaml" || t == "application/x-yaml" ||
         t == "text/x-yaml";
}

// Where pasted YAML comes from when the caller names no location: a place of its own
// ("paste:<login>-<time>"), so one person's paste never orphans what another's created.
constexpr size_t kMaxLocation = 256;

// A location named by the caller: kept with every entity it creates and shown in lists, so
// printable and short.
absl::Status CheckLocation(const std::string& location) {
  if (location.size() > kMaxLocation) {
    return http::InvalidField("location", "location is longer than 256 characters");
  }
  for (unsigned char c : location) {
    if (c < 0x20 || c == 0x7f) {
      return http::InvalidField("location", "location may not contain control characters");
    }
  }
  return absl::OkStatus();
}

std::string PasteLocation(const std::string& login, const Clock& clock) {
  return "paste:" + login + "-" + FormatTimeMs(clock.NowMs());
}

class BackstageApi {
 public:
  explicit BackstageApi(const BackstageDeps& d) : d_(d) {
    if (d_.hr_id_annotation.empty()) d_.hr_id_annotation = "paved.dev/hr-id";
    if (d_.clock == nullptr) d_.clock = SystemClock::Get();
    if (d_.http_client == nullptr) {
      own_client_ = http::NewCurlClient();
      d_.http_client = own_client_.get();
    }
  }

  absl::StatusOr<Response> Import(Context& ctx) {
    absl::StatusOr<Response> r = ImportEntities(ctx);
    // The parsed documents and entities of a large import are gone now; give their pages back
    // to the system instead of keeping the process at its peak (10,000 entities: 197 → 39 MiB).
    malloc_trim(0);
    return r;
  }

  absl::StatusOr<Response> ImportEntities(Context& ctx) {
    const http::Caller& caller = *ctx.caller;
    bool privileged = auth::CanImportFromServerPath(caller);
    SourceReader reader(
        {.http_client = d_.http_client, .allow_local = privileged, .allow_remote = privileged});
    std::vector<Entity> entities;
    std::vector<CatalogError> errors;
    ImportOptions options{.actor = caller.login,
                          .caller = &caller,
                          .dry_run = ctx.req.QueryParam("dry_run").value_or("") == "true"};
    if (IsYamlType(ctx.req.Header("Content-Type"))) {
      options.location = ctx.req.QueryParam("location").value_or("");
      RETURN_IF_ERROR(CheckLocation(options.location));
      if (options.location.empty()) options.location = PasteLocation(caller.login, *d_.clock);
      reader.ReadInline(ctx.req.body, entities, errors);
    } else {
      ASSIGN_OR_RETURN(auto body, http::ParseBody(ctx.req, kImportUrl));
      if (!privileged) {
        return absl::PermissionDeniedError("developers may import inline YAML only");
      }
      options.location = body["url"];
      RETURN_IF_ERROR(reader.ReadUrl(options.location, entities, errors));
    }
    ImportResult result{.location = options.location, .errors = errors};
    if (errors.empty()) {
      Importer importer(
          {d_.store, d_.teams, d_.projects, d_.resources, d_.audit, d_.clock, d_.hr_id_annotation});
      ASSIGN_OR_RETURN(result, importer.Import(std::move(entities), options));
    }
    if (result.errors.empty()) return http::JsonResponse(200, result.ToJson());
    const CatalogError& first = result.errors.front();
    nlohmann::json body = result.ToJson();
    body["error"] = {{"code", "invalid_catalog"}, {"message", first.ToString()}};
    if (!first.field.empty()) body["error"]["field"] = first.field;
    return http::JsonResponse(422, body);
  }

  absl::StatusOr<Response> Export(Context& ctx) {
    ASSIGN_OR_RETURN(auto docs, Exp().All());
    return Yaml(EmitDocuments(docs));
  }

  absl::StatusOr<Response> ProjectInfo(Context& ctx) {
    ASSIGN_OR_RETURN(auto docs, Exp().Project(ctx.Param("slug")));
    if (!docs) return absl::NotFoundError("no project " + ctx.Param("slug"));
    return Yaml(EmitDocuments(*docs));
  }

  absl::StatusOr<Response> Entities(Context& ctx) {
    ASSIGN_OR_RETURN(auto page, http::ParsePage(ctx.req));
    std::string kind = absl::AsciiStrToLower(ctx.req.QueryParam("kind").value_or(""));
    std::string sql =
        "SELECT ref, kind, namespace, name, location, document, created_at, updated_at, "
        "orphaned_at FROM catalog_entities WHERE ref > $1";
    store::Params params = {page.cursor};
    if (!kind.empty()) {
      sql += " AND kind = $2";
      params.push_back(kind);
    }
    sql += " ORDER BY ref LIMIT " + std::to_string(page.limit + 1);
    ASSIGN_OR_RETURN(auto rs, d_.store->Query(sql, params));
    nlohmann::json items = nlohmann::json::array();
    std::string next;
    for (const auto& row : rs.rows) {
      if (static_cast<int>(items.size()) == page.limit) {
        next = items.back()["ref"];
        break;
      }
      items.push_back({{"ref", row.Text("ref")},
                       {"kind", row.Text("kind")},
                       {"namespace", row.Text("namespace")},
                       {"name", row.Text("name")},
                       {"location", row.Text("location")},
                       {"orphaned", !row.IsNull("orphaned_at")},
                       {"orphaned_at", row.IsNull("orphaned_at")
                                           ? nlohmann::json(nullptr)
                                           : nlohmann::json(FormatTimeMs(row.Int("orphaned_at")))},
                       {"created_at", FormatTimeMs(row.Int("created_at"))},
                       {"updated_at", FormatTimeMs(row.Int("updated_at"))},
                       {"document", nlohmann::json::parse(row.Text("document"), nullptr, false)}});
    }
    return http::PageResponse(items, next);
  }

 private:
  Exporter Exp() { return Exporter({d_.store, d_.projects, d_.resources, d_.hr_id_annotation}); }

  BackstageDeps d_;
  std::unique_ptr<http::Client> own_client_;
};

}  // namespace

std::vector<http::Route> BackstageRoutes(const BackstageDeps& deps) {
  auto api = std::make_shared<BackstageApi>(deps);
  return {
      {
          .method = "POST",
          .path = "/api/v1/catalog/import",
          .access = Access::kDeveloper,
          .summary = "Import Backstage catalog-info.yaml (body YAML, or {\"url\"})",
          .tag = "catalog",
          .query = {"dry_run", "location"},
          .request = kImportUrl,
          .response = ImportResultSchema(),
          .handler = http::Bind(api, &BackstageApi::Import),
      },
      {
          .method = "GET",
          .path = "/api/v1/catalog/export",
          .access = Access::kViewer,
          .summary = "Export the catalog as Backstage YAML",
          .tag = "catalog",
          .produces = "application/yaml",
          .handler = http::Bind(api, &BackstageApi::Export),
      },
      {
          .method = "GET",
          .path = "/api/v1/projects/{slug}/catalog-info.yaml",
          .access = Access::kViewer,
          .summary = "A project's Backstage catalog-info.yaml",
          .tag = "catalog",
          .produces = "application/yaml",
          .handler = http::Bind(api, &BackstageApi::ProjectInfo),
      },
      {
          .method = "GET",
          .path = "/api/v1/catalog/entities",
          .access = Access::kViewer,
          .summary = "Imported Backstage entities (?kind=)",
          .tag = "catalog",
          .query = {"kind", "limit", "cursor"},
          .response = EntityPageSchema(),
          .handler = http::Bind(api, &BackstageApi::Entities),
      },
  };
}

}  // namespace paved::catalog::backstage
