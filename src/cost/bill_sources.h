#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cost/bill_import.h"
#include "providers/aws/s3_objects.h"
#include "sources/file_source.h"

namespace paved::cost {

// Bill sources are sources/ file sources listing `.csv` and `.csv.gz` files.
using SourceFile = sources::SourceFile;
using FetchedBill = sources::FetchedFile;
using BillSource = sources::FileSource;

// Bill files below `directory` (sources::NewDirectorySource).
std::unique_ptr<BillSource> NewDirectorySource(std::string name, std::string directory);

// Bill objects of `bucket` under `prefix` (sources::NewS3Source).
std::unique_ptr<BillSource> NewS3Source(std::string name, std::unique_ptr<aws::S3Objects> s3,
                                        std::string bucket, std::string prefix);

// The suffixes of bill files.
sources::Suffixes BillSuffixes();

struct SyncResult {
  int imported = 0;
  int failed = 0;
  int unchanged = 0;
  std::vector<std::string> errors;  // "key: message" of each failed file
};

// Imports, in key order, every file of `source` that was not imported at its current version
// (table `cost_source_files`): a bill restated during the month arrives as a new version and
// replaces its billing periods. A file that fails (a broken line) is recorded with its error and
// tried again only once it changes; the other files go on. `scratch_dir` holds downloads while
// they are imported. Fails only when the source cannot be listed or the store cannot be written.
absl::StatusOr<SyncResult> SyncBillSource(const BillImportDeps& deps, BillSource& source,
                                          const std::string& scratch_dir);

// What `cost_source_files` says of a source's files, by key.
struct SourceFileState {
  std::string source, key, version;
  std::string state;  // imported | failed
  std::string import_id;
  std::string error;
  int64_t at_ms = 0;
};
absl::StatusOr<std::vector<SourceFileState>> SourceFileStates(store::Store& store,
                                                              const std::string& source);

}  // namespace paved::cost
