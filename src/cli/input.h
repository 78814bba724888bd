#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "cli/context.h"

namespace paved::cli {

// All of stdin as it is (bytes unchanged). ResourceExhausted when it holds more than
// `max_bytes`; Unavailable on a read error.
absl::StatusOr<std::string> ReadAllStdin(size_t max_bytes);

// The contents of the file at `path`, or of stdin (through ctx.env().read_stdin) when `path` is
// "-". NotFound when the file cannot be opened; ResourceExhausted beyond `max_bytes`.
absl::StatusOr<std::string> ReadInput(Context& ctx, const std::string& path, size_t max_bytes);

}  // namespace paved::cli
