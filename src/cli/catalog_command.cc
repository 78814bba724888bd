// `paved catalog ...`: Backstage import and export, HR sync, orphans and owner lookup.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>

#include "absl/strings/str_cat.h"
#include "cli/catalog_import.h"
#include "cli/catalog_output.h"
#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

struct ImportArgs {
  std::string source;
  bool dry_run = false;
};

struct ExportArgs {
  std::string project, output;
};

struct OwnerArgs {
  std::string ns, cluster, project, resource;
};

// The import request body: the local YAML, or {"url": ...} for the server to fetch.
absl::StatusOr<RawBody> ImportBody(const std::string& source, std::optional<CatalogSource>& local) {
  if (IsRemoteLocation(source)) {
    return RawBody{"application/json", nlohmann::json{{"url", source}}.dump()};
  }
  ASSIGN_OR_RETURN(local, ReadCatalogSource(source));
  return RawBody{"application/yaml", local->text};
}

// The import answer, also when the server rejects the import with its result shape (errors).
absl::StatusOr<nlohmann::json> ImportAnswer(const http::ClientResponse& response) {
  const nlohmann::json result =
      nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  const bool has_errors = result.is_object() && result.contains("errors") &&
                          result["errors"].is_array() && !result["errors"].empty();
  if ((response.status < 200 || response.status > 299) && !has_errors) {
    return ErrorFromResponse(response.status, response.body);
  }
  if (!result.is_object()) return absl::InternalError("unexpected answer to the import");
  return result;
}

absl::Status ImportCatalog(Context& ctx, const ImportArgs& args) {
  std::optional<CatalogSource> local;
  ASSIGN_OR_RETURN(RawBody body, ImportBody(args.source, local));
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  // Each local file or folder is its own location, so importing another one orphans nothing.
  std::string location;
  if (local) {
    std::error_code ec;
    location = "cli:" + std::filesystem::weakly_canonical(args.source, ec).string();
  }
  const std::string path = WithQuery(
      "/catalog/import", {{"dry_run", args.dry_run ? "true" : ""}, {"location", location}});
  ASSIGN_OR_RETURN(http::ClientResponse response,
                   api.Exchange("POST", path, &body, "application/json"));
  ASSIGN_OR_RETURN(nlohmann::json result, ImportAnswer(response));
  const ImportReport report = FormatImportResult(result, args.dry_run, local ? &*local : nullptr);
  if (ctx.global().json) {
    ctx.out() << result.dump(2) << '\n';
  } else {
    ctx.out() << report.out;
    ctx.err() << report.err;
  }
  if (report.failed) ctx.SetExitCode(1);
  return absl::OkStatus();
}

absl::Status ExportCatalog(Context& ctx, const ExportArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const std::string path =
      args.project.empty() ? "/catalog/export"
                           : "/projects/" + http::UrlEncode(args.project) + "/catalog-info.yaml";
  ASSIGN_OR_RETURN(std::string yaml, api.GetText(path));
  if (args.output.empty() || args.output == "-") {
    ctx.out() << yaml;
    return absl::OkStatus();
  }
  RETURN_IF_ERROR(WriteFileAtomically(args.output, yaml, 0644));
  ctx.err() << "Wrote " << args.output << '\n';
  return absl::OkStatus();
}

absl::Status SyncCatalog(Context& ctx) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json answer, api.Post("/catalog/sync", nlohmann::json::object()));
  ctx.Print(answer, RenderJobStarted("HR sync", answer));
  return absl::OkStatus();
}

absl::Status ListOrphans(Context& ctx) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json answer, api.Get("/catalog/orphans"));
  const nlohmann::json items = answer.value("items", nlohmann::json::array());
  const nlohmann::json list = {{"items", items}, {"next_cursor", nullptr}};
  PrintList(ctx, ctx.global().json ? answer : list, RenderOrphans(items, ctx.env().now()),
            "orphans");
  return absl::OkStatus();
}

absl::StatusOr<QueryParams> OwnerQuery(const OwnerArgs& args) {
  const int given = !args.ns.empty() + !args.project.empty() + !args.resource.empty();
  if (given != 1) {
    return absl::InvalidArgumentError("give exactly one of --namespace, --project, --resource");
  }
  if (!args.cluster.empty() && args.ns.empty()) {
    return absl::InvalidArgumentError("--cluster only goes with --namespace");
  }
  return QueryParams{{"namespace", args.ns},
                     {"cluster", args.cluster},
                     {"project", args.project},
                     {"resource", args.resource}};
}

absl::Status FindOwner(Context& ctx, const OwnerArgs& args) {
  absl::StatusOr<QueryParams> query = OwnerQuery(args);
  if (!query.ok()) {
    ctx.SetExitCode(2);
    return query.status();
  }
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(nlohmann::json owner, api.Get(WithQuery("/catalog/owner", *query)));
  ctx.Print(owner, RenderOwner(owner));
  return absl::OkStatus();
}

void AddImport(CLI::App& catalog, Context& ctx) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = catalog.add_subcommand(
      "import", "Import Backstage catalog-info.yaml from a file, a directory or a URL");
  cmd->add_option("source", args->source,
                  "FILE, DIR (every *.yaml / *.yml below it), or an http(s):// / git+ URL the "
                  "server fetches")
      ->required();
  cmd->add_flag("--dry-run", args->dry_run, "Only show what would change");
  cmd->callback([&ctx, args] { ctx.Finish(ImportCatalog(ctx, *args)); });
}

void AddExport(CLI::App& catalog, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = catalog.add_subcommand("export", "Export the catalog as Backstage YAML");
  cmd->add_option("-p,--project", args->project, "Only this project's catalog-info.yaml");
  cmd->add_option("-o,--output", args->output, "Write to FILE instead of stdout");
  cmd->callback([&ctx, args] { ctx.Finish(ExportCatalog(ctx, *args)); });
}

void AddOwner(CLI::App& catalog, Context& ctx) {
  auto args = std::make_shared<OwnerArgs>();
  CLI::App* cmd = catalog.add_subcommand("owner", "Who owns a namespace, project or resource");
  cmd->add_option("--namespace", args->ns, "Kubernetes namespace");
  cmd->add_option("--cluster", args->cluster, "Cluster of the namespace (default: any)");
  cmd->add_option("-p,--project", args->project, "Project slug");
  cmd->add_option("--resource", args->resource, "Cloud resource id (ARN)");
  cmd->callback([&ctx, args] { ctx.Finish(FindOwner(ctx, *args)); });
}

}  // namespace

void AddCatalogCommand(CLI::App& app, Context& ctx) {
  CLI::App* catalog = app.add_subcommand("catalog", "Import, export and query the catalog");
  catalog->require_subcommand(1);
  AddImport(*catalog, ctx);
  AddExport(*catalog, ctx);
  catalog->add_subcommand("sync", "Run the HR team sync now (sre, admin)")->callback([&ctx] {
    ctx.Finish(SyncCatalog(ctx));
  });
  catalog->add_subcommand("orphans", "Projects and resources that need an owner")->callback([&ctx] {
    ctx.Finish(ListOrphans(ctx));
  });
  AddOwner(*catalog, ctx);
}

}  // namespace paved::cli
