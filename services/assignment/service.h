// gRPC ⇄ use cases for sisker.v1.AssignmentService (common::Handle).
#ifndef SISKER_SERVICES_ASSIGNMENT_SERVICE_H_
#define SISKER_SERVICES_ASSIGNMENT_SERVICE_H_

#include "common/principal.h"
#include "services/assignment/assignments.h"
#include "sisker/v1/assignment.grpc.pb.h"

namespace sisker::assignment {

class AssignmentServiceImpl final
    : public sisker::v1::AssignmentService::Service {
 public:
  AssignmentServiceImpl(Assignments* use_cases,
                        const common::Authenticator* authenticator)
      : use_cases_(use_cases), authenticator_(authenticator) {}

#define SISKER_ASSIGNMENT_RPC(Method, Request, Response)  \
  grpc::Status Method(grpc::ServerContext* context,       \
                      const sisker::v1::Request* request, \
                      sisker::v1::Response* response) override;
#include "services/assignment/rpcs.inc"
#undef SISKER_ASSIGNMENT_RPC
  // Public: no principal (marked (sisker.v1.public) in the proto).
  grpc::Status VerifyLetter(grpc::ServerContext* context,
                            const sisker::v1::VerifyLetterRequest* request,
                            sisker::v1::LetterVerification* response) override;

 private:
  Assignments* use_cases_;
  const common::Authenticator* authenticator_;
};

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_SERVICE_H_
