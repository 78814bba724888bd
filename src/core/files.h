#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace paved {

// The whole content of the file at `path`, bytes as they are; nullopt when it cannot be opened
// or read. Callers word the error: what the file is matters more than its path, which some
// messages must not show.
std::optional<std::string> ReadWholeFile(const std::filesystem::path& path);

}  // namespace paved
