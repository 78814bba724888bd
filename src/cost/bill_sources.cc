#include "cost/bill_sources.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/status_macros.h"

namespace paved::cost {
namespace {

absl::Status Record(store::Store& store, const std::string& source, const SourceFile& file,
                    const std::string& state, const std::string& import_id,
                    const std::string& error, int64_t now_ms) {
  return store.Transaction([&](store::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(
        tx.Query("DELETE FROM cost_source_files WHERE source = $1 AND key = $2", {source, file.key})
            .status());
    return tx
        .Query(
            "INSERT INTO cost_source_files (source, key, version, state, import_id, "
            "error, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {source, file.key, file.version, state, import_id, error, now_ms})
        .status();
  });
}

}  // namespace

sources::Suffixes BillSuffixes() { return {".csv", ".csv.gz"}; }

std::unique_ptr<BillSource> NewDirectorySource(std::string name, std::string directory) {
  return sources::NewDirectorySource(std::move(name), std::move(directory), BillSuffixes());
}

std::unique_ptr<BillSource> NewS3Source(std::string name, std::unique_ptr<aws::S3Objects> s3,
                                        std::string bucket, std::string prefix) {
  return sources::NewS3Source(std::move(name), std::move(s3), std::move(bucket), std::move(prefix),
                              BillSuffixes());
}

absl::StatusOr<std::vector<SourceFileState>> SourceFileStates(store::Store& store,
                                                              const std::string& source) {
  ASSIGN_OR_RETURN(store::ResultSet rs,
                   store.Query("SELECT source, key, version, state, import_id, error, at FROM "
                               "cost_source_files WHERE source = $1 ORDER BY key",
                               {source}));
  std::vector<SourceFileState> out;
  for (const store::Row& row : rs.rows) {
    out.push_back({.source = row.Text("source"),
                   .key = row.Text("key"),
                   .version = row.Text("version"),
                   .state = row.Text("state"),
                   .import_id = row.Text("import_id"),
                   .error = row.Text("error"),
                   .at_ms = row.Int("at")});
  }
  return out;
}

absl::StatusOr<SyncResult> SyncBillSource(const BillImportDeps& deps, BillSource& source,
                                          const std::string& scratch_dir) {
  ASSIGN_OR_RETURN(std::vector<SourceFile> files, source.List());
  ASSIGN_OR_RETURN(std::vector<SourceFileState> states,
                   SourceFileStates(*deps.store, source.name()));
  std::map<std::string, std::string> seen;  // key -> version recorded
  for (const SourceFileState& s : states) seen[s.key] = s.version;

  SyncResult result;
  for (const SourceFile& file : files) {
    auto it = seen.find(file.key);
    if (it != seen.end() && it->second == file.version) {
      ++result.unchanged;
      continue;
    }
    const std::string display = absl::StrCat(source.name(), ":", file.key);
    absl::StatusOr<FetchedBill> fetched = source.Fetch(file, scratch_dir);
    absl::StatusOr<BillImport> imported = absl::UnknownError("not fetched");
    if (fetched.ok())
      imported = ImportBill(deps, fetched->path(), display, "source:" + source.name());

    absl::Status failure = !fetched.ok() ? fetched.status() : imported.status();
    if (failure.ok()) {
      ++result.imported;
      RETURN_IF_ERROR(Record(*deps.store, source.name(), file, "imported", imported->id, "",
                             deps.clock->NowMs()));
      continue;
    }
    if (!absl::IsInvalidArgument(failure) && !absl::IsFailedPrecondition(failure)) {
      // The source or the store is unavailable: not the file's fault, try again next time.
      return failure;
    }
    std::string message(failure.message());
    if (fetched.ok()) message = absl::StrReplaceAll(message, {{fetched->path(), display}});
    ++result.failed;
    result.errors.push_back(absl::StrCat(file.key, ": ", message));
    RETURN_IF_ERROR(
        Record(*deps.store, source.name(), file, "failed", "", message, deps.clock->NowMs()));
  }
  return result;
}

}  // namespace paved::cost
