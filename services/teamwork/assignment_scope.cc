// An individual assignment across units or PDs as the scope of an
// escalation (PSR 13(2)a3-4: "pegawai yang mendapat penugasan ... dapat
// menyampaikan permasalahan dan kendala beserta alternatif rekomendasi"):
// the assignment, read from the assignment service, stands in for a team
// whose one member is the assignee, owned by the assignment's owner unit.
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {

absl::StatusOr<Teamwork::Ctx> Teamwork::OpenAssignment(const Call& call,
                                                       const std::string& name,
                                                       const char* field) {
  auto ids = common::ParseName(name, {"instansi", "assignments"});
  if (!ids) {
    return common::InvalidFields(
        {{field, "must be instansi/{i}/assignments/{a}"}});
  }
  Ctx ctx;
  ctx.inst = (*ids)[0];
  ctx.id = "asg-" + (*ids)[1];
  ctx.individual = true;
  if (call.principal.instansi_id != ctx.inst) return common::NotFound(name);
  ctx.caller = CallerPerson(call, ctx.inst);
  ASSIGN_OR_RETURN(v1::Assignment a,
                   assignment_->GetAssignment(name, call.deadline));
  ASSIGN_OR_RETURN(ctx.profile, ProfileOf(ctx.inst, call.deadline));
  ctx.rules = &ctx.profile->teamwork();
  ctx.pv = a.profile_version();
  ASSIGN_OR_RETURN(ctx.today, TodayOf(ctx.inst, call.deadline));
  v1::Team& t = ctx.stored.team;
  t.set_name(a.name());
  t.set_owner_unit(a.owner_unit());
  t.set_owner_perangkat_daerah(a.owner_perangkat_daerah());
  t.set_purpose(a.purpose());
  t.set_scope(a.scope());
  // Only an active individual assignment is worked on; a team member's
  // assignment is the team's.
  t.set_state(a.state() == v1::Assignment::ACTIVE &&
                      a.form() == v1::AssignmentRules::INDIVIDUAL
                  ? v1::Team::EXECUTION
                  : v1::Team::DRAFT);
  t.set_profile_version(a.profile_version());
  v1::TeamMember& m = *t.add_members();
  m.set_person(a.assignee());
  m.set_role(v1::TeamMember::MEMBER);
  m.set_state(v1::TeamMember::ACTIVE);
  m.set_scope(a.scope());
  auto k = org_->GetKedudukan(a.assignee(), std::nullopt, call.deadline);
  if (k.ok()) {
    ctx.individual_post_kind = v1::Post::Kind_Name(k->post_kind());
    m.set_display_name(k->display_name());
    m.set_post_display_name(k->post_display_name());
    m.set_home_perangkat_daerah(k->perangkat_daerah());
    m.set_home_unit(k->unit());
  }
  ASSIGN_OR_RETURN(ctx.holders,
                   HoldersFor(ctx.inst, t, a.assignee(), call.deadline));
  ctx.parties = PartiesOf(ctx.caller, ctx.holders);
  const bool reader = call.principal.kind == common::Principal::Kind::kService
                          ? call.principal.HasScope("teamwork.read")
                          : !ctx.parties.empty();
  if (!reader) return common::NotFound(name);
  return ctx;
}

}  // namespace sisker::teamwork
