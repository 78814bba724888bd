#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace paved::cost {

// An amount of money in billionths of the currency unit (nano-dollars): exact sums over
// millions of bill lines, which carry up to 10 decimals, and room for 9.2 billion dollars.
struct Money {
  int64_t nanos = 0;

  Money& operator+=(Money other) {
    nanos += other.nanos;
    return *this;
  }
  Money& operator-=(Money other) {
    nanos -= other.nanos;
    return *this;
  }
  friend Money operator+(Money a, Money b) { return Money{a.nanos + b.nanos}; }
  friend Money operator-(Money a, Money b) { return Money{a.nanos - b.nanos}; }
  friend bool operator==(Money a, Money b) { return a.nanos == b.nanos; }
  double dollars() const { return static_cast<double>(nanos) / 1e9; }
};

// "12.5", "-0.0000000001", "1.0E-7", "" (zero) → Money, rounded half away from zero to the
// nano; nullopt for anything that is not a decimal number.
std::optional<Money> ParseMoney(std::string_view text);

// "12.345678900" with the given number of decimals (at most 9).
std::string FormatMoney(Money m, int decimals = 9);

}  // namespace paved::cost
