// The stages of a team (KMP 9-11; in Paser the same stages by
// configuration, after the duties of PSR 14): the work plan (rencana
// kerja) drafted by the planners and approved by a plan approver, which
// starts the execution; roles by competence (PSR 14(4)b) and each member's
// own plan (PSR 14(5)a); the results delivered (KMP 10c), accepted as
// meeting the target (KMP 11(3)) or returned with reasons.
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {
namespace {

using google::protobuf::util::TimeUtil;

// Who drafts and submits the work plan: the activity editors (KMP 9(2)c:
// F/P; PSR 14(4)a: the lead), and the accountable official of a team
// without a lead (KMP 9(2)b).
Rules::Parties Planners(const Rules& rules, const v1::Team& team) {
  Rules::Parties p = rules.activity_editors();
  if (team.lead().empty()) p.add_parties(Rules::ACCOUNTABLE);
  return p;
}

std::vector<ActionRow> ActionsFor(const std::vector<Holder>& holders,
                                  v1::TeamworkAction::Kind kind,
                                  const std::string& summary) {
  std::vector<ActionRow> rows;
  for (const Holder& h : holders)
    rows.push_back({h.person.person(), kind, summary, std::nullopt});
  return rows;
}

absl::Status Required(const std::string& value, const char* field, size_t max) {
  if (value.empty() || value.size() > max) {
    return common::InvalidFields(
        {{field, absl::StrCat("required, at most ", max, " bytes")}});
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Team> Teamwork::UpdateWorkPlan(
    const Call& call, const v1::UpdateWorkPlanRequest& r) {
  RETURN_IF_ERROR(
      Required(r.work_plan().strategy(), "work_plan.strategy", 20000));
  if (r.work_plan().budget_note().size() > 20000)
    return common::InvalidFields({{"work_plan.budget_note", "at most 20000"}});
  return ChangeTeam(
      call, r.name(), "UpdateWorkPlan", r, r.request_id(), r.etag(),
      "work_plan_updated", "", "",
      [&](const Ctx& ctx, const v1::Team& team) -> absl::Status {
        RETURN_IF_ERROR(RequireParty(Planners(*ctx.rules, team), ctx.parties,
                                     "draft the work plan"));
        RETURN_IF_ERROR(RequireStage(team, {v1::Team::PLANNING}, "STAGE_ORDER",
                                     "drafting the work plan",
                                     ctx.rules->plan_approvers().source()));
        const auto state = team.work_plan().state();
        if (state == v1::WorkPlan::SUBMITTED) {
          return common::RuleViolation(
              "PLAN_SUBMITTED", "the work plan waits for its approval",
              "Rencana kerja sedang menunggu persetujuan.",
              ctx.rules->plan_approvers().source());
        }
        return absl::OkStatus();
      },
      [&](const Ctx&, v1::Team& team, std::vector<ActionRow>&) {
        v1::WorkPlan& plan = *team.mutable_work_plan();
        plan.set_strategy(r.work_plan().strategy());
        plan.set_budget_note(r.work_plan().budget_note());
        *plan.mutable_milestones() = r.work_plan().milestones();
        plan.set_state(v1::WorkPlan::DRAFT);
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Team> Teamwork::SubmitWorkPlan(
    const Call& call, const v1::WorkPlanActionRequest& r) {
  return ChangeTeam(
      call, r.name(), "SubmitWorkPlan", r, r.request_id(), r.etag(),
      "work_plan_submitted", "", r.name() + "/workPlan",
      [&](const Ctx& ctx, const v1::Team& team) -> absl::Status {
        RETURN_IF_ERROR(RequireParty(Planners(*ctx.rules, team), ctx.parties,
                                     "submit the work plan"));
        RETURN_IF_ERROR(RequireStage(team, {v1::Team::PLANNING}, "STAGE_ORDER",
                                     "submitting the work plan",
                                     ctx.rules->plan_approvers().source()));
        if (team.work_plan().strategy().empty() ||
            team.work_plan().state() == v1::WorkPlan::SUBMITTED) {
          return common::RuleViolation(
              "PLAN_NOT_READY",
              "the work plan must be drafted (strategy) and not yet submitted",
              "Rencana kerja belum disusun atau sudah diajukan.",
              ctx.rules->plan_approvers().source());
        }
        return absl::OkStatus();
      },
      [&](const Ctx& ctx, v1::Team& team, std::vector<ActionRow>& actions) {
        team.mutable_work_plan()->set_state(v1::WorkPlan::SUBMITTED);
        team.mutable_work_plan()->clear_return_reason();
        actions = ActionsFor(Select(ctx.holders, ctx.rules->plan_approvers()),
                             v1::TeamworkAction::APPROVE_WORK_PLAN,
                             "Rencana kerja: " + team.purpose());
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Team> Teamwork::ApproveWorkPlan(
    const Call& call, const v1::WorkPlanActionRequest& r) {
  return ChangeTeam(
      call, r.name(), "ApproveWorkPlan", r, r.request_id(), r.etag(),
      "execution_started", "", r.name() + "/workPlan",
      [&](const Ctx& ctx, const v1::Team& team) -> absl::Status {
        RETURN_IF_ERROR(RequireStep(
            *ctx.profile, ctx.caller, ctx.holders, ctx.rules->plan_approvers(),
            "approve the work plan", "APPROVE_WORK_PLAN"));
        RETURN_IF_ERROR(RequireStage(team, {v1::Team::PLANNING}, "STAGE_ORDER",
                                     "approving the work plan",
                                     ctx.rules->plan_approvers().source()));
        if (team.work_plan().state() != v1::WorkPlan::SUBMITTED) {
          return common::RuleViolation("PLAN_NOT_SUBMITTED",
                                       "the work plan has not been submitted",
                                       "Rencana kerja belum diajukan.",
                                       ctx.rules->plan_approvers().source());
        }
        return absl::OkStatus();
      },
      [&](const Ctx& ctx, v1::Team& team, std::vector<ActionRow>&) {
        v1::WorkPlan& plan = *team.mutable_work_plan();
        plan.set_state(v1::WorkPlan::APPROVED);
        plan.set_approved_by(ctx.caller);
        *plan.mutable_approve_time() = TimeUtil::GetCurrentTime();
        team.set_state(v1::Team::EXECUTION);
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Team> Teamwork::ReturnWorkPlan(
    const Call& call, const v1::WorkPlanActionRequest& r) {
  RETURN_IF_ERROR(Required(r.reason(), "reason", 2000));
  return ChangeTeam(
      call, r.name(), "ReturnWorkPlan", r, r.request_id(), r.etag(),
      "work_plan_returned", r.reason(), r.name() + "/workPlan",
      [&](const Ctx& ctx, const v1::Team& team) -> absl::Status {
        RETURN_IF_ERROR(RequireStep(
            *ctx.profile, ctx.caller, ctx.holders, ctx.rules->plan_approvers(),
            "return the work plan", "APPROVE_WORK_PLAN"));
        if (team.state() != v1::Team::PLANNING ||
            team.work_plan().state() != v1::WorkPlan::SUBMITTED) {
          return common::RuleViolation("PLAN_NOT_SUBMITTED",
                                       "the work plan has not been submitted",
                                       "Rencana kerja belum diajukan.",
                                       ctx.rules->plan_approvers().source());
        }
        return absl::OkStatus();
      },
      [&](const Ctx&, v1::Team& team, std::vector<ActionRow>&) {
        team.mutable_work_plan()->set_state(v1::WorkPlan::RETURNED);
        team.mutable_work_plan()->set_return_reason(r.reason());
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Team> Teamwork::SubmitResults(
    const Call& call, const v1::SubmitResultsRequest& r) {
  RETURN_IF_ERROR(Required(r.results_summary(), "results_summary", 20000));
  return ChangeTeam(
      call, r.name(), "SubmitResults", r, r.request_id(), r.etag(),
      "results_submitted", "", r.name() + ":results",
      [&](const Ctx& ctx, const v1::Team& team) -> absl::Status {
        RETURN_IF_ERROR(RequireParty(ctx.rules->results_submitters(),
                                     ctx.parties, "deliver the results"));
        return RequireStage(team, {v1::Team::EXECUTION}, "STAGE_ORDER",
                            "delivering the results",
                            ctx.rules->results_submitters().source());
      },
      [&](const Ctx& ctx, v1::Team& team, std::vector<ActionRow>& actions) {
        team.set_state(v1::Team::EVALUATION);
        team.set_results_summary(r.results_summary());
        team.clear_return_reason();
        actions =
            ActionsFor(Select(ctx.holders, ctx.rules->evaluation_closers()),
                       v1::TeamworkAction::ACCEPT_RESULTS,
                       "Hasil tim kerja: " + team.purpose());
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Team> Teamwork::AcceptResults(
    const Call& call, const v1::AcceptResultsRequest& r) {
  if (r.closing_note().size() > 20000)
    return common::InvalidFields({{"closing_note", "at most 20000 bytes"}});
  return ChangeTeam(
      call, r.name(), "AcceptResults", r, r.request_id(), r.etag(), "closed",
      r.closing_note(), r.name() + ":results",
      [&](const Ctx& ctx, const v1::Team& team) -> absl::Status {
        const Rules::Parties& closers = ctx.rules->evaluation_closers();
        RETURN_IF_ERROR(RequireStep(*ctx.profile, ctx.caller, ctx.holders,
                                    closers, "accept the team's results",
                                    "ACCEPT_TEAM_RESULTS"));
        RETURN_IF_ERROR(RequireStage(team, {v1::Team::EVALUATION},
                                     "RESULTS_NOT_SUBMITTED",
                                     "accepting the results (after the "
                                     "execution ends)",
                                     closers.source()));
        if (!r.meets_target()) {
          return common::MakeError(
              absl::StatusCode::kInvalidArgument, "TARGET_NOT_MET",
              absl::StrCat("meets_target: the evaluation ends only when the "
                           "results are accepted as meeting the target (",
                           closers.source(), "); return them otherwise"),
              "Evaluasi selesai hanya jika hasil dinyatakan sesuai target.",
              {{"pasal", closers.source()}, {"field", "meets_target"}});
        }
        return absl::OkStatus();
      },
      [&](const Ctx&, v1::Team& team, std::vector<ActionRow>&) {
        team.set_state(v1::Team::CLOSED);
        team.set_closing_note(r.closing_note());
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Team> Teamwork::ReturnResults(
    const Call& call, const v1::ReturnResultsRequest& r) {
  RETURN_IF_ERROR(Required(r.reason(), "reason", 2000));
  return ChangeTeam(
      call, r.name(), "ReturnResults", r, r.request_id(), r.etag(),
      "results_returned", r.reason(), r.name() + ":results",
      [&](const Ctx& ctx, const v1::Team& team) -> absl::Status {
        RETURN_IF_ERROR(RequireStep(*ctx.profile, ctx.caller, ctx.holders,
                                    ctx.rules->evaluation_closers(),
                                    "return the results",
                                    "ACCEPT_TEAM_RESULTS"));
        return RequireStage(team, {v1::Team::EVALUATION},
                            "RESULTS_NOT_SUBMITTED", "returning the results",
                            ctx.rules->return_results_source());
      },
      [&](const Ctx&, v1::Team& team, std::vector<ActionRow>&) {
        team.set_state(v1::Team::EXECUTION);
        team.set_return_reason(r.reason());
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Team> Teamwork::AssignMemberRoles(
    const Call& call, const v1::AssignMemberRolesRequest& r) {
  if (r.roles().empty())
    return common::InvalidFields({{"roles", "at least one"}});
  return ChangeTeam(
      call, r.name(), "AssignMemberRoles", r, r.request_id(), r.etag(),
      "roles_assigned", "", "",
      [&](const Ctx& ctx, const v1::Team& team) -> absl::Status {
        // PSR 14(4)b: the lead divides the roles; without a lead, the
        // planners do.
        Rules::Parties dividers;
        dividers.add_parties(team.lead().empty() ? Rules::ACCOUNTABLE
                                                 : Rules::LEAD);
        dividers.set_source(ctx.rules->activity_editors().source());
        RETURN_IF_ERROR(
            RequireParty(dividers, ctx.parties, "divide the members' roles"));
        return RequireStage(team, {v1::Team::PLANNING, v1::Team::EXECUTION},
                            "STAGE_ORDER", "dividing roles", "");
      },
      [&](const Ctx&, v1::Team& team, std::vector<ActionRow>&) -> absl::Status {
        for (int i = 0; i < r.roles_size(); ++i) {
          const auto& role = r.roles(i);
          bool found = false;
          for (auto& m : *team.mutable_members()) {
            if (m.person() != role.person()) continue;
            found = true;
            m.set_role_description(role.role_description());
          }
          if (!found || role.role_description().size() > 2000) {
            return common::InvalidFields(
                {{absl::StrCat("roles[", i, "]"),
                  "a member of the team, role_description at most 2000 "
                  "bytes"}});
          }
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Team> Teamwork::SubmitIndividualPlan(
    const Call& call, const v1::SubmitIndividualPlanRequest& r) {
  if (r.plan().empty() || r.plan_size() > 100)
    return common::InvalidFields({{"plan", "1 to 100 items"}});
  return ChangeTeam(
      call, r.name(), "SubmitIndividualPlan", r, r.request_id(), "",
      "individual_plan_submitted", "", "",
      [&](const Ctx& ctx, const v1::Team& team) -> absl::Status {
        if (ctx.parties.count(Rules::MEMBER) == 0 &&
            ctx.parties.count(Rules::LEAD) == 0) {
          return common::MakeError(
              absl::StatusCode::kPermissionDenied, "NOT_A_MEMBER",
              "only a member of the team keeps an individual work plan in it",
              "Hanya anggota tim yang menyusun rencana kerja individu.",
              {{"pasal", "PSR 14(5)a"}});
        }
        return RequireStage(team, {v1::Team::PLANNING, v1::Team::EXECUTION},
                            "STAGE_ORDER", "an individual plan", "");
      },
      [&](const Ctx& ctx, v1::Team& team, std::vector<ActionRow>&) {
        for (auto& m : *team.mutable_members()) {
          if (m.person() != ctx.caller) continue;
          *m.mutable_individual_plan() = r.plan();
          *m.mutable_individual_plan_time() = TimeUtil::GetCurrentTime();
        }
        return absl::OkStatus();
      });
}

}  // namespace sisker::teamwork
