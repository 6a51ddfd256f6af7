// The generic wrapper every gRPC handler goes through: the guard first
// (UNAUTHENTICATED without a verified principal), then the use case, then
// the one status mapping.
#ifndef SISKER_COMMON_HANDLER_H_
#define SISKER_COMMON_HANDLER_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include "absl/status/statusor.h"
#include "common/call_context.h"
#include "common/grpc_status.h"

namespace sisker::common {

template <typename Response, typename UseCase>
grpc::Status Handle(grpc::ServerContext* context,
                    const Authenticator& authenticator, Response* response,
                    UseCase&& use_case) {
  absl::StatusOr<CallContext> call = Authenticate(*context, authenticator);
  if (!call.ok()) return ToGrpcStatus(call.status());
  absl::StatusOr<Response> result = use_case(*call);
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace sisker::common

#endif  // SISKER_COMMON_HANDLER_H_
