#pragma once

// Test-only: Debian's promtool, the real checker of rule files.

#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace paved::monitoring::testing {

constexpr char kPromtool[] = "/usr/bin/promtool";

// True when promtool is installed (scripts/install-deps installs it with prometheus).
bool HavePromtool();

// What promtool said: its exit code and output.
struct PromtoolRun {
  int exit_code = -1;
  std::string output;
};

// Writes `files` (name -> text) into a new temporary directory, runs
// `promtool <args...>` there and removes the directory.
absl::StatusOr<PromtoolRun> RunPromtool(const std::vector<std::string>& args,
                                        const std::map<std::string, std::string>& files);

// `promtool check rules --lint-fatal` of one rule file.
absl::StatusOr<PromtoolRun> CheckRules(const std::string& rule_file_yaml);

}  // namespace paved::monitoring::testing
