#include "traffic/pods/pod_history_job.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "deploy/runtime/kubernetes/kube_config.h"
#include "spdlog/spdlog.h"
#include "traffic/pods/cluster_listing.h"

namespace paved::traffic::pods {
namespace {

namespace kubernetes = deploy::runtime::kubernetes;
using nlohmann::json;

absl::Status ConfigError(const std::string& key, const std::string& message) {
  return absl::InvalidArgumentError(absl::StrCat("config traffic.", key, ": ", message));
}

// traffic.<key> when present: a whole number in [min, max], else `fallback`.
absl::StatusOr<int64_t> Whole(const json& traffic, const std::string& key, int64_t min, int64_t max,
                              int64_t fallback) {
  if (!traffic.contains(key) || traffic[key].is_null()) return fallback;
  const json& v = traffic[key];
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max) {
    return ConfigError(key, absl::StrCat("must be a whole number from ", min, " to ", max));
  }
  return v.get<int64_t>();
}

}  // namespace

absl::StatusOr<PodHistoryConfig> ParsePodHistoryConfig(const json& file) {
  PodHistoryConfig c;
  if (!file.is_object() || !file.contains("traffic") || file["traffic"].is_null()) return c;
  const json& t = file["traffic"];
  if (!t.is_object()) return absl::InvalidArgumentError("config traffic: must be a mapping");
  constexpr int64_t kMax = int64_t{1} << 40;
  ASSIGN_OR_RETURN(int64_t every,
                   Whole(t, "pod_history_every_seconds", 10, 86400, c.every_ms / 1000));
  ASSIGN_OR_RETURN(int64_t page, Whole(t, "pod_history_page_size", 1, 5000, c.page_size));
  ASSIGN_OR_RETURN(c.max_pods, Whole(t, "pod_history_max_pods", 1, kMax, c.max_pods));
  ASSIGN_OR_RETURN(int64_t keep,
                   Whole(t, "pod_history_keep_days", 1, 3650, c.keep_seconds / 86400));
  c.every_ms = every * 1000;
  c.page_size = static_cast<int>(page);
  c.keep_seconds = keep * 86400;
  return c;
}

void PodHistoryJob::Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler) {
  workers.Register(kKind, [this](jobs::JobContext& ctx) { return RunOnce(ctx.heartbeat); });
  scheduler.EveryWhen(kKind, config_.every_ms, [this] {
    absl::StatusOr<bool> has = HasKubernetesCluster(*deps_.platform);
    if (!has.ok()) spdlog::warn("traffic: pod history: {}", has.status().ToString());
    return !has.ok() || *has;  // a store error: let the run report it
  });
}

absl::StatusOr<RecordCounts> PodHistoryJob::SyncCluster(const deploy::platform::Cluster& cluster) {
  ASSIGN_OR_RETURN(kubernetes::Credentials credentials,
                   kubernetes::ResolveCredentials(cluster, deps_.credentials));
  const std::string dir =
      deps_.ca_dir.empty() ? std::filesystem::temp_directory_path().string() : deps_.ca_dir;
  ASSIGN_OR_RETURN(std::string ca_file, kubernetes::CaFileFor(credentials, dir));
  http::ClientOptions options{.verify_tls = !credentials.insecure_skip_tls_verify,
                              .ca_file = ca_file,
                              .max_response_bytes = static_cast<size_t>(config_.max_page_bytes),
                              .use_env_proxy = false};
  std::unique_ptr<http::Client> http =
      deps_.new_client ? deps_.new_client(options) : http::NewCurlClient(options);
  kubernetes::ApiClient api(http.get(), std::move(credentials), deps_.timeout);
  const int64_t at = deps_.clock->NowMs() / 1000;
  ListStats stats;
  ASSIGN_OR_RETURN(ClusterListing listing, ListCluster(api,
                                                       {.page_size = config_.page_size,
                                                        .max_pods = config_.max_pods,
                                                        .max_nodes = config_.max_pods},
                                                       at, &stats));
  if (stats.invalid > 0) {
    spdlog::warn("traffic: cluster {}: {} pods with an unreadable time left out", cluster.name,
                 stats.invalid);
  }
  return deps_.pods->Record(cluster.name, listing);
}

absl::Status PodHistoryJob::RunOnce(const std::function<bool()>& heartbeat) {
  ASSIGN_OR_RETURN(std::vector<deploy::platform::Cluster> clusters, deps_.platform->Clusters());
  absl::Status first;
  for (const deploy::platform::Cluster& cluster : clusters) {
    if (cluster.runtime != "kubernetes") continue;
    if (heartbeat && !heartbeat()) break;
    absl::StatusOr<RecordCounts> counts = SyncCluster(cluster);
    if (!counts.ok()) {
      ++failures_;
      spdlog::warn("traffic: pod history of cluster {}: {}", cluster.name,
                   counts.status().ToString());
      if (first.ok()) first = counts.status();
      continue;
    }
    ++syncs_;
    if (counts->closed > 0 || counts->forgotten > 0) {
      spdlog::info("traffic: cluster {}: {} pods, {} ended since the last list, {} forgotten",
                   cluster.name, counts->pods, counts->closed, counts->forgotten);
    }
  }
  return first;
}

absl::StatusOr<bool> HasKubernetesCluster(deploy::platform::PlatformStore& platform) {
  ASSIGN_OR_RETURN(std::vector<deploy::platform::Cluster> clusters, platform.Clusters());
  for (const deploy::platform::Cluster& c : clusters) {
    if (c.runtime == "kubernetes") return true;
  }
  return false;
}

}  // namespace paved::traffic::pods
