// The assignment service's use cases (DOMAIN.md 3.2). Each method checks
// the caller's authority from the org structure (through the org client)
// and the instansi's policy profile, and writes the assignment, its history
// row and its event in one transaction.
#ifndef SISKER_SERVICES_ASSIGNMENT_ASSIGNMENTS_H_
#define SISKER_SERVICES_ASSIGNMENT_ASSIGNMENTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/call_context.h"
#include "common/org_client.h"
#include "common/page_token.h"
#include "common/pg_pool.h"
#include "common/policy_profiles.h"
#include "services/assignment/letter_rules.h"
#include "services/assignment/pg_assignments.h"
#include "services/assignment/scope.h"
#include "sisker/v1/assignment.pb.h"

namespace sisker::assignment {

namespace v1 = ::sisker::v1;

class Assignments {
 public:
  Assignments(common::PgPool* pool, const common::PolicyProfiles* profiles,
              common::OrgClient* org, std::string page_token_secret)
      : pool_(pool),
        profiles_(profiles),
        org_(org),
        page_tokens_(std::move(page_token_secret)) {}

  using Call = common::CallContext;

  absl::StatusOr<v1::Assignment> CreateAssignment(
      const Call& call, const v1::CreateAssignmentRequest& r);
  absl::StatusOr<v1::Assignment> GetAssignment(
      const Call& call, const v1::GetAssignmentRequest& r);
  absl::StatusOr<v1::ListAssignmentsResponse> ListAssignments(
      const Call& call, const v1::ListAssignmentsRequest& r);
  absl::StatusOr<v1::InvolvementRequest> AnswerInvolvementRequest(
      const Call& call, const v1::AnswerInvolvementRequestRequest& r);
  absl::StatusOr<v1::InvolvementRequest> GetInvolvementRequest(
      const Call& call, const v1::GetInvolvementRequestRequest& r);
  absl::StatusOr<v1::Letter> SignAssignmentLetter(
      const Call& call, const v1::SignAssignmentLetterRequest& r);
  // Public (no principal): the check behind a letter's QR code.
  absl::StatusOr<v1::LetterVerification> VerifyLetter(
      const v1::VerifyLetterRequest& r, absl::Time deadline);
  absl::StatusOr<v1::ListEventsResponse> ListEvents(
      const Call& call, const v1::ListEventsRequest& r);

 private:
  // The instansi's policy profile (through the org service).
  absl::StatusOr<const v1::PolicyProfile*> ProfileOf(
      const std::string& instansi, absl::Time deadline);
  // Where a unit sits: its PD and the unit with its ancestors.
  absl::StatusOr<Seat> SeatOf(const std::string& instansi,
                              const std::string& unit, absl::CivilDay day,
                              absl::Time deadline);
  // An official the caller is for an assignment, as the org service names
  // them (with Plt/Plh), and the PD whose letterhead they sign on.
  struct Role {
    Rules::Official official;
    v1::Person person;
    std::string pd;
  };
  // The officials the caller is for this assignment (PPK or direct
  // superior of the assignee, head of the owner PD or unit, Sekda).
  absl::StatusOr<std::vector<Role>> CallerIs(const Call& call,
                                             const std::string& instansi,
                                             const v1::Kedudukan& assignee,
                                             const Seat& owner,
                                             absl::CivilDay day);
  // The caller is one of a volunteer application's approvers (today).
  absl::StatusOr<bool> IsApprover(const Call& call, const std::string& instansi,
                                  const v1::InvolvementRequest& r);
  // The caller heads the unit or PD where the request's pegawai sits.
  absl::StatusOr<bool> IsAnsweringHead(const Call& call,
                                       const std::string& instansi,
                                       const v1::InvolvementRequest& r);
  // The person the calling subject acts as in `instansi` ("" for a service
  // or an unknown subject).
  std::string CallerPerson(const Call& call, const std::string& instansi);
  // The caller (acting as `person`) may read `a`: the assignee, its
  // creator, or a service with assignment.read.
  bool MayRead(const Call& call, const std::string& person,
               const StoredAssignment& a);

  common::PgPool* pool_;
  const common::PolicyProfiles* profiles_;
  common::OrgClient* org_;
  common::PageTokens page_tokens_;
  PgAssignments store_;
};

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_ASSIGNMENTS_H_
