#include "services/gateway/http_errors.h"

#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace sisker::gateway {
namespace {

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

// {"error": {...}} from a google.rpc.Status (its code is the gRPC code).
common::HttpResponse Render(int http_status, const google::rpc::Status& rpc) {
  nlohmann::json details = nlohmann::json::array();
  std::string json;
  // The details print through the generated pool (ErrorInfo, BadRequest,
  // LocalizedMessage are linked); with an unknown type they are dropped.
  if (rpc.details_size() > 0 &&
      google::protobuf::util::MessageToJsonString(rpc, &json).ok()) {
    auto parsed = nlohmann::json::parse(json, nullptr, false);
    if (parsed.is_object() && parsed.contains("details"))
      details = parsed["details"];
  }
  nlohmann::json body = {
      {"error",
       {{"code", http_status},
        {"message", rpc.message()},
        {"status", CodeName(static_cast<grpc::StatusCode>(rpc.code()))},
        {"details", details}}}};
  common::HttpResponse out;
  out.status = http_status;
  out.content_type = "application/json";
  out.body =
      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return out;
}

}  // namespace

int HttpStatusFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    default:  // UNKNOWN, INTERNAL, DATA_LOSS
      return 500;
  }
}

common::HttpResponse ErrorResponse(const grpc::Status& status) {
  google::rpc::Status rpc;
  if (status.error_details().empty() ||
      !rpc.ParseFromString(status.error_details())) {
    rpc.Clear();
    rpc.set_message(status.error_message());
  }
  rpc.set_code(static_cast<int>(status.error_code()));
  return Render(HttpStatusFor(status.error_code()), rpc);
}

common::HttpResponse ErrorResponse(const absl::Status& status) {
  return ErrorResponse(common::ToGrpcStatus(status));
}

common::HttpResponse ErrorResponse(int http_status, grpc::StatusCode code,
                                   const std::string& reason,
                                   const std::string& message) {
  google::rpc::Status rpc;
  rpc.set_code(static_cast<int>(code));
  rpc.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("sisker");
  rpc.add_details()->PackFrom(info);
  return Render(http_status, rpc);
}

}  // namespace sisker::gateway
