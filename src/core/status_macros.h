#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Early-return helpers for absl::Status, in the spirit of leveldb's "check on the next line".
#define PAVED_CONCAT_INNER(a, b) a##b
#define PAVED_CONCAT(a, b) PAVED_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                      \
  do {                                             \
    ::absl::Status paved_status_ = (expr);         \
    if (!paved_status_.ok()) return paved_status_; \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(*tmp)

#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(PAVED_CONCAT(paved_statusor_, __LINE__), lhs, expr)
