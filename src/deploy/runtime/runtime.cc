#include "deploy/runtime/runtime.h"

#include "core/clock.h"

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
  nlohmann::json events = nlohmann::json::array();
  for (const WorkloadEvent& e : w.events) {
    events.push_back(
        {{"type", e.type},
         {"reason", e.reason},
         {"object", e.object},
         {"message", e.message},
         {"count", e.count},
         {"last_seen", e.last_seen_ms > 0 ? nlohmann::json(FormatTimeMs(e.last_seen_ms))
                                          : nlohmann::json(nullptr)}});
  }
  nlohmann::json out = {{"component", w.component}, {"kind", w.kind},
                        {"desired", w.desired},     {"ready", w.ready},
                        {"instances", instances},   {"events", std::move(events)}};
  if (w.kind == "CronJob") {
    auto time_or_null = [](int64_t ms) {
      return ms > 0 ? nlohmann::json(FormatTimeMs(ms)) : nlohmann::json(nullptr);
    };
    out["schedule"] = w.schedule;
    out["last_schedule_at"] = time_or_null(w.last_schedule_ms);
    out["last_successful_at"] = time_or_null(w.last_successful_ms);
    out["last_runs"] = std::move(instances);
  }
  return out;
}

absl::Status ForApiCaller(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kUnimplemented:
    case absl::StatusCode::kUnavailable:
      return status;
    default:
      return absl::UnavailableError(status.ToString());
  }
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
