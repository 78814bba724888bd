#include "store/insert_rows.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"

namespace paved::store {

absl::Status InsertRows(Tx& tx, std::string_view head, int columns, size_t row_count,
                        absl::FunctionRef<void(size_t, Params&)> append_row,
                        std::string_view tail) {
  const size_t width = static_cast<size_t>(columns);
  for (size_t start = 0; start < row_count; start += kInsertBatchRows) {
    size_t end = std::min(row_count, start + kInsertBatchRows);
    std::string sql(head);
    Params params;
    params.reserve((end - start) * width);
    for (size_t i = start; i < end; ++i) {
      absl::StrAppend(&sql, i == start ? "" : ", ", "(");
      for (size_t c = 1; c <= width; ++c) {
        absl::StrAppend(&sql, c == 1 ? "" : ", ", "$", (i - start) * width + c);
      }
      sql += ")";
      append_row(i, params);
    }
    sql += tail;
    if (absl::Status s = tx.Query(sql, params).status(); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace paved::store
