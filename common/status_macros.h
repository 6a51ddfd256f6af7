// RETURN_IF_ERROR / ASSIGN_OR_RETURN: Abseil 20220623 has none public.
#ifndef SISKER_COMMON_STATUS_MACROS_H_
#define SISKER_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SISKER_CONCAT_INNER_(a, b) a##b
#define SISKER_CONCAT_(a, b) SISKER_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                                           \
  do {                                                                  \
    if (::absl::Status sisker_status_ = (expr); !sisker_status_.ok()) { \
      return sisker_status_;                                            \
    }                                                                   \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, F());` declares/assigns the value or returns the
// error from the enclosing function.
#define ASSIGN_OR_RETURN(lhs, expr)                                         \
  SISKER_ASSIGN_OR_RETURN_IMPL_(SISKER_CONCAT_(sisker_statusor_, __LINE__), \
                                lhs, expr)

#define SISKER_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) {                                    \
    return std::move(statusor).status();                   \
  }                                                        \
  lhs = std::move(statusor).value()

#endif  // SISKER_COMMON_STATUS_MACROS_H_
