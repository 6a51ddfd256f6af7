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
#include "services/assignment/letter_signer.h"
#include "services/assignment/pg_assignments.h"
#include "services/assignment/scope.h"
#include "sisker/v1/assignment.pb.h"

namespace sisker::assignment {

namespace v1 = ::sisker::v1;

// The row version an etag carries (0 when it is not a number).
int64_t VersionOf(const std::string& etag);
// The last segment of a resource name ("instansi/k/assignments/a" -> "a").
std::string IdOf(const std::string& name);

// Writes the history row and event of one change of `snapshot` (an
// assignment, involvement request or letter) in `tx`.
void RecordAssignmentChange(common::Tx& tx, const common::CallContext& call,
                            const std::string& instansi, const char* type,
                            const std::string& name, int64_t version,
                            const std::string& action,
                            const std::string& reason,
                            const std::string& request_id,
                            const std::string& profile_version,
                            const google::protobuf::Message& snapshot);

// A pending involvement request (PSR 9(3), 10(2)) for assignment `a` of
// the pegawai sitting at `where`, asked by `requester`: the fields PSR 9(3)
// a-d name, kind INVOLVEMENT, the profile's article.
v1::InvolvementRequest InvolvementRequestFor(const std::string& name,
                                             const v1::Assignment& a,
                                             const v1::Kedudukan& where,
                                             const std::string& requester,
                                             const Rules& rules);

class Assignments {
 public:
  // `signer` signs letters (BSrE in production); it must outlive this.
  Assignments(common::PgPool* pool, const common::PolicyProfiles* profiles,
              common::OrgClient* org, std::string page_token_secret,
              LetterSigner* signer)
      : pool_(pool),
        profiles_(profiles),
        org_(org),
        page_tokens_(std::move(page_token_secret)),
        signer_(signer) {}

  using Call = common::CallContext;

  // Where the public verification page is (the QR on letters points at
  // `{base}/v1/letters:verify?code=`).
  void SetPublicBaseUrl(std::string base) {
    public_base_url_ = std::move(base);
  }

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
  absl::StatusOr<v1::Letter> GetLetter(const Call& call,
                                       const v1::GetLetterRequest& r);
  absl::StatusOr<v1::Letter> CancelLetter(const Call& call,
                                          const v1::CancelLetterRequest& r);
  absl::StatusOr<v1::Letter> SupersedeLetter(
      const Call& call, const v1::SupersedeLetterRequest& r);
  absl::StatusOr<v1::FileDownload> GetLetterPdf(
      const Call& call, const v1::GetLetterPdfRequest& r);
  absl::StatusOr<v1::ListPendingActionsResponse> ListPendingActions(
      const Call& call, const v1::ListPendingActionsRequest& r);
  absl::StatusOr<v1::Workload> GetWorkload(const Call& call,
                                           const v1::GetWorkloadRequest& r);
  absl::StatusOr<v1::AssignmentDocument> CreateAttachment(
      const Call& call, const v1::CreateAttachmentRequest& r);
  absl::StatusOr<v1::ListAttachmentsResponse> ListAttachments(
      const Call& call, const v1::ListAttachmentsRequest& r);
  absl::StatusOr<v1::AssignmentDocument> GetAttachment(
      const Call& call, const v1::GetAttachmentRequest& r);
  // Public (no principal): the check behind a letter's QR code.
  absl::StatusOr<v1::TeamAssignment> CreateTeamAssignment(
      const Call& call, const v1::CreateTeamAssignmentRequest& r);
  absl::StatusOr<v1::TeamAssignment> GetTeamAssignment(
      const Call& call, const v1::GetTeamAssignmentRequest& r);
  absl::StatusOr<v1::Letter> SignTeamLetter(const Call& call,
                                            const v1::SignTeamLetterRequest& r);
  absl::StatusOr<v1::AnswerTeamRequestsResponse> AnswerTeamRequests(
      const Call& call, const v1::AnswerTeamRequestsRequest& r);
  absl::StatusOr<v1::LetterVerification> VerifyLetter(
      const v1::VerifyLetterRequest& r, absl::Time deadline);
  absl::StatusOr<v1::ListEventsResponse> ListEvents(
      const Call& call, const v1::ListEventsRequest& r);

 private:
  // A letter and its assignment, if the caller may read them (the
  // assignee, the assignment's creator, the signer, a copy's recipient, a
  // service with assignment.read); NOT_FOUND otherwise.
  struct LetterAndAssignment {
    v1::Letter letter;
    StoredAssignment assignment;
  };
  absl::StatusOr<LetterAndAssignment> ReadLetter(const Call& call,
                                                 const std::string& name);
  // The same without the reader check (for the officials' own checks).
  absl::StatusOr<LetterAndAssignment> LoadLetter(const Call& call,
                                                 const std::string& name);
  // The pegawai's workload over the period of `deciding` (the profile's
  // overload warning), for the official deciding it.
  absl::StatusOr<v1::WorkloadSummary> WorkloadFor(
      const Call& call, const std::string& instansi, const std::string& pegawai,
      const v1::Assignment& deciding);
  // The assignment `name`, when the caller may see it and its documents: a
  // reader of it (MayRead), or one of its officials (who answer for it or
  // sign it, delegates included). NOT_FOUND otherwise.
  absl::StatusOr<StoredAssignment> ReadableAssignment(const Call& call,
                                                      const std::string& name);
  // A team assignment's state after one of its members' requests was
  // answered, inside that transaction: AWAITING_LETTER (with `sign_rows`
  // addressing the officials who sign) when none is pending and one was
  // approved, CANCELLED when all were refused.
  void SettleTeam(common::Tx& tx, const Call& call, const std::string& instansi,
                  const std::string& team_id,
                  const std::vector<PendingRow>& sign_rows,
                  const std::string& request_id);
  // The rows addressing a team's letter to its signers (resolved today).
  absl::StatusOr<std::vector<PendingRow>> TeamSignRows(
      const std::string& instansi, const v1::TeamAssignment& team,
      absl::Time deadline);
  // The caller oversees `pegawai` on `day`: the pegawai themselves, their
  // direct superior or PPK, the head of their unit or PD, or a service with
  // assignment.read.
  absl::StatusOr<bool> Oversees(const Call& call, const std::string& instansi,
                                const std::string& pegawai, absl::CivilDay day);
  // Inside `tx`: records the answer to one request (locked, PENDING,
  // etag-checked) and moves its assignment to `after`, with its pending
  // rows and, for PSR 11(3)a, the acceptance request that follows.
  struct AnswerInput {
    std::string id;  // the involvement request's id
    bool approve = false;
    std::string reason;
    std::string etag;
  };
  absl::StatusOr<v1::InvolvementRequest> ApplyAnswer(
      common::Tx& tx, const Call& call, const std::string& instansi,
      const AnswerInput& in, const std::string& answerer,
      const v1::Assignment& after, const v1::InvolvementRequest* acceptance,
      const std::vector<PendingRow>& pending, const std::string& request_id);
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
    // "", "Plt.", "Plh.", or under a delegation "a.n."/"u.b." the post
    // `on_behalf_of` (display name) by `delegation`.
    std::string capacity;
    std::string on_behalf_of;
    std::string delegation;
  };
  // Every official of an assignment on `day` (PPK and direct superior of
  // the assignee, heads of their unit and PD, heads of the owner unit and
  // PD, Sekda), as the org service names them (Plt/Plh included).
  absl::StatusOr<std::vector<Role>> OfficialsFor(const std::string& instansi,
                                                 const v1::Kedudukan& assignee,
                                                 const Seat& owner,
                                                 absl::CivilDay day,
                                                 absl::Time deadline);
  // The officials the caller is for this assignment; with `signing`, also
  // those whose signing authority was delegated to the caller (a.n./u.b.).
  absl::StatusOr<std::vector<Role>> CallerIs(const Call& call,
                                             const std::string& instansi,
                                             const v1::Kedudukan& assignee,
                                             const Seat& owner,
                                             absl::CivilDay day, bool signing);
  // The same for `person` (a pegawai name; "" has no roles).
  absl::StatusOr<std::vector<Role>> RolesOf(const std::string& person,
                                            const std::string& instansi,
                                            const v1::Kedudukan& assignee,
                                            const Seat& owner,
                                            absl::CivilDay day, bool signing,
                                            absl::Time deadline);
  // A Plt/Plh acts only within the powers the profile lists (UU 30/2014
  // Pasal 14(7)); PERMISSION_DENIED otherwise.
  static absl::Status CheckActingPower(const Role& role,
                                       const v1::PolicyProfile& profile,
                                       const std::string& power);
  // The signer of a letter for `a` among the caller's roles, with the
  // profile's acting-power check; PERMISSION_DENIED citing the rule.
  absl::StatusOr<Role> SignerFor(const Call& call, const std::string& instansi,
                                 const v1::Assignment& a,
                                 const v1::Kedudukan& assignee,
                                 absl::CivilDay day,
                                 const v1::PolicyProfile& profile);
  // The letter for `a` as the caller would sign it today (fields of PSR
  // 9(2), letterhead, signature block, copies), not yet numbered;
  // PERMISSION_DENIED when the caller may not sign it.
  absl::StatusOr<v1::Letter> DraftLetter(const Call& call,
                                         const std::string& instansi,
                                         const v1::Assignment& a,
                                         const v1::PolicyProfile& profile);
  // Signs `letter` (number, content hash, verification code, electronic
  // signature) inside `tx` and inserts it.
  absl::StatusOr<v1::Letter> IssueLetter(
      common::Tx& tx, const std::string& instansi, const std::string& letter_id,
      const std::string& assignment_id, v1::Letter letter,
      const v1::PolicyProfile& profile, const std::string& passphrase);
  // The pending actions an assignment raises in its state, addressed to
  // the officials holding the seats today (resolved outside transactions).
  absl::StatusOr<std::vector<PendingRow>> PendingFor(
      const std::string& instansi, const v1::Assignment& a,
      const v1::InvolvementRequest* request, absl::Time deadline);
  // The caller is one of a volunteer application's approvers (today).
  // (The role, for the acting-power check; nullopt when not.)
  absl::StatusOr<std::optional<Role>> IsApprover(
      const Call& call, const std::string& instansi,
      const v1::InvolvementRequest& r);
  // The caller heads the unit or PD where the request's pegawai sits.
  absl::StatusOr<std::optional<Role>> IsAnsweringHead(
      const Call& call, const std::string& instansi,
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
  LetterSigner* signer_;
  std::string public_base_url_ = "http://127.0.0.1:8080";
  PgAssignments store_;
};

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_ASSIGNMENTS_H_
