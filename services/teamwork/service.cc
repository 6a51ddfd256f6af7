// Each RPC: guard, use case, status mapping (common::Handle).
#include "services/teamwork/service.h"

#include "common/handler.h"

namespace sisker::teamwork {

#define SISKER_TEAMWORK_RPC(Method, Request, Response)                         \
  grpc::Status TeamworkServiceImpl::Method(grpc::ServerContext* context,       \
                                           const sisker::v1::Request* request, \
                                           sisker::v1::Response* response) {   \
    return common::Handle(context, *authenticator_, response,                  \
                          [&](const common::CallContext& call) {               \
                            return use_cases_->Method(call, *request);         \
                          });                                                  \
  }
#include "services/teamwork/rpcs.inc"
#undef SISKER_TEAMWORK_RPC

}  // namespace sisker::teamwork
