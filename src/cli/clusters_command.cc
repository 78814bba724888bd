// `paved clusters list|set`: the platform's clusters (set: sre, admin).
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/status_macros.h"
#include "http/client.h"

namespace paved::cli {
namespace {

using json = nlohmann::json;

struct ClusterArgs {
  std::string name;
  // Only the options given are sent: the server keeps the other fields.
  std::optional<std::string> environment, region, runtime, mesh, kubernetes_version;
  std::optional<std::vector<std::string>> zones;
};

std::string Version(const json& c) {
  std::string v = Text(c, "kubernetes_version");
  return v.empty() ? "unknown" : v;
}

std::string RenderClusterTable(const json& items) {
  Table table({"CLUSTER", "ENV", "REGION", "RUNTIME", "MESH", "ZONES", "KUBERNETES"});
  for (const json& c : items) {
    table.AddRow({Text(c, "name"), Text(c, "environment"), Text(c, "region"), Text(c, "runtime"),
                  Text(c, "mesh"), Text(c, "zones"), Version(c)});
  }
  return table.Render();
}

// Every cluster: a platform has few, and the API answers them in one page.
absl::Status ListClusters(Context& ctx) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  ASSIGN_OR_RETURN(json list, api.Get("/clusters"));
  PrintList(ctx, list, RenderClusterTable(list["items"]), "clusters");
  return absl::OkStatus();
}

json SetBody(const ClusterArgs& args) {
  json body = json::object();
  auto put = [&](const char* key, const std::optional<std::string>& v) {
    if (v) body[key] = *v;
  };
  put("environment", args.environment);
  put("region", args.region);
  put("runtime", args.runtime);
  put("mesh", args.mesh);
  put("kubernetes_version", args.kubernetes_version);
  if (args.zones) body["zones"] = *args.zones;
  return body;
}

absl::Status SetCluster(Context& ctx, const ClusterArgs& args) {
  ASSIGN_OR_RETURN(ApiClient api, ctx.Api());
  const json body = SetBody(args);
  ASSIGN_OR_RETURN(json c, api.Call("PUT", "/clusters/" + http::UrlEncode(args.name), &body));
  ctx.Print(c, absl::StrCat("cluster/", Text(c, "name"), " saved: ", Text(c, "runtime"), " in ",
                            Text(c, "environment"), ", Kubernetes ", Version(c), "\n"));
  return absl::OkStatus();
}

}  // namespace

void AddClustersCommand(CLI::App& app, Context& ctx) {
  CLI::App* clusters = app.add_subcommand("clusters", "The platform's clusters");
  clusters->require_subcommand(1);

  CLI::App* cmd = clusters->add_subcommand("list", "Clusters with their runtime, mesh and version");
  cmd->callback([&ctx] { ctx.Finish(ListClusters(ctx)); });

  auto set = std::make_shared<ClusterArgs>();
  cmd = clusters->add_subcommand("set", "Create a cluster or change the fields given (sre, admin)");
  cmd->add_option("name", set->name, "Cluster name")->required();
  cmd->add_option("--environment", set->environment, "Environment; required when creating");
  cmd->add_option("--region", set->region, "Region, e.g. eu-west-1");
  cmd->add_option("--runtime", set->runtime, "local, kubernetes or gitops");
  cmd->add_option("--mesh", set->mesh, "istio, or \"\" for none");
  cmd->add_option("--zones", set->zones, "Availability zones (comma separated)")->delimiter(',');
  cmd->add_option("--kubernetes-version", set->kubernetes_version,
                  "The API server's version, e.g. 1.33; \"\" = unknown (rendered as 1.33)");
  cmd->callback([&ctx, set] { ctx.Finish(SetCluster(ctx, *set)); });
}

}  // namespace paved::cli
