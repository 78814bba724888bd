#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace paved::deploy::runtime::local {

// How the local runtime keeps the programs it runs (other teams' code) away from Paved and from
// each other.
//
// Isolated (the default) runs each process under bubblewrap (`bwrap`, Debian's bubblewrap) and
// `setpriv`: its own PID, IPC and UTS namespaces and a private /proc (no other process, Paved's
// included, is visible), a read-only view of the host with a private /tmp, /run and /dev, every
// hidden path (Paved's data directory, its config file, the runtime's state) replaced by an empty
// directory or file, its own work directory the only writable place, and an unprivileged user of
// its own (uid_base + n, no groups, no capabilities, no new privileges). The network is shared:
// services listen on 127.0.0.1 as before. Setting this up needs root (to switch to the
// instance's user) and bwrap; where either is missing nothing is started.
//
// Shared host runs processes directly as the server's user, seeing what it sees: only for a
// machine where every developer may read Paved's keys (an admin's explicit choice,
// local_runtime.unsafe_shared_host: true).
struct Sandbox {
  enum class Mode { kIsolated, kSharedHost };
  Mode mode = Mode::kIsolated;
  std::vector<std::string> hidden_paths;  // absolute; directories or files
  uint32_t uid_base = 200000;
  std::string bwrap = "/usr/bin/bwrap";
};

// OK when `sandbox` can run processes here (Mode::kSharedHost always can); otherwise
// FailedPrecondition saying what is missing. Runs one isolated `true` to find out.
absl::Status CheckSandbox(const Sandbox& sandbox);

// The command line that runs `argv` as `uid` inside `sandbox` with `work_dir` (absolute, existing,
// owned by `uid`) as its only writable directory and current directory; `argv` itself for
// Mode::kSharedHost.
std::vector<std::string> SandboxedCommand(const Sandbox& sandbox, uint32_t uid,
                                          const std::string& work_dir,
                                          const std::vector<std::string>& argv);

}  // namespace paved::deploy::runtime::local
