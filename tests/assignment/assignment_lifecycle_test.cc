// The letter's life after signing and the officials' view of their work,
// against a real org service and real PostgreSQL over gRPC: a delegate's
// "a.n." signature, supersession and cancellation (numbers never reused),
// the PDF kept per state, each official's pending actions, a pegawai's
// workload with the overload warning, PSR 11(3)a's acceptance by the target
// PD, and documents attached to an assignment.
#include "common/sha256.h"
#include "tests/assignment/assignment_fixture.h"

namespace sisker::assignment::fixture {
namespace {

class Lifecycle : public AssignmentTest {
 public:
  // Calls an assignment RPC as the person linked to `subject` in `inst`.
  template <typename Request, typename Response>
  absl::StatusOr<Response> As(const std::string& inst,
                              const std::string& subject,
                              grpc::Status (AStub::*rpc)(grpc::ClientContext*,
                                                         const Request&,
                                                         Response*),
                              const Request& request) {
    return Rpc(sisker::testing::Person(inst, subject), rpc, request);
  }
  absl::StatusOr<v1::ListPendingActionsResponse> Inbox(
      const std::string& subject) {
    v1::ListPendingActionsRequest r;
    r.set_parent("instansi/paser");
    return As("paser", subject, &AStub::ListPendingActions, r);
  }
  absl::StatusOr<v1::Letter> Cancel(const std::string& subject,
                                    const std::string& letter,
                                    const std::string& reason,
                                    const std::string& etag = "") {
    v1::CancelLetterRequest r;
    r.set_name(letter);
    r.set_reason(reason);
    r.set_etag(etag);
    return As("paser", subject, &AStub::CancelLetter, r);
  }
  absl::StatusOr<v1::FileDownload> Pdf(const std::string& subject,
                                       const std::string& letter) {
    v1::GetLetterPdfRequest r;
    r.set_name(letter);
    return As("paser", subject, &AStub::GetLetterPdf, r);
  }
  // A within-unit Paser appointment of the staf by the kasubbag (their
  // PPK), signed (PSR 9(1)).
  absl::StatusOr<v1::Letter> SignedWithinUnit() {
    ASSIGN_OR_RETURN(v1::Assignment a,
                     Assign("paser", "idp|kasubbag", "p-staf", "dinas-sek"));
    return Sign("paser", "idp|kasubbag", a.name());
  }
};

// UU 30/2014 (mandat): a letter signed under the org service's SIGNING
// delegation reads "a.n." the delegating post; without it, PERMISSION_DENIED.
TEST_F(Lifecycle, ADelegateSignsAtasNamaAndSeesTheLetterInTheirInbox) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  ASSERT_NO_FATAL_FAILURE(Link("paser", "p-sekretaris", "idp|sekretaris"));
  auto a = Assign("paser", "idp|kadis", "p-analis", "dinas-sek");
  ASSERT_THAT(a, IsOk());
  // The request waits in the answering head's inbox with the workload.
  auto inbox = Inbox("idp|kadis");
  ASSERT_THAT(inbox, IsOk());
  ASSERT_EQ(inbox->actions_size(), 1);
  EXPECT_EQ(inbox->actions(0).kind(), v1::PendingAction::ANSWER_REQUEST);
  EXPECT_EQ(inbox->actions(0).resource(), a->involvement_request());
  EXPECT_EQ(inbox->actions(0).pegawai(), "instansi/paser/pegawai/p-analis");
  EXPECT_EQ(inbox->actions(0).workload().overload_threshold(), 5);
  EXPECT_FALSE(inbox->actions(0).workload().overloaded());
  auto staff_inbox = Inbox("idp|staf");
  ASSERT_THAT(staff_inbox, IsOk());
  EXPECT_EQ(staff_inbox->actions_size(), 0);
  ASSERT_THAT(Answer("paser", "idp|kadis", a->involvement_request(), true, ""),
              IsOk());
  inbox = Inbox("idp|kadis");
  ASSERT_THAT(inbox, IsOk());
  ASSERT_EQ(inbox->actions_size(), 1);
  EXPECT_EQ(inbox->actions(0).kind(), v1::PendingAction::SIGN_LETTER);
  EXPECT_EQ(inbox->actions(0).as_official(), R::KEPALA_PD_OWNER);
  // PSR 9(5)a: the Kepala PD signs; the sekretaris may not, yet.
  EXPECT_THAT(Sign("paser", "idp|sekretaris", a->name()),
              StatusIs(absl::StatusCode::kPermissionDenied));
  v1::CreateDelegationRequest d;
  d.set_parent("instansi/paser");
  auto* del = d.mutable_delegation();
  del->set_kind(v1::Delegation::SIGNING);
  del->set_delegate("instansi/paser/pegawai/p-sekretaris");
  del->set_delegating_post("instansi/paser/posts/kadis");
  del->set_signing_mode(v1::Delegation::ATAS_NAMA);
  *del->mutable_valid_from() = org::D(2025, 1, 1);
  del->set_legal_basis("Keputusan Kepala Dinas 800/3/2025");
  v1::Delegation created;
  ASSERT_OK(Call(Op("paser", "bkpsdm"), &v1::OrgService::Stub::CreateDelegation,
                 d, &created));
  // The delegate sees the letter to sign through the delegating post.
  auto delegate_inbox = Inbox("idp|sekretaris");
  ASSERT_THAT(delegate_inbox, IsOk());
  ASSERT_EQ(delegate_inbox->actions_size(), 1);
  EXPECT_EQ(delegate_inbox->actions(0).resource(), a->name());
  auto letter = Sign("paser", "idp|sekretaris", a->name());
  ASSERT_THAT(letter, IsOk());
  EXPECT_EQ(letter->signer(), "instansi/paser/pegawai/p-sekretaris");
  EXPECT_EQ(letter->signer_capacity(), "a.n.");
  EXPECT_EQ(letter->on_behalf_of_post(), "Jabatan kadis");
  EXPECT_EQ(letter->delegation(), created.name());
  EXPECT_EQ(letter->source(), "PSR 9(5)a");
  EXPECT_EQ(letter->signature().provider(), "dev-ed25519");
  EXPECT_EQ(letter->signature().signature().size(), 64u);
  auto check = Verify(letter->verification_code());
  ASSERT_THAT(check, IsOk());
  EXPECT_TRUE(check->genuine());
  EXPECT_TRUE(check->signature_valid());
  EXPECT_EQ(check->on_behalf_of_post(), "Jabatan kadis");
  // Signed: nobody's inbox holds it any more.
  for (const char* who : {"idp|kadis", "idp|sekretaris"}) {
    auto after = Inbox(who);
    ASSERT_THAT(after, IsOk());
    EXPECT_EQ(after->actions_size(), 0) << who;
  }
}

// A correction supersedes a letter with the next number; a cancellation
// keeps the number; both need the issuing official and a reason.
TEST_F(Lifecycle, SupersededAndCancelledLettersKeepTheirNumbers) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  auto first = SignedWithinUnit();
  ASSERT_THAT(first, IsOk());
  const int year = first->date().year();
  v1::SupersedeLetterRequest fix;
  fix.set_name(first->name());
  *fix.mutable_end_date() = org::D(2025, 6, 30);
  EXPECT_THAT(
      ViolatedFields(
          As("paser", "idp|kasubbag", &AStub::SupersedeLetter, fix).status()),
      ::testing::ElementsAre("reason"));
  fix.set_reason("Jangka waktu diperpanjang");
  EXPECT_THAT(As("paser", "idp|staf", &AStub::SupersedeLetter, fix),
              StatusIs(absl::StatusCode::kPermissionDenied));
  auto second = As("paser", "idp|kasubbag", &AStub::SupersedeLetter, fix);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->number(), absl::StrCat("800/2/dinas/", year));
  EXPECT_EQ(second->supersedes(), first->name());
  EXPECT_EQ(second->end_date().month(), 6);
  auto old = Verify(first->verification_code());
  ASSERT_THAT(old, IsOk());
  EXPECT_EQ(old->state(), v1::Letter::SUPERSEDED);
  EXPECT_EQ(old->superseded_by_number(), second->number());
  EXPECT_TRUE(old->genuine());
  auto assignment = Read("paser", "idp|staf", first->assignment());
  ASSERT_THAT(assignment, IsOk());
  EXPECT_EQ(assignment->letter(), second->name());
  EXPECT_EQ(assignment->end_date().month(), 6);
  EXPECT_THAT(As("paser", "idp|kasubbag", &AStub::SupersedeLetter, fix),
              StatusIs(absl::StatusCode::kFailedPrecondition));

  EXPECT_THAT(
      ViolatedFields(Cancel("idp|kasubbag", second->name(), "").status()),
      ::testing::ElementsAre("reason"));
  EXPECT_THAT(Cancel("idp|staf", second->name(), "salah"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Cancel("idp|kasubbag", second->name(), "salah", "999"),
              StatusIs(absl::StatusCode::kAborted));
  const std::string before = Rows();
  auto cancelled =
      Cancel("idp|kasubbag", second->name(), "Kegiatan ditiadakan");
  ASSERT_THAT(cancelled, IsOk());
  EXPECT_EQ(cancelled->state(), v1::Letter::CANCELLED);
  EXPECT_EQ(cancelled->number(), second->number());
  EXPECT_EQ(cancelled->cancelled_by(), "instansi/paser/pegawai/p-kasubbag");
  EXPECT_NE(Rows(), before);
  auto check = Verify(second->verification_code());
  ASSERT_THAT(check, IsOk());
  EXPECT_EQ(check->state(), v1::Letter::CANCELLED);
  EXPECT_TRUE(check->genuine());
  EXPECT_TRUE(common::IsSet(check->cancel_date()));
  EXPECT_THAT(Cancel("idp|kasubbag", second->name(), "lagi"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  auto gone = Read("paser", "idp|staf", first->assignment());
  ASSERT_THAT(gone, IsOk());
  EXPECT_EQ(gone->state(), v1::Assignment::CANCELLED);
  // A third letter takes the next number: none is reused.
  auto third = SignedWithinUnit();
  ASSERT_THAT(third, IsOk());
  EXPECT_EQ(third->number(), absl::StrCat("800/3/dinas/", year));
}

// The PDF is rendered on first download of each state and kept.
TEST_F(Lifecycle, ThePdfIsKeptPerStateAndOnlyReadersGetIt) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  ASSERT_NO_FATAL_FAILURE(Link("paser", "p-epidemiolog", "idp|epi"));
  auto letter = SignedWithinUnit();
  ASSERT_THAT(letter, IsOk());
  auto pdf = Pdf("idp|staf", letter->name());
  ASSERT_THAT(pdf, IsOk());
  EXPECT_EQ(pdf->data().substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf->content_type(), "application/pdf");
  EXPECT_EQ(pdf->filename(),
            absl::StrCat("800-1-dinas-", letter->date().year(), ".pdf"));
  EXPECT_EQ(pdf->sha256(), common::Sha256Hex(pdf->data()));
  auto again = Pdf("idp|kasubbag", letter->name());
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->data(), pdf->data());
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM assignment.letter_pdfs"),
            "1");
  EXPECT_THAT(Pdf("idp|epi", letter->name()),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(Cancel("idp|kasubbag", letter->name(), "Dibatalkan"), IsOk());
  auto stamped = Pdf("idp|staf", letter->name());
  ASSERT_THAT(stamped, IsOk());
  EXPECT_NE(stamped->data(), pdf->data());
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM assignment.letter_pdfs"),
            "2");
}

// KMP 4(2), PSR 7(4): work across several targets; the profile's overload
// warning (5 in both shipped profiles) reaches the deciding official.
TEST_F(Lifecycle, WorkloadCountsActiveWorkAndWarnsTheApprover) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  ASSERT_NO_FATAL_FAILURE(Link("paser", "p-epidemiolog", "idp|epi"));
  for (int i = 0; i < 5; ++i) ASSERT_THAT(SignedWithinUnit(), IsOk());
  v1::GetWorkloadRequest w;
  w.set_name("instansi/paser/pegawai/p-staf/workload");
  *w.mutable_as_of() = org::D(2025, 4, 1);
  auto load = As("paser", "idp|staf", &AStub::GetWorkload, w);
  ASSERT_THAT(load, IsOk());
  EXPECT_EQ(load->active_count(), 5);
  EXPECT_EQ(load->assignments_size(), 5);
  EXPECT_TRUE(load->overloaded());
  EXPECT_FALSE(load->overload_source().empty());
  EXPECT_THAT(As("paser", "idp|kasubbag", &AStub::GetWorkload, w), IsOk());
  EXPECT_THAT(As("paser", "idp|epi", &AStub::GetWorkload, w),
              StatusIs(absl::StatusCode::kNotFound));
  *w.mutable_as_of() = org::D(2025, 7, 1);
  load = As("paser", "idp|staf", &AStub::GetWorkload, w);
  ASSERT_THAT(load, IsOk());
  EXPECT_EQ(load->active_count(), 0);
  // A sixth, across units: the answering head sees the warning.
  auto sixth = Assign("paser", "idp|kadis", "p-staf", "dinas-bid");
  ASSERT_THAT(sixth, IsOk());
  v1::GetInvolvementRequestRequest get;
  get.set_name(sixth->involvement_request());
  auto request = As("paser", "idp|kadis", &AStub::GetInvolvementRequest, get);
  ASSERT_THAT(request, IsOk());
  EXPECT_EQ(request->workload().active_assignments(), 5);
  EXPECT_TRUE(request->workload().overloaded());
}

// PSR 11(3)a: a volunteer from another PD applies with the home PD's
// approval, and the target PD's head accepts before the letter (11(3)b).
TEST_F(Lifecycle, PaserCrossPdVolunteerIsAcceptedByTheTargetHead) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  auto a =
      Assign("paser", "idp|staf", "p-staf", "setda-pimpinan", R::VOLUNTEERING);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->scope(), R::CROSS_PD);
  // The pegawai may not approve their own application.
  EXPECT_THAT(Answer("paser", "idp|staf", a->involvement_request(), true, ""),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_THAT(Answer("paser", "idp|kadis", a->involvement_request(), true, ""),
              IsOk());
  auto waiting = Read("paser", "idp|staf", a->name());
  ASSERT_THAT(waiting, IsOk());
  EXPECT_EQ(waiting->state(), v1::Assignment::PENDING_APPROVAL);
  ASSERT_FALSE(waiting->acceptance_request().empty());
  v1::GetInvolvementRequestRequest get;
  get.set_name(waiting->acceptance_request());
  auto acceptance =
      As("paser", "idp|sekda", &AStub::GetInvolvementRequest, get);
  ASSERT_THAT(acceptance, IsOk());
  EXPECT_EQ(acceptance->kind(), v1::InvolvementRequest::VOLUNTEER_ACCEPTANCE);
  EXPECT_THAT(
      acceptance->approvers(),
      ::testing::ElementsAre(R::KEPALA_PD_OWNER, R::PIMPINAN_UNIT_OWNER));
  EXPECT_THAT(Answer("paser", "idp|kadis", acceptance->name(), true, ""),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_THAT(Answer("paser", "idp|sekda", acceptance->name(), true, ""),
              IsOk());
  auto ready = Read("paser", "idp|staf", a->name());
  ASSERT_THAT(ready, IsOk());
  EXPECT_EQ(ready->state(), v1::Assignment::AWAITING_LETTER);
  auto letter = Sign("paser", "idp|sekda", a->name());
  ASSERT_THAT(letter, IsOk());
  EXPECT_EQ(letter->source(), "PSR 11(3)b");
}

// ARCHITECTURE.md 6: documents with type and size limits and their hash.
TEST_F(Lifecycle, DocumentsAreCheckedHashedAndLimitedToTheAssignmentsPeople) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  ASSERT_NO_FATAL_FAILURE(Link("paser", "p-epidemiolog", "idp|epi"));
  auto a = Assign("paser", "idp|kasubbag", "p-staf", "dinas-sek");
  ASSERT_THAT(a, IsOk());
  v1::CreateAttachmentRequest up;
  up.set_parent(a->name());
  up.mutable_attachment()->set_purpose("evidence");
  up.mutable_attachment()->set_filename("laporan.pdf");
  up.mutable_attachment()->set_media_type("image/jpeg");
  const std::string pdf = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n";
  up.mutable_attachment()->set_content(pdf);
  EXPECT_EQ(
      As("paser", "idp|staf", &AStub::CreateAttachment, up).status().code(),
      absl::StatusCode::kInvalidArgument);
  up.mutable_attachment()->set_media_type("application/pdf");
  EXPECT_THAT(As("paser", "idp|epi", &AStub::CreateAttachment, up),
              StatusIs(absl::StatusCode::kNotFound));
  auto stored = As("paser", "idp|staf", &AStub::CreateAttachment, up);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->sha256(), common::Sha256Hex(pdf));
  EXPECT_EQ(stored->size_bytes(), static_cast<int64_t>(pdf.size()));
  v1::GetAttachmentRequest get;
  get.set_name(stored->name());
  auto back = As("paser", "idp|kasubbag", &AStub::GetAttachment, get);
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->content(), pdf);
  v1::ListAttachmentsRequest list;
  list.set_parent(a->name());
  auto listed = As("paser", "idp|staf", &AStub::ListAttachments, list);
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->attachments_size(), 1);
  EXPECT_TRUE(listed->attachments(0).content().empty());
}

}  // namespace
}  // namespace sisker::assignment::fixture

namespace sisker::assignment::fixture {
namespace {

// The officials who answer for an assignment or sign it read it; those
// above the pegawai list their assignments; nobody else does.
TEST_F(Lifecycle, OfficialsAndSuperiorsReadWhatTheyDecide) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  ASSERT_NO_FATAL_FAILURE(Link("paser", "p-epidemiolog", "idp|epi"));
  auto a = Assign("paser", "idp|sekda", "p-staf", "setda-pimpinan");
  ASSERT_THAT(a, IsOk());
  for (const char* who : {"idp|kadis", "idp|sekda", "idp|staf"}) {
    EXPECT_THAT(Read("paser", who, a->name()), IsOk()) << who;
  }
  EXPECT_THAT(Read("paser", "idp|epi", a->name()),
              StatusIs(absl::StatusCode::kNotFound));
  v1::ListAssignmentsRequest list;
  list.set_parent("instansi/paser");
  list.set_assignee("instansi/paser/pegawai/p-staf");
  auto listed = As("paser", "idp|kasubbag", &AStub::ListAssignments, list);
  ASSERT_THAT(listed, IsOk());  // the direct superior
  EXPECT_EQ(listed->assignments_size(), 1);
  EXPECT_THAT(As("paser", "idp|epi", &AStub::ListAssignments, list),
              StatusIs(absl::StatusCode::kPermissionDenied));
}

}  // namespace
}  // namespace sisker::assignment::fixture

namespace sisker::assignment::fixture {
namespace {

// A letter waiting for the PPK reaches the Plt who takes over the PPK's
// post (through the post), and the Plt signs it as such.
TEST_F(Lifecycle, APltSeesThePendingLettersOfThePostTheyActIn) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  ASSERT_NO_FATAL_FAILURE(Link("paser", "p-epidemiolog", "idp|epi"));
  const absl::CivilDay today = common::TodayIn("Asia/Makassar");
  start_ = common::ToProtoDate(today);
  end_ = common::ToProtoDate(today + 30);
  auto a = Assign("paser", "idp|kasubbag", "p-staf", "dinas-sek");
  ASSERT_THAT(a, IsOk());
  auto before = Inbox("idp|epi");
  ASSERT_THAT(before, IsOk());
  EXPECT_EQ(before->actions_size(), 0);
  ASSERT_OK(StudyLeaveWithPlt("paser", "p-kasubbag", "p-epidemiolog",
                              "kasubbag", today));
  auto inbox = Inbox("idp|epi");
  ASSERT_THAT(inbox, IsOk());
  ASSERT_EQ(inbox->actions_size(), 1);
  EXPECT_EQ(inbox->actions(0).resource(), a->name());
  auto letter = Sign("paser", "idp|epi", a->name());
  ASSERT_THAT(letter, IsOk());
  EXPECT_EQ(letter->signer_capacity(), "Plt.");
}

}  // namespace
}  // namespace sisker::assignment::fixture
