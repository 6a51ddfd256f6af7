// absl::Status <-> grpc::Status with google.rpc.Status details.
#include "common/grpc_status.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "google/rpc/status.pb.h"

namespace sisker::common {
namespace {

// Default reason and Indonesian text when the producer attached none.
struct Fallback {
  const char* reason;
  const char* message_id;
};

Fallback FallbackFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kCancelled:
      return {"CANCELLED", "Permintaan dibatalkan."};
    case absl::StatusCode::kInvalidArgument:
      return {"INVALID_ARGUMENT", "Isian permintaan tidak valid."};
    case absl::StatusCode::kDeadlineExceeded:
      return {"DEADLINE_EXCEEDED", "Batas waktu permintaan terlampaui."};
    case absl::StatusCode::kNotFound:
      return {"RESOURCE_NOT_FOUND", "Data tidak ditemukan."};
    case absl::StatusCode::kAlreadyExists:
      return {"ALREADY_EXISTS", "Data sudah ada."};
    case absl::StatusCode::kPermissionDenied:
      return {"MISSING_AUTHORITY", "Anda tidak berwenang."};
    case absl::StatusCode::kResourceExhausted:
      return {"RESOURCE_EXHAUSTED", "Batas permintaan terlampaui."};
    case absl::StatusCode::kFailedPrecondition:
      return {"FAILED_PRECONDITION",
              "Permintaan tidak dapat diproses saat ini."};
    case absl::StatusCode::kAborted:
      return {"ABORTED", "Terjadi perubahan bersamaan; silakan ulangi."};
    case absl::StatusCode::kOutOfRange:
      return {"OUT_OF_RANGE", "Nilai di luar rentang."};
    case absl::StatusCode::kUnimplemented:
      return {"UNIMPLEMENTED", "Fungsi belum tersedia."};
    case absl::StatusCode::kUnavailable:
      return {"UNAVAILABLE",
              "Layanan sedang tidak tersedia; silakan coba lagi."};
    case absl::StatusCode::kUnauthenticated:
      return {"UNAUTHENTICATED", "Identitas pemanggil tidak sah."};
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    default:
      return {"INTERNAL", "Terjadi kesalahan internal."};
  }
}

bool HidesMessage(absl::StatusCode code) {
  return code == absl::StatusCode::kInternal ||
         code == absl::StatusCode::kUnknown ||
         code == absl::StatusCode::kDataLoss;
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const absl::StatusCode code = status.code();
  const Fallback fallback = FallbackFor(code);
  ErrorDetails details = GetErrorDetails(status).value_or(
      ErrorDetails{fallback.reason, {}, {}, {}});
  if (details.reason.empty()) details.reason = fallback.reason;
  if (details.localized_message.empty()) {
    details.localized_message = fallback.message_id;
  }
  std::string message(status.message());
  if (HidesMessage(code)) {
    message = "internal error";
    details = ErrorDetails{fallback.reason, {}, fallback.message_id, {}};
  }
  absl::Status carrier(code, message);
  SetErrorDetails(carrier, details);
  google::rpc::Status wire;
  wire.set_code(static_cast<int>(code));
  wire.set_message(message);
  // Re-read the details from the carrier so the wire form is canonical.
  google::rpc::Status packed;
  packed.ParseFromString(
      std::string(*carrier.GetPayload(kErrorDetailsPayloadUrl)));
  *wire.mutable_details() = packed.details();
  return grpc::Status(static_cast<grpc::StatusCode>(code), message,
                      wire.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
  google::rpc::Status wire;
  if (!status.error_details().empty() &&
      wire.ParseFromString(status.error_details())) {
    google::rpc::Status packed;
    *packed.mutable_details() = wire.details();
    result.SetPayload(kErrorDetailsPayloadUrl,
                      absl::Cord(packed.SerializeAsString()));
  }
  return result;
}

}  // namespace sisker::common
