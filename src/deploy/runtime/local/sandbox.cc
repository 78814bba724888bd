#include "deploy/runtime/local/sandbox.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "deploy/runtime/local/process.h"

namespace paved::deploy::runtime::local {
namespace fs = std::filesystem;
namespace {

constexpr const char* kSetpriv = "/usr/bin/setpriv";

// bwrap creates missing mount points with mode 0700: every parent of a mount made here is
// created first as 0755, so the instance's user can walk to its work directory.
void AddParents(const fs::path& path, std::vector<std::string>& args) {
  fs::path prefix;
  for (const fs::path& part : path.parent_path()) {
    prefix /= part;
    if (prefix == "/") continue;
    args.insert(args.end(), {"--perms", "0755", "--dir", prefix.string()});
  }
}

void Hide(const std::string& path, std::vector<std::string>& args) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  if (ec) canonical = path;
  AddParents(canonical, args);
  if (fs::is_directory(canonical, ec)) {
    args.insert(args.end(), {"--perms", "0755", "--tmpfs", canonical.string()});
  } else if (fs::exists(canonical, ec)) {
    args.insert(args.end(), {"--ro-bind", "/dev/null", canonical.string()});
  }
}

}  // namespace

std::vector<std::string> SandboxedCommand(const Sandbox& sandbox, uint32_t uid,
                                          const std::string& work_dir,
                                          const std::vector<std::string>& argv) {
  if (sandbox.mode == Sandbox::Mode::kSharedHost) return argv;
  std::vector<std::string> args = {sandbox.bwrap,
                                   "--unshare-pid",
                                   "--unshare-ipc",
                                   "--unshare-uts",
                                   "--unshare-cgroup-try",
                                   "--ro-bind",
                                   "/",
                                   "/",
                                   "--dev",
                                   "/dev",
                                   "--proc",
                                   "/proc",
                                   "--perms",
                                   "1777",
                                   "--tmpfs",
                                   "/tmp",
                                   "--perms",
                                   "0755",
                                   "--tmpfs",
                                   "/run"};
  for (const std::string& hidden : sandbox.hidden_paths) Hide(hidden, args);
  std::error_code ec;  // the throwing overload would end the supervisor thread
  fs::path dir = fs::weakly_canonical(work_dir, ec);
  if (ec) dir = fs::absolute(work_dir, ec);
  AddParents(dir, args);
  args.insert(args.end(),
              {"--bind", dir.string(), dir.string(), "--chdir", dir.string(), "--", kSetpriv,
               absl::StrCat("--reuid=", uid), absl::StrCat("--regid=", uid), "--clear-groups",
               "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"});
  args.insert(args.end(), argv.begin(), argv.end());
  return args;
}

absl::Status CheckSandbox(const Sandbox& sandbox) {
  if (sandbox.mode == Sandbox::Mode::kSharedHost) return absl::OkStatus();
  if (geteuid() != 0) {
    return absl::FailedPreconditionError(
        "the server does not run as root, so it cannot run workloads as users of their own");
  }
  for (const std::string& program : {sandbox.bwrap, std::string(kSetpriv)}) {
    if (access(program.c_str(), X_OK) != 0) {
      return absl::FailedPreconditionError(
          absl::StrCat(program, " is missing (Debian packages bubblewrap and util-linux)"));
    }
  }
  std::string dir = (fs::temp_directory_path() / "paved-sandbox-check-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) {
    return absl::FailedPreconditionError("cannot create a directory to try the sandbox in");
  }
  std::error_code ec;
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec, ec);
  absl::StatusOr<int> pid = SpawnProcess(SandboxedCommand(sandbox, sandbox.uid_base, dir, {"true"}),
                                         {{"PATH", "/usr/bin:/bin"}}, "/dev/null", dir);
  int status = -1;
  if (pid.ok()) waitpid(*pid, &status, 0);
  fs::remove_all(dir, ec);
  if (!pid.ok()) return absl::FailedPreconditionError(std::string(pid.status().message()));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::FailedPreconditionError(
        "bwrap cannot create namespaces here (a container without CAP_SYS_ADMIN?)");
  }
  return absl::OkStatus();
}

}  // namespace paved::deploy::runtime::local
