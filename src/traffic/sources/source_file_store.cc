#include "traffic/sources/source_file_store.h"

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/status_macros.h"

namespace paved::traffic::sources {

absl::StatusOr<std::vector<FlowFileState>> SourceFileStore::Files(const std::string& source) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT key, version, state, days, analysis_id, error, at FROM "
                                 "traffic_source_files WHERE source = $1 ORDER BY key",
                                 {source}));
  std::vector<FlowFileState> out;
  for (const store::Row& row : rs.rows) {
    out.push_back({.key = row.Text("key"),
                   .version = row.Text("version"),
                   .state = row.Text("state"),
                   .days = absl::StrSplit(row.Text("days"), ',', absl::SkipEmpty()),
                   .analysis_id = row.Text("analysis_id"),
                   .error = row.Text("error"),
                   .at_ms = row.Int("at")});
  }
  return out;
}

absl::Status SourceFileStore::RecordFiles(const std::string& source,
                                          const std::vector<FlowFileState>& files) {
  return store_->Transaction([&](store::Tx& tx) -> absl::Status {
    for (const FlowFileState& f : files) {
      RETURN_IF_ERROR(tx.Query("DELETE FROM traffic_source_files WHERE source = $1 AND key = $2",
                               {source, f.key})
                          .status());
      RETURN_IF_ERROR(tx.Query("INSERT INTO traffic_source_files (source, key, version, state, "
                               "days, analysis_id, error, at) VALUES ($1, $2, $3, $4, $5, $6, "
                               "$7, $8)",
                               {source, f.key, f.version, f.state, absl::StrJoin(f.days, ","),
                                f.analysis_id, f.error, f.at_ms})
                          .status());
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<SourceRun>> SourceFileStore::LastRun(const std::string& source) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store_->Query("SELECT source, at, state, analysis_id, analysed, failed, "
                                 "reread, error FROM traffic_source_runs WHERE source = $1",
                                 {source}));
  if (rs.rows.empty()) return std::nullopt;
  const store::Row& row = rs.rows[0];
  return SourceRun{.source = row.Text("source"),
                   .at_ms = row.Int("at"),
                   .state = row.Text("state"),
                   .analysis_id = row.Text("analysis_id"),
                   .analysed = row.Int("analysed"),
                   .failed = row.Int("failed"),
                   .reread = row.Int("reread"),
                   .error = row.Text("error")};
}

absl::Status SourceFileStore::RecordRun(const SourceRun& r) {
  return store_->Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(
        tx.Query("DELETE FROM traffic_source_runs WHERE source = $1", {r.source}).status());
    return tx
        .Query(
            "INSERT INTO traffic_source_runs (source, at, state, analysis_id, analysed, "
            "failed, reread, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {r.source, r.at_ms, r.state, r.analysis_id, r.analysed, r.failed, r.reread, r.error})
        .status();
  });
}

}  // namespace paved::traffic::sources
