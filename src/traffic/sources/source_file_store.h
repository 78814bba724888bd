#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace paved::traffic::sources {

// What `traffic_source_files` says of one flow-log file of a source.
struct FlowFileState {
  std::string key, version;
  std::string state;              // analysed | failed
  std::vector<std::string> days;  // UTC days its flows started on (analysed files)
  std::string analysis_id;        // the analysis that first stored it
  std::string error;              // why it failed (failed files)
  int64_t at_ms = 0;
};

// What `traffic_source_runs` says of a source's last run.
struct SourceRun {
  std::string source;
  int64_t at_ms = 0;
  std::string state;        // ok | failed
  std::string analysis_id;  // "" when the run stored nothing
  int64_t analysed = 0, failed = 0, reread = 0;
  std::string error;  // why the run failed (state failed)
};

// Tables `traffic_source_files` and `traffic_source_runs`: which file of a flow-log source was
// analysed at which version, and each source's last run.
class SourceFileStore {
 public:
  explicit SourceFileStore(store::Store* store) : store_(store) {}

  // The source's files, by key.
  absl::StatusOr<std::vector<FlowFileState>> Files(const std::string& source);
  // Records `files` (replacing the rows of their keys) in one transaction.
  absl::Status RecordFiles(const std::string& source, const std::vector<FlowFileState>& files);

  absl::StatusOr<std::optional<SourceRun>> LastRun(const std::string& source);
  absl::Status RecordRun(const SourceRun& run);

 private:
  store::Store* store_;
};

}  // namespace paved::traffic::sources
