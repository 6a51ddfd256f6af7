// gRPC ⇄ use cases for sisker.v1.TeamworkService (common::Handle).
#ifndef SISKER_SERVICES_TEAMWORK_SERVICE_H_
#define SISKER_SERVICES_TEAMWORK_SERVICE_H_

#include "common/principal.h"
#include "services/teamwork/teamwork.h"
#include "sisker/v1/teamwork.grpc.pb.h"

namespace sisker::teamwork {

class TeamworkServiceImpl final : public sisker::v1::TeamworkService::Service {
 public:
  TeamworkServiceImpl(Teamwork* use_cases,
                      const common::Authenticator* authenticator)
      : use_cases_(use_cases), authenticator_(authenticator) {}

#define SISKER_TEAMWORK_RPC(Method, Request, Response)    \
  grpc::Status Method(grpc::ServerContext* context,       \
                      const sisker::v1::Request* request, \
                      sisker::v1::Response* response) override;
#include "services/teamwork/rpcs.inc"
#undef SISKER_TEAMWORK_RPC

 private:
  Teamwork* use_cases_;
  const common::Authenticator* authenticator_;
};

}  // namespace sisker::teamwork

#endif  // SISKER_SERVICES_TEAMWORK_SERVICE_H_
