#pragma once

#include <sys/types.h>

#include <string>

#include "absl/status/status.h"

namespace paved {

// Writes `content` to `path` so that a reader sees the old file or the new one, never a part:
// a temporary file beside it, written, fsync'd, then renamed over `path`. Mode 0600 unless
// told (files Paved writes often hold passwords). Unavailable naming the file on failure; the
// temporary file is removed.
absl::Status WriteFileAtomically(const std::string& path, const std::string& content,
                                 mode_t mode = 0600);

}  // namespace paved
