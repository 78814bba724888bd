#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace paved::deploy::runtime::local {

// Operating-system calls the local runtime needs, kept in one place. Processes are started in a
// new session (setsid), so their pid is also their process group id and they outlive the server.

// Starts `argv` (argv[0] looked up in the server's PATH) with exactly `env`, in the directory
// `work_dir` (the server's when ""), stdin from /dev/null and stdout/stderr appended to
// `log_path`. On success returns the pid; on failure (missing program, unwritable log, missing
// directory) returns Unavailable or InvalidArgument with the reason.
absl::StatusOr<int> SpawnProcess(const std::vector<std::string>& argv,
                                 const std::map<std::string, std::string>& env,
                                 const std::string& log_path, const std::string& work_dir = "");

// What became of a process: still running, or gone (with the exit description when the process
// was our child, e.g. "exited with code 3" or "killed by signal 9"; "" for adopted ones).
struct ProcessStatus {
  bool alive = false;
  std::string exit_description;
};
// Reaps our own children (waitpid) and checks adopted ones (kill 0, zombie check).
ProcessStatus PollProcess(int pid);

// The command line of a running process (/proc/<pid>/cmdline), empty when it is gone.
std::vector<std::string> ProcessCmdline(int pid);

// When the process started, in clock ticks after boot (/proc/<pid>/stat field 22); 0 when it is
// gone. Unchanged by exec, so it tells the same process from a new one that reuses the pid.
int64_t ProcessStartTime(int pid);

// Sends SIGTERM to each process group, waits up to `grace_ms` for them all to exit, then sends
// SIGKILL to the ones still running. Pids <= 0 are ignored.
void StopProcessGroups(const std::vector<int>& pids, int grace_ms);

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0 and release).
absl::StatusOr<int> PickFreePort();
// Whether 127.0.0.1:`port` can be bound now.
bool PortFree(int port);

// The last `lines` lines of the file at `path` (the whole file when it is shorter). NotFound
// when the file does not exist.
absl::StatusOr<std::string> TailFile(const std::string& path, int lines);

// When the file at `path` is larger than `max_bytes`, copies its last `max_bytes` (from the first
// line start) to `path`.1 (replacing the older one) and truncates it in place (copy-truncate:
// writers holding it open with O_APPEND go on at the new end). Returns whether it rotated. Best
// effort; lines written during the copy are lost.
bool RotateLogIfLarger(const std::string& path, int64_t max_bytes);

// Appends `line` and a newline to the file at `path` (best effort).
void AppendLine(const std::string& path, const std::string& line);

}  // namespace paved::deploy::runtime::local
