#include "cli/credentials.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace paved::cli {
namespace {

absl::Status ErrnoError(const std::string& what, const std::string& path) {
  return absl::InternalError(absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

// mkdir -p with mode 0700 for the directories it creates.
absl::Status MakeParentDirectories(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string dir = path.substr(0, slash);
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return ErrnoError("cannot create", dir);
  }
  return absl::OkStatus();
}

absl::Status WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = write(fd, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError("cannot write", path);
    written += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

std::string ToJson(const Credentials& credentials) {
  nlohmann::json json = {{"server", credentials.server},
                         {"token", credentials.token},
                         {"token_id", credentials.token_id},
                         {"login", credentials.login}};
  return json.dump(2) + "\n";
}

absl::StatusOr<Credentials> FromJson(const std::string& text, const std::string& path) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto field = [&json](const char* name) -> std::string {
    auto it = json.find(name);
    return it != json.end() && it->is_string() ? it->get<std::string>() : "";
  };
  if (!json.is_object() || field("server").empty() || field("token").empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not a valid paved credentials file; run `paved login` again"));
  }
  return Credentials{field("server"), field("token"), field("token_id"), field("login")};
}

}  // namespace

absl::StatusOr<std::string> DefaultCredentialsPath() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && xdg[0] == '/') return absl::StrCat(xdg, "/paved/config.json");
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] != '\0') return absl::StrCat(home, "/.config/paved/config.json");
  return absl::FailedPreconditionError("neither XDG_CONFIG_HOME nor HOME is set");
}

absl::StatusOr<std::optional<Credentials>> LoadCredentials(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    struct stat info;
    if (stat(path.c_str(), &info) != 0 && errno == ENOENT) return std::optional<Credentials>();
    return ErrnoError("cannot read", path);
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<Credentials> credentials = FromJson(text.str(), path);
  if (!credentials.ok()) return credentials.status();
  return std::optional<Credentials>(*std::move(credentials));
}

absl::Status SaveCredentials(const std::string& path, const Credentials& credentials) {
  if (absl::Status made = MakeParentDirectories(path); !made.ok()) return made;
  const std::string temp = absl::StrCat(path, ".tmp-", getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoError("cannot create", temp);
  absl::Status status = fchmod(fd, 0600) == 0 ? WriteAll(fd, ToJson(credentials), temp)
                                              : ErrnoError("cannot chmod", temp);
  if (status.ok() && fsync(fd) != 0) status = ErrnoError("cannot sync", temp);
  close(fd);
  if (status.ok() && rename(temp.c_str(), path.c_str()) != 0) {
    status = ErrnoError("cannot replace", path);
  }
  if (!status.ok()) unlink(temp.c_str());
  return status;
}

absl::Status RemoveCredentials(const std::string& path) {
  if (unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoError("cannot remove", path);
  return absl::OkStatus();
}

}  // namespace paved::cli
