#pragma once

// What the local provider's servers (redis-server, dynalite) share: a directory and a user per
// resource, and a process that outlives Paved and is found again after a restart.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "resources/local/local_provider.h"

namespace paved::resources::local {

// <root>/<resource id>.
std::string ResourceDir(const LocalOptions& o, const Resource& r);
// The unprivileged user the resource's server runs as: uid_base + 100000 + a number derived
// from the resource id.
uint32_t ResourceUid(const LocalOptions& o, const Resource& r);
// Gives `paths` to the resource's user when the sandbox isolates; nothing otherwise.
absl::Status GiveToResourceUser(const LocalOptions& o, const Resource& r,
                                const std::vector<std::string>& paths);

// Removes the resource's directory; OK when it is gone already. `owner` is whose its config
// file says it is ("" when it has none): another resource's directory is left alone.
absl::Status RemoveResourceDir(const LocalOptions& o, const Resource& r, const std::string& owner);

// A server process: pid and kernel start time in <dir>/process.json, so a restarted Paved (or a
// re-run of a step) finds the same process and never starts a second one.
struct Running {
  int pid = 0;
  int64_t start_time = 0;
};

// The server of `dir` when it still runs (same pid and start time); nullopt otherwise.
std::optional<Running> ReadRunning(const std::string& dir);

// Starts `argv` for `r` in the sandbox, in the resource's directory, its output in
// <dir>/<log_name>, unless the one recorded in process.json still runs.
absl::StatusOr<Running> StartServer(const LocalOptions& o, const Resource& r,
                                    const std::vector<std::string>& argv,
                                    const std::map<std::string, std::string>& env,
                                    const std::string& log_name);

// Stops the server of `dir` when it runs, and forgets it.
void StopServer(const std::string& dir);

}  // namespace paved::resources::local
