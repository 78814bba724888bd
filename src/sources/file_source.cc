#include "sources/file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/paths.h"
#include "core/random.h"
#include "core/scoped_fd.h"
#include "core/status_macros.h"

namespace paved::sources {
namespace {

namespace fs = std::filesystem;

// The longest of `suffixes` `key` ends in, or nullptr.
const std::string* MatchedSuffix(const Suffixes& suffixes, const std::string& key) {
  const std::string* best = nullptr;
  for (const std::string& s : suffixes) {
    if (absl::EndsWith(key, s) && (best == nullptr || s.size() > best->size())) best = &s;
  }
  return best;
}

// A new path in `scratch_dir` ending like `key`, and its removal.
FetchedFile ScratchFile(const std::string& scratch_dir, const Suffixes& suffixes,
                        const std::string& key) {
  const std::string* suffix = MatchedSuffix(suffixes, key);
  std::string path =
      (fs::path(scratch_dir) / absl::StrCat("fetch-", NewId(), suffix ? *suffix : "")).string();
  return FetchedFile(path, [path] {
    std::error_code ec;
    fs::remove(path, ec);
  });
}

std::string ErrnoText() { return std::generic_category().message(errno); }

absl::Status CopyDescriptor(int from, const std::string& to, const std::string& key) {
  ScopedFd out(open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (out.get() < 0)
    return absl::InternalError(absl::StrCat("cannot write ", to, ": ", ErrnoText()));
  std::vector<char> buffer(1 << 20);
  for (;;) {
    ssize_t n = read(from, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::UnavailableError(absl::StrCat(key, ": cannot read: ", ErrnoText()));
    if (n == 0) return absl::OkStatus();
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(out.get(), buffer.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return absl::InternalError(absl::StrCat("cannot write ", to, ": ", ErrnoText()));
      done += w;
    }
  }
}

class DirectorySource : public FileSource {
 public:
  DirectorySource(std::string name, std::string directory, Suffixes suffixes)
      : name_(std::move(name)), directory_(std::move(directory)), suffixes_(std::move(suffixes)) {}

  const std::string& name() const override { return name_; }

  absl::StatusOr<std::vector<SourceFile>> List() override {
    std::error_code ec;
    // Never follows a symlinked directory; symlinked files are skipped below.
    fs::recursive_directory_iterator it(directory_, fs::directory_options::none, ec);
    if (ec) return Unavailable(ec);
    std::vector<SourceFile> out;
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      struct stat st;  // lstat: a symlink is not a regular file here
      if (lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      std::string key = fs::relative(it->path(), directory_, ec).generic_string();
      if (ec || MatchedSuffix(suffixes_, key) == nullptr) continue;
      out.push_back(FileOf(key, st));
    }
    if (ec) return Unavailable(ec);
    std::sort(out.begin(), out.end(),
              [](const SourceFile& a, const SourceFile& b) { return a.key < b.key; });
    return out;
  }

  absl::StatusOr<SourceFile> Stat(const std::string& key) override {
    ASSIGN_OR_RETURN(int fd, Open(key));
    ScopedFd owned(fd);
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      return absl::NotFoundError(absl::StrCat(key, ": not a regular file"));
    }
    return FileOf(key, st);
  }

  absl::StatusOr<FetchedFile> Fetch(const SourceFile& file, const std::string&) override {
    ASSIGN_OR_RETURN(int fd, Open(file.key));
    // Read through the descriptor's /proc link: nothing swapped in after the segment-by-segment
    // open can change which file that is.
    return FetchedFile(absl::StrCat("/proc/self/fd/", fd), [fd] { close(fd); });
  }

  absl::StatusOr<FetchedFile> Copy(const SourceFile& file,
                                   const std::string& scratch_dir) override {
    ASSIGN_OR_RETURN(int fd, Open(file.key));
    ScopedFd from(fd);
    FetchedFile copy = ScratchFile(scratch_dir, suffixes_, file.key);
    RETURN_IF_ERROR(CopyDescriptor(fd, copy.path(), file.key));
    return copy;
  }

 private:
  static SourceFile FileOf(const std::string& key, const struct stat& st) {
    return {.key = key,
            .version = absl::StrCat(st.st_size, ":", st.st_mtim.tv_sec, ".", st.st_mtim.tv_nsec),
            .size = st.st_size,
            .modified_s = st.st_mtim.tv_sec};
  }
  absl::Status Unavailable(const std::error_code& ec) const {
    return absl::UnavailableError(absl::StrCat("directory ", directory_, ": ", ec.message()));
  }
  // The descriptor of `key` opened beneath the directory, never through a link.
  absl::StatusOr<int> Open(const std::string& key) const {
    auto rel = PlainRelativePath(key);
    if (!rel) return absl::InvalidArgumentError(absl::StrCat(key, ": not a plain path"));
    int fd = OpenBeneath(directory_, *rel, O_RDONLY);
    if (fd >= 0) return fd;
    std::string message = absl::StrCat(key, ": cannot open: ", ErrnoText());
    if (errno == ENOENT) return absl::NotFoundError(message);
    return absl::UnavailableError(message);
  }

  std::string name_;
  std::string directory_;
  Suffixes suffixes_;
};

class S3Source : public FileSource {
 public:
  S3Source(std::string name, std::unique_ptr<aws::S3Objects> s3, std::string bucket,
           std::string prefix, Suffixes suffixes)
      : name_(std::move(name)),
        s3_(std::move(s3)),
        bucket_(std::move(bucket)),
        prefix_(std::move(prefix)),
        suffixes_(std::move(suffixes)) {}

  const std::string& name() const override { return name_; }

  absl::StatusOr<std::vector<SourceFile>> List() override {
    ASSIGN_OR_RETURN(std::vector<aws::S3Object> objects, s3_->List(bucket_, prefix_));
    std::vector<SourceFile> out;
    for (const aws::S3Object& o : objects) {
      if (MatchedSuffix(suffixes_, o.key) != nullptr) out.push_back(FileOf(o));
    }
    return out;
  }

  absl::StatusOr<SourceFile> Stat(const std::string& key) override {
    ASSIGN_OR_RETURN(std::vector<aws::S3Object> objects, s3_->List(bucket_, key));
    for (const aws::S3Object& o : objects) {
      if (o.key == key) return FileOf(o);
    }
    return absl::NotFoundError(absl::StrCat("s3://", bucket_, "/", key, ": no such object"));
  }

  absl::StatusOr<FetchedFile> Fetch(const SourceFile& file,
                                    const std::string& scratch_dir) override {
    return Copy(file, scratch_dir);
  }

  absl::StatusOr<FetchedFile> Copy(const SourceFile& file,
                                   const std::string& scratch_dir) override {
    FetchedFile fetched = ScratchFile(scratch_dir, suffixes_, file.key);
    RETURN_IF_ERROR(s3_->Download(
        bucket_, {.key = file.key, .etag = file.version, .size = file.size}, fetched.path()));
    return fetched;
  }

 private:
  static SourceFile FileOf(const aws::S3Object& o) {
    return {.key = o.key, .version = o.etag, .size = o.size, .modified_s = o.modified_s};
  }

  std::string name_;
  std::unique_ptr<aws::S3Objects> s3_;
  std::string bucket_, prefix_;
  Suffixes suffixes_;
};

}  // namespace

std::unique_ptr<FileSource> NewDirectorySource(std::string name, std::string directory,
                                               Suffixes suffixes) {
  return std::make_unique<DirectorySource>(std::move(name), std::move(directory),
                                           std::move(suffixes));
}

std::unique_ptr<FileSource> NewS3Source(std::string name, std::unique_ptr<aws::S3Objects> s3,
                                        std::string bucket, std::string prefix, Suffixes suffixes) {
  return std::make_unique<S3Source>(std::move(name), std::move(s3), std::move(bucket),
                                    std::move(prefix), std::move(suffixes));
}

}  // namespace paved::sources
