#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace paved::test_support {

// A real peer server (Alertmanager, Prometheus, ...) run by a test: started in its own process
// group with output appended to a log file, stopped (SIGTERM, then SIGKILL) with its whole group
// when the object goes away.
class PeerProcess {
 public:
  // argv[0] must be a path. Output goes to `log_path`; the working directory is `cwd`.
  static absl::StatusOr<PeerProcess> Start(const std::vector<std::string>& argv,
                                           const std::string& cwd, const std::string& log_path);
  PeerProcess(PeerProcess&& other) noexcept;
  PeerProcess& operator=(PeerProcess&& other) noexcept;
  ~PeerProcess();

  // Polls `url` (GET) until it answers 2xx, the process exits, or `timeout_ms` passes; the error
  // carries the end of the log.
  absl::Status WaitUntilReady(const std::string& url, int timeout_ms) const;
  void Stop();
  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }

 private:
  PeerProcess(pid_t pid, std::string log_path) : pid_(pid), log_path_(std::move(log_path)) {}
  pid_t pid_ = -1;
  std::string log_path_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bound to 0, then closed).
absl::StatusOr<int> FreeLoopbackPort();

}  // namespace paved::test_support
