// Each RPC: guard, use case, status mapping (common::Handle).
#include "services/assignment/service.h"

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

}  // namespace sisker::assignment
