// Forming a team through the assignment service (DOMAIN.md 3.2, the rows
// for teams; PSR 10; KMP 4(9)): the team assignment carries the members,
// members from elsewhere get involvement requests there, and the official
// the profile names signs the team's letter there. No transaction is held
// across the call: the team is FORMING with a request id first, and a
// retry of :form sends the same id (the assignment service replays).
// Cancelling a team.
#include "absl/strings/str_cat.h"
#include "common/change_log.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "common/status_macros.h"
#include "google/rpc/code.pb.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {
namespace {

v1::CreateTeamAssignmentRequest TeamAssignmentFor(const v1::Team& team,
                                                  const std::string& inst,
                                                  const std::string& former) {
  v1::CreateTeamAssignmentRequest r;
  r.set_parent("instansi/" + inst);
  r.set_request_id(team.formation_request_id());
  r.set_on_behalf_of(former);
  v1::TeamAssignment& t = *r.mutable_team_assignment();
  t.set_team(team.name());
  t.set_owner_unit(team.owner_unit());
  t.set_lead(team.lead());
  // External participants join with their home letter, not ours (the
  // assignment service takes pegawai; docs/design/teamwork.md C15).
  for (const auto& m : team.members()) {
    if (IsPegawai(m.person())) t.add_members(m.person());
  }
  t.set_purpose(team.purpose());
  *t.mutable_expected_targets() = team.expected_targets();
  *t.mutable_start_date() = team.start_date();
  *t.mutable_end_date() = team.end_date();
  t.set_other_arrangements(team.other_arrangements());
  t.set_competence_needed(team.competence_needed());
  return r;
}

// Errors the former must mend in the draft (the team goes back to DRAFT);
// anything else is retried with the same request id.
bool IsFinal(const absl::Status& s) {
  return absl::IsInvalidArgument(s) || absl::IsNotFound(s) ||
         absl::IsPermissionDenied(s) || absl::IsFailedPrecondition(s) ||
         absl::IsAlreadyExists(s);
}

}  // namespace

absl::StatusOr<v1::Team> Teamwork::FormTeam(const Call& call,
                                            const v1::FormTeamRequest& r) {
  common::FieldErrors errors;
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.name(), "name"));
  const v1::Team& current = ctx.team();
  // A repeated request after the team moved on gets the team back.
  if (!r.request_id().empty() && current.state() != v1::Team::DRAFT &&
      current.formation_request_id() == r.request_id()) {
    return current;
  }
  RETURN_IF_ERROR(RequireStage(current, {v1::Team::DRAFT, v1::Team::FORMING},
                               "NOT_DRAFT", "forming the team", ""));
  const std::string subject = AnchorOf(current);
  if (subject.empty()) {
    return common::RuleViolation(
        "NO_PEGAWAI_MEMBER",
        "a team needs at least one pegawai of the instansi to be assigned",
        "Tim kerja harus beranggotakan sekurang-kurangnya satu pegawai.",
        ctx.rules->member_posts().source());
  }
  ASSIGN_OR_RETURN(std::vector<Holder> holders,
                   HoldersFor(ctx.inst, current, subject, call.deadline));
  RETURN_IF_ERROR(RequireStep(*ctx.profile, ctx.caller, holders,
                              ctx.rules->formers(), "form a team",
                              "FORM_TEAM"));
  std::vector<v1::Warning> warnings(current.warnings().begin(),
                                    current.warnings().end());
  std::vector<std::string> acknowledged(r.acknowledged_warnings().begin(),
                                        r.acknowledged_warnings().end());
  RETURN_IF_ERROR(CheckAcknowledged(*ctx.rules, warnings, acknowledged));

  // Tx1: FORMING with the request id the assignment service will see.
  ASSIGN_OR_RETURN(
      v1::Team forming,
      Write<v1::Team>(
          call, ctx, "FormTeam", r, "", r.etag(),
          [&](common::Tx& tx, StoredTeam& locked) -> absl::StatusOr<v1::Team> {
            v1::Team team = locked.team;
            if (team.state() == v1::Team::FORMING) return team;  // a retry
            RETURN_IF_ERROR(RequireStage(team, {v1::Team::DRAFT}, "NOT_DRAFT",
                                         "forming the team", ""));
            team.set_state(v1::Team::FORMING);
            team.set_formation_request_id(common::NewUuid());
            team.clear_formation_error();
            // A new attempt: what an earlier one was answered is history.
            team.clear_team_assignment();
            team.clear_letter();
            team.clear_flags();
            for (auto& m : *team.mutable_members()) {
              m.set_state(v1::TeamMember::PROPOSED);
              m.clear_refusal_reason();
              m.clear_assignment();
            }
            *team.mutable_acknowledged_warnings() = r.acknowledged_warnings();
            if (!r.request_id().empty())
              team.set_formation_request_id(r.request_id());
            RETURN_IF_ERROR(SaveTeam(tx, call, ctx, team, locked.version,
                                     "forming", "", r.request_id()));
            return team;
          }));
  absl::StatusOr<v1::TeamAssignment> assigned =
      assignment_->CreateTeamAssignment(
          TeamAssignmentFor(forming, ctx.inst, forming.formed_by()),
          call.deadline);
  if (!assigned.ok() && !IsFinal(assigned.status())) {
    // Still FORMING: :form again sends the same request id.
    return assigned.status();
  }
  ctx.stored.team = forming;
  absl::StatusOr<v1::Team> done = Write<v1::Team>(
      call, ctx, "FormTeam.settle", r, "", "",
      [&](common::Tx& tx, StoredTeam& locked) -> absl::StatusOr<v1::Team> {
        v1::Team team = locked.team;
        if (team.state() != v1::Team::FORMING) return team;
        if (!assigned.ok()) {
          team.set_state(v1::Team::DRAFT);
          google::rpc::Status* error = team.mutable_formation_error();
          error->set_code(static_cast<int>(assigned.status().code()));
          error->set_message(std::string(assigned.status().message()));
          team.set_formation_request_id("");
          RETURN_IF_ERROR(SaveTeam(
              tx, call, ctx, team, locked.version, "formation_failed",
              std::string(assigned.status().message()), r.request_id()));
          return team;
        }
        team.set_team_assignment(assigned->name());
        int next = 0;
        for (auto& m : *team.mutable_members()) {
          if (!IsPegawai(m.person())) {
            m.set_state(v1::TeamMember::APPROVED);  // their home letter
            continue;
          }
          if (next < assigned->assignments_size())
            m.set_assignment(assigned->assignments(next++));
          // The assignment service's events may have said more already.
          if (m.state() != v1::TeamMember::PROPOSED) continue;
          // Asked for only where the profile asks (PSR 10(2)).
          bool asked = false;
          for (int s : ctx.profile->assignment().involvement_scopes())
            asked |= s == m.scope();
          m.set_state(asked ? v1::TeamMember::REQUESTED
                            : v1::TeamMember::APPROVED);
        }
        RETURN_IF_ERROR(SaveTeam(tx, call, ctx, team, locked.version,
                                 "assignment_requested", "", r.request_id()));
        return team;
      });
  if (!done.ok()) return done.status();
  if (!assigned.ok()) return assigned.status();
  return done;
}

absl::StatusOr<v1::Team> Teamwork::CancelTeam(const Call& call,
                                              const v1::CancelTeamRequest& r) {
  if (r.reason().empty() || r.reason().size() > 2000)
    return common::InvalidFields({{"reason", "required, at most 2000 bytes"}});
  Rules::Parties cancellers;
  return ChangeTeam(
      call, r.name(), "CancelTeam", r, r.request_id(), r.etag(), "cancelled",
      r.reason(), "",
      [&](const Ctx& ctx, const v1::Team& team) -> absl::Status {
        cancellers = ctx.rules->formers();
        cancellers.add_parties(Rules::KEPALA_PD_OWNER);
        // The official who formed it, or an owner head.
        if (ctx.caller.empty() || ctx.caller != team.formed_by()) {
          RETURN_IF_ERROR(
              RequireParty(cancellers, ctx.parties, "cancel the team"));
        }
        return RequireStage(
            team,
            {v1::Team::DRAFT, v1::Team::FORMING, v1::Team::PLANNING,
             v1::Team::EXECUTION, v1::Team::EVALUATION},
            "TEAM_CLOSED", "cancelling", "");
      },
      [&](const Ctx&, v1::Team& team, std::vector<ActionRow>&) {
        team.set_state(v1::Team::CANCELLED);
        team.set_cancel_reason(r.reason());
        return absl::OkStatus();
      });
}

}  // namespace sisker::teamwork
