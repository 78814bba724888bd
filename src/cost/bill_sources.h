#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "cost/bill_import.h"
#include "providers/aws/s3_objects.h"

namespace paved::cost {

// A bill file a source holds now. `version` changes whenever the file is written again (an S3
// ETag; a directory file's size and modification time).
struct SourceFile {
  std::string key;  // path below the directory, or the S3 key
  std::string version;
  int64_t size = 0;
};

// A bill file on local disk for as long as it lives: a download is removed and a descriptor
// closed when it goes.
class FetchedBill {
 public:
  FetchedBill(std::string path, std::function<void()> release)
      : path_(std::move(path)), release_(std::move(release)) {}
  FetchedBill(FetchedBill&& other) noexcept
      : path_(std::move(other.path_)), release_(std::exchange(other.release_, nullptr)) {}
  FetchedBill& operator=(FetchedBill&&) = delete;
  ~FetchedBill() {
    if (release_) release_();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::function<void()> release_;
};

// Where bills arrive on their own: a directory on the server or an S3 (-compatible) bucket, as
// AWS Data Exports and FOCUS exports deliver them.
class BillSource {
 public:
  virtual ~BillSource() = default;
  virtual const std::string& name() const = 0;
  // The bill files (`.csv`, `.csv.gz`) it holds, in key order.
  virtual absl::StatusOr<std::vector<SourceFile>> List() = 0;
  // `file` ready to be read from a path, for as long as the returned object lives.
  // `scratch_dir` is where a source may download it.
  virtual absl::StatusOr<FetchedBill> Fetch(const SourceFile& file,
                                            const std::string& scratch_dir) = 0;
};

// Files below `directory` (absolute), at any depth. Symlinks are neither listed nor followed, and
// a file is opened one path segment at a time (core/paths.h), so a link planted in the directory
// cannot make Paved read something else.
std::unique_ptr<BillSource> NewDirectorySource(std::string name, std::string directory);

// Objects of `bucket` under `prefix`, downloaded in ranged parts (constant memory).
std::unique_ptr<BillSource> NewS3Source(std::string name, std::unique_ptr<aws::S3Objects> s3,
                                        std::string bucket, std::string prefix);

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
