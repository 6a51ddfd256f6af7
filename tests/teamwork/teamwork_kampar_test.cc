// A Kampar team end to end against real PostgreSQL over gRPC (KMP 4-11):
// formed by the Kepala PD through the assignment service (his Keputusan,
// KMP 4(9)), planned, worked, reported "secara berjenjang" (KMP 6(2)),
// asked for a report (KMP 6(3)), an obstacle decided, closed only when the
// Kepala PD accepts the results as meeting the target (KMP 11(3)); each
// bad input refused with its reason and article and nothing written.
#include "tests/teamwork/teamwork_fixture.h"

namespace sisker::teamwork::fixture {
namespace {

class Kampar : public TeamworkTest {
 public:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(TeamworkTest::SetUp());
    ASSERT_NO_FATAL_FAILURE(BuildTeamStructure("kampar"));
  }
  // The good draft: lead p-hp (fungsional hasil penyetaraan of the Dinas),
  // accountable the Sekretaris (Administrator), a member from the Setda.
  v1::CreateTeamRequest Good() {
    return TeamDraft("kampar", {"p-staf", "p-epidemiolog", "p-setda"}, "p-hp",
                     "p-sekretaris");
  }
  absl::StatusOr<v1::Team> Create(const std::string& who,
                                  const v1::CreateTeamRequest& r) {
    return Tw(P("kampar", who), &TStub::CreateTeam, r);
  }
  // Created, formed and signed: PLANNING.
  v1::Team Formed() {
    auto team = Create("idp|kadis", Good());
    EXPECT_THAT(team.status(), IsOk());
    v1::FormTeamRequest form;
    form.set_name(team->name());
    auto forming = Tw(P("kampar", "idp|kadis"), &TStub::FormTeam, form);
    EXPECT_THAT(forming.status(), IsOk());
    Pump();
    v1::SignTeamLetterRequest sign;
    sign.set_name(forming->team_assignment());
    auto letter = Rpc(P("kampar", "idp|kadis"), &AStub::SignTeamLetter, sign);
    EXPECT_THAT(letter.status(), IsOk());
    Pump();
    v1::GetTeamRequest get;
    get.set_name(team->name());
    auto formed = Tw(P("kampar", "idp|hp"), &TStub::GetTeam, get);
    EXPECT_THAT(formed.status(), IsOk());
    return *formed;
  }
  absl::StatusOr<v1::Team> Plan(const std::string& who, const std::string& team,
                                const std::string& rpc) {
    v1::WorkPlanActionRequest r;
    r.set_name(team);
    r.set_reason("Belum memuat anggaran");
    auto fn = rpc == "submit"    ? &TStub::SubmitWorkPlan
              : rpc == "approve" ? &TStub::ApproveWorkPlan
                                 : &TStub::ReturnWorkPlan;
    return Tw(P("kampar", who), fn, r);
  }
  // Planned and approved: EXECUTION.
  v1::Team Executing() {
    v1::Team team = Formed();
    v1::UpdateWorkPlanRequest plan;
    plan.set_name(team.name());
    plan.mutable_work_plan()->set_strategy("Imunisasi kejar per kecamatan");
    plan.mutable_work_plan()->set_budget_note("DAK non-fisik");
    EXPECT_THAT(
        Tw(P("kampar", "idp|hp"), &TStub::UpdateWorkPlan, plan).status(),
        IsOk());
    EXPECT_THAT(Plan("idp|hp", team.name(), "submit").status(), IsOk());
    auto approved = Plan("idp|kadis", team.name(), "approve");
    EXPECT_THAT(approved.status(), IsOk());
    return *approved;
  }
};

TEST_F(Kampar, BadTeamsAreRefusedWithTheirArticleAndNothingIsWritten) {
  const std::string before = TwRows();
  // KMP 4(6): an Administrator does not lead.
  auto admin_lead =
      Create("idp|kadis",
             TeamDraft("kampar", {"p-staf"}, "p-sekretaris", "p-sekretaris"));
  EXPECT_THAT(admin_lead.status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(Reason(admin_lead.status()), "LEAD_NOT_ELIGIBLE");
  EXPECT_THAT(Pasal(admin_lead.status()), ::testing::HasSubstr("KMP 4(6)"));
  // KMP 4(6) "kekosongan": a fungsional keahlian leads only while no
  // hasil-penyetaraan fungsional sits in the PD (p-hp does).
  auto fallback =
      TeamDraft("kampar", {"p-staf"}, "p-epidemiolog", "p-sekretaris");
  fallback.mutable_team()->set_lead_fallback_reason("Tidak ada JF penyetaraan");
  EXPECT_EQ(Reason(Create("idp|kadis", fallback).status()),
            "LEAD_NOT_ELIGIBLE");
  // KMP 9(2)b: no lead unless the head decided the team needs none.
  auto no_lead =
      Create("idp|kadis", TeamDraft("kampar", {"p-staf"}, "", "p-sekretaris"));
  EXPECT_EQ(Reason(no_lead.status()), "LEAD_REQUIRED");
  EXPECT_THAT(Pasal(no_lead.status()), ::testing::HasSubstr("KMP 9(2)b"));
  // KMP 4(6): a penanggung jawab.
  auto no_accountable =
      Create("idp|kadis", TeamDraft("kampar", {"p-staf"}, "p-hp", ""));
  EXPECT_EQ(Reason(no_accountable.status()), "ACCOUNTABLE_REQUIRED");
  // A member twice.
  auto twice = Create("idp|kadis", TeamDraft("kampar", {"p-staf", "p-staf"},
                                             "p-hp", "p-sekretaris"));
  EXPECT_THAT(twice.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(Reason(twice.status()), "DUPLICATE_MEMBER");
  // Neither a pegawai nor a registered external participant.
  auto unknown = Create(
      "idp|kadis", TeamDraft("kampar", {"p-nobody"}, "p-hp", "p-sekretaris"));
  EXPECT_THAT(unknown.status(), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(Reason(unknown.status()), "PERSON_NOT_FOUND");
  auto malformed = Good();
  malformed.mutable_team()->add_members()->set_person("someone");
  EXPECT_THAT(ViolatedFields(Create("idp|kadis", malformed).status()),
              ::testing::Contains("team.members[3].person"));
  // KMP 4(5): only the Kepala PD forms the team.
  auto staf = Create("idp|staf", Good());
  EXPECT_THAT(staf.status(), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Pasal(staf.status()), ::testing::HasSubstr("KMP 4(1)"));
  EXPECT_EQ(TwRows(), before);
}

TEST_F(Kampar, TheKepalaPdsDecreeFormsTheTeam) {
  auto team = Create("idp|kadis", Good());
  ASSERT_THAT(team.status(), IsOk());
  EXPECT_EQ(team->state(), v1::Team::DRAFT);
  EXPECT_EQ(team->scope(), v1::AssignmentRules::CROSS_PD);
  EXPECT_EQ(team->members_size(), 4);  // the lead joins the members
  v1::FormTeamRequest form;
  form.set_name(team->name());
  auto forming = Tw(P("kampar", "idp|kadis"), &TStub::FormTeam, form);
  ASSERT_THAT(forming.status(), IsOk());
  EXPECT_EQ(forming->state(), v1::Team::FORMING);
  ASSERT_FALSE(forming->team_assignment().empty());
  // The assignment service holds the team assignment, for the Kepala PD's
  // Keputusan (KMP 4(9)).
  v1::GetTeamAssignmentRequest get_ta;
  get_ta.set_name(forming->team_assignment());
  auto ta = Rpc(P("kampar", "idp|kadis"), &AStub::GetTeamAssignment, get_ta);
  ASSERT_THAT(ta.status(), IsOk());
  EXPECT_EQ(ta->team(), team->name());
  EXPECT_EQ(ta->members_size(), 4);
  EXPECT_EQ(ta->letter_kind(), v1::AssignmentRules::KEPUTUSAN);
  // A retry of :form while FORMING is answered, not repeated.
  auto again = Tw(P("kampar", "idp|kadis"), &TStub::FormTeam, form);
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_EQ(again->team_assignment(), forming->team_assignment());
  Pump();
  v1::SignTeamLetterRequest sign;
  sign.set_name(forming->team_assignment());
  ASSERT_THAT(
      Rpc(P("kampar", "idp|kadis"), &AStub::SignTeamLetter, sign).status(),
      IsOk());
  Pump();
  Pump();  // a second catch-up applies nothing twice
  v1::GetTeamRequest get;
  get.set_name(team->name());
  auto formed = Tw(P("kampar", "idp|setda"), &TStub::GetTeam, get);
  ASSERT_THAT(formed.status(), IsOk());
  EXPECT_EQ(formed->state(), v1::Team::PLANNING);
  EXPECT_FALSE(formed->letter().empty());
  for (const auto& m : formed->members())
    EXPECT_EQ(m.state(), v1::TeamMember::ACTIVE) << m.person();
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM teamwork.events WHERE type "
                            "= 'sisker.teamwork.team.formed'"),
            "1");
  // Someone outside the team and its officials does not see it.
  EXPECT_THAT(Tw(P("kampar", "idp|analis"), &TStub::GetTeam, get).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(Kampar, ThePlanIsApprovedBeforeTheWorkAndResultsClosedByTheKepalaPd) {
  v1::Team team = Formed();
  ASSERT_EQ(team.state(), v1::Team::PLANNING);
  // Results cannot be accepted before the execution ends (KMP 11(3)).
  v1::AcceptResultsRequest accept;
  accept.set_name(team.name());
  accept.set_meets_target(true);
  auto early = Tw(P("kampar", "idp|kadis"), &TStub::AcceptResults, accept);
  EXPECT_EQ(Reason(early.status()), "RESULTS_NOT_SUBMITTED");
  EXPECT_THAT(Pasal(early.status()), ::testing::HasSubstr("KMP 11(3)"));
  // The plan: drafted by the lead, not approved by the lead.
  v1::UpdateWorkPlanRequest plan;
  plan.set_name(team.name());
  plan.mutable_work_plan()->set_strategy("Imunisasi kejar per kecamatan");
  ASSERT_THAT(Tw(P("kampar", "idp|hp"), &TStub::UpdateWorkPlan, plan).status(),
              IsOk());
  ASSERT_THAT(Plan("idp|hp", team.name(), "submit").status(), IsOk());
  auto self = Plan("idp|hp", team.name(), "approve");
  EXPECT_THAT(self.status(), StatusIs(absl::StatusCode::kPermissionDenied));
  // The Kepala PD's inbox has the plan.
  v1::ListTeamworkActionsRequest inbox;
  inbox.set_parent("instansi/kampar");
  auto kadis = Tw(P("kampar", "idp|kadis"), &TStub::ListTeamworkActions, inbox);
  ASSERT_THAT(kadis.status(), IsOk());
  ASSERT_GE(kadis->actions_size(), 1);
  EXPECT_EQ(kadis->actions(0).kind(), v1::TeamworkAction::APPROVE_WORK_PLAN);
  auto returned = Plan("idp|kadis", team.name(), "return");
  ASSERT_THAT(returned.status(), IsOk());
  EXPECT_EQ(returned->work_plan().state(), v1::WorkPlan::RETURNED);
  ASSERT_THAT(Plan("idp|hp", team.name(), "submit").status(), IsOk());
  auto approved = Plan("idp|kadis", team.name(), "approve");
  ASSERT_THAT(approved.status(), IsOk());
  EXPECT_EQ(approved->state(), v1::Team::EXECUTION);
  // Results: delivered by the lead, accepted only by the Kepala PD and
  // only as meeting the target.
  v1::SubmitResultsRequest submit;
  submit.set_name(team.name());
  submit.set_results_summary("Cakupan 96%");
  ASSERT_THAT(Tw(P("kampar", "idp|hp"), &TStub::SubmitResults, submit).status(),
              IsOk());
  auto by_lead = Tw(P("kampar", "idp|hp"), &TStub::AcceptResults, accept);
  EXPECT_THAT(by_lead.status(), StatusIs(absl::StatusCode::kPermissionDenied));
  v1::AcceptResultsRequest unmet = accept;
  unmet.set_meets_target(false);
  EXPECT_EQ(
      Reason(
          Tw(P("kampar", "idp|kadis"), &TStub::AcceptResults, unmet).status()),
      "TARGET_NOT_MET");
  auto closed = Tw(P("kampar", "idp|kadis"), &TStub::AcceptResults, accept);
  ASSERT_THAT(closed.status(), IsOk());
  EXPECT_EQ(closed->state(), v1::Team::CLOSED);
}

TEST_F(Kampar, LeadReportsGoUpStepByStepAndMembersReportToTheLead) {
  v1::Team team = Executing();
  ASSERT_EQ(team.state(), v1::Team::EXECUTION);
  v1::CreateReportRequest r;
  r.set_parent(team.name());
  r.mutable_report()->set_body("Minggu 1: 3 kecamatan selesai");
  // A report by someone who is not a member (the Kepala PD reads the team).
  auto kadis = Tw(P("kampar", "idp|kadis"), &TStub::CreateReport, r);
  EXPECT_THAT(kadis.status(), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(Reason(kadis.status()), "NOT_A_MEMBER");
  // A member reports to the lead.
  auto member = Tw(P("kampar", "idp|staf"), &TStub::CreateReport, r);
  ASSERT_THAT(member.status(), IsOk());
  ASSERT_EQ(member->recipients_size(), 1);
  EXPECT_EQ(member->recipients(0).person(), Pg("kampar", "p-hp"));
  // The lead reports to the penanggung jawab, then the Kepala PD (KMP 6(2)).
  auto lead = Tw(P("kampar", "idp|hp"), &TStub::CreateReport, r);
  ASSERT_THAT(lead.status(), IsOk());
  ASSERT_EQ(lead->recipients_size(), 2);
  EXPECT_EQ(lead->recipients(0).person(), Pg("kampar", "p-sekretaris"));
  EXPECT_EQ(lead->recipients(1).person(), Pg("kampar", "p-kadis"));
  v1::ReportActionRequest act;
  act.set_name(lead->name());
  EXPECT_THAT(
      Tw(P("kampar", "idp|kadis"), &TStub::AcknowledgeReport, act).status(),
      StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(
      Reason(Tw(P("kampar", "idp|sekretaris"), &TStub::AcknowledgeReport, act)
                 .status()),
      "FORWARD_REQUIRED");
  auto forwarded =
      Tw(P("kampar", "idp|sekretaris"), &TStub::ForwardReport, act);
  ASSERT_THAT(forwarded.status(), IsOk());
  EXPECT_EQ(forwarded->state(), v1::Report::FORWARDED);
  auto done = Tw(P("kampar", "idp|kadis"), &TStub::AcknowledgeReport, act);
  ASSERT_THAT(done.status(), IsOk());
  EXPECT_EQ(done->state(), v1::Report::ACKNOWLEDGED);
}

TEST_F(Kampar, AReportRequestWaitsInTheInboxUntilAReportAnswersIt) {
  v1::Team team = Executing();
  v1::AskForReportRequest ask;
  ask.set_parent(team.name());
  ask.mutable_report_request()->set_subject("Capaian minggu ini");
  ask.mutable_report_request()->add_addressees(Pg("kampar", "p-staf"));
  // A member may not ask (KMP 6(3): Kepala PD or penanggung jawab).
  EXPECT_THAT(Tw(P("kampar", "idp|epi"), &TStub::AskForReport, ask).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  auto q = Tw(P("kampar", "idp|kadis"), &TStub::AskForReport, ask);
  ASSERT_THAT(q.status(), IsOk());
  EXPECT_EQ(q->state(), v1::ReportRequest::OPEN);
  EXPECT_TRUE(common::IsSet(q->due_date()));
  v1::ListTeamworkActionsRequest inbox;
  inbox.set_parent("instansi/kampar");
  auto staf = Tw(P("kampar", "idp|staf"), &TStub::ListTeamworkActions, inbox);
  ASSERT_THAT(staf.status(), IsOk());
  bool waiting = false;
  for (const auto& a : staf->actions())
    waiting |= a.kind() == v1::TeamworkAction::ANSWER_REPORT_REQUEST &&
               a.resource() == q->name();
  EXPECT_TRUE(waiting);
  v1::CreateReportRequest answer;
  answer.set_parent(team.name());
  answer.mutable_report()->set_body("Capaian 40%");
  answer.mutable_report()->set_answers(q->name());
  ASSERT_THAT(
      Tw(P("kampar", "idp|staf"), &TStub::CreateReport, answer).status(),
      IsOk());
  v1::ListTeamItemsRequest list;
  list.set_parent(team.name());
  auto requests =
      Tw(P("kampar", "idp|kadis"), &TStub::ListReportRequests, list);
  ASSERT_THAT(requests.status(), IsOk());
  ASSERT_EQ(requests->report_requests_size(), 1);
  EXPECT_EQ(requests->report_requests(0).state(), v1::ReportRequest::ANSWERED);
  staf = Tw(P("kampar", "idp|staf"), &TStub::ListTeamworkActions, inbox);
  for (const auto& a : staf->actions()) EXPECT_NE(a.resource(), q->name());
}

TEST_F(Kampar, AnObstacleNeedsARecommendationAndIsDecidedAndFollowedUp) {
  v1::Team team = Executing();
  v1::CreateEscalationRequest r;
  r.set_parent(team.name());
  r.mutable_escalation()->set_problem("Vaksin terlambat dari provinsi");
  r.mutable_escalation()->set_needs_collaboration(true);
  const std::string before = TwRows();
  auto none = Tw(P("kampar", "idp|hp"), &TStub::CreateEscalation, r);
  EXPECT_THAT(none.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(Reason(none.status()), "RECOMMENDATION_REQUIRED");
  EXPECT_THAT(Pasal(none.status()), ::testing::StartsWith("konfigurasi"));
  EXPECT_EQ(TwRows(), before);
  r.mutable_escalation()->add_recommendations("Pinjam stok dari Pekanbaru");
  r.mutable_escalation()->add_recommendations("Tunda dua minggu");
  // A member does not speak for the team (konfigurasi: the lead raises).
  EXPECT_THAT(Tw(P("kampar", "idp|staf"), &TStub::CreateEscalation, r).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  auto e = Tw(P("kampar", "idp|hp"), &TStub::CreateEscalation, r);
  ASSERT_THAT(e.status(), IsOk());
  // The owner's Kepala PD decides; the Setda member's home head follows up.
  std::map<std::string, v1::Escalation::Addressee::Duty> duties;
  for (const auto& a : e->addressees()) duties[a.person()] = a.duty();
  EXPECT_EQ(duties[Pg("kampar", "p-kadis")], v1::Escalation::Addressee::DECIDE);
  EXPECT_EQ(duties[Pg("kampar", "p-sekda")],
            v1::Escalation::Addressee::FOLLOW_UP);
  v1::DecideEscalationRequest decide;
  decide.set_name(e->name());
  decide.set_decision("Pinjam stok");
  decide.set_chosen_recommendation(0);
  EXPECT_THAT(
      Tw(P("kampar", "idp|sekda"), &TStub::DecideEscalation, decide).status(),
      StatusIs(absl::StatusCode::kPermissionDenied));
  auto decided = Tw(P("kampar", "idp|kadis"), &TStub::DecideEscalation, decide);
  ASSERT_THAT(decided.status(), IsOk());
  EXPECT_EQ(decided->state(), v1::Escalation::DECIDED);
  v1::RecordEscalationFollowUpRequest follow;
  follow.set_name(e->name());
  follow.set_response("Setda memfasilitasi surat ke provinsi");
  ASSERT_THAT(
      Tw(P("kampar", "idp|sekda"), &TStub::RecordEscalationFollowUp, follow)
          .status(),
      IsOk());
  v1::ResolveEscalationRequest resolve;
  resolve.set_name(e->name());
  resolve.set_resolution("Stok tiba");
  auto resolved = Tw(P("kampar", "idp|hp"), &TStub::ResolveEscalation, resolve);
  ASSERT_THAT(resolved.status(), IsOk());
  EXPECT_EQ(resolved->state(), v1::Escalation::RESOLVED);
}

TEST_F(Kampar, TheDashboardShowsTheTeamAtAGlanceToItsPeopleOnly) {
  v1::Team team = Executing();
  v1::CreateActivityRequest act;
  act.set_parent(team.name());
  act.mutable_activity()->set_title("Sweeping imunisasi Kecamatan Bangkinang");
  act.mutable_activity()->add_owners(Pg("kampar", "p-staf"));
  *act.mutable_activity()->mutable_due_date() = org::D(2025, 4, 15);
  auto activity = Tw(P("kampar", "idp|hp"), &TStub::CreateActivity, act);
  ASSERT_THAT(activity.status(), IsOk());
  // An owner reports progress, but may not rename it.
  v1::UpdateActivityRequest progress;
  progress.mutable_activity()->set_name(activity->name());
  progress.mutable_activity()->set_state(v1::Activity::IN_PROGRESS);
  progress.mutable_activity()->set_progress_percent(40);
  progress.mutable_update_mask()->add_paths("state");
  progress.mutable_update_mask()->add_paths("progress_percent");
  ASSERT_THAT(
      Tw(P("kampar", "idp|staf"), &TStub::UpdateActivity, progress).status(),
      IsOk());
  v1::CoordinationNote note;
  note.set_stage(v1::TeamworkRules::MONITORING);
  note.set_topic("Koordinasi dengan Puskesmas");
  note.set_counterpart_text("Kepala Puskesmas Bangkinang");
  v1::CreateCoordinationNoteRequest cn;
  cn.set_parent(team.name());
  *cn.mutable_coordination_note() = note;
  // Kampar keeps no MONITORING stage.
  EXPECT_EQ(Reason(Tw(P("kampar", "idp|hp"), &TStub::CreateCoordinationNote, cn)
                       .status()),
            "STAGE_NOT_COORDINATED");
  cn.mutable_coordination_note()->set_stage(v1::TeamworkRules::EXECUTION);
  ASSERT_THAT(
      Tw(P("kampar", "idp|hp"), &TStub::CreateCoordinationNote, cn).status(),
      IsOk());
  v1::GetTeamDashboardRequest dash;
  dash.set_name(team.name() + "/dashboard");
  auto d = Tw(P("kampar", "idp|kadis"), &TStub::GetTeamDashboard, dash);
  ASSERT_THAT(d.status(), IsOk());
  EXPECT_EQ(d->team().state(), v1::Team::EXECUTION);
  EXPECT_EQ(d->members_size(), 4);
  ASSERT_EQ(d->open_activities_size(), 1);
  EXPECT_EQ(d->open_activities(0).progress_percent(), 40);
  EXPECT_EQ(d->latest_notes_size(), 1);
  int staf_open = -1;
  for (const auto& m : d->members()) {
    if (m.member().person() == Pg("kampar", "p-staf"))
      staf_open = m.open_activities();
  }
  EXPECT_EQ(staf_open, 1);
  EXPECT_THAT(
      Tw(P("kampar", "idp|analis"), &TStub::GetTeamDashboard, dash).status(),
      StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace sisker::teamwork::fixture

namespace sisker::teamwork::fixture {
namespace {

// An individual assignment across PDs: its assignee raises an obstacle
// (the same mechanism as PSR 13(2)a3-4, in Kampar by konfigurasi); within
// a unit none is offered.
TEST_F(Kampar, TheAssigneeOfCrossPdWorkRaisesAnObstacleOnTheAssignment) {
  auto a = Assign("kampar", "idp|kadis", "p-setda", "dinas-sek");
  ASSERT_THAT(a.status(), IsOk());
  ASSERT_THAT(Sign("kampar", "idp|kadis", a->name()).status(), IsOk());
  v1::CreateEscalationRequest r;
  r.set_parent(a->name());
  r.mutable_escalation()->set_problem("Akses data puskesmas belum dibuka");
  r.mutable_escalation()->add_recommendations("Surat Kepala Dinas");
  r.mutable_escalation()->set_needs_collaboration(true);
  EXPECT_EQ(
      Reason(
          Tw(P("kampar", "idp|kadis"), &TStub::CreateEscalation, r).status()),
      "NOT_THE_ASSIGNEE");
  auto e = Tw(P("kampar", "idp|setda"), &TStub::CreateEscalation, r);
  ASSERT_THAT(e.status(), IsOk());
  EXPECT_EQ(e->name().rfind(a->name() + "/escalations/", 0), 0u);
  std::map<std::string, v1::Escalation::Addressee::Duty> duties;
  for (const auto& ad : e->addressees()) duties[ad.person()] = ad.duty();
  EXPECT_EQ(duties[Pg("kampar", "p-kadis")], v1::Escalation::Addressee::DECIDE);
  EXPECT_EQ(duties[Pg("kampar", "p-sekda")],
            v1::Escalation::Addressee::FOLLOW_UP);
  v1::ListTeamworkActionsRequest inbox;
  inbox.set_parent("instansi/kampar");
  auto kadis = Tw(P("kampar", "idp|kadis"), &TStub::ListTeamworkActions, inbox);
  ASSERT_THAT(kadis.status(), IsOk());
  bool to_decide = false;
  for (const auto& act : kadis->actions())
    to_decide |= act.kind() == v1::TeamworkAction::DECIDE_ESCALATION &&
                 act.resource() == e->name() && act.team() == a->name();
  EXPECT_TRUE(to_decide);
  v1::DecideEscalationRequest decide;
  decide.set_name(e->name());
  decide.set_decision("Kepala Dinas menyurati puskesmas");
  decide.set_chosen_recommendation(0);
  auto decided = Tw(P("kampar", "idp|kadis"), &TStub::DecideEscalation, decide);
  ASSERT_THAT(decided.status(), IsOk());
  EXPECT_EQ(decided->state(), v1::Escalation::DECIDED);
  v1::ListTeamItemsRequest list;
  list.set_parent(a->name());
  auto listed = Tw(P("kampar", "idp|sekda"), &TStub::ListEscalations, list);
  ASSERT_THAT(listed.status(), IsOk());
  EXPECT_EQ(listed->escalations_size(), 1);
  // Strangers see nothing of it.
  EXPECT_THAT(
      Tw(P("kampar", "idp|analis"), &TStub::ListEscalations, list).status(),
      StatusIs(absl::StatusCode::kNotFound));
  // Within a unit the regulation offers no escalation (PSR 13(1)a).
  auto within = Assign("kampar", "idp|kadis", "p-staf", "dinas-sek");
  ASSERT_THAT(within.status(), IsOk());
  ASSERT_THAT(Sign("kampar", "idp|kadis", within->name()).status(), IsOk());
  r.set_parent(within->name());
  EXPECT_EQ(
      Reason(Tw(P("kampar", "idp|staf"), &TStub::CreateEscalation, r).status()),
      "ESCALATION_NOT_OFFERED");
}

}  // namespace
}  // namespace sisker::teamwork::fixture

namespace sisker::teamwork::fixture {
namespace {

// KMP 6(1): a fungsional on an individual assignment reports directly to
// the Kepala PD that owns the work.
TEST_F(Kampar, AnAssigneeReportsToTheKepalaPdOwningTheWork) {
  auto a = Assign("kampar", "idp|kadis", "p-setda", "dinas-sek");
  ASSERT_THAT(a.status(), IsOk());
  v1::CreateReportRequest r;
  r.set_parent(a->name());
  r.mutable_report()->set_body("Data kunjungan minggu pertama terkumpul");
  // Not before the letter makes it active.
  EXPECT_EQ(
      Reason(Tw(P("kampar", "idp|setda"), &TStub::CreateReport, r).status()),
      "ASSIGNMENT_NOT_ACTIVE");
  ASSERT_THAT(Sign("kampar", "idp|kadis", a->name()).status(), IsOk());
  EXPECT_EQ(
      Reason(Tw(P("kampar", "idp|kadis"), &TStub::CreateReport, r).status()),
      "NOT_THE_ASSIGNEE");
  auto report = Tw(P("kampar", "idp|setda"), &TStub::CreateReport, r);
  ASSERT_THAT(report.status(), IsOk());
  EXPECT_EQ(report->kind(),
            v1::TeamworkRules::ReportRule::INDIVIDUAL_FUNGSIONAL);
  ASSERT_EQ(report->recipients_size(), 1);
  EXPECT_EQ(report->recipients(0).person(), Pg("kampar", "p-kadis"));
  EXPECT_EQ(report->recipients(0).source(), "KMP 6(1)");
  v1::ListTeamworkActionsRequest inbox;
  inbox.set_parent("instansi/kampar");
  auto kadis = Tw(P("kampar", "idp|kadis"), &TStub::ListTeamworkActions, inbox);
  ASSERT_THAT(kadis.status(), IsOk());
  bool waiting = false;
  for (const auto& act : kadis->actions())
    waiting |= act.kind() == v1::TeamworkAction::ACKNOWLEDGE_REPORT &&
               act.resource() == report->name();
  EXPECT_TRUE(waiting);
  v1::ReportActionRequest ack;
  ack.set_name(report->name());
  auto done = Tw(P("kampar", "idp|kadis"), &TStub::AcknowledgeReport, ack);
  ASSERT_THAT(done.status(), IsOk());
  EXPECT_EQ(done->state(), v1::Report::ACKNOWLEDGED);
  v1::GetReportRequest get;
  get.set_name(report->name());
  EXPECT_THAT(Tw(P("kampar", "idp|analis"), &TStub::GetReport, get).status(),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace sisker::teamwork::fixture

namespace sisker::teamwork::fixture {
namespace {

// A Plt Kepala PD does not form a team in Kampar: the team's letter is the
// Kepala PD's Keputusan (KMP 4(9)), beyond an acting official's powers (UU
// 30/2014 Pasal 14(7); the profile's acting_powers lack FORM_TEAM).
TEST_F(Kampar, APltKepalaPdMayNotFormATeam) {
  const absl::CivilDay today = common::TodayIn("Asia/Jakarta");
  ASSERT_OK(
      StudyLeaveWithPlt("kampar", "p-kadis", "p-sekretaris", "kadis", today));
  const std::string before = TwRows();
  auto plt = Create("idp|sekretaris", Good());
  EXPECT_THAT(plt.status(), StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(Reason(plt.status()), "ACTING_POWER_MISSING");
  EXPECT_EQ(Pasal(plt.status()), "UU 30/2014 Pasal 14(7)");
  EXPECT_EQ(TwRows(), before);
}

}  // namespace
}  // namespace sisker::teamwork::fixture

namespace sisker::teamwork::fixture {
namespace {

// A draft is changed field by field (update_mask): the masked fields are
// replaced (a list whole), the others kept, and checked again as at create.
TEST_F(Kampar, ADraftChangesOnlyTheMaskedFields) {
  auto team = Create("idp|kadis", Good());
  ASSERT_THAT(team.status(), IsOk());
  v1::UpdateTeamRequest r;
  r.mutable_team()->set_name(team->name());
  r.mutable_team()->set_purpose("Penanggulangan KLB campak dan rubela");
  r.mutable_team()->add_members()->set_person(Pg("kampar", "p-staf"));
  r.mutable_update_mask()->add_paths("purpose");
  r.mutable_update_mask()->add_paths("members");
  auto updated = Tw(P("kampar", "idp|kadis"), &TStub::UpdateTeam, r);
  ASSERT_THAT(updated.status(), IsOk());
  EXPECT_EQ(updated->purpose(), "Penanggulangan KLB campak dan rubela");
  ASSERT_EQ(updated->members_size(), 2);  // p-staf and the lead
  EXPECT_EQ(updated->members(0).person(), Pg("kampar", "p-staf"));
  EXPECT_EQ(updated->members(1).person(), Pg("kampar", "p-hp"));
  EXPECT_EQ(updated->scope(), v1::AssignmentRules::WITHIN_UNIT);
  EXPECT_EQ(updated->start_date().year(), team->start_date().year());
  EXPECT_EQ(updated->accountable(), team->accountable());
  r.mutable_update_mask()->add_paths("state");
  EXPECT_THAT(ViolatedFields(
                  Tw(P("kampar", "idp|kadis"), &TStub::UpdateTeam, r).status()),
              ::testing::Contains("update_mask"));
  // The lead changed to an Administrator: refused as at create (KMP 4(6)).
  v1::UpdateTeamRequest lead;
  lead.mutable_team()->set_name(team->name());
  lead.mutable_team()->set_lead(Pg("kampar", "p-sekretaris"));
  lead.mutable_update_mask()->add_paths("lead");
  EXPECT_EQ(
      Reason(Tw(P("kampar", "idp|kadis"), &TStub::UpdateTeam, lead).status()),
      "LEAD_NOT_ELIGIBLE");
}

}  // namespace
}  // namespace sisker::teamwork::fixture
