#include "store/value.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "fmt/format.h"

namespace paved::store {
namespace {

int64_t ParseInt(const std::string& s) {
  int64_t i = 0;
  if (absl::SimpleAtoi(s, &i)) return i;
  double d = 0;
  if (absl::SimpleAtod(s, &d)) return static_cast<int64_t>(d);
  if (s == "t" || s == "true") return 1;  // PostgreSQL booleans in text form
  return 0;
}

double ParseReal(const std::string& s) {
  double d = 0;
  return absl::SimpleAtod(s, &d) ? d : 0;
}

}  // namespace

const Value& Row::Get(std::string_view column) const {
  for (size_t i = 0; i < columns_->size() && i < values_.size(); ++i) {
    if ((*columns_)[i] == column) return values_[i];
  }
  std::fprintf(stderr, "store: result has no column '%.*s'\n", static_cast<int>(column.size()),
               column.data());
  std::abort();
}

bool Row::IsNull(std::string_view column) const {
  return std::holds_alternative<std::monostate>(Get(column));
}

std::string Row::Text(std::string_view column) const {
  const Value& v = Get(column);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return "";
}

std::optional<std::string> Row::OptText(std::string_view column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

int64_t Row::Int(std::string_view column) const {
  const Value& v = Get(column);
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return ParseInt(*s);
  return 0;
}

double Row::Real(std::string_view column) const {
  const Value& v = Get(column);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return ParseReal(*s);
  return 0;
}

ResultSet& ResultSet::operator=(const ResultSet& other) {
  if (this == &other) return *this;
  columns = other.columns;
  rows = other.rows;
  affected = other.affected;
  for (Row& row : rows) row.RebindColumns(&columns);
  return *this;
}

ResultSet& ResultSet::operator=(ResultSet&& other) noexcept {
  if (this == &other) return *this;
  columns = std::move(other.columns);
  rows = std::move(other.rows);
  affected = other.affected;
  for (Row& row : rows) row.RebindColumns(&columns);
  return *this;
}

}  // namespace paved::store
