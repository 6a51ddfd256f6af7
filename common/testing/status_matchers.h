// GoogleTest matchers for absl::Status / StatusOr (after google-cloud-cpp):
// EXPECT_THAT(s, IsOk()); EXPECT_THAT(s,
// StatusIs(absl::StatusCode::kNotFound)); EXPECT_THAT(s,
// HasReason("INVALID_FIELDS")).
#ifndef SISKER_COMMON_TESTING_STATUS_MATCHERS_H_
#define SISKER_COMMON_TESTING_STATUS_MATCHERS_H_

#include <gmock/gmock.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/errors.h"

namespace sisker::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s;
  return s.ok();
}

MATCHER_P(StatusIs, code,
          std::string("has code ") + absl::StatusCodeToString(code)) {
  const absl::Status& s = GetStatus(arg);
  *result_listener << "status is " << s;
  return s.code() == code;
}

MATCHER_P2(StatusIs, code, reason,
           std::string("has code ") + absl::StatusCodeToString(code) +
               " and reason " + reason) {
  const absl::Status& s = GetStatus(arg);
  auto details = common::GetErrorDetails(s);
  *result_listener << "status is " << s << " reason "
                   << (details ? details->reason : "<none>");
  return s.code() == code && details.has_value() && details->reason == reason;
}

// The bad fields named by an INVALID_ARGUMENT's BadRequest, in order.
inline std::vector<std::string> ViolatedFields(const absl::Status& s) {
  std::vector<std::string> fields;
  if (auto details = common::GetErrorDetails(s)) {
    for (const auto& v : details->field_violations) fields.push_back(v.field);
  }
  return fields;
}

#define ASSERT_OK(expr) ASSERT_THAT((expr), ::sisker::testing::IsOk())
#define EXPECT_OK(expr) EXPECT_THAT((expr), ::sisker::testing::IsOk())

}  // namespace sisker::testing

#endif  // SISKER_COMMON_TESTING_STATUS_MATCHERS_H_
