#include "common/grpc_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace sisker::common {
namespace {

google::rpc::Status Wire(const grpc::Status& s) {
  google::rpc::Status wire;
  EXPECT_TRUE(wire.ParseFromString(s.error_details()));
  return wire;
}

int CountErrorInfo(const google::rpc::Status& wire,
                   google::rpc::ErrorInfo* out) {
  int n = 0;
  for (const auto& any : wire.details()) {
    if (any.UnpackTo(out)) ++n;
  }
  return n;
}

struct Row {
  absl::StatusCode absl_code;
  grpc::StatusCode grpc_code;
};

class StatusMapping : public ::testing::TestWithParam<Row> {};

TEST_P(StatusMapping, MapsEachCodeOneToOneWithExactlyOneErrorInfo) {
  const Row row = GetParam();
  grpc::Status s = ToGrpcStatus(absl::Status(row.absl_code, "boom"));
  EXPECT_EQ(s.error_code(), row.grpc_code);
  google::rpc::Status wire = Wire(s);
  EXPECT_EQ(wire.code(), static_cast<int>(row.grpc_code));
  google::rpc::ErrorInfo info;
  EXPECT_EQ(CountErrorInfo(wire, &info), 1);
  EXPECT_EQ(info.domain(), "sisker");
  EXPECT_FALSE(info.reason().empty());
  bool has_localized = false;
  for (const auto& any : wire.details()) {
    google::rpc::LocalizedMessage m;
    if (any.UnpackTo(&m)) {
      has_localized = true;
      EXPECT_EQ(m.locale(), "id-ID");
      EXPECT_FALSE(m.message().empty());
    }
  }
  EXPECT_TRUE(has_localized);
  // And back, with the details.
  absl::Status back = FromGrpcStatus(s);
  EXPECT_EQ(back.code(), row.absl_code);
  ASSERT_TRUE(GetErrorDetails(back).has_value());
  EXPECT_EQ(GetErrorDetails(back)->reason, info.reason());
}

INSTANTIATE_TEST_SUITE_P(
    AllCodes, StatusMapping,
    ::testing::Values(
        Row{absl::StatusCode::kCancelled, grpc::StatusCode::CANCELLED},
        Row{absl::StatusCode::kUnknown, grpc::StatusCode::UNKNOWN},
        Row{absl::StatusCode::kInvalidArgument,
            grpc::StatusCode::INVALID_ARGUMENT},
        Row{absl::StatusCode::kDeadlineExceeded,
            grpc::StatusCode::DEADLINE_EXCEEDED},
        Row{absl::StatusCode::kNotFound, grpc::StatusCode::NOT_FOUND},
        Row{absl::StatusCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
        Row{absl::StatusCode::kPermissionDenied,
            grpc::StatusCode::PERMISSION_DENIED},
        Row{absl::StatusCode::kResourceExhausted,
            grpc::StatusCode::RESOURCE_EXHAUSTED},
        Row{absl::StatusCode::kFailedPrecondition,
            grpc::StatusCode::FAILED_PRECONDITION},
        Row{absl::StatusCode::kAborted, grpc::StatusCode::ABORTED},
        Row{absl::StatusCode::kOutOfRange, grpc::StatusCode::OUT_OF_RANGE},
        Row{absl::StatusCode::kUnimplemented, grpc::StatusCode::UNIMPLEMENTED},
        Row{absl::StatusCode::kInternal, grpc::StatusCode::INTERNAL},
        Row{absl::StatusCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
        Row{absl::StatusCode::kDataLoss, grpc::StatusCode::DATA_LOSS},
        Row{absl::StatusCode::kUnauthenticated,
            grpc::StatusCode::UNAUTHENTICATED}),
    [](const ::testing::TestParamInfo<Row>& info) {
      std::string name = absl::StatusCodeToString(info.param.absl_code);
      std::erase(name, '_');
      return name;
    });

TEST(StatusMapping, OkIsOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

TEST(StatusMapping, KeepsReasonArticleAndIndonesianMessage) {
  absl::Status s =
      RuleViolation("SIGNER_MUST_BE_SEKDA", "needs the Sekda",
                    "Ditetapkan oleh Sekretaris Daerah.", "PSR 9(5)b");
  google::rpc::Status wire = Wire(ToGrpcStatus(s));
  google::rpc::ErrorInfo info;
  ASSERT_EQ(CountErrorInfo(wire, &info), 1);
  EXPECT_EQ(info.reason(), "SIGNER_MUST_BE_SEKDA");
  EXPECT_EQ(info.metadata().at("pasal"), "PSR 9(5)b");
  EXPECT_EQ(ToGrpcStatus(s).error_message(), "needs the Sekda");
}

TEST(StatusMapping, CarriesEveryFieldViolation) {
  FieldErrors errors;
  errors.Add("unit.display_name", "required");
  errors.Add("unit.kind", "required");
  google::rpc::Status wire = Wire(ToGrpcStatus(errors.ToStatus()));
  google::rpc::BadRequest bad;
  bool found = false;
  for (const auto& any : wire.details()) found = found || any.UnpackTo(&bad);
  ASSERT_TRUE(found);
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "unit.display_name");
  EXPECT_EQ(bad.field_violations(1).field(), "unit.kind");
}

TEST(StatusMapping, HidesInternalMessages) {
  grpc::Status s = ToGrpcStatus(absl::InternalError(
      "ERROR: relation \"org.units\" does not exist at host db-1.internal"));
  EXPECT_EQ(s.error_message(), "internal error");
  EXPECT_EQ(s.error_details().find("db-1"), std::string::npos);
}

}  // namespace
}  // namespace sisker::common
