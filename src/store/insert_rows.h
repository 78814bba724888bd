#pragma once

#include <cstddef>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "store/store.h"

namespace paved::store {

// Rows per INSERT of InsertRows: one round trip per batch, under every engine's parameter limit
// for rows of up to 160 columns.
inline constexpr size_t kInsertBatchRows = 200;

// Inserts `row_count` rows of `columns` values each with `head` ("INSERT INTO t (a, b) VALUES ")
// + "($1, $2), ($3, $4), ..." — one statement per kInsertBatchRows rows, whose values
// `append_row(i, params)` appends for row i (exactly `columns` of them). Only one batch's values
// are held at a time. `tail` ends each statement (" ON CONFLICT (k) DO UPDATE SET ..."). No rows:
// no statement, OK. On failure returns the first failing statement's error.
absl::Status InsertRows(Tx& tx, std::string_view head, int columns, size_t row_count,
                        absl::FunctionRef<void(size_t, Params&)> append_row,
                        std::string_view tail = "");

}  // namespace paved::store
