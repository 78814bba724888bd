#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "store/store.h"

namespace paved::store {

// Runs `head` + "$1, $2, ..." + `tail` (`head` ending in "IN (", `tail` starting with ")") once
// per chunk of at most 16 of `keys`, and calls `row` for every row of every chunk. A chunk is
// padded to 1, 4 or 16 placeholders by repeating its last key, so three statement shapes serve
// any number of keys (prepared-statement caches stay small). No keys: no statement, OK.
// On failure returns the first failing statement's error.
absl::Status QueryInChunks(Tx& tx, std::string_view head, const std::vector<std::string>& keys,
                           std::string_view tail, absl::FunctionRef<void(const Row&)> row);
// The same outside a transaction: each chunk is one Store::Query (a read needing no lock).
absl::Status QueryInChunks(Store& store, std::string_view head,
                           const std::vector<std::string>& keys, std::string_view tail,
                           absl::FunctionRef<void(const Row&)> row);
// Both with parameters beside the keys: `head` uses $1 … $N for `fixed` (N = fixed.size()), the
// keys become $N+1, $N+2, … ("DELETE FROM t WHERE cluster = $1 AND day IN (").
absl::Status QueryInChunks(Tx& tx, std::string_view head, const Params& fixed,
                           const std::vector<std::string>& keys, std::string_view tail,
                           absl::FunctionRef<void(const Row&)> row);
absl::Status QueryInChunks(Store& store, std::string_view head, const Params& fixed,
                           const std::vector<std::string>& keys, std::string_view tail,
                           absl::FunctionRef<void(const Row&)> row);

}  // namespace paved::store
