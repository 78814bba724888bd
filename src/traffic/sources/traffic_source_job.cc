#include "traffic/sources/traffic_source_job.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/status_macros.h"
#include "sources/lease_keeper.h"
#include "spdlog/spdlog.h"

namespace paved::traffic::sources {
namespace {

const paved::sources::Suffixes& FlowLogSuffixes() {
  static const auto* suffixes = new paved::sources::Suffixes{".log", ".log.gz"};
  return *suffixes;
}

}  // namespace

void TrafficSourceJob::Register(jobs::WorkerPool& workers, jobs::Scheduler& scheduler) {
  workers.Register(kKind, [this](jobs::JobContext& ctx) {
    std::string only;
    if (ctx.job.payload.is_object() && ctx.job.payload.contains("source") &&
        ctx.job.payload["source"].is_string()) {
      only = ctx.job.payload["source"].get<std::string>();
    }
    return RunOnce(ctx.heartbeat, only);
  });
  if (!config_.sources.empty()) scheduler.Every(kKind, config_.every_ms);
}

absl::StatusOr<std::shared_ptr<const PodHistory>> TrafficSourceJob::DocumentPods(
    const TrafficSourceSpec& spec) {
  auto where = paved::sources::OpenSource(spec.where, deps_.http, deps_.analysis.clock, {});
  ASSIGN_OR_RETURN(paved::sources::SourceFile pods, where->Stat(spec.pods));
  ASSIGN_OR_RETURN(paved::sources::SourceFile nodes, where->Stat(spec.nodes));
  const std::string versions = absl::StrCat(pods.version, "|", nodes.version);
  {
    absl::MutexLock lock(&mu_);
    auto it = pods_.find(spec.where.name);
    if (it != pods_.end() && it->second.versions == versions) return it->second.history;
  }
  ASSIGN_OR_RETURN(paved::sources::FetchedFile pods_file, where->Fetch(pods, deps_.scratch_dir));
  ASSIGN_OR_RETURN(paved::sources::FetchedFile nodes_file, where->Fetch(nodes, deps_.scratch_dir));
  absl::StatusOr<PodHistory> history = PodHistory::Load(pods_file.path(), nodes_file.path());
  if (!history.ok()) {
    return absl::Status(history.status().code(),
                        absl::StrCat(spec.where.name, ": pod history from ", spec.pods, " and ",
                                     spec.nodes, ": ", history.status().message()));
  }
  auto shared = std::make_shared<const PodHistory>(std::move(*history));
  absl::MutexLock lock(&mu_);
  pods_[spec.where.name] = {versions, shared};
  return shared;
}

absl::StatusOr<std::shared_ptr<const PodHistory>> TrafficSourceJob::PodsOf(
    const TrafficSourceSpec& spec, int64_t from, int64_t to) {
  if (!spec.pods.empty()) return DocumentPods(spec);
  if (!deps_.pod_history) {
    return absl::FailedPreconditionError(
        absl::StrCat(spec.where.name,
                     ": no pod history: give the source pods and nodes "
                     "documents, or run Paved with a pod history store"));
  }
  ASSIGN_OR_RETURN(PodHistory history, deps_.pod_history(spec.cluster, from, to));
  return std::make_shared<const PodHistory>(std::move(history));
}

absl::StatusOr<FlowSyncResult> TrafficSourceJob::Sync(const TrafficSourceSpec& spec) {
  if (deps_.cluster_known) {
    absl::Status known = deps_.cluster_known(spec.cluster);
    if (!known.ok()) {
      return absl::FailedPreconditionError(absl::StrCat("cluster '", spec.cluster, "' of source ",
                                                        spec.where.name,
                                                        " is not known: ", known.message()));
    }
  }
  auto logs =
      paved::sources::OpenSource(spec.where, deps_.http, deps_.analysis.clock, FlowLogSuffixes());
  FlowSyncDeps deps{.analysis = deps_.analysis, .files = deps_.files, .threads = deps_.threads};
  return SyncFlowLogs(
      deps, *logs, spec.cluster, [&](int64_t from, int64_t to) { return PodsOf(spec, from, to); },
      deps_.scratch_dir);
}

absl::Status TrafficSourceJob::RunOnce(const std::function<bool()>& heartbeat,
                                       const std::string& only) {
  std::error_code ec;
  std::filesystem::create_directories(deps_.scratch_dir, ec);
  // Reading a day of flow logs takes longer than a job's lease: keep the lease while it does.
  return paved::sources::WithLeaseKept(heartbeat, [&] {
    absl::Status first;
    for (const TrafficSourceSpec& spec : config_.sources) {
      if (!only.empty() && spec.where.name != only) continue;
      absl::StatusOr<FlowSyncResult> result = Sync(spec);
      SourceRun run{.source = spec.where.name,
                    .at_ms = deps_.analysis.clock->NowMs(),
                    .state = result.ok() ? "ok" : "failed"};
      if (result.ok()) {
        run.analysis_id = result->analysis_id;
        run.analysed = result->analysed;
        run.failed = result->failed;
        run.reread = result->reread;
        if (result->analysed > 0 || result->failed > 0) {
          spdlog::info("traffic: source {}: {} analysed, {} refused, {} read again{}{}",
                       spec.where.name, result->analysed, result->failed, result->reread,
                       result->errors.empty() ? "" : ": ", absl::StrJoin(result->errors, "; "));
        }
      } else {
        run.error = std::string(result.status().message());
        spdlog::warn("traffic: source {}: {}", spec.where.name, result.status().ToString());
        if (first.ok()) first = result.status();
      }
      absl::Status recorded = deps_.files->RecordRun(run);
      if (!recorded.ok() && first.ok()) first = recorded;
    }
    return first;
  });
}

}  // namespace paved::traffic::sources
