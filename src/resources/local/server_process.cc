#include "resources/local/server_process.h"

#include <unistd.h>

#include <filesystem>
#include <functional>

#include "core/atomic_file.h"
#include "core/files.h"
#include "core/status_macros.h"
#include "deploy/runtime/local/process.h"
#include "nlohmann/json.hpp"

namespace paved::resources::local {

namespace proc = deploy::runtime::local;
using nlohmann::json;

std::string ResourceDir(const LocalOptions& o, const Resource& r) { return o.root + "/" + r.id; }

uint32_t ResourceUid(const LocalOptions& o, const Resource& r) {
  return o.sandbox.uid_base + 100000 +
         static_cast<uint32_t>(std::hash<std::string>{}(r.id) % 100000);
}

absl::Status GiveToResourceUser(const LocalOptions& o, const Resource& r,
                                const std::vector<std::string>& paths) {
  if (o.sandbox.mode != proc::Sandbox::Mode::kIsolated) return absl::OkStatus();
  uint32_t uid = ResourceUid(o, r);
  for (const std::string& path : paths) {
    if (chown(path.c_str(), uid, uid) != 0) {
      return absl::FailedPreconditionError("cannot give " + path + " to its own user");
    }
  }
  return absl::OkStatus();
}

absl::Status RemoveResourceDir(const LocalOptions& o, const Resource& r, const std::string& owner) {
  if (!owner.empty() && owner != r.id) return absl::OkStatus();  // not ours: left alone
  std::string dir = ResourceDir(o, r);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (ec) return absl::UnavailableError("cannot remove " + dir + ": " + ec.message());
  return absl::OkStatus();
}

std::optional<Running> ReadRunning(const std::string& dir) {
  std::optional<std::string> text = ReadWholeFile(dir + "/process.json");
  if (!text) return std::nullopt;
  json j = json::parse(*text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  Running running{j.value("pid", 0), j.value("start_time", int64_t{0})};
  if (running.pid <= 0 || proc::ProcessStartTime(running.pid) != running.start_time ||
      !proc::PollProcess(running.pid).alive) {
    return std::nullopt;
  }
  return running;
}

absl::StatusOr<Running> StartServer(const LocalOptions& o, const Resource& r,
                                    const std::vector<std::string>& argv,
                                    const std::map<std::string, std::string>& env,
                                    const std::string& log_name) {
  std::string dir = ResourceDir(o, r);
  if (std::optional<Running> running = ReadRunning(dir)) return *running;
  std::vector<std::string> command =
      proc::SandboxedCommand(o.sandbox, ResourceUid(o, r), dir, argv);
  ASSIGN_OR_RETURN(int pid, proc::SpawnProcess(command, env, dir + "/" + log_name, dir));
  Running running{pid, proc::ProcessStartTime(pid)};
  RETURN_IF_ERROR(WriteFileAtomically(
      dir + "/process.json", json{{"pid", pid}, {"start_time", running.start_time}}.dump()));
  return running;
}

void StopServer(const std::string& dir) {
  if (std::optional<Running> running = ReadRunning(dir)) {
    proc::StopProcessGroups({running->pid}, 2000);
  }
  std::error_code ec;
  std::filesystem::remove(dir + "/process.json", ec);
}

}  // namespace paved::resources::local
