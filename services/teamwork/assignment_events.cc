// What the assignment service's events mean for teams (the consumer
// "teamwork.assignment-events"): each member's request approved or
// refused (PSR 10(3)), the team formed when its letter is signed (PSR
// 10(1), 10(4); KMP 4(9)), the team back to DRAFT when every member was
// refused, cancelled with its letter. Applied in the consumer's
// transaction with its dedupe row, the history row, the event and the
// dashboard.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {
namespace {

constexpr char kAssignmentPrefix[] = "sisker.assignment.assignment.";
constexpr char kTeamAssignmentPrefix[] = "sisker.assignment.team_assignment.";

common::CallContext ConsumerCall(const v1::EventEnvelope& e) {
  common::CallContext call;
  call.principal = {
      e.instansi(), "sisker-teamwork", common::Principal::Kind::kService, {}};
  call.traceparent = e.traceparent();
  return call;
}

}  // namespace

absl::Status Teamwork::OnAssignmentEvent(common::Tx& tx,
                                         const v1::EventEnvelope& e) {
  const bool member_event = absl::StartsWith(e.type(), kAssignmentPrefix);
  const bool team_event = absl::StartsWith(e.type(), kTeamAssignmentPrefix);
  if (!member_event && !team_event) return absl::OkStatus();
  v1::Assignment a;
  v1::TeamAssignment t;
  if (member_event ? !e.payload().UnpackTo(&a) : !e.payload().UnpackTo(&t))
    return absl::OkStatus();  // not a payload this revision knows
  const std::string& team_name = member_event ? a.team() : t.team();
  auto ids = common::ParseName(team_name, {"instansi", "teams"});
  if (!ids) return absl::OkStatus();  // not a team of ours
  const std::string& inst = (*ids)[0];
  const std::string& id = (*ids)[1];
  std::optional<StoredTeam> stored = store_.GetTeam(tx, inst, id, true);
  if (!stored) return absl::OkStatus();
  v1::Team team = stored->team;
  const std::string ta = member_event ? a.team_assignment() : t.name();
  if (team.team_assignment().empty() && team.state() == v1::Team::FORMING)
    team.set_team_assignment(ta);  // the event came before :form settled
  if (team.team_assignment() != ta) return absl::OkStatus();  // an old try
  const common::CallContext call = ConsumerCall(e);
  std::string action;
  std::string reason;
  if (member_event) {
    for (auto& m : *team.mutable_members()) {
      if (m.person() != a.assignee()) continue;
      m.set_assignment(a.name());
      m.set_low_priority(a.low_priority());
      switch (a.state()) {
        case v1::Assignment::PENDING_APPROVAL:
          m.set_state(v1::TeamMember::REQUESTED);
          action = "member_requested";
          break;
        case v1::Assignment::AWAITING_LETTER:
          m.set_state(v1::TeamMember::APPROVED);
          action = "member_approved";
          break;
        case v1::Assignment::ACTIVE:
          m.set_state(v1::TeamMember::ACTIVE);
          action = "member_activated";
          break;
        case v1::Assignment::CANCELLED:
          // Also after the team went back to DRAFT: one answer refusing the
          // last member cancels the team assignment in the same
          // transaction, and its event may come first.
          if (team.state() != v1::Team::FORMING &&
              team.state() != v1::Team::DRAFT)
            break;
          m.set_state(v1::TeamMember::REFUSED);
          m.set_refusal_reason(a.cancel_reason());
          reason = a.cancel_reason();
          action = "member_refused";
          if (m.role() == v1::TeamMember::LEAD) team.add_flags("LEAD_REFUSED");
          break;
        default:
          break;
      }
    }
  } else if (absl::EndsWith(e.type(), ".signed") &&
             team.state() == v1::Team::FORMING) {
    team.set_state(v1::Team::PLANNING);
    team.set_letter(t.letter());
    for (auto& m : *team.mutable_members()) {
      if (m.state() == v1::TeamMember::APPROVED)
        m.set_state(v1::TeamMember::ACTIVE);
    }
    team.mutable_work_plan()->set_state(v1::WorkPlan::DRAFT);
    action = "formed";
  } else if (absl::EndsWith(e.type(), ".cancelled")) {
    if (team.state() == v1::Team::FORMING) {
      // Every member refused (PSR 10(3)): back to the former.
      team.set_state(v1::Team::DRAFT);
      team.set_formation_request_id("");
      team.mutable_formation_error()->set_code(9);  // FAILED_PRECONDITION
      team.mutable_formation_error()->set_message(
          "every member's involvement was refused; see the members' "
          "refusal reasons");
      action = "formation_failed";
    } else if (team.state() == v1::Team::PLANNING ||
               team.state() == v1::Team::EXECUTION ||
               team.state() == v1::Team::EVALUATION) {
      team.set_state(v1::Team::CANCELLED);
      team.set_cancel_reason("the team's letter was cancelled");
      action = "cancelled";
    }
  }
  if (action.empty() &&
      team.team_assignment() == stored->team.team_assignment())
    return absl::OkStatus();
  if (action.empty()) action = "assignment_linked";
  if (!store_.UpdateTeam(tx, inst, id, team, stored->version))
    return absl::AbortedError("team changed meanwhile");
  team.set_etag(std::to_string(stored->version + 1));
  Record(tx, call, inst, "team", team.name(), stored->version + 1, action,
         reason, "", team.profile_version(), team);
  RebuildDashboard(tx, inst, id, team, stored->version + 1);
  return absl::OkStatus();
}

}  // namespace sisker::teamwork
