// Every individual row of DOMAIN.md 3.2 for both profiles, end to end over
// gRPC against real PostgreSQL: who may start it, who answers each step,
// that an official the row does not name is refused the letter, and that
// the named official signs it under the row's article.
#include "tests/assignment/assignment_fixture.h"

namespace sisker::assignment::fixture {
namespace {

struct Row {
  const char* label;
  R::Method method;
  const char* caller;          // who appoints (the assignee when volunteering)
  const char* refused_caller;  // an official who may not start it ("": none)
  const char* assignee;
  const char* owner_unit;
  R::Scope scope;
  std::vector<const char*> answerers;  // each step, in order
  const char* refused_answerer;        // refused at the first step ("": none)
  const char* refused_signer;
  const char* signer;
  R::LetterKind kind;
  const char* source;
};

class Rows : public AssignmentTest {
 public:
  void Play(const std::string& inst, const Row& row) {
    SCOPED_TRACE(row.label);
    const std::string assignee = row.assignee;
    if (*row.refused_caller != '\0') {
      EXPECT_THAT(Assign(inst, row.refused_caller, assignee, row.owner_unit,
                         row.method),
                  StatusIs(absl::StatusCode::kPermissionDenied));
    }
    auto a = Assign(inst, row.caller, assignee, row.owner_unit, row.method);
    ASSERT_THAT(a, IsOk());
    EXPECT_EQ(a->scope(), row.scope);
    EXPECT_EQ(a->letter_source(), row.source);
    EXPECT_EQ(a->letter_kind(), row.kind);
    for (size_t step = 0; step < row.answerers.size(); ++step) {
      auto now =
          Read(inst, "idp|" + std::string(row.assignee).substr(2), a->name());
      ASSERT_THAT(now, IsOk());
      const std::string request = now->acceptance_request().empty()
                                      ? now->involvement_request()
                                      : now->acceptance_request();
      ASSERT_FALSE(request.empty()) << "step " << step;
      if (step == 0 && *row.refused_answerer != '\0') {
        EXPECT_THAT(Answer(inst, row.refused_answerer, request, true, ""),
                    StatusIs(absl::StatusCode::kPermissionDenied));
      }
      ASSERT_THAT(Answer(inst, row.answerers[step], request, true, ""), IsOk())
          << "step " << step;
    }
    auto ready =
        Read(inst, "idp|" + std::string(row.assignee).substr(2), a->name());
    ASSERT_THAT(ready, IsOk());
    ASSERT_EQ(ready->state(), v1::Assignment::AWAITING_LETTER);
    EXPECT_THAT(Sign(inst, row.refused_signer, a->name()),
                StatusIs(absl::StatusCode::kPermissionDenied));
    auto letter = Sign(inst, row.signer, a->name());
    ASSERT_THAT(letter, IsOk());
    EXPECT_EQ(letter->source(), row.source);
    EXPECT_EQ(letter->kind(), row.kind);
    auto check = Verify(letter->verification_code());
    ASSERT_THAT(check, IsOk());
    EXPECT_TRUE(check->genuine());
  }
};

// PSR 8, 9, 11 (individual rows; across institutions: NOT_CONFIGURED, see
// the unit test).
TEST_F(Rows, PaserEveryIndividualRow) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
  ASSERT_NO_FATAL_FAILURE(Link("paser", "p-sekretaris", "idp|sekretaris"));
  const std::vector<Row> rows = {
      {"appointment within the unit: the PPK (9(1))",
       R::APPOINTMENT,
       "idp|kasubbag",
       "idp|analis",
       "p-staf",
       "dinas-sek",
       R::WITHIN_UNIT,
       {},
       "",
       "idp|kadis",
       "idp|kasubbag",
       R::SURAT_PERINTAH,
       "PSR 9(1)"},
      {"appointment across units: request, then the Kepala PD (9(3)-(5)a)",
       R::APPOINTMENT,
       "idp|kadis",
       "idp|staf",
       "p-analis",
       "dinas-sek",
       R::CROSS_UNIT,
       {"idp|kadis"},
       "idp|kasubbag",
       "idp|kasubbag",
       "idp|kadis",
       R::SURAT_PERINTAH,
       "PSR 9(5)a"},
      {"appointment across PDs: request, then the Sekda (9(3)-(5)b)",
       R::APPOINTMENT,
       "idp|sekda",
       "idp|analis",
       "p-staf",
       "setda-pimpinan",
       R::CROSS_PD,
       {"idp|kadis"},
       "idp|kasubbag",
       "idp|kadis",
       "idp|sekda",
       R::SURAT_PERINTAH,
       "PSR 9(5)b"},
      {"volunteering within the unit: approved with a copy (11(2))",
       R::VOLUNTEERING,
       "idp|staf",
       "",
       "p-staf",
       "dinas-sek",
       R::WITHIN_UNIT,
       {"idp|kasubbag"},
       "idp|analis",
       "idp|kasubbag",
       "idp|kadis",
       R::SURAT_PERINTAH,
       "PSR 11(2)b"},
      {"volunteering across units: the superior or PPK approves (8(4))",
       R::VOLUNTEERING,
       "idp|staf",
       "",
       "p-staf",
       "dinas-bid",
       R::CROSS_UNIT,
       {"idp|kasubbag"},
       "idp|analis",
       "idp|kasubbag",
       "idp|kadis",
       R::SURAT_PERINTAH,
       "PSR 11(2)b"},
      {"volunteering across PDs: home approval, target acceptance (11(3))",
       R::VOLUNTEERING,
       "idp|staf",
       "",
       "p-staf",
       "setda-pimpinan",
       R::CROSS_PD,
       {"idp|kadis", "idp|sekda"},
       "idp|kasubbag",
       "idp|kadis",
       "idp|sekda",
       R::SURAT_PERINTAH,
       "PSR 11(3)b"},
  };
  for (const Row& row : rows) ASSERT_NO_FATAL_FAILURE(Play("paser", row));
  // Across institutions (an external participant): PSR names no signer and
  // the profile does not invent one.
  v1::CreateAssignmentRequest outside;
  outside.set_parent("instansi/paser");
  auto* a = outside.mutable_assignment();
  a->set_assignee("instansi/paser/externalParticipants/dosen-unmul");
  a->set_owner_unit("instansi/paser/units/dinas-sek");
  a->set_method(R::APPOINTMENT);
  a->set_purpose("Pendampingan analisis data");
  a->add_expected_targets("Analisis tersusun");
  *a->mutable_start_date() = start_;
  *a->mutable_end_date() = end_;
  v1::Assignment out;
  auto ctx =
      aserver_->ContextFor(sisker::testing::Person("paser", "idp|kadis"));
  EXPECT_THAT(
      common::FromGrpcStatus(
          astub_->CreateAssignment(ctx.get(), outside, &out)),
      StatusIs(absl::StatusCode::kFailedPrecondition, "NOT_CONFIGURED"));
}

// KMP 4(5), 4(7), 4(8): the Kepala PD appoints and approves (approval by
// configuration), the Kepala PD or the PPK issues a Surat Tugas, and no
// involvement request is named.
TEST_F(Rows, KamparEveryIndividualRow) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("kampar"));
  ASSERT_NO_FATAL_FAILURE(Link("kampar", "p-sekretaris", "idp|sekretaris"));
  const std::vector<Row> rows = {
      {"appointment within the unit (4(5), 4(8))",
       R::APPOINTMENT,
       "idp|kadis",
       "idp|kasubbag",
       "p-staf",
       "dinas-sek",
       R::WITHIN_UNIT,
       {},
       "",
       "idp|sekda",
       "idp|kadis",
       R::SURAT_TUGAS,
       "KMP 4(8)"},
      {"appointment across units",
       R::APPOINTMENT,
       "idp|kadis",
       "idp|sekretaris",
       "p-analis",
       "dinas-sek",
       R::CROSS_UNIT,
       {},
       "",
       "idp|staf",
       "idp|kadis",
       R::SURAT_TUGAS,
       "KMP 4(8)"},
      {"appointment across PDs: the owner PD's head",
       R::APPOINTMENT,
       "idp|sekda",
       "idp|kadis",
       "p-staf",
       "setda-pimpinan",
       R::CROSS_PD,
       {},
       "",
       "idp|kadis",
       "idp|sekda",
       R::SURAT_TUGAS,
       "KMP 4(8)"},
      {"volunteering within the unit (4(7))",
       R::VOLUNTEERING,
       "idp|staf",
       "",
       "p-staf",
       "dinas-sek",
       R::WITHIN_UNIT,
       {"idp|kadis"},
       "idp|kasubbag",
       "idp|sekda",
       "idp|kadis",
       R::SURAT_TUGAS,
       "KMP 4(8)"},
      {"volunteering across units",
       R::VOLUNTEERING,
       "idp|staf",
       "",
       "p-staf",
       "dinas-bid",
       R::CROSS_UNIT,
       {"idp|kadis"},
       "idp|sekretaris",
       "idp|sekda",
       "idp|kadis",
       R::SURAT_TUGAS,
       "KMP 4(8)"},
      {"volunteering across PDs: the target PD's head",
       R::VOLUNTEERING,
       "idp|staf",
       "",
       "p-staf",
       "setda-pimpinan",
       R::CROSS_PD,
       {"idp|sekda"},
       "idp|kadis",
       "idp|kadis",
       "idp|sekda",
       R::SURAT_TUGAS,
       "KMP 4(8)"},
  };
  for (const Row& row : rows) ASSERT_NO_FATAL_FAILURE(Play("kampar", row));
}

}  // namespace
}  // namespace sisker::assignment::fixture
