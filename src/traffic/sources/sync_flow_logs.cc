#include "traffic/sources/sync_flow_logs.h"

#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "traffic/sources/flow_log_batch.h"

namespace paved::traffic::sources {
namespace {

using paved::sources::SourceFile;

// The files of a run: those to read first (new or changed) and those already analysed.
struct Plan {
  std::vector<SourceFile> fresh;
  std::map<std::string, std::vector<std::string>> previous_days;          // changed files' old days
  std::vector<std::pair<SourceFile, std::vector<std::string>>> analysed;  // unchanged, days
  int unchanged = 0;
};

Plan PlanRun(const std::vector<SourceFile>& listed, const std::vector<FlowFileState>& states) {
  std::map<std::string, const FlowFileState*> known;
  for (const FlowFileState& s : states) known[s.key] = &s;
  Plan plan;
  for (const SourceFile& file : listed) {
    auto it = known.find(file.key);
    if (it == known.end() || it->second->version != file.version) {
      plan.fresh.push_back(file);
      if (it != known.end()) plan.previous_days[file.key] = it->second->days;
      continue;
    }
    ++plan.unchanged;
    if (it->second->state == "analysed") plan.analysed.push_back({file, it->second->days});
  }
  return plan;
}

// [oldest write of `files` − kRecordLagSeconds, now].
std::pair<int64_t, int64_t> Window(const std::vector<SourceFile>& files, int64_t now_s) {
  int64_t oldest = now_s;
  for (const SourceFile& f : files) {
    if (f.modified_s > 0) oldest = std::min(oldest, f.modified_s);
  }
  return {oldest - kRecordLagSeconds, now_s};
}

int Threads(int threads) {
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace

absl::StatusOr<FlowSyncResult> SyncFlowLogs(const FlowSyncDeps& deps,
                                            paved::sources::FileSource& logs,
                                            const std::string& cluster, const PodsFor& pods,
                                            const std::string& scratch_dir) {
  ASSIGN_OR_RETURN(std::vector<SourceFile> listed, logs.List());
  ASSIGN_OR_RETURN(std::vector<FlowFileState> states, deps.files->Files(logs.name()));
  Plan plan = PlanRun(listed, states);
  FlowSyncResult result{.unchanged = plan.unchanged};
  if (plan.fresh.empty()) return result;

  auto [from, to] = Window(plan.fresh, deps.analysis.clock->NowMs() / 1000);
  ASSIGN_OR_RETURN(std::shared_ptr<const PodHistory> history, pods(from, to));
  const int threads = Threads(deps.threads);
  ReportSum sum;
  std::vector<FileOutcome> outcomes;
  RETURN_IF_ERROR(AnalyzeBatch(logs, plan.fresh, *history, scratch_dir, threads, sum, outcomes));

  // The days to store: those of the new files, and those a changed file covered before.
  std::set<std::string> days;
  for (const FileOutcome& o : outcomes) days.insert(o.days.begin(), o.days.end());
  for (const auto& [key, old] : plan.previous_days) days.insert(old.begin(), old.end());
  std::vector<SourceFile> again;
  for (const auto& [file, file_days] : plan.analysed) {
    if (std::any_of(file_days.begin(), file_days.end(),
                    [&](const std::string& d) { return days.contains(d); })) {
      again.push_back(file);
    }
  }
  std::vector<FileOutcome> again_outcomes;
  RETURN_IF_ERROR(AnalyzeBatch(logs, again, *history, scratch_dir, threads, sum, again_outcomes));
  for (size_t i = 0; i < again.size(); ++i) {
    if (!again_outcomes[i].status.ok()) return again_outcomes[i].status;  // changed meanwhile
  }
  result.reread = static_cast<int>(again.size());

  if (!days.empty()) {
    ASSIGN_OR_RETURN(edges::TrafficAnalysis analysis,
                     edges::StoreAnalysis(deps.analysis, cluster, logs.name(), deps.actor,
                                          sum.OnDays(days), {days.begin(), days.end()}));
    result.analysis_id = analysis.id;
  }
  std::vector<FlowFileState> records;
  const int64_t now_ms = deps.analysis.clock->NowMs();
  for (size_t i = 0; i < plan.fresh.size(); ++i) {
    const SourceFile& file = plan.fresh[i];
    FlowFileState r{.key = file.key, .version = file.version, .at_ms = now_ms};
    if (outcomes[i].status.ok()) {
      ++result.analysed;
      r.state = "analysed";
      r.days.assign(outcomes[i].days.begin(), outcomes[i].days.end());
      r.analysis_id = result.analysis_id;
    } else {
      ++result.failed;
      r.state = "failed";
      r.error = std::string(outcomes[i].status.message());
      result.errors.push_back(absl::StrCat(file.key, ": ", r.error));
    }
    records.push_back(std::move(r));
  }
  RETURN_IF_ERROR(deps.files->RecordFiles(logs.name(), records));
  return result;
}

}  // namespace paved::traffic::sources
