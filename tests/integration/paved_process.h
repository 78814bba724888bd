#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace paved::integration {

// A `paved serve` child process on 127.0.0.1:0. Start() waits for its "listening on" line.
class PavedProcess {
 public:
  // `args` follow "serve"; `env` is added to this process's environment.
  PavedProcess(std::vector<std::string> args, std::map<std::string, std::string> env);
  ~PavedProcess();  // SIGKILLs a process still running

  // Runs `paved serve ...` as the last arguments of `prefix` (looked up on PATH), e.g. unshare
  // with a shell that mounts a small filesystem first and then execs the rest. Before Start().
  void SetWrapper(std::vector<std::string> prefix) { wrapper_ = std::move(prefix); }

  // False (with the output so far in output()) when the process exits or stays silent for 30 s.
  bool Start();
  // Sends SIGTERM and returns the exit status (or -1 on timeout, after SIGKILL); output() then
  // holds what it printed while stopping.
  int Terminate();

  const std::string& base_url() const { return base_url_; }
  const std::string& output() const { return output_; }
  pid_t pid() const { return pid_; }

 private:
  std::vector<std::string> args_;
  std::map<std::string, std::string> env_;
  std::vector<std::string> wrapper_;
  void DrainOutput();  // reads the rest of its stdout, for at most 2 s

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string output_;
  std::string base_url_;
};

// A raw HTTP/1.1 GET that reads the streamed body until `needle` shows up or `timeout_ms` passes.
// Returns what was read.
std::string ReadStreamUntil(const std::string& base_url, const std::string& path,
                            const std::string& token, const std::string& needle, int timeout_ms);

}  // namespace paved::integration
