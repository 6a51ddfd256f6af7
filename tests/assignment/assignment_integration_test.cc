// The assignment service against a real org service and real PostgreSQL,
// over gRPC, for both profiles: who may appoint, the computed scope, the
// letter the profile names, volunteering, and bad input.
#include "tests/assignment/assignment_fixture.h"

namespace sisker::assignment::fixture {
namespace {

TEST_F(AssignmentTest, PaserThePpkAppointsWithinTheUnitUnderPsr9_1) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  // The Kasubbag is the staff's PPK; the work is owned by their own unit.
  auto a = Assign("paser", "idp|kasubbag", "p-staf", "dinas-sek");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->scope(), R::WITHIN_UNIT);
  EXPECT_EQ(a->owner_perangkat_daerah(),
            "instansi/paser/perangkatDaerah/dinas");
  EXPECT_THAT(a->letter_issuers(), ::testing::ElementsAre(R::PPK));
  EXPECT_EQ(a->letter_kind(), R::SURAT_PERINTAH);
  EXPECT_EQ(a->letter_source(), "PSR 9(1)");
  EXPECT_EQ(a->state(), v1::Assignment::AWAITING_LETTER);
  EXPECT_EQ(a->profile_version(), "paser-2024@1");
  EXPECT_EQ(Rows(), "1/1/1");
  EXPECT_EQ(db_->QueryValue("SELECT type FROM assignment.events"),
            "sisker.assignment.assignment.created");
}

TEST_F(AssignmentTest, PaserAcrossUnitsTheKepalaPdSignsAfterTheRequest) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  auto a = Assign("paser", "idp|kadis", "p-analis", "dinas-sek");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->scope(), R::CROSS_UNIT);
  EXPECT_EQ(a->letter_source(), "PSR 9(5)a");
  EXPECT_EQ(a->state(), v1::Assignment::PENDING_APPROVAL);
  // A member of staff appoints nobody; nothing is written.
  const std::string before = Rows();
  EXPECT_THAT(Assign("paser", "idp|staf", "p-analis", "dinas-sek"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(Rows(), before);
}

TEST_F(AssignmentTest, PaserAVolunteerAsksForThemselvesOnly) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  auto a = Assign("paser", "idp|staf", "p-staf", "dinas-bid", R::VOLUNTEERING);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->scope(), R::CROSS_UNIT);
  EXPECT_EQ(a->letter_source(), "PSR 11(2)b");
  EXPECT_EQ(a->state(), v1::Assignment::PENDING_APPROVAL);
  EXPECT_THAT(
      Assign("paser", "idp|staf", "p-analis", "dinas-bid", R::VOLUNTEERING),
      StatusIs(absl::StatusCode::kPermissionDenied));
}

TEST_F(AssignmentTest, KamparOnlyTheKepalaPdAppointsAndIssuesASuratTugas) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("kampar"));
  // KMP 4(5): the Kasubbag is the staff's PPK but not the Kepala PD.
  EXPECT_THAT(Assign("kampar", "idp|kasubbag", "p-staf", "dinas-sek"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  auto a = Assign("kampar", "idp|kadis", "p-staf", "dinas-sek");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->letter_kind(), R::SURAT_TUGAS);
  EXPECT_EQ(a->letter_source(), "KMP 4(8)");
  EXPECT_FALSE(a->low_priority());
  // Work of the Setda for the Dinas's staff: across PDs, low priority
  // against the home PD's work (KMP 5(2)).
  auto cross = Assign("kampar", "idp|sekda", "p-staf", "setda-pimpinan");
  ASSERT_THAT(cross, IsOk());
  EXPECT_EQ(cross->scope(), R::CROSS_PD);
  EXPECT_TRUE(cross->low_priority());
}

TEST_F(AssignmentTest, BadInputNamesTheFieldsAndReadsAreLimited) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  v1::CreateAssignmentRequest r;
  r.set_parent("instansi/paser");
  r.mutable_assignment()->set_assignee("instansi/kampar/pegawai/p-staf");
  v1::Assignment out;
  auto ctx =
      aserver_->ContextFor(sisker::testing::Person("paser", "idp|kadis"));
  EXPECT_THAT(ViolatedFields(common::FromGrpcStatus(
                  astub_->CreateAssignment(ctx.get(), r, &out))),
              ::testing::UnorderedElementsAre(
                  "assignment.assignee", "assignment.owner_unit",
                  "assignment.method", "assignment.purpose",
                  "assignment.expected_targets", "assignment.start_date"));
  // An assignment to read back.
  auto unplaced = Assign("paser", "idp|kadis", "p-staf", "dinas-sek");
  ASSERT_THAT(unplaced, IsOk());
  // Reads: the assignee and the creator; others do not see it.
  v1::GetAssignmentRequest get;
  get.set_name(unplaced->name());
  for (auto [who, code] :
       {std::pair{"idp|staf", grpc::StatusCode::OK},
        std::pair{"idp|kadis", grpc::StatusCode::OK},
        std::pair{"idp|analis", grpc::StatusCode::NOT_FOUND}}) {
    auto c = aserver_->ContextFor(sisker::testing::Person("paser", who));
    v1::Assignment read;
    EXPECT_EQ(astub_->GetAssignment(c.get(), get, &read).error_code(), code)
        << who;
  }
  v1::ListAssignmentsRequest list;
  list.set_parent("instansi/paser");
  list.set_assignee("instansi/paser/pegawai/p-staf");
  v1::ListAssignmentsResponse listed;
  auto c = aserver_->ContextFor(sisker::testing::Person("paser", "idp|staf"));
  ASSERT_TRUE(astub_->ListAssignments(c.get(), list, &listed).ok());
  EXPECT_EQ(listed.assignments_size(), 1);
}

TEST_F(AssignmentTest, PaserAcrossUnitsTheHomeHeadAnswersInWriting) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  competence_ = "";
  EXPECT_THAT(
      ViolatedFields(
          Assign("paser", "idp|kadis", "p-analis", "dinas-sek").status()),
      ::testing::ElementsAre("assignment.competence_needed"));
  competence_ = "Analisis data epidemiologi";
  auto a = Assign("paser", "idp|kadis", "p-analis", "dinas-sek");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->state(), v1::Assignment::PENDING_APPROVAL);
  ASSERT_FALSE(a->involvement_request().empty());
  const std::string request = a->involvement_request();
  // The Kabid post where the analis sits is vacant: the Kepala PD answers
  // (PSR 9(4)); a member of staff may not, and a refusal needs a reason.
  EXPECT_THAT(Answer("paser", "idp|staf", request, false, "sibuk"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(
      ViolatedFields(Answer("paser", "idp|kadis", request, false, "").status()),
      ::testing::ElementsAre("reason"));
  auto refused = Answer("paser", "idp|kadis", request, false,
                        "Sedang menyelesaikan audit kinerja sampai Mei");
  ASSERT_THAT(refused, IsOk());
  EXPECT_EQ(refused->state(), v1::InvolvementRequest::REFUSED);
  EXPECT_EQ(refused->answered_by(), "instansi/paser/pegawai/p-kadis");
  EXPECT_EQ(refused->source(), "PSR 9(3)-(4), 10(2)-(3)");
  auto cancelled = Read("paser", "idp|analis", a->name());
  ASSERT_THAT(cancelled, IsOk());
  EXPECT_EQ(cancelled->state(), v1::Assignment::CANCELLED);
  EXPECT_EQ(cancelled->cancel_reason(),
            "Sedang menyelesaikan audit kinerja sampai Mei");
  EXPECT_THAT(
      Answer("paser", "idp|kadis", request, true, ""),
      StatusIs(absl::StatusCode::kFailedPrecondition, "ALREADY_ANSWERED"));
  // Another request, approved: the assignment now awaits its letter.
  auto b = Assign("paser", "idp|kadis", "p-analis", "dinas-sek");
  ASSERT_THAT(b, IsOk());
  ASSERT_THAT(Answer("paser", "idp|kadis", b->involvement_request(), true, ""),
              IsOk());
  auto approved = Read("paser", "idp|analis", b->name());
  ASSERT_THAT(approved, IsOk());
  EXPECT_EQ(approved->state(), v1::Assignment::AWAITING_LETTER);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM assignment.events WHERE "
                            "type LIKE '%.refused' OR type LIKE '%.approved'"),
            "4");
}

TEST_F(AssignmentTest, PaserAVolunteerAcrossUnitsNeedsTheSuperiorsApproval) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  auto a = Assign("paser", "idp|staf", "p-staf", "dinas-bid", R::VOLUNTEERING);
  ASSERT_THAT(a, IsOk());
  v1::GetInvolvementRequestRequest get;
  get.set_name(a->involvement_request());
  v1::InvolvementRequest request;
  auto ctx = aserver_->ContextFor(sisker::testing::Person("paser", "idp|staf"));
  ASSERT_TRUE(astub_->GetInvolvementRequest(ctx.get(), get, &request).ok());
  EXPECT_EQ(request.kind(), v1::InvolvementRequest::VOLUNTEER_APPROVAL);
  EXPECT_THAT(request.approvers(),
              ::testing::ElementsAre(R::DIRECT_SUPERIOR, R::PPK));
  EXPECT_EQ(request.source(), "PSR 8(4), 11(2)");
  // The tembusan goes to the direct superior (PSR 11(2)a).
  EXPECT_THAT(request.copies(),
              ::testing::ElementsAre("instansi/paser/pegawai/p-kasubbag"));
  // The Kepala PD is not among this case's approvers; the superior is.
  EXPECT_THAT(Answer("paser", "idp|kadis", request.name(), true, ""),
              StatusIs(absl::StatusCode::kPermissionDenied));
  ASSERT_THAT(Answer("paser", "idp|kasubbag", request.name(), true, ""),
              IsOk());
  auto approved = Read("paser", "idp|staf", a->name());
  ASSERT_THAT(approved, IsOk());
  EXPECT_EQ(approved->state(), v1::Assignment::AWAITING_LETTER);
}

TEST_F(AssignmentTest, KamparNeedsNoInvolvementRequestAcrossPds) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("kampar"));
  auto a = Assign("kampar", "idp|sekda", "p-staf", "setda-pimpinan");
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->scope(), R::CROSS_PD);
  EXPECT_EQ(a->state(), v1::Assignment::AWAITING_LETTER);
  EXPECT_TRUE(a->involvement_request().empty());
}

TEST_F(AssignmentTest, TheNamedOfficialSignsANumberedVerifiableLetter) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  auto a = Assign("paser", "idp|kasubbag", "p-staf", "dinas-sek");
  ASSERT_THAT(a, IsOk());
  // PSR 9(1): the PPK issues it, not the Kepala PD.
  EXPECT_THAT(Sign("paser", "idp|kadis", a->name()),
              StatusIs(absl::StatusCode::kPermissionDenied));
  auto letter = Sign("paser", "idp|kasubbag", a->name());
  ASSERT_THAT(letter, IsOk());
  const int year = letter->date().year();
  EXPECT_EQ(letter->number(), absl::StrCat("800/1/dinas/", year));
  EXPECT_EQ(letter->kind(), R::SURAT_PERINTAH);
  EXPECT_EQ(letter->signer(), "instansi/paser/pegawai/p-kasubbag");
  EXPECT_EQ(letter->signer_capacity(), "");
  EXPECT_EQ(letter->assignee_name(), "Pegawai p-staf");
  EXPECT_EQ(letter->source(), "PSR 9(1)");
  EXPECT_EQ(letter->content_sha256().size(), 64u);
  auto active = Read("paser", "idp|staf", a->name());
  ASSERT_THAT(active, IsOk());
  EXPECT_EQ(active->state(), v1::Assignment::ACTIVE);
  EXPECT_THAT(
      Sign("paser", "idp|kasubbag", a->name()),
      StatusIs(absl::StatusCode::kFailedPrecondition, "NOT_AWAITING_LETTER"));
  // The next letter of the same PD and year takes the next number.
  auto b = Assign("paser", "idp|kasubbag", "p-staf", "dinas-sek");
  ASSERT_THAT(b, IsOk());
  auto second = Sign("paser", "idp|kasubbag", b->name());
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->number(), absl::StrCat("800/2/dinas/", year));
  // Anyone can check it by its code, and sees only what the letter shows.
  auto check = Verify(letter->verification_code());
  ASSERT_THAT(check, IsOk());
  EXPECT_TRUE(check->genuine());
  EXPECT_EQ(check->state(), v1::Letter::VALID);
  EXPECT_EQ(check->number(), letter->number());
  EXPECT_EQ(check->assignee_name(), "Pegawai p-staf");
  EXPECT_THAT(Verify("AAAAAAAAAAAAAAAA"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Verify("short"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(AssignmentTest, APltSignsAsPlt) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  ASSERT_NO_FATAL_FAILURE(Link("paser", "p-epidemiolog", "idp|epi"));
  // From today the Kasubbag is on study leave and the Ahli Muda
  // epidemiolog is Plt Kasubbag (PSR 20(3)) for two months; letters are
  // signed today, so the dates follow the real calendar.
  const absl::CivilDay today = common::TodayIn("Asia/Makassar");
  ASSERT_OK(StudyLeaveWithPlt("paser", "p-kasubbag", "p-epidemiolog",
                              "kasubbag", today));
  start_ = common::ToProtoDate(today);
  end_ = common::ToProtoDate(today + 30);
  auto a = Assign("paser", "idp|epi", "p-staf", "dinas-sek");
  ASSERT_THAT(a, IsOk());
  auto letter = Sign("paser", "idp|epi", a->name());
  ASSERT_THAT(letter, IsOk());
  EXPECT_EQ(letter->signer_capacity(), "Plt.");
  EXPECT_EQ(letter->signer(), "instansi/paser/pegawai/p-epidemiolog");
}

}  // namespace
}  // namespace sisker::assignment::fixture
