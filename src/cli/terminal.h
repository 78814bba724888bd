#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace paved::cli {

// True when stdin is a terminal.
bool StdinIsTerminal();

// Writes `prompt` to stderr when stdin is a terminal, then reads one line from stdin (without
// its line ending). With `secret` and a terminal, echo is off while reading. Fails with
// InvalidArgument at end of input before any character.
absl::StatusOr<std::string> ReadStdinLine(const std::string& prompt, bool secret);

// $USER, else the login name of the process owner, else "".
std::string CurrentUser();
// The host name, else "localhost".
std::string HostName();

}  // namespace paved::cli
