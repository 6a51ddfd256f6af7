// Team assignments from the teamwork service's description (DOMAIN.md 3.2,
// the rows for teams), against real PostgreSQL over gRPC: the team's scope
// is its widest member's, members from elsewhere are asked for (PSR
// 10(2)-(3)), a refused member is left out, and one letter of the official
// the profile names lists the rest (PSR 10(1), 10(4); KMP 4(9)).
#include <thread>

#include "tests/assignment/assignment_fixture.h"

namespace sisker::assignment::fixture {
namespace {

class Teams : public AssignmentTest {
 public:
  // A Paser structure with a fungsional in the Setda, for a cross-PD team.
  void BuildPaser() {
    ASSERT_NO_FATAL_FAILURE(BuildAndLink("paser"));
    ASSERT_NO_FATAL_FAILURE(Link("paser", "p-epidemiolog", "idp|epi"));
    ASSERT_OK(Post("paser", "setda-analis", "setda-pimpinan",
                   v1::Post::FUNGSIONAL, "sekda", "AHLI_MUDA"));
    ASSERT_THAT(Pegawai("paser", "p-setda", "197501012000011008"), IsOk());
    ASSERT_OK(Place("paser", "p-setda", "setda-analis"));
    ASSERT_NO_FATAL_FAILURE(Link("paser", "p-setda", "idp|setda"));
  }
  v1::CreateTeamAssignmentRequest Team(const std::string& inst,
                                       std::vector<std::string> members,
                                       const std::string& lead) {
    v1::CreateTeamAssignmentRequest r;
    r.set_parent("instansi/" + inst);
    auto* t = r.mutable_team_assignment();
    t->set_team("instansi/" + inst + "/teams/campak-2025");
    t->set_owner_unit("instansi/" + inst + "/units/dinas-sek");
    if (!lead.empty()) t->set_lead("instansi/" + inst + "/pegawai/" + lead);
    for (const auto& m : members)
      t->add_members("instansi/" + inst + "/pegawai/" + m);
    t->set_purpose("Penanggulangan KLB campak");
    t->add_expected_targets("Cakupan imunisasi kejar 95%");
    t->set_competence_needed("Surveilans dan analisis data");
    *t->mutable_start_date() = start_;
    *t->mutable_end_date() = end_;
    return r;
  }
  static common::Principal P(const std::string& inst, const std::string& s) {
    return sisker::testing::Person(inst, s);
  }
  absl::StatusOr<v1::Letter> SignTeam(const std::string& inst,
                                      const std::string& who,
                                      const std::string& team) {
    v1::SignTeamLetterRequest r;
    r.set_name(team);
    return Rpc(P(inst, who), &AStub::SignTeamLetter, r);
  }
};

// PSR 10(2)-(4): a cross-PD team in Paser; the Sekda's decree.
TEST_F(Teams, PaserCrossPdTeamIsAskedForAndDecreedByTheSekda) {
  ASSERT_NO_FATAL_FAILURE(BuildPaser());
  auto twice = Team("paser", {"p-staf", "p-staf"}, "");
  EXPECT_THAT(ViolatedFields(Rpc(P("paser", "idp|kadis"),
                                 &AStub::CreateTeamAssignment, twice)
                                 .status()),
              ::testing::ElementsAre("team_assignment.members"));
  auto request =
      Team("paser", {"p-staf", "p-analis", "p-setda"}, "p-epidemiolog");
  request.mutable_team_assignment()->clear_competence_needed();
  EXPECT_THAT(ViolatedFields(Rpc(P("paser", "idp|kadis"),
                                 &AStub::CreateTeamAssignment, request)
                                 .status()),
              ::testing::ElementsAre("team_assignment.competence_needed"));
  request = Team("paser", {"p-staf", "p-analis", "p-setda"}, "p-epidemiolog");
  EXPECT_THAT(
      Rpc(P("paser", "idp|staf"), &AStub::CreateTeamAssignment, request),
      StatusIs(absl::StatusCode::kPermissionDenied));
  auto team =
      Rpc(P("paser", "idp|kadis"), &AStub::CreateTeamAssignment, request);
  ASSERT_THAT(team, IsOk());
  EXPECT_EQ(team->scope(), R::CROSS_PD);
  EXPECT_EQ(team->state(), v1::Assignment::PENDING_APPROVAL);
  EXPECT_EQ(team->letter_kind(), R::KEPUTUSAN);
  EXPECT_EQ(team->letter_source(), "PSR 10(4)");
  EXPECT_THAT(team->letter_issuers(), ::testing::ElementsAre(R::SEKDA));
  EXPECT_EQ(team->members_size(), 4);  // the lead joins the members
  EXPECT_EQ(team->assignments_size(), 4);
  ASSERT_EQ(team->involvement_requests_size(), 2);  // analis and setda
  // A member's own letter is the team's.
  EXPECT_THAT(Sign("paser", "idp|kasubbag", team->assignments(0)),
              StatusIs(absl::StatusCode::kFailedPrecondition, "TEAM_LETTER"));
  EXPECT_THAT(
      SignTeam("paser", "idp|sekda", team->name()),
      StatusIs(absl::StatusCode::kFailedPrecondition, "NOT_AWAITING_LETTER"));
  // The analis's head approves; the Setda refuses its fungsional.
  std::string analis_request, setda_request;
  for (const auto& q : team->involvement_requests()) {
    v1::GetInvolvementRequestRequest get;
    get.set_name(q);
    auto got = Rpc(P("paser", "idp|kadis"), &AStub::GetInvolvementRequest, get);
    if (got.ok() && got->pegawai() == "instansi/paser/pegawai/p-analis") {
      analis_request = q;
      EXPECT_EQ(got->team_assignment(), team->name());
    } else {
      setda_request = q;
    }
  }
  ASSERT_FALSE(analis_request.empty());
  ASSERT_THAT(Answer("paser", "idp|kadis", analis_request, true, ""), IsOk());
  auto still = Rpc(P("paser", "idp|kadis"), &AStub::GetTeamAssignment, [&] {
    v1::GetTeamAssignmentRequest g;
    g.set_name(team->name());
    return g;
  }());
  ASSERT_THAT(still, IsOk());
  EXPECT_EQ(still->state(), v1::Assignment::PENDING_APPROVAL);
  ASSERT_THAT(Answer("paser", "idp|sekda", setda_request, false,
                     "Sedang menyusun LKPJ"),
              IsOk());
  v1::GetTeamAssignmentRequest get;
  get.set_name(team->name());
  auto ready = Rpc(P("paser", "idp|epi"), &AStub::GetTeamAssignment, get);
  ASSERT_THAT(ready, IsOk());
  EXPECT_EQ(ready->state(), v1::Assignment::AWAITING_LETTER);
  // The Sekda's inbox holds the team's letter.
  v1::ListPendingActionsRequest inbox;
  inbox.set_parent("instansi/paser");
  auto pending =
      Rpc(P("paser", "idp|sekda"), &AStub::ListPendingActions, inbox);
  ASSERT_THAT(pending, IsOk());
  ASSERT_EQ(pending->actions_size(), 1);
  EXPECT_EQ(pending->actions(0).resource(), team->name());
  EXPECT_EQ(pending->actions(0).kind(), v1::PendingAction::SIGN_LETTER);
  EXPECT_THAT(SignTeam("paser", "idp|kadis", team->name()),
              StatusIs(absl::StatusCode::kPermissionDenied));
  auto letter = SignTeam("paser", "idp|sekda", team->name());
  ASSERT_THAT(letter, IsOk());
  EXPECT_EQ(letter->kind(), R::KEPUTUSAN);
  EXPECT_EQ(letter->team(), "instansi/paser/teams/campak-2025");
  EXPECT_EQ(letter->number(),
            absl::StrCat("800/1/setda/", letter->date().year()));
  std::vector<std::string> listed;
  for (const auto& m : letter->members())
    listed.push_back(m.display_name() + "/" + m.role());
  EXPECT_THAT(listed, ::testing::UnorderedElementsAre(
                          "Pegawai p-staf/Anggota", "Pegawai p-analis/Anggota",
                          "Pegawai p-epidemiolog/Ketua"));
  auto active = Rpc(P("paser", "idp|epi"), &AStub::GetTeamAssignment, get);
  ASSERT_THAT(active, IsOk());
  EXPECT_EQ(active->state(), v1::Assignment::ACTIVE);
  EXPECT_EQ(active->letter(), letter->name());
  for (const auto& a : active->assignments()) {
    auto member = Read("paser", "idp|kadis", a);
    ASSERT_THAT(member, IsOk());  // the creator reads every member's
    if (member->assignee() == "instansi/paser/pegawai/p-setda") {
      EXPECT_EQ(member->state(), v1::Assignment::CANCELLED);
    } else {
      EXPECT_EQ(member->state(), v1::Assignment::ACTIVE) << a;
      EXPECT_EQ(member->letter(), letter->name());
    }
  }
  // A member reads the decree and its PDF; the refused one does not.
  v1::GetLetterPdfRequest pdf;
  pdf.set_name(letter->name());
  EXPECT_THAT(Rpc(P("paser", "idp|staf"), &AStub::GetLetterPdf, pdf), IsOk());
  EXPECT_THAT(Rpc(P("paser", "idp|setda"), &AStub::GetLetterPdf, pdf),
              StatusIs(absl::StatusCode::kNotFound));
}

// KMP 4(9)a: in Kampar the Kepala PD decrees a team; no request is needed
// (KMP names none), and the teamwork service may ask on the official's
// behalf with its own scope.
TEST_F(Teams, KamparTeamFromTheTeamworkServiceIsDecreedByTheKepalaPd) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("kampar"));
  auto request = Team("kampar", {"p-staf", "p-analis"}, "p-kasubbag");
  common::Principal teamwork;
  teamwork.kind = common::Principal::Kind::kService;
  teamwork.instansi_id = "kampar";
  teamwork.subject = "sisker-teamwork";
  EXPECT_THAT(
      ViolatedFields(
          Rpc(teamwork, &AStub::CreateTeamAssignment, request).status()),
      ::testing::ElementsAre("on_behalf_of"));
  request.set_on_behalf_of("instansi/kampar/pegawai/p-kadis");
  EXPECT_THAT(Rpc(teamwork, &AStub::CreateTeamAssignment, request),
              StatusIs(absl::StatusCode::kPermissionDenied));
  teamwork.scopes = {"assignment.teams"};
  request.set_on_behalf_of("instansi/kampar/pegawai/p-staf");
  EXPECT_THAT(Rpc(teamwork, &AStub::CreateTeamAssignment, request),
              StatusIs(absl::StatusCode::kPermissionDenied));
  request.set_on_behalf_of("instansi/kampar/pegawai/p-kadis");
  auto team = Rpc(teamwork, &AStub::CreateTeamAssignment, request);
  ASSERT_THAT(team, IsOk());
  EXPECT_EQ(team->state(), v1::Assignment::AWAITING_LETTER);
  EXPECT_EQ(team->letter_kind(), R::KEPUTUSAN);
  EXPECT_EQ(team->involvement_requests_size(), 0);
  auto letter = SignTeam("kampar", "idp|kadis", team->name());
  ASSERT_THAT(letter, IsOk());
  EXPECT_EQ(letter->members_size(), 3);
  EXPECT_TRUE(letter->source().find("KMP 4(9)") != std::string::npos)
      << letter->source();
  auto check = Verify(letter->verification_code());
  ASSERT_THAT(check, IsOk());
  EXPECT_TRUE(check->genuine());
  // Cancelling the decree cancels every member's assignment and the team.
  v1::CancelLetterRequest cancel;
  cancel.set_name(letter->name());
  cancel.set_reason("Kegiatan dibatalkan");
  ASSERT_THAT(Rpc(P("kampar", "idp|kadis"), &AStub::CancelLetter, cancel),
              IsOk());
  v1::GetTeamAssignmentRequest get;
  get.set_name(team->name());
  auto after = Rpc(P("kampar", "idp|kadis"), &AStub::GetTeamAssignment, get);
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->state(), v1::Assignment::CANCELLED);
  for (const auto& a : after->assignments()) {
    auto member = Read("kampar", "idp|kadis", a);
    ASSERT_THAT(member, IsOk());
    EXPECT_EQ(member->state(), v1::Assignment::CANCELLED) << a;
  }
}

}  // namespace
}  // namespace sisker::assignment::fixture

namespace sisker::assignment::fixture {
namespace {

// UU 30/2014 Pasal 14(7): a Plt decides only routine matters; the profile's
// acting powers list Surat Tugas and Surat Perintah but no decree, so a Plt
// Kepala PD cannot sign a team's Keputusan (KMP 4(9)a).
TEST_F(Teams, APltKepalaPdMayNotDecreeATeam) {
  ASSERT_NO_FATAL_FAILURE(BuildAndLink("kampar"));
  ASSERT_NO_FATAL_FAILURE(Link("kampar", "p-sekretaris", "idp|sekretaris"));
  const absl::CivilDay today = common::TodayIn("Asia/Jakarta");
  start_ = common::ToProtoDate(today);
  end_ = common::ToProtoDate(today + 30);
  auto team = Rpc(P("kampar", "idp|kadis"), &AStub::CreateTeamAssignment,
                  Team("kampar", {"p-staf", "p-analis"}, ""));
  ASSERT_THAT(team, IsOk());
  ASSERT_OK(
      StudyLeaveWithPlt("kampar", "p-kadis", "p-sekretaris", "kadis", today));
  auto refused = SignTeam("kampar", "idp|sekretaris", team->name());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(refused.status().message(),
              ::testing::HasSubstr("ISSUE_KEPUTUSAN"));
}

}  // namespace
}  // namespace sisker::assignment::fixture

namespace sisker::assignment::fixture {
namespace {

// Two members' requests answered at the same moment by their two heads:
// the team must still settle (no write skew between the answers).
TEST_F(Teams, ConcurrentAnswersStillSettleTheTeam) {
  ASSERT_NO_FATAL_FAILURE(BuildPaser());
  std::vector<std::string> teams;
  for (int i = 0; i < 6; ++i) {
    auto request = Team("paser", {"p-staf", "p-analis", "p-setda"}, "p-staf");
    request.mutable_team_assignment()->set_team(
        absl::StrCat("instansi/paser/teams/t", i));
    auto team =
        Rpc(P("paser", "idp|kadis"), &AStub::CreateTeamAssignment, request);
    ASSERT_THAT(team, IsOk());
    ASSERT_EQ(team->involvement_requests_size(), 2);
    // The analis's request goes to the Kepala Dinas, the Setda member's to
    // the Sekda.
    std::string analis, setda;
    for (const auto& q : team->involvement_requests()) {
      v1::GetInvolvementRequestRequest get;
      get.set_name(q);
      auto got =
          Rpc(P("paser", "idp|kadis"), &AStub::GetInvolvementRequest, get);
      (got.ok() && got->pegawai() == "instansi/paser/pegawai/p-analis"
           ? analis
           : setda) = q;
    }
    absl::Status a, b;
    std::thread first(
        [&] { a = Answer("paser", "idp|kadis", analis, true, "").status(); });
    std::thread second(
        [&] { b = Answer("paser", "idp|sekda", setda, true, "").status(); });
    first.join();
    second.join();
    ASSERT_THAT(a, IsOk());
    ASSERT_THAT(b, IsOk());
    teams.push_back(team->name());
  }
  for (const auto& name : teams) {
    v1::GetTeamAssignmentRequest get;
    get.set_name(name);
    auto team = Rpc(P("paser", "idp|kadis"), &AStub::GetTeamAssignment, get);
    ASSERT_THAT(team, IsOk());
    EXPECT_EQ(team->state(), v1::Assignment::AWAITING_LETTER) << name;
  }
}

}  // namespace
}  // namespace sisker::assignment::fixture

namespace sisker::assignment::fixture {
namespace {

// PSR 10(3): one written answer approves some members and refuses others,
// each refusal with its reason; the team settles in the same transaction.
TEST_F(Teams, TheHomeHeadAnswersTheTeamsRequestInOneWrittenAnswer) {
  ASSERT_NO_FATAL_FAILURE(BuildPaser());
  auto request = Team("paser", {"p-staf", "p-analis"}, "p-setda");
  request.mutable_team_assignment()->set_owner_unit(
      "instansi/paser/units/setda-pimpinan");
  auto team =
      Rpc(P("paser", "idp|sekda"), &AStub::CreateTeamAssignment, request);
  ASSERT_THAT(team, IsOk());
  ASSERT_EQ(team->involvement_requests_size(), 2);  // staf and analis
  std::string staf, analis;
  for (const auto& q : team->involvement_requests()) {
    v1::GetInvolvementRequestRequest get;
    get.set_name(q);
    auto got = Rpc(P("paser", "idp|kadis"), &AStub::GetInvolvementRequest, get);
    ASSERT_THAT(got, IsOk());
    (got->pegawai() == "instansi/paser/pegawai/p-staf" ? staf : analis) = q;
  }
  v1::AnswerTeamRequestsRequest answer;
  answer.set_name(team->name());
  auto* yes = answer.add_answers();
  yes->set_involvement_request(staf);
  yes->set_approve(true);
  auto* no = answer.add_answers();
  no->set_involvement_request(analis);
  no->set_approve(false);
  const std::string before = Rows();
  EXPECT_THAT(ViolatedFields(Rpc(P("paser", "idp|kadis"),
                                 &AStub::AnswerTeamRequests, answer)
                                 .status()),
              ::testing::ElementsAre("answers[1].reason"));
  no->set_reason("Sedang menyusun laporan tahunan");
  EXPECT_THAT(
      Rpc(P("paser", "idp|kasubbag"), &AStub::AnswerTeamRequests, answer),
      StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(Rows(), before);  // nothing half-written
  auto answered =
      Rpc(P("paser", "idp|kadis"), &AStub::AnswerTeamRequests, answer);
  ASSERT_THAT(answered, IsOk());
  ASSERT_EQ(answered->answered_size(), 2);
  EXPECT_EQ(answered->answered(0).state(), v1::InvolvementRequest::APPROVED);
  EXPECT_EQ(answered->answered(1).state(), v1::InvolvementRequest::REFUSED);
  EXPECT_EQ(answered->answered(1).reason(), "Sedang menyusun laporan tahunan");
  EXPECT_EQ(answered->team_assignment().state(),
            v1::Assignment::AWAITING_LETTER);
  EXPECT_THAT(
      Rpc(P("paser", "idp|kadis"), &AStub::AnswerTeamRequests, answer),
      StatusIs(absl::StatusCode::kFailedPrecondition, "ALREADY_ANSWERED"));
  auto letter = SignTeam("paser", "idp|sekda", team->name());
  ASSERT_THAT(letter, IsOk());
  EXPECT_EQ(letter->members_size(), 2);  // the lead and the staf
}

}  // namespace
}  // namespace sisker::assignment::fixture
