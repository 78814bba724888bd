#include "cli/input.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include "absl/strings/str_cat.h"

namespace paved::cli {
namespace {

// Reads `in` to its end, failing once more than `max_bytes` arrived.
absl::StatusOr<std::string> ReadStream(std::istream& in, size_t max_bytes,
                                       const std::string& name) {
  std::string text;
  char buffer[8192];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat(name, " holds more than ", max_bytes, " bytes"));
    }
  }
  if (in.bad()) return absl::UnavailableError(absl::StrCat("cannot read ", name));
  return text;
}

}  // namespace

absl::StatusOr<std::string> ReadAllStdin(size_t max_bytes) {
  return ReadStream(std::cin, max_bytes, "stdin");
}

absl::StatusOr<std::string> ReadInput(Context& ctx, const std::string& path, size_t max_bytes) {
  if (path == "-") {
    if (!ctx.env().read_stdin) return absl::FailedPreconditionError("cannot read stdin here");
    return ctx.env().read_stdin(max_bytes);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  return ReadStream(in, max_bytes, path);
}

}  // namespace paved::cli
