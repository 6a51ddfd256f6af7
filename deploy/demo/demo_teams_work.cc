// The work of a demo team in EXECUTION (KMP 10; PSR 13-15): activities
// with owners and due dates whose owners report progress, members' and the
// lead's reports (in Kampar forwarded by the penanggung jawab, KMP 6(2)),
// a report request, obstacles with alternative recommendations (one
// decided), feedback to a member, a member's results and a coordination
// note. Each item is looked for first, so a second run adds nothing.
#include "absl/strings/str_cat.h"
#include "deploy/demo/demo_teams_steps.h"

namespace sisker::demo::teams {
namespace {

using TW = v1::TeamworkService::Stub;

// The period the demo reports cover: October 2026.
constexpr Day kPeriodStart = {2026, 10, 1};
constexpr Day kPeriodEnd = {2026, 10, 31};

v1::ListTeamItemsRequest Items(const v1::Team& team) {
  v1::ListTeamItemsRequest r;
  r.set_parent(team.name());
  r.set_page_size(500);
  return r;
}

}  // namespace

absl::Status Loader::DoActivities(TeamRun& t) {
  const TeamPlan& p = *t.plan;
  ASSIGN_OR_RETURN(common::Principal lead, client_.As(t.team.lead()));
  const std::vector<std::string> members = MembersOf(t.team);
  if (members.empty()) return absl::OkStatus();
  v1::ListActivitiesResponse listed;
  RETURN_IF_ERROR(Team(lead, &TW::ListActivities, Items(t.team), &listed));
  for (size_t i = 0; i < p.activities.size(); ++i) {
    const ActivityPlan& plan = p.activities[i];
    const std::string& owner = members[plan.owner % members.size()];
    v1::Activity a;
    for (const auto& have : listed.activities()) {
      if (have.title() == plan.title) a = have;
    }
    if (a.name().empty()) {
      v1::CreateActivityRequest r;
      r.set_parent(t.team.name());
      r.set_request_id(RequestId(Key(t, absl::StrCat("activity-", i))));
      r.mutable_activity()->set_title(plan.title);
      r.mutable_activity()->add_owners(owner);
      *r.mutable_activity()->mutable_due_date() = ToDate(plan.due);
      RETURN_IF_ERROR(Team(lead, &TW::CreateActivity, r, &a));
    }
    if (plan.state == v1::Activity::TODO || a.state() == plan.state ||
        a.state() == v1::Activity::DONE)
      continue;
    // The owner reports the progress of their activity.
    ASSIGN_OR_RETURN(common::Principal as, client_.As(owner));
    v1::UpdateActivityRequest r;
    r.set_request_id(
        RequestId(Key(t, absl::StrCat("activity-", i, "-",
                                      v1::Activity::State_Name(plan.state)))));
    r.mutable_activity()->set_name(a.name());
    r.mutable_activity()->set_state(plan.state);
    r.mutable_update_mask()->add_paths("state");
    if (plan.state == v1::Activity::IN_PROGRESS) {
      r.mutable_activity()->set_progress_percent(plan.progress);
      r.mutable_update_mask()->add_paths("progress_percent");
    }
    RETURN_IF_ERROR(Team(as, &TW::UpdateActivity, r, &a));
  }
  return absl::OkStatus();
}

absl::Status Loader::DoWork(TeamRun& t, const Roles& roles) {
  RETURN_IF_ERROR(DoActivities(t));
  if (t.plan->work == nullptr) return absl::OkStatus();
  if (MembersOf(t.team).size() < 3) {
    return absl::FailedPreconditionError(
        "a team in EXECUTION needs three members besides its lead");
  }
  RETURN_IF_ERROR(DoReports(t, roles, *t.plan->work));
  RETURN_IF_ERROR(DoEscalations(t, roles, *t.plan->work));
  return DoNotes(t, *t.plan->work);
}

absl::Status Loader::DoReports(TeamRun& t, const Roles& roles, const Work& w) {
  ASSIGN_OR_RETURN(common::Principal lead, client_.As(t.team.lead()));
  const std::vector<std::string> members = MembersOf(t.team);
  v1::ListReportsResponse listed;
  RETURN_IF_ERROR(Team(lead, &TW::ListReports, Items(t.team), &listed));
  auto report_of = [&](const std::string& author) {
    v1::Report out;
    for (const auto& r : listed.reports()) {
      if (r.author() == author) out = r;
    }
    return out;
  };
  // Members 0 and 1 report to the lead, the lead to the officials.
  std::map<std::string, v1::Report> reports;
  for (const std::string& author : {members[0], members[1], t.team.lead()}) {
    v1::Report report = report_of(author);
    if (report.name().empty()) {
      ASSIGN_OR_RETURN(common::Principal as, client_.As(author));
      v1::CreateReportRequest r;
      r.set_parent(t.team.name());
      r.set_request_id(RequestId(Key(t, "report-" + author)));
      v1::Report& in = *r.mutable_report();
      in.set_body(author == t.team.lead() ? w.lead_report : w.member_report);
      *in.mutable_period_start() = ToDate(kPeriodStart);
      *in.mutable_period_end() = ToDate(kPeriodEnd);
      RETURN_IF_ERROR(Team(as, &TW::CreateReport, r, &report));
    }
    reports[author] = report;
  }
  // The lead acknowledges member 0's report (member 1's waits).
  const v1::Report& first = reports[members[0]];
  if (first.state() == v1::Report::SUBMITTED) {
    v1::ReportActionRequest r;
    r.set_name(first.name());
    r.set_request_id(RequestId(Key(t, "acknowledge-m0")));
    v1::Report out;
    RETURN_IF_ERROR(Team(lead, &TW::AcknowledgeReport, r, &out));
  }
  // KMP 6(2): the penanggung jawab forwards the lead's report to the
  // Kepala PD ("secara berjenjang"), who has yet to acknowledge it.
  const v1::Report& mine = reports[t.team.lead()];
  if (roles.forward_lead_report && mine.state() == v1::Report::SUBMITTED &&
      mine.current_group() == 0) {
    ASSIGN_OR_RETURN(common::Principal accountable,
                     AsOfficial(Who::kAccountable, t));
    v1::ReportActionRequest r;
    r.set_name(mine.name());
    r.set_request_id(RequestId(Key(t, "forward-lead-report")));
    v1::Report out;
    RETURN_IF_ERROR(Team(accountable, &TW::ForwardReport, r, &out));
  }
  // A report asked of member 2 at any time (KMP 6(3), PSR 15(2)c): open.
  v1::ListReportRequestsResponse requests;
  RETURN_IF_ERROR(
      Team(lead, &TW::ListReportRequests, Items(t.team), &requests));
  for (const auto& q : requests.report_requests()) {
    if (q.subject() == w.request_subject) return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(common::Principal requester, AsOfficial(roles.requester, t));
  v1::AskForReportRequest r;
  r.set_parent(t.team.name());
  r.set_request_id(RequestId(Key(t, "report-request")));
  r.mutable_report_request()->add_addressees(members[2]);
  r.mutable_report_request()->set_subject(w.request_subject);
  v1::ReportRequest out;
  return Team(requester, &TW::AskForReport, r, &out);
}

absl::Status Loader::DoEscalations(TeamRun& t, const Roles& roles,
                                   const Work& w) {
  ASSIGN_OR_RETURN(common::Principal lead, client_.As(t.team.lead()));
  v1::ListEscalationsResponse listed;
  RETURN_IF_ERROR(Team(lead, &TW::ListEscalations, Items(t.team), &listed));
  int i = 0;
  for (const Obstacle* o : {&w.open, &w.decided}) {
    const std::string key = absl::StrCat("escalation-", i++);
    v1::Escalation e;
    for (const auto& have : listed.escalations()) {
      if (have.problem() == o->problem) e = have;
    }
    if (e.name().empty()) {
      // The lead raises it with alternative recommendations (PSR 13(1)b3).
      v1::CreateEscalationRequest r;
      r.set_parent(t.team.name());
      r.set_request_id(RequestId(Key(t, key)));
      v1::Escalation& in = *r.mutable_escalation();
      in.set_problem(o->problem);
      for (const char* rec : o->recommendations) in.add_recommendations(rec);
      in.set_needs_collaboration(o->collaboration);
      RETURN_IF_ERROR(Team(lead, &TW::CreateEscalation, r, &e));
    }
    if (*o->decision == '\0' || e.state() != v1::Escalation::OPEN) continue;
    ASSIGN_OR_RETURN(common::Principal decider, AsOfficial(roles.decider, t));
    v1::DecideEscalationRequest r;
    r.set_name(e.name());
    r.set_decision(o->decision);
    r.set_chosen_recommendation(o->chosen);
    r.set_request_id(RequestId(Key(t, key + "-decide")));
    RETURN_IF_ERROR(Team(decider, &TW::DecideEscalation, r, &e));
  }
  return absl::OkStatus();
}

absl::Status Loader::DoNotes(TeamRun& t, const Work& w) {
  ASSIGN_OR_RETURN(common::Principal lead, client_.As(t.team.lead()));
  const std::vector<std::string> members = MembersOf(t.team);
  // Feedback from the lead to member 1 (PSR 14(4)d).
  v1::ListFeedbackResponse feedback;
  RETURN_IF_ERROR(Team(lead, &TW::ListFeedback, Items(t.team), &feedback));
  bool given = false;
  for (const auto& f : feedback.feedback()) given |= f.text() == w.feedback;
  if (!given) {
    v1::CreateFeedbackRequest r;
    r.set_parent(t.team.name());
    r.set_request_id(RequestId(Key(t, "feedback")));
    r.mutable_feedback()->set_kind(v1::Feedback::PERIODIC_TO_MEMBER);
    r.mutable_feedback()->set_member(members[1]);
    r.mutable_feedback()->set_text(w.feedback);
    v1::Feedback out;
    RETURN_IF_ERROR(Team(lead, &TW::CreateFeedback, r, &out));
  }
  // Member 0's results for their own PPK and home heads (PSR 14(4)e).
  v1::ListMemberResultsResponse results;
  RETURN_IF_ERROR(Team(lead, &TW::ListMemberResults, Items(t.team), &results));
  bool reported = false;
  for (const auto& m : results.member_results())
    reported |= m.member() == members[0];
  if (!reported) {
    v1::CreateMemberResultRequest r;
    r.set_parent(t.team.name());
    r.set_request_id(RequestId(Key(t, "member-result")));
    v1::MemberResult& in = *r.mutable_member_result();
    in.set_member(members[0]);
    *in.mutable_period_start() = ToDate(kPeriodStart);
    *in.mutable_period_end() = ToDate(kPeriodEnd);
    in.set_summary(w.result);
    for (const auto& a : t.plan->activities) {
      if (a.owner == 0 && a.state == v1::Activity::DONE)
        in.add_activities_done(a.title);
    }
    v1::MemberResult out;
    RETURN_IF_ERROR(Team(lead, &TW::CreateMemberResult, r, &out));
  }
  // Coordination with officials outside the team (PSR 13(1)b5-6).
  v1::ListCoordinationNotesResponse notes;
  RETURN_IF_ERROR(
      Team(lead, &TW::ListCoordinationNotes, Items(t.team), &notes));
  for (const auto& n : notes.coordination_notes()) {
    if (n.topic() == w.note_topic) return absl::OkStatus();
  }
  v1::CreateCoordinationNoteRequest r;
  r.set_parent(t.team.name());
  r.set_request_id(RequestId(Key(t, "coordination-note")));
  v1::CoordinationNote& in = *r.mutable_coordination_note();
  in.set_stage(v1::TeamworkRules::EXECUTION);
  in.set_counterpart_text(w.note_counterpart);
  in.set_topic(w.note_topic);
  in.set_outcome(w.note_outcome);
  *in.mutable_date() = ToDate({2026, 11, 18});
  v1::CoordinationNote out;
  return Team(lead, &TW::CreateCoordinationNote, r, &out);
}

}  // namespace sisker::demo::teams
