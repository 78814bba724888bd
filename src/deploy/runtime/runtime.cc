#include "deploy/runtime/runtime.h"

namespace paved::deploy::runtime {

const char* HealthName(Health h) {
  switch (h) {
    case Health::kProgressing:
      return "progressing";
    case Health::kHealthy:
      return "healthy";
    case Health::kFailed:
      return "failed";
  }
  return "progressing";
}

nlohmann::json WorkloadToJson(const Workload& w) {
  nlohmann::json instances = nlohmann::json::array();
  for (const Instance& i : w.instances) {
    instances.push_back({{"name", i.name},
                         {"state", i.state},
                         {"restarts", i.restarts},
                         {"url", i.url},
                         {"deployment_id", i.deployment_id},
                         {"started_at_ms", i.started_at_ms}});
  }
  return {{"component", w.component},
          {"kind", w.kind},
          {"desired", w.desired},
          {"ready", w.ready},
          {"instances", std::move(instances)}};
}

void RuntimeRegistry::Add(const std::string& kind, std::unique_ptr<Runtime> runtime) {
  runtimes_[kind] = std::move(runtime);
}

absl::StatusOr<Runtime*> RuntimeRegistry::For(const platform::Cluster& cluster) const {
  auto it = runtimes_.find(cluster.runtime);
  if (it == runtimes_.end()) {
    return absl::NotFoundError("no runtime '" + cluster.runtime + "' for cluster " + cluster.name);
  }
  return it->second.get();
}

}  // namespace paved::deploy::runtime
