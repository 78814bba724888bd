#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "providers/aws/s3_objects.h"

namespace paved::sources {

// A file a source holds now. `version` changes whenever the file is written again (an S3 ETag; a
// directory file's size and modification time).
struct SourceFile {
  std::string key;  // path below the directory, or the S3 key
  std::string version;
  int64_t size = 0;
  int64_t modified_s = 0;  // Unix seconds of its last write; 0 when unknown
};

// A file on local disk for as long as it lives: a download or copy is removed and a descriptor
// closed when it goes.
class FetchedFile {
 public:
  FetchedFile(std::string path, std::function<void()> release)
      : path_(std::move(path)), release_(std::move(release)) {}
  FetchedFile(FetchedFile&& other) noexcept
      : path_(std::move(other.path_)), release_(std::exchange(other.release_, nullptr)) {}
  FetchedFile& operator=(FetchedFile&&) = delete;
  ~FetchedFile() {
    if (release_) release_();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::function<void()> release_;
};

// The file names a source lists: those ending in one of these suffixes (".csv", ".csv.gz").
using Suffixes = std::vector<std::string>;

// Where files arrive on their own: a directory on the server or an S3 (-compatible) bucket, as
// AWS delivers bills and VPC flow logs.
class FileSource {
 public:
  virtual ~FileSource() = default;
  virtual const std::string& name() const = 0;
  // The files it holds whose names end in one of its suffixes, in key order.
  virtual absl::StatusOr<std::vector<SourceFile>> List() = 0;
  // The file at `key` whatever its name (NotFound when there is none).
  virtual absl::StatusOr<SourceFile> Stat(const std::string& key) = 0;
  // `file` ready to be read from a path, for as long as the returned object lives: a
  // directory's file through its open descriptor (/proc/self/fd/N), an object downloaded into
  // `scratch_dir`.
  virtual absl::StatusOr<FetchedFile> Fetch(const SourceFile& file,
                                            const std::string& scratch_dir) = 0;
  // `file` as a private regular file in `scratch_dir` whose name ends like the key (".log.gz"):
  // for readers that open by name and refuse links. A directory's file is copied from its
  // descriptor, an object downloaded.
  virtual absl::StatusOr<FetchedFile> Copy(const SourceFile& file,
                                           const std::string& scratch_dir) = 0;
};

// Files below `directory` (absolute), at any depth. Symlinks are neither listed nor followed, and
// a file is opened one path segment at a time (core/paths.h), so a link planted in the directory
// cannot make Paved read something else.
std::unique_ptr<FileSource> NewDirectorySource(std::string name, std::string directory,
                                               Suffixes suffixes);

// Objects of `bucket` under `prefix`, downloaded in ranged parts (constant memory).
std::unique_ptr<FileSource> NewS3Source(std::string name, std::unique_ptr<aws::S3Objects> s3,
                                        std::string bucket, std::string prefix, Suffixes suffixes);

}  // namespace paved::sources
