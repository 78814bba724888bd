#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace paved::test_support {

inline const absl::Status& StatusOf(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& StatusOf(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

}  // namespace paved::test_support

// ASSERT_OK(expr) / EXPECT_OK(expr) for absl::Status and absl::StatusOr, printing the status.
#define ASSERT_OK(expr)                                                                      \
  do {                                                                                       \
    const auto& paved_assert_ok_ = (expr);                                                   \
    ASSERT_TRUE(paved_assert_ok_.ok()) << ::paved::test_support::StatusOf(paved_assert_ok_); \
  } while (0)
#define EXPECT_OK(expr)                                                                      \
  do {                                                                                       \
    const auto& paved_expect_ok_ = (expr);                                                   \
    EXPECT_TRUE(paved_expect_ok_.ok()) << ::paved::test_support::StatusOf(paved_expect_ok_); \
  } while (0)
// EXPECT_CODE(expr, kAlreadyExists): the status code of a Status or StatusOr.
#define EXPECT_CODE(expr, expected)                                                           \
  do {                                                                                        \
    const auto& paved_expect_code_ = (expr);                                                  \
    const auto& paved_code_status_ = ::paved::test_support::StatusOf(paved_expect_code_);     \
    EXPECT_EQ(paved_code_status_.code(), ::absl::StatusCode::expected) << paved_code_status_; \
  } while (0)
