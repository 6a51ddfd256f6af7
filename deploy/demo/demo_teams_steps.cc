// The stages of a demo team: created and formed through the teamwork
// service by the former, the team assignment's involvement requests
// answered by the home heads and its letter signed in the assignment
// service, the work plan drafted, submitted and approved, the results
// delivered and accepted, or the draft cancelled. Each step runs only where
// the team still stands before it, so a second run changes nothing.
#include "deploy/demo/demo_teams_steps.h"

#include <chrono>
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace sisker::demo::teams {
namespace {

using TW = v1::TeamworkService::Stub;
using AS = v1::AssignmentService::Stub;

// How long the teamwork service may take to learn of a signed letter from
// the assignment events (its consumer may first catch up on a backlog).
constexpr absl::Duration kFormWait = absl::Minutes(3);

std::string IdOf(const std::string& name) {
  return name.substr(name.rfind('/') + 1);
}

}  // namespace

absl::StatusOr<std::optional<v1::Team>> Loader::Find(
    const common::Principal& former, const TeamPlan& p,
    const std::string& owner) {
  if (!teams_of_.count(former.subject)) {
    std::vector<v1::Team>& teams = teams_of_[former.subject];
    v1::ListTeamsRequest r;
    r.set_parent(parent_);
    r.set_page_size(500);
    do {
      v1::ListTeamsResponse out;
      RETURN_IF_ERROR(Team(former, &TW::ListTeams, r, &out));
      teams.insert(teams.end(), out.teams().begin(), out.teams().end());
      r.set_page_token(out.next_page_token());
    } while (!r.page_token().empty());
  }
  for (const auto& team : teams_of_[former.subject]) {
    if (team.purpose() == p.purpose && team.owner_unit() == owner) return team;
  }
  return std::nullopt;
}

absl::Status Loader::Run(int n, const TeamPlan& p, const Roles& roles) {
  TeamRun t;
  t.plan = &p;
  t.n = n;
  t.owner = absl::StrCat(parent_, "/units/", p.owner_unit);
  t.pd = absl::StrCat(parent_, "/perangkatDaerah/", PdIdOf(p.owner_unit));
  // A vacant head (or a Plt/Plh in it) would change who acts: skip.
  for (const auto& name : {t.owner, t.pd}) {
    ASSIGN_OR_RETURN(v1::Heads h, client_.Heads(name));
    if (h.vacant() || !h.head().acting().empty()) {
      ++skipped_;
      std::printf("  %s: skipped team \"%s\": no head of %s\n", parent_.c_str(),
                  p.purpose, name.c_str());
      return absl::OkStatus();
    }
  }
  // The people, picked the same way every run (a found team keeps its own).
  std::string fallback;
  ASSIGN_OR_RETURN(std::string lead, PickLead(p, &fallback));
  std::vector<std::string> members;
  for (const Seat& seat : p.members) {
    ASSIGN_OR_RETURN(std::string m, Pick(seat));
    members.push_back(m);
  }
  std::string accountable;
  if (roles.accountable) {
    ASSIGN_OR_RETURN(accountable, PickAccountable(p));
  }
  ASSIGN_OR_RETURN(common::Principal former, AsOfficial(p.former, t));
  ASSIGN_OR_RETURN(std::optional<v1::Team> found, Find(former, p, t.owner));
  if (found) {
    t.team = *std::move(found);
  } else {
    v1::CreateTeamRequest r;
    r.set_parent(parent_);
    r.set_request_id(RequestId(Key(t, "create")));
    v1::Team& in = *r.mutable_team();
    in.set_owner_unit(t.owner);
    in.set_purpose(p.purpose);
    for (const char* target : p.targets) in.add_expected_targets(target);
    *in.mutable_start_date() = ToDate(p.start);
    *in.mutable_end_date() = ToDate(p.end);
    in.set_other_arrangements(
        "Tim melaporkan pelaksanaan tugas secara berkala; biaya dibebankan "
        "pada DPA Dinas Kesehatan Tahun Anggaran 2026.");
    in.set_competence_needed(p.competence);
    in.set_lead(lead);
    in.set_lead_fallback_reason(fallback);
    in.set_accountable(accountable);
    for (const auto& m : members) in.add_members()->set_person(m);
    RETURN_IF_ERROR(Team(former, &TW::CreateTeam, r, &t.team));
    ++created_;
  }
  RETURN_IF_ERROR(Advance(t, roles));
  ++total_;
  ++states_[t.team.state()];
  if (t.team.state() == v1::Team::EXECUTION && execution_team_.empty())
    execution_team_ = t.team.name();
  return absl::OkStatus();
}

absl::Status Loader::Advance(TeamRun& t, const Roles& roles) {
  const TeamPlan& p = *t.plan;
  const v1::Team::State target = p.stage;
  for (int guard = 0; guard < 12; ++guard) {
    const v1::Team::State state = t.team.state();
    if (state == target) {
      // Its plan or its work shown (also completed on a later run).
      if (state == v1::Team::PLANNING) return PlanWork(t, roles);
      if (state == v1::Team::EXECUTION) return DoWork(t, roles);
      return absl::OkStatus();
    }
    switch (state) {
      case v1::Team::DRAFT: {
        if (!t.team.formation_error().message().empty()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "forming failed earlier: ", t.team.formation_error().message()));
        }
        ASSIGN_OR_RETURN(common::Principal former, AsOfficial(p.former, t));
        if (target == v1::Team::CANCELLED) {
          v1::CancelTeamRequest r;
          r.set_name(t.team.name());
          r.set_reason(p.cancel_reason);
          r.set_request_id(RequestId(Key(t, "cancel")));
          RETURN_IF_ERROR(Team(former, &TW::CancelTeam, r, &t.team));
          break;
        }
        v1::FormTeamRequest r;
        r.set_name(t.team.name());
        r.set_request_id(RequestId(Key(t, "form")));
        // PSR 10(8): a lead from another PD is acknowledged by the former.
        for (const auto& w : t.team.warnings()) {
          if (w.code() == "CROSS_PD_LEAD_NOT_FROM_OWNER")
            r.add_acknowledged_warnings(w.code());
        }
        RETURN_IF_ERROR(Team(former, &TW::FormTeam, r, &t.team));
        break;
      }
      case v1::Team::FORMING:
        RETURN_IF_ERROR(Settle(t));
        break;
      case v1::Team::PLANNING:
        RETURN_IF_ERROR(PlanWork(t, roles));
        break;
      case v1::Team::EXECUTION: {
        RETURN_IF_ERROR(DoWork(t, roles));
        ASSIGN_OR_RETURN(common::Principal lead, client_.As(t.team.lead()));
        v1::SubmitResultsRequest r;
        r.set_name(t.team.name());
        r.set_results_summary(p.results);
        r.set_request_id(RequestId(Key(t, "results")));
        RETURN_IF_ERROR(Team(lead, &TW::SubmitResults, r, &t.team));
        break;
      }
      case v1::Team::EVALUATION: {
        ASSIGN_OR_RETURN(common::Principal closer, AsOfficial(roles.closer, t));
        v1::AcceptResultsRequest r;
        r.set_name(t.team.name());
        r.set_meets_target(true);
        r.set_closing_note(p.closing_note);
        r.set_request_id(RequestId(Key(t, "accept")));
        RETURN_IF_ERROR(Team(closer, &TW::AcceptResults, r, &t.team));
        break;
      }
      default:
        return absl::OkStatus();  // CLOSED or CANCELLED: nothing follows
    }
  }
  return absl::InternalError("the team did not reach its stage");
}

absl::Status Loader::Settle(TeamRun& t) {
  if (t.team.team_assignment().empty()) {
    return absl::FailedPreconditionError(
        "FORMING without a team assignment yet (the teamwork service retries "
        "it); run the demo again later");
  }
  v1::GetTeamAssignmentRequest get;
  get.set_name(t.team.team_assignment());
  v1::TeamAssignment ta;
  RETURN_IF_ERROR(Assign(reader_, &AS::GetTeamAssignment, get, &ta));
  if (ta.state() == v1::Assignment::PENDING_APPROVAL) {
    RETURN_IF_ERROR(AnswerRequests(t, ta));
    RETURN_IF_ERROR(Assign(reader_, &AS::GetTeamAssignment, get, &ta));
  }
  if (ta.state() == v1::Assignment::AWAITING_LETTER) {
    RETURN_IF_ERROR(SignLetter(t, ta));
  } else if (ta.state() != v1::Assignment::ACTIVE) {
    return absl::FailedPreconditionError(
        absl::StrCat("team assignment ", ta.name(), " is ",
                     v1::Assignment::State_Name(ta.state())));
  }
  return WaitFormed(t);
}

absl::Status Loader::AnswerRequests(TeamRun& t, const v1::TeamAssignment& ta) {
  // PSR 10(3): the head where each member sits answers, in one written
  // answer per head.
  std::map<std::string, std::vector<std::string>> by_head;
  for (const auto& name : ta.involvement_requests()) {
    v1::GetInvolvementRequestRequest get;
    get.set_name(name);
    v1::InvolvementRequest q;
    RETURN_IF_ERROR(Assign(reader_, &AS::GetInvolvementRequest, get, &q));
    if (q.state() != v1::InvolvementRequest::PENDING) continue;
    ASSIGN_OR_RETURN(v1::Heads h, client_.Heads(q.pegawai_unit()));
    if (h.vacant()) {
      ASSIGN_OR_RETURN(h, client_.Heads(q.pegawai_perangkat_daerah()));
    }
    by_head[h.head().person()].push_back(name);
  }
  for (const auto& [head, names] : by_head) {
    ASSIGN_OR_RETURN(common::Principal as, client_.As(head));
    v1::AnswerTeamRequestsRequest r;
    r.set_name(ta.name());
    r.set_request_id(RequestId(Key(t, "answer-" + IdOf(head))));
    for (const auto& name : names) {
      auto* a = r.add_answers();
      a->set_involvement_request(name);
      a->set_approve(true);
    }
    v1::AnswerTeamRequestsResponse out;
    RETURN_IF_ERROR(Assign(as, &AS::AnswerTeamRequests, r, &out));
  }
  return absl::OkStatus();
}

absl::Status Loader::SignLetter(TeamRun& t, const v1::TeamAssignment& ta) {
  // The officials the team assignment names, then the owner unit head, the
  // owner Kepala PD and the Sekda; the first the service accepts signs.
  ASSIGN_OR_RETURN(v1::Heads unit, client_.Heads(t.owner));
  ASSIGN_OR_RETURN(v1::Heads pd, client_.Heads(t.pd));
  std::vector<std::string> candidates;
  for (int issuer : ta.letter_issuers()) {
    switch (issuer) {
      case v1::AssignmentRules::KEPALA_PD_OWNER:
        candidates.push_back(pd.head().person());
        break;
      case v1::AssignmentRules::PIMPINAN_UNIT_OWNER:
        candidates.push_back(unit.head().person());
        break;
      case v1::AssignmentRules::SEKDA:
        candidates.push_back(unit.sekda().person());
        break;
      case v1::AssignmentRules::PPK: {
        ASSIGN_OR_RETURN(
            v1::Kedudukan k,
            client_.KedudukanOf(ta.lead().empty() ? ta.members(0) : ta.lead()));
        candidates.push_back(k.assessor().person().person());
        break;
      }
      default:
        break;
    }
  }
  for (const auto* fallback : {&unit.head(), &pd.head(), &unit.sekda()})
    candidates.push_back(fallback->person());
  std::set<std::string> tried;
  for (const auto& person : candidates) {
    if (person.empty() || !tried.insert(person).second) continue;
    ASSIGN_OR_RETURN(common::Principal as, client_.As(person));
    v1::SignTeamLetterRequest r;
    r.set_name(ta.name());
    r.set_request_id(RequestId(Key(t, "sign-" + IdOf(person))));
    v1::Letter letter;
    absl::Status st = Assign(as, &AS::SignTeamLetter, r, &letter);
    if (!absl::IsPermissionDenied(st)) return st;
  }
  return absl::PermissionDeniedError(
      absl::StrCat("nobody the demo tried may sign the letter of ", ta.name()));
}

absl::Status Loader::WaitFormed(TeamRun& t) {
  ASSIGN_OR_RETURN(common::Principal former, AsOfficial(t.plan->former, t));
  const absl::Time start = absl::Now();
  bool told = false;
  while (t.team.state() == v1::Team::FORMING) {
    if (absl::Now() - start > kFormWait) {
      return absl::DeadlineExceededError(absl::StrCat(
          "the teamwork service has not learnt of the signed letter of ",
          t.team.name(), " (is its assignment-event consumer running?)"));
    }
    if (!told && absl::Now() - start > absl::Seconds(5)) {
      told = true;
      std::printf(
          "  waiting for the teamwork service to learn of the signed letter "
          "(its assignment-event consumer may be catching up)...\n");
      std::fflush(stdout);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    v1::GetTeamRequest r;
    r.set_name(t.team.name());
    RETURN_IF_ERROR(Team(former, &TW::GetTeam, r, &t.team));
  }
  if (t.team.state() == v1::Team::DRAFT) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the team went back to DRAFT: ", t.team.formation_error().message()));
  }
  return absl::OkStatus();
}

absl::Status Loader::PlanWork(TeamRun& t, const Roles& roles) {
  const TeamPlan& p = *t.plan;
  ASSIGN_OR_RETURN(common::Principal lead, client_.As(t.team.lead()));
  const std::vector<std::string> members = MembersOf(t.team);
  if (t.team.work_plan().strategy().empty()) {
    v1::UpdateWorkPlanRequest r;
    r.set_name(t.team.name());
    r.set_request_id(RequestId(Key(t, "work-plan")));
    v1::WorkPlan& plan = *r.mutable_work_plan();
    plan.set_strategy(p.strategy);
    plan.set_budget_note(
        "Belanja perjalanan dinas dalam daerah, rapat koordinasi dan "
        "penggandaan bahan: DPA Dinas Kesehatan Tahun Anggaran 2026.");
    for (const auto& a : p.activities) {
      plan.add_milestones(absl::StrCat(a.title, " (sampai ", a.due.d, "/",
                                       a.due.m, "/", a.due.y, ")"));
    }
    RETURN_IF_ERROR(Team(lead, &TW::UpdateWorkPlan, r, &t.team));
  }
  // PSR 14(4)b: the lead divides the roles by the activities each owns.
  bool divided = false;
  for (const auto& m : t.team.members())
    divided |= !m.role_description().empty();
  if (!divided && !members.empty()) {
    v1::AssignMemberRolesRequest r;
    r.set_name(t.team.name());
    r.set_request_id(RequestId(Key(t, "roles")));
    for (size_t i = 0; i < members.size(); ++i) {
      std::string role;
      for (const auto& a : p.activities) {
        if (a.owner == static_cast<int>(i))
          absl::StrAppend(&role, role.empty() ? "Penanggung jawab: " : "; ",
                          a.title);
      }
      auto* assigned = r.add_roles();
      assigned->set_person(members[i]);
      assigned->set_role_description(
          role.empty() ? "Anggota pelaksana kegiatan tim" : role);
    }
    RETURN_IF_ERROR(Team(lead, &TW::AssignMemberRoles, r, &t.team));
  }
  // PSR 14(5)a: the first member's own plan.
  for (const auto& m : t.team.members()) {
    if (members.empty() || m.person() != members[0] ||
        !m.individual_plan().empty())
      continue;
    ASSIGN_OR_RETURN(common::Principal as, client_.As(members[0]));
    v1::SubmitIndividualPlanRequest r;
    r.set_name(t.team.name());
    r.set_request_id(RequestId(Key(t, "individual-plan")));
    for (const auto& a : p.activities) {
      if (a.owner == 0) r.add_plan(a.title);
    }
    if (r.plan().empty()) r.add_plan("Melaksanakan kegiatan sesuai pembagian");
    r.add_plan("Menyampaikan laporan bulanan kepada ketua tim");
    RETURN_IF_ERROR(Team(as, &TW::SubmitIndividualPlan, r, &t.team));
  }
  if (p.stage == v1::Team::PLANNING) return absl::OkStatus();
  if (t.team.work_plan().state() != v1::WorkPlan::SUBMITTED) {
    v1::WorkPlanActionRequest r;
    r.set_name(t.team.name());
    r.set_request_id(RequestId(Key(t, "submit-plan")));
    RETURN_IF_ERROR(Team(lead, &TW::SubmitWorkPlan, r, &t.team));
  }
  ASSIGN_OR_RETURN(common::Principal approver,
                   AsOfficial(roles.plan_approver, t));
  v1::WorkPlanActionRequest r;
  r.set_name(t.team.name());
  r.set_request_id(RequestId(Key(t, "approve-plan")));
  return Team(approver, &TW::ApproveWorkPlan, r, &t.team);
}

std::vector<std::string> Loader::MembersOf(const v1::Team& team) {
  std::vector<std::string> out;
  for (const auto& m : team.members()) {
    if (m.role() == v1::TeamMember::MEMBER &&
        m.person().find("/pegawai/") != std::string::npos)
      out.push_back(m.person());
  }
  return out;
}

}  // namespace sisker::demo::teams
