// gRPC ⇄ use cases for sisker.v1.OrgService: every handler goes through
// common::Handle (guard, use case, status mapping) and nothing else.
#ifndef SISKER_SERVICES_ORG_SERVICE_H_
#define SISKER_SERVICES_ORG_SERVICE_H_

#include "common/principal.h"
#include "services/org/org.h"
#include "sisker/v1/org.grpc.pb.h"

namespace sisker::org {

class OrgServiceImpl final : public sisker::v1::OrgService::Service {
 public:
  OrgServiceImpl(Org* org, const common::Authenticator* authenticator)
      : org_(org), authenticator_(authenticator) {}

#define SISKER_ORG_RPC(Method, Request, Response)         \
  grpc::Status Method(grpc::ServerContext* context,       \
                      const sisker::v1::Request* request, \
                      sisker::v1::Response* response) override;
#include "services/org/rpcs.inc"
#undef SISKER_ORG_RPC

 private:
  Org* org_;
  const common::Authenticator* authenticator_;
};

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_SERVICE_H_
