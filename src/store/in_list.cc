#include "store/in_list.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace paved::store {
namespace {

// SQLite binds parameters by name at O(parameters) each: keep statements small.
constexpr size_t kChunk = 16;

size_t PaddedSize(size_t n) {
  for (size_t size : {1, 4, 16}) {
    if (n <= size) return size;
  }
  return kChunk;
}

using RunQuery = absl::FunctionRef<absl::StatusOr<ResultSet>(std::string_view, const Params&)>;

absl::Status InChunks(RunQuery query, std::string_view head, const Params& fixed,
                      const std::vector<std::string>& keys, std::string_view tail,
                      absl::FunctionRef<void(const Row&)> row) {
  for (size_t begin = 0; begin < keys.size(); begin += kChunk) {
    size_t n = std::min(kChunk, keys.size() - begin);
    size_t padded = PaddedSize(n);
    std::string sql(head);
    Params params = fixed;
    for (size_t i = 0; i < padded; ++i) {
      absl::StrAppend(&sql, i ? ", $" : "$", fixed.size() + i + 1);
      params.push_back(keys[begin + std::min(i, n - 1)]);
    }
    sql.append(tail);
    ASSIGN_OR_RETURN(ResultSet rs, query(sql, params));
    for (const auto& r : rs.rows) row(r);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status QueryInChunks(Tx& tx, std::string_view head, const std::vector<std::string>& keys,
                           std::string_view tail, absl::FunctionRef<void(const Row&)> row) {
  return QueryInChunks(tx, head, {}, keys, tail, row);
}

absl::Status QueryInChunks(Tx& tx, std::string_view head, const Params& fixed,
                           const std::vector<std::string>& keys, std::string_view tail,
                           absl::FunctionRef<void(const Row&)> row) {
  return InChunks([&](std::string_view sql, const Params& params) { return tx.Query(sql, params); },
                  head, fixed, keys, tail, row);
}

absl::Status QueryInChunks(Store& store, std::string_view head,
                           const std::vector<std::string>& keys, std::string_view tail,
                           absl::FunctionRef<void(const Row&)> row) {
  return QueryInChunks(store, head, {}, keys, tail, row);
}

absl::Status QueryInChunks(Store& store, std::string_view head, const Params& fixed,
                           const std::vector<std::string>& keys, std::string_view tail,
                           absl::FunctionRef<void(const Row&)> row) {
  return InChunks(
      [&](std::string_view sql, const Params& params) { return store.Query(sql, params); }, head,
      fixed, keys, tail, row);
}

}  // namespace paved::store
