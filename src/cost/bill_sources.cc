#include "cost/bill_sources.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/paths.h"
#include "core/random.h"
#include "core/status_macros.h"

namespace paved::cost {
namespace {

namespace fs = std::filesystem;

bool IsBillName(const std::string& key) {
  return absl::EndsWith(key, ".csv") || absl::EndsWith(key, ".csv.gz");
}

class DirectorySource : public BillSource {
 public:
  DirectorySource(std::string name, std::string directory)
      : name_(std::move(name)), directory_(std::move(directory)) {}

  const std::string& name() const override { return name_; }

  absl::StatusOr<std::vector<SourceFile>> List() override {
    std::error_code ec;
    // Never follows a symlinked directory; symlinked files are skipped below.
    fs::recursive_directory_iterator it(directory_, fs::directory_options::none, ec);
    if (ec)
      return absl::UnavailableError(
          absl::StrCat("bills directory ", directory_, ": ", ec.message()));
    std::vector<SourceFile> out;
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const fs::directory_entry& entry = *it;
      struct stat st;  // lstat: a symlink is not a regular file here
      if (lstat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      std::string key = fs::relative(entry.path(), directory_, ec).generic_string();
      if (ec || !IsBillName(key)) continue;
      out.push_back(
          {.key = key,
           .version = absl::StrCat(st.st_size, ":", st.st_mtim.tv_sec, ".", st.st_mtim.tv_nsec),
           .size = st.st_size});
    }
    if (ec)
      return absl::UnavailableError(
          absl::StrCat("bills directory ", directory_, ": ", ec.message()));
    std::sort(out.begin(), out.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.key < b.key; });
    return out;
  }

  absl::StatusOr<FetchedBill> Fetch(const SourceFile& file, const std::string&) override {
    auto rel = PlainRelativePath(file.key);
    if (!rel) return absl::InvalidArgumentError(absl::StrCat(file.key, ": not a plain path"));
    int fd = OpenBeneath(directory_, *rel, O_RDONLY);
    if (fd < 0) {
      return absl::UnavailableError(
          absl::StrCat(file.key, ": cannot open: ", std::generic_category().message(errno)));
    }
    // Read through the descriptor's /proc link: nothing swapped in after the segment-by-segment
    // open can change which file that is.
    return FetchedBill(absl::StrCat("/proc/self/fd/", fd), [fd] { close(fd); });
  }

 private:
  std::string name_;
  std::string directory_;
};

class S3Source : public BillSource {
 public:
  S3Source(std::string name, std::unique_ptr<aws::S3Objects> s3, std::string bucket,
           std::string prefix)
      : name_(std::move(name)),
        s3_(std::move(s3)),
        bucket_(std::move(bucket)),
        prefix_(std::move(prefix)) {}

  const std::string& name() const override { return name_; }

  absl::StatusOr<std::vector<SourceFile>> List() override {
    ASSIGN_OR_RETURN(std::vector<aws::S3Object> objects, s3_->List(bucket_, prefix_));
    std::vector<SourceFile> out;
    for (const aws::S3Object& o : objects) {
      if (!IsBillName(o.key)) continue;
      out.push_back({.key = o.key, .version = o.etag, .size = o.size});
    }
    return out;
  }

  absl::StatusOr<FetchedBill> Fetch(const SourceFile& file,
                                    const std::string& scratch_dir) override {
    std::string path = (fs::path(scratch_dir) / ("bill-" + NewId())).string();
    FetchedBill fetched(path, [path] {
      std::error_code ec;
      fs::remove(path, ec);
    });
    RETURN_IF_ERROR(
        s3_->Download(bucket_, {.key = file.key, .etag = file.version, .size = file.size}, path));
    return fetched;
  }

 private:
  std::string name_;
  std::unique_ptr<aws::S3Objects> s3_;
  std::string bucket_, prefix_;
};

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

std::unique_ptr<BillSource> NewDirectorySource(std::string name, std::string directory) {
  return std::make_unique<DirectorySource>(std::move(name), std::move(directory));
}

std::unique_ptr<BillSource> NewS3Source(std::string name, std::unique_ptr<aws::S3Objects> s3,
                                        std::string bucket, std::string prefix) {
  return std::make_unique<S3Source>(std::move(name), std::move(s3), std::move(bucket),
                                    std::move(prefix));
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
