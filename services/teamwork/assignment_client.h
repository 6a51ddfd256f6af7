// AssignmentCalls over gRPC: the teamwork service calls the assignment
// service as itself (principal sisker-teamwork; scope assignment.teams for
// team assignments, events.read for the event log).
#ifndef SISKER_SERVICES_TEAMWORK_ASSIGNMENT_CLIENT_H_
#define SISKER_SERVICES_TEAMWORK_ASSIGNMENT_CLIENT_H_

#include <grpcpp/channel.h>

#include <memory>

#include "common/principal.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {

// `signer` must outlive the result.
std::unique_ptr<AssignmentCalls> MakeAssignmentClient(
    std::shared_ptr<grpc::Channel> channel,
    const common::AssertionSigner* signer);

}  // namespace sisker::teamwork

#endif  // SISKER_SERVICES_TEAMWORK_ASSIGNMENT_CLIENT_H_
