#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace paved::test_support {

// Runs argv[0] (a path) with `argv` in directory `cwd`, stdin from
// `stdin_path` and stdout+stderr appended to `log_path`; waits and returns the exit code
// (128 + signal when killed). No file descriptor of the caller leaks into the child.
absl::StatusOr<int> RunCommand(const std::vector<std::string>& argv, const std::string& cwd,
                               const std::string& log_path,
                               const std::string& stdin_path = "/dev/null");

// The last `max_bytes` of a file, for error messages.
std::string TailOfFile(const std::string& path, size_t max_bytes = 2000);

}  // namespace paved::test_support
