#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cli/api_client.h"
#include "cli/credentials.h"
#include "http/client.h"
#include "nlohmann/json.hpp"

namespace paved::cli {

// Options every client subcommand accepts (flags win over PAVED_SERVER / PAVED_TOKEN, which win
// over the credentials file).
struct GlobalOptions {
  std::string server;
  std::string token;
  bool json = false;
};

// The outside world as the commands see it; tests swap every part.
struct CliEnv {
  http::Client* http = nullptr;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool interactive = false;  // stdin is a terminal: prompts are allowed
  // Reads one line after writing `prompt` to stderr; echo off when `secret` and interactive.
  std::function<absl::StatusOr<std::string>(const std::string& prompt, bool secret)> read_line;
  // Reads all of stdin as it is; ResourceExhausted beyond `max_bytes`. Unset: no stdin.
  std::function<absl::StatusOr<std::string>(size_t max_bytes)> read_stdin;
  std::function<absl::StatusOr<std::string>()> credentials_path = DefaultCredentialsPath;
  std::function<absl::Time()> now = absl::Now;
  // Waits between polls (--wait, logs -f); tests make it return at once.
  std::function<void(absl::Duration)> sleep = absl::SleepFor;
  std::string user;      // default login ($USER)
  std::string hostname;  // names the token `paved login` creates
};

// Shared state of one CLI run: options, environment, and the outcome of the command.
class Context {
 public:
  explicit Context(CliEnv env) : env_(std::move(env)) {}

  GlobalOptions& global() { return global_; }
  const CliEnv& env() const { return env_; }
  std::ostream& out() { return *env_.out; }
  std::ostream& err() { return *env_.err; }

  // The stored credentials; nullopt when not logged in.
  absl::StatusOr<std::optional<Credentials>> StoredCredentials();
  // The server to talk to: --server / PAVED_SERVER, else the stored one. FailedPrecondition
  // (with login advice) when there is none.
  absl::StatusOr<std::string> Server();
  // A client for Server() with the token from --token / PAVED_TOKEN, else the stored token when
  // it was issued by that same server. FailedPrecondition (with login advice) without a token.
  absl::StatusOr<ApiClient> Api();

  // Writes `json` (with --json) or `human` to stdout; without --json, each string in the
  // answer's "warnings" goes to stderr as "warning: …".
  void Print(const nlohmann::json& json, const std::string& human);

  // Records the outcome of the command that ran.
  void Finish(absl::Status status) { status_ = std::move(status); }
  void SetExitCode(int code) { exit_code_ = code; }
  // 0 on success; otherwise prints the error on stderr and returns 1 (or the code set).
  int ExitCode();

 private:
  CliEnv env_;
  GlobalOptions global_;
  absl::Status status_;
  std::optional<int> exit_code_;
  bool used_api_ = false;
};

}  // namespace paved::cli
