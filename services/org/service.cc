// Each RPC: guard, use case, status mapping (common::Handle).
#include "services/org/service.h"

#include "common/handler.h"

namespace sisker::org {

#define SISKER_ORG_RPC(Method, Request, Response)                         \
  grpc::Status OrgServiceImpl::Method(grpc::ServerContext* context,       \
                                      const sisker::v1::Request* request, \
                                      sisker::v1::Response* response) {   \
    return common::Handle(context, *authenticator_, response,             \
                          [&](const common::CallContext& call) {          \
                            return org_->Method(call, *request);          \
                          });                                             \
  }
#include "services/org/rpcs.inc"
#undef SISKER_ORG_RPC

}  // namespace sisker::org
