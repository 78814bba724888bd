// The traffic domain wired into the App: stored flow-log analyses and the traffic API, with the
// platform's clusters, and for each top edge the locality fix proposed by traffic/advice; the
// pod history kept from kubernetes clusters' API servers.
#include "absl/strings/str_cat.h"
#include "catalog/projects.h"
#include "core/status_macros.h"
#include "deploy/spec/spec_parser.h"
#include "deploy/spec/spec_store.h"
#include "server/app.h"
#include "traffic/advice/locality_advice.h"
#include "traffic/edges/traffic_routes.h"

namespace paved::server {
namespace {

// "namespace/workload" split in two ("", name without a slash).
std::pair<std::string, std::string> SplitWorkload(const std::string& workload) {
  size_t slash = workload.find('/');
  if (slash == std::string::npos) return {"", workload};
  return {workload.substr(0, slash), workload.substr(slash + 1)};
}

// The destination as a service of a Paved project, with its traffic.locality in the project's
// latest spec (absent when the spec has no such service or does not say).
absl::StatusOr<traffic::advice::PavedService> PavedServiceOf(catalog::ProjectStore* projects,
                                                             deploy::spec::SpecStore* specs,
                                                             const std::string& project_slug,
                                                             const std::string& service) {
  traffic::advice::PavedService out{.project = project_slug, .service = service};
  ASSIGN_OR_RETURN(std::optional<catalog::Project> project, projects->FindBySlug(project_slug));
  if (!project) return out;
  absl::StatusOr<deploy::spec::SpecVersion> version = specs->Get(project->id);
  if (absl::IsNotFound(version.status())) return out;
  RETURN_IF_ERROR(version.status());
  // A stored version was valid when pushed; one that no longer parses says nothing.
  absl::StatusOr<deploy::spec::AppSpec> spec = deploy::spec::ParseAppSpec(version->yaml, nullptr);
  if (!spec.ok()) return out;
  const deploy::spec::Component* c = spec->Find(service);
  if (c && c->traffic) out.locality = c->traffic->locality;
  return out;
}

// What the advice needs of an edge, from the stored edges, the destination's cluster and its
// project's spec. The destination's Service is taken to be named like its workload (what Paved
// renders). Its replicas are known only as the zones it received traffic in, not their count.
absl::StatusOr<std::optional<nlohmann::json>> Advise(deploy::platform::PlatformStore* platform,
                                                     catalog::ProjectStore* projects,
                                                     deploy::spec::SpecStore* specs,
                                                     const traffic::edges::EdgeFacts& facts) {
  namespace advice = traffic::advice;
  absl::StatusOr<deploy::platform::Cluster> cluster = platform->GetCluster(facts.cluster);
  if (absl::IsNotFound(cluster.status())) return std::nullopt;
  RETURN_IF_ERROR(cluster.status());
  const auto [ns, name] = SplitWorkload(facts.dst);
  advice::AdviceInput in{.edge = {.source = facts.src,
                                  .destination = facts.dst,
                                  .service = name,
                                  .service_namespace = ns,
                                  .cross_zone_bytes = static_cast<uint64_t>(facts.cross_zone_bytes),
                                  .window_seconds = facts.window_seconds},
                         .cluster = {.mesh = cluster->mesh,
                                     .kubernetes_version = cluster->kubernetes_version,
                                     .zones = cluster->zones}};
  for (const auto& [zone, bytes] : facts.source_zones) {
    if (!zone.empty()) in.source_zones.push_back({zone, static_cast<uint64_t>(bytes)});
  }
  for (const auto& [zone, bytes] : facts.destination_zones) {
    if (!zone.empty()) in.destination_replicas[zone] = 1;
  }
  in.replica_counts_known = false;
  if (!facts.dst_project.empty()) {
    ASSIGN_OR_RETURN(in.paved, PavedServiceOf(projects, specs, facts.dst_project, name));
  }
  absl::StatusOr<advice::Proposal> proposal = advice::ProposeLocality(in);
  // An edge the advice cannot describe (no zones known, a name that is no workload) gets no
  // proposal rather than failing the whole tab.
  if (absl::IsInvalidArgument(proposal.status())) return std::nullopt;
  RETURN_IF_ERROR(proposal.status());
  return advice::ProposalToJson(*proposal);
}

}  // namespace

absl::Status App::AddTrafficRoutes() {
  traffic_ = std::make_unique<traffic::edges::TrafficStore>(store_.get());
  deploy::platform::PlatformStore* platform = platform_.get();
  catalog::ProjectStore* projects = projects_.get();
  deploy::spec::SpecStore* specs = specs_.get();
  router_.Add(traffic::edges::TrafficRoutes(
      {.store = store_.get(),
       .clock = clock_,
       .audit = audit_.get(),
       .traffic = traffic_.get(),
       .platform = platform,
       .advisor = [platform, projects, specs](const traffic::edges::EdgeFacts& facts) {
         return Advise(platform, projects, specs, facts);
       }}));
  return absl::OkStatus();
}

absl::Status App::InstallPodHistory() {
  ASSIGN_OR_RETURN(traffic::pods::PodHistoryConfig config,
                   traffic::pods::ParsePodHistoryConfig(config_.file));
  pod_history_ =
      std::make_unique<traffic::pods::PodHistoryStore>(store_.get(), config.keep_seconds);
  // A flow-log source without pods/nodes documents reads the pods kept here.
  traffic_pod_history_ = [pods = pod_history_.get()](const std::string& cluster, int64_t from,
                                                     int64_t to) {
    return pods->HistoryOf(cluster, from, to + 1);
  };
  pod_history_job_ = std::make_unique<traffic::pods::PodHistoryJob>(
      traffic::pods::PodHistoryJobDeps{.platform = platform_.get(),
                                       .pods = pod_history_.get(),
                                       .clock = clock_,
                                       .credentials = {.files_dir = config_.cluster_credentials_dir,
                                                       .data_dir = config_.data_dir}},
      config);
  pod_history_job_->Register(*workers_, *scheduler_);
  metrics_.AddCollector([job = pod_history_job_.get()] {
    return absl::StrCat(
        "# HELP paved_traffic_pod_history_failures_total Kubernetes clusters whose pods could "
        "not be listed and recorded.\n"
        "# TYPE paved_traffic_pod_history_failures_total counter\n"
        "paved_traffic_pod_history_failures_total ",
        job->failures(), "\n");
  });
  return absl::OkStatus();
}

}  // namespace paved::server
