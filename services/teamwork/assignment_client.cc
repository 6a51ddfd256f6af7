#include "services/teamwork/assignment_client.h"

#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "sisker/v1/assignment.grpc.pb.h"

namespace sisker::teamwork {
namespace {

constexpr char kSelf[] = "sisker-teamwork";
constexpr char kAudience[] = "sisker-assignment";

class GrpcAssignmentClient : public AssignmentCalls {
 public:
  GrpcAssignmentClient(std::shared_ptr<grpc::Channel> channel,
                       const common::AssertionSigner* signer)
      : stub_(v1::AssignmentService::NewStub(std::move(channel))),
        signer_(signer) {}

  absl::StatusOr<v1::TeamAssignment> CreateTeamAssignment(
      const v1::CreateTeamAssignmentRequest& r, absl::Time deadline) override {
    const std::string inst = r.parent().substr(r.parent().find('/') + 1);
    ASSIGN_OR_RETURN(
        auto ctx, Context(inst, {"assignment.teams"},
                          std::min(deadline, absl::Now() + absl::Seconds(5))));
    v1::TeamAssignment out;
    RETURN_IF_ERROR(common::FromGrpcStatus(
        stub_->CreateTeamAssignment(ctx.get(), r, &out)));
    return out;
  }

  absl::StatusOr<v1::Assignment> GetAssignment(const std::string& name,
                                               absl::Time deadline) override {
    auto ids = common::ParseName(name, {"instansi", "assignments"});
    if (!ids) return common::InvalidFields({{"parent", "not an assignment"}});
    ASSIGN_OR_RETURN(
        auto ctx, Context((*ids)[0], {"assignment.read"},
                          std::min(deadline, absl::Now() + absl::Seconds(5))));
    v1::GetAssignmentRequest r;
    r.set_name(name);
    v1::Assignment out;
    RETURN_IF_ERROR(
        common::FromGrpcStatus(stub_->GetAssignment(ctx.get(), r, &out)));
    return out;
  }

  absl::StatusOr<v1::ListEventsResponse> ListEvents(int64_t after_position,
                                                    int page_size) override {
    ASSIGN_OR_RETURN(
        auto ctx, Context("", {"events.read"}, absl::Now() + absl::Seconds(5)));
    v1::ListEventsRequest r;
    r.set_after_position(after_position);
    r.set_page_size(page_size);
    v1::ListEventsResponse out;
    RETURN_IF_ERROR(
        common::FromGrpcStatus(stub_->ListEvents(ctx.get(), r, &out)));
    return out;
  }

 private:
  absl::StatusOr<std::unique_ptr<grpc::ClientContext>> Context(
      const std::string& inst, std::vector<std::string> scopes,
      absl::Time deadline) {
    ASSIGN_OR_RETURN(
        std::string assertion,
        signer_->Mint(
            common::Principal{inst, kSelf, common::Principal::Kind::kService,
                              std::move(scopes)},
            kAudience));
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->AddMetadata(common::kPrincipalMetadata, assertion);
    ctx->set_deadline(absl::ToChronoTime(deadline));
    return ctx;
  }

  std::unique_ptr<v1::AssignmentService::Stub> stub_;
  const common::AssertionSigner* signer_;
};

}  // namespace

std::unique_ptr<AssignmentCalls> MakeAssignmentClient(
    std::shared_ptr<grpc::Channel> channel,
    const common::AssertionSigner* signer) {
  return std::make_unique<GrpcAssignmentClient>(std::move(channel), signer);
}

}  // namespace sisker::teamwork
