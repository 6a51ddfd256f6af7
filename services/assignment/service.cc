// Each RPC: guard, use case, status mapping (common::Handle).
#include "services/assignment/service.h"

#include "absl/time/clock.h"
#include "common/grpc_status.h"
#include "common/handler.h"

namespace sisker::assignment {

#define SISKER_ASSIGNMENT_RPC(Method, Request, Response)                \
  grpc::Status AssignmentServiceImpl::Method(                           \
      grpc::ServerContext* context, const sisker::v1::Request* request, \
      sisker::v1::Response* response) {                                 \
    return common::Handle(context, *authenticator_, response,           \
                          [&](const common::CallContext& call) {        \
                            return use_cases_->Method(call, *request);  \
                          });                                           \
  }
#include "services/assignment/rpcs.inc"
#undef SISKER_ASSIGNMENT_RPC

grpc::Status AssignmentServiceImpl::VerifyLetter(
    grpc::ServerContext* context,
    const sisker::v1::VerifyLetterRequest* request,
    sisker::v1::LetterVerification* response) {
  const absl::Time deadline = std::min(absl::FromChrono(context->deadline()),
                                       absl::Now() + absl::Seconds(10));
  auto result = use_cases_->VerifyLetter(*request, deadline);
  if (!result.ok()) return common::ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace sisker::assignment
