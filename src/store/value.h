#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace paved::store {

// A SQL parameter or column value. Both engines map their types onto these four.
// Booleans are stored as integers 0/1; times as integer Unix milliseconds.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline Value Null() { return std::monostate{}; }
// Convenience for optional text columns: nullopt binds NULL.
inline Value OptText(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(std::monostate{});
}

using Params = std::vector<Value>;

// One result row. Accessors are lenient across engines: PostgreSQL hands back text,
// SQLite hands back typed values; Int() parses text, Text() formats numbers.
class Row {
 public:
  Row(const std::vector<std::string>* columns, std::vector<Value> values)
      : columns_(columns), values_(std::move(values)) {}

  bool IsNull(std::string_view column) const;
  std::string Text(std::string_view column) const;  // "" when NULL
  std::optional<std::string> OptText(std::string_view column) const;
  int64_t Int(std::string_view column) const;  // 0 when NULL
  double Real(std::string_view column) const;  // 0 when NULL
  const Value& At(size_t index) const { return values_.at(index); }
  size_t size() const { return values_.size(); }
  // Points the row at a moved or copied column list; used by ResultSet's copy and move.
  void RebindColumns(const std::vector<std::string>* columns) { columns_ = columns; }

 private:
  const Value& Get(std::string_view column) const;  // crashes on an unknown column: a code bug
  const std::vector<std::string>* columns_;
  std::vector<Value> values_;
};

// Rows point at `columns`, so copying or moving a ResultSet re-points them at the new copy.
// A Row must not outlive its ResultSet.
struct ResultSet {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE

  ResultSet() = default;
  ResultSet(const ResultSet& other) { *this = other; }
  ResultSet(ResultSet&& other) noexcept { *this = std::move(other); }
  ResultSet& operator=(const ResultSet& other);
  ResultSet& operator=(ResultSet&& other) noexcept;

  bool empty() const { return rows.empty(); }
  const Row& front() const { return rows.front(); }
};

}  // namespace paved::store
