#include "resources/local/site_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/error.h"
#include "core/hashing.h"
#include "core/paths.h"
#include "core/random.h"
#include "core/scoped_fd.h"
#include "core/status_macros.h"

namespace paved::resources::local {
namespace {

namespace fs = std::filesystem;

constexpr char kTempPrefix[] = ".paved-";
constexpr size_t kMaxPath = 1024;
constexpr size_t kMaxSegment = 255;

absl::Status InvalidPath(std::string_view path, const std::string& why) {
  return DomainError(absl::StatusCode::kInvalidArgument, "invalid_path",
                     absl::StrCat("path \"", std::string(path.substr(0, 200)), "\" ", why), "path");
}

using Fd = ScopedFd;

std::string ETag(const struct stat& st) {
  int64_t ns = int64_t{st.st_mtim.tv_sec} * 1'000'000'000 + st.st_mtim.tv_nsec;
  return absl::StrFormat("\"%x-%x\"", static_cast<int64_t>(st.st_size), ns);
}

// The whole content of an open regular file; nullopt when it cannot be read.
std::optional<std::string> ReadAll(int fd) {
  std::string out;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// The regular file at `rel` below `root`, never through a symlink; nullopt when there is none.
std::optional<SiteContent> ReadRegular(const fs::path& root, const fs::path& rel) {
  Fd fd(OpenBeneath(root, rel, O_RDONLY | O_NONBLOCK));
  struct stat st {};
  if (!fd.ok() || fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::optional<std::string> body = ReadAll(fd.get());
  if (!body) return std::nullopt;
  return SiteContent{.name = rel.filename().string(), .body = std::move(*body), .etag = ETag(st)};
}

bool IsDirectory(const fs::path& root, const fs::path& rel) {
  Fd fd(OpenBeneath(root, rel, O_RDONLY | O_DIRECTORY));
  return fd.ok();
}

// Opens (creating them) the directories of `dirs` below `root`, never through a symlink.
absl::StatusOr<int> MakeDirs(const fs::path& root, const fs::path& dirs, std::string_view path) {
  int dir = OpenBeneath(root, fs::path(), O_RDONLY | O_DIRECTORY);
  if (dir < 0) return absl::UnavailableError("the site's directory cannot be opened");
  for (const auto& part : dirs) {
    std::string name = part.string();
    if (mkdirat(dir, name.c_str(), 0755) != 0 && errno != EEXIST) {
      close(dir);
      return absl::UnavailableError(absl::StrCat("cannot create a directory: ", strerror(errno)));
    }
    int next = openat(dir, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    close(dir);
    if (next < 0) {
      return DomainError(
          absl::StatusCode::kFailedPrecondition, "path_conflict",
          absl::StrCat(name, " in \"", std::string(path), "\" is a file, not a directory"), "path");
    }
    dir = next;
  }
  return dir;
}

// Serialises the writes of every site, so two uploads cannot both pass the limits.
std::mutex& WriteMutex() {
  static std::mutex mu;
  return mu;
}

struct Usage {
  int files = 0;
  int64_t bytes = 0;
};

}  // namespace

absl::StatusOr<fs::path> SiteFilePath(std::string_view path) {
  if (path.empty()) return InvalidPath(path, "is empty");
  if (path.size() > kMaxPath) return InvalidPath(path, "is longer than 1024 bytes");
  if (path.front() == '/') return InvalidPath(path, "must be relative (no leading /)");
  fs::path rel;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    std::string_view seg = path.substr(start, end - start);
    if (seg.empty()) return InvalidPath(path, "has an empty segment");
    if (seg == "." || seg == "..") return InvalidPath(path, "has a . or .. segment");
    if (seg.size() > kMaxSegment) return InvalidPath(path, "has a name longer than 255 bytes");
    if (seg.starts_with(kTempPrefix)) return InvalidPath(path, "names Paved's own files");
    for (char c : seg) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') {
        return InvalidPath(path, "holds a control character or a backslash");
      }
    }
    rel /= std::string(seg);
    start = end + 1;
  }
  return rel;
}

std::optional<SiteContent> SiteFiles::Find(std::string_view request_path,
                                           const std::string& index_document) const {
  bool directory = request_path.empty() || request_path.ends_with('/');
  if (!request_path.empty() && directory) request_path.remove_suffix(1);
  fs::path rel;
  if (!request_path.empty()) {
    absl::StatusOr<fs::path> checked = SiteFilePath(request_path);
    if (!checked.ok()) return std::nullopt;
    rel = *checked;
  }
  if (!directory) {
    if (std::optional<SiteContent> file = ReadRegular(root_, rel)) return file;
    if (!IsDirectory(root_, rel)) return std::nullopt;
    return SiteContent{.is_directory = true};
  }
  absl::StatusOr<fs::path> index = SiteFilePath(index_document);
  if (!index.ok()) return std::nullopt;
  return ReadRegular(root_, rel / *index);
}

absl::StatusOr<std::vector<SiteFile>> SiteFiles::List() const {
  std::vector<SiteFile> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root_, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
    fs::path rel = it->path().lexically_relative(root_);
    if (rel.filename().string().starts_with(kTempPrefix)) continue;
    Fd fd(OpenBeneath(root_, rel, O_RDONLY | O_NONBLOCK));
    struct stat st {};
    if (!fd.ok() || fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    std::optional<std::string> body = ReadAll(fd.get());
    if (!body) continue;
    out.push_back({.path = rel.generic_string(),
                   .size = static_cast<int64_t>(st.st_size),
                   .sha256 = Sha256Hex(*body),
                   .etag = ETag(st),
                   .modified = static_cast<int64_t>(st.st_mtim.tv_sec)});
  }
  if (ec) return absl::UnavailableError("cannot list the site: " + ec.message());
  std::sort(out.begin(), out.end(),
            [](const SiteFile& a, const SiteFile& b) { return a.path < b.path; });
  return out;
}

absl::StatusOr<SiteFile> SiteFiles::Write(std::string_view path, const std::string& content) {
  ASSIGN_OR_RETURN(fs::path rel, SiteFilePath(path));
  if (static_cast<int64_t>(content.size()) > limits_.max_file_bytes) {
    return DomainError(absl::StatusCode::kResourceExhausted, "payload_too_large",
                       absl::StrCat("a file may hold at most ", limits_.max_file_bytes, " bytes"));
  }
  std::lock_guard<std::mutex> lock(WriteMutex());
  ASSIGN_OR_RETURN(std::vector<SiteFile> files, List());
  Usage usage{.files = static_cast<int>(files.size())};
  bool replaces = false;
  for (const SiteFile& f : files) {
    if (f.path == rel.generic_string()) {
      replaces = true;
      continue;
    }
    usage.bytes += f.size;
  }
  if (!replaces && usage.files + 1 > limits_.max_files) {
    return DomainError(absl::StatusCode::kInvalidArgument, "too_many_files",
                       absl::StrCat("a site may hold at most ", limits_.max_files, " files"),
                       "path");
  }
  if (usage.bytes + static_cast<int64_t>(content.size()) > limits_.max_site_bytes) {
    return DomainError(absl::StatusCode::kResourceExhausted, "site_too_large",
                       absl::StrCat("a site may hold at most ", limits_.max_site_bytes,
                                    " bytes; it holds ", usage.bytes));
  }
  ASSIGN_OR_RETURN(int dir_fd, MakeDirs(root_, rel.parent_path(), path));
  Fd dir(dir_fd);
  std::string name = rel.filename().string();
  std::string temp = absl::StrCat(kTempPrefix, "upload-", RandomToken(8));
  Fd out(
      openat(dir.get(), temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!out.ok()) return absl::UnavailableError("cannot write a temporary file");
  if (!WriteAll(out.get(), content) || fsync(out.get()) != 0) {
    unlinkat(dir.get(), temp.c_str(), 0);
    return absl::UnavailableError("cannot write the file");
  }
  if (renameat(dir.get(), temp.c_str(), dir.get(), name.c_str()) != 0) {
    int err = errno;
    unlinkat(dir.get(), temp.c_str(), 0);
    if (err == EISDIR || err == ENOTEMPTY || err == EEXIST) {
      return DomainError(absl::StatusCode::kFailedPrecondition, "path_conflict",
                         absl::StrCat("\"", std::string(path), "\" is a directory"), "path");
    }
    return absl::UnavailableError(absl::StrCat("cannot rename the file: ", strerror(err)));
  }
  struct stat st {};
  fstat(out.get(), &st);
  return SiteFile{.path = rel.generic_string(),
                  .size = static_cast<int64_t>(content.size()),
                  .sha256 = Sha256Hex(content),
                  .etag = ETag(st),
                  .modified = static_cast<int64_t>(st.st_mtim.tv_sec)};
}

absl::Status SiteFiles::Delete(std::string_view path) {
  ASSIGN_OR_RETURN(fs::path rel, SiteFilePath(path));
  std::lock_guard<std::mutex> lock(WriteMutex());
  absl::Status missing =
      DomainError(absl::StatusCode::kNotFound, "not_found",
                  absl::StrCat("the site has no file \"", std::string(path), "\""), "path");
  Fd dir(OpenBeneath(root_, rel.parent_path(), O_RDONLY | O_DIRECTORY));
  if (!dir.ok()) return missing;
  std::string name = rel.filename().string();
  struct stat st {};
  if (fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode)) {
    return missing;
  }
  if (unlinkat(dir.get(), name.c_str(), 0) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot remove the file: ", strerror(errno)));
  }
  // Directories the file leaves empty go too (rmdir refuses any that still hold something).
  for (fs::path parent = rel.parent_path(); !parent.empty(); parent = parent.parent_path()) {
    Fd above(OpenBeneath(root_, parent.parent_path(), O_RDONLY | O_DIRECTORY));
    if (!above.ok() || unlinkat(above.get(), parent.filename().c_str(), AT_REMOVEDIR) != 0) break;
  }
  return absl::OkStatus();
}

}  // namespace paved::resources::local
