#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace paved {

absl::Status WriteFileAtomically(const std::string& path, const std::string& content, mode_t mode) {
  const std::string tmp = absl::StrCat(path, ".tmp");
  auto fail = [&](const std::string& what) {
    absl::Status s =
        absl::UnavailableError(absl::StrCat("cannot ", what, " ", path, ": ", strerror(errno)));
    unlink(tmp.c_str());
    return s;
  };
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return fail("write");
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return fail("write");
    }
    written += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) {
    close(fd);
    return fail("write");
  }
  close(fd);
  if (rename(tmp.c_str(), path.c_str()) != 0) return fail("replace");
  return absl::OkStatus();
}

}  // namespace paved
