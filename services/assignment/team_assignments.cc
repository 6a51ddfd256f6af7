// Team assignments (DOMAIN.md 3.2, the rows for teams; PSR 10; KMP 4(4),
// 4(9)): formed from the description the teamwork service sends. Each
// member gets an assignment of form TEAM; a member from another unit or PD
// gets an involvement request where the profile asks for one (PSR
// 10(2)-(3)); the team's scope is the widest of its members', and decides
// the letter (PSR 10(1), 10(4)).
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"

namespace sisker::assignment {
namespace {

constexpr int kMaxMembers = 200;

void CheckTeam(const v1::TeamAssignment& t, const std::string& instansi,
               common::FieldErrors& errors) {
  const std::string prefix = "instansi/" + instansi + "/pegawai/";
  if (t.team().empty() || t.team().size() > 300)
    errors.Add("team_assignment.team", "required: the teamwork reference");
  auto unit = common::ParseName(t.owner_unit(), {"instansi", "units"});
  if (!unit || (*unit)[0] != instansi)
    errors.Add("team_assignment.owner_unit",
               "required: instansi/{i}/units/{u} of the parent instansi");
  if (!t.lead().empty() && t.lead().rfind(prefix, 0) != 0)
    errors.Add("team_assignment.lead", "a pegawai of the parent instansi");
  if (t.members().empty() || t.members_size() > kMaxMembers)
    errors.Add("team_assignment.members",
               absl::StrCat("1 to ", kMaxMembers, " pegawai"));
  std::set<std::string> seen;
  for (const auto& m : t.members()) {
    if (m.rfind(prefix, 0) != 0) {
      errors.Add("team_assignment.members",
                 "each a pegawai of the parent instansi: " + m);
    } else if (!seen.insert(m).second) {
      errors.Add("team_assignment.members", "each member once: " + m);
    }
  }
  if (t.purpose().empty() || t.purpose().size() > 2000)
    errors.Add("team_assignment.purpose",
               "required, at most 2000 bytes (PSR 10(1)a)");
  if (t.expected_targets().empty())
    errors.Add("team_assignment.expected_targets", "at least one (PSR 10(1)b)");
  if (!common::IsSet(t.start_date()) || !common::IsSet(t.end_date())) {
    errors.Add("team_assignment.start_date",
               "start_date and end_date are required (PSR 10(1)c)");
  } else if (common::ToCivilDay(t.end_date()) <
             common::ToCivilDay(t.start_date())) {
    errors.Add("team_assignment.end_date", "must not precede start_date");
  }
}

}  // namespace

absl::StatusOr<v1::TeamAssignment> Assignments::CreateTeamAssignment(
    const Call& call, const v1::CreateTeamAssignmentRequest& r) {
  common::FieldErrors errors;
  auto instansi = common::ParseName(r.parent(), {"instansi"});
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  const std::string inst = instansi ? (*instansi)[0] : "";
  CheckTeam(r.team_assignment(), inst, errors);
  const bool service = call.principal.kind == common::Principal::Kind::kService;
  if (service && r.on_behalf_of().empty())
    errors.Add("on_behalf_of", "required from a service: the official");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  if (call.principal.instansi_id != inst) return common::NotFound(r.parent());
  if (service && !call.principal.HasScope("assignment.teams")) {
    return common::PermissionDenied("a service with scope assignment.teams",
                                    "layanan dengan cakupan assignment.teams");
  }
  const std::string appointer =
      service ? r.on_behalf_of() : CallerPerson(call, inst);
  v1::TeamAssignment team = r.team_assignment();
  if (!team.lead().empty() &&
      std::find(team.members().begin(), team.members().end(), team.lead()) ==
          team.members().end()) {
    team.add_members(team.lead());
  }
  const absl::CivilDay day = common::ToCivilDay(team.start_date());
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  const Rules& rules = profile->assignment();
  ASSIGN_OR_RETURN(Seat owner,
                   SeatOf(inst, team.owner_unit(), day, call.deadline));
  // Where each member sits, and the team's (widest) scope.
  std::vector<v1::Kedudukan> seats;
  std::vector<Scope> scopes;
  Scope widest = Rules::WITHIN_UNIT;
  for (const auto& member : team.members()) {
    ASSIGN_OR_RETURN(v1::Kedudukan k,
                     org_->GetKedudukan(member, day, call.deadline));
    ASSIGN_OR_RETURN(Seat seat, SeatOf(inst, k.unit(), day, call.deadline));
    scopes.push_back(ComputeScope(owner, seat));
    widest = std::max(widest, scopes.back());
    seats.push_back(std::move(k));
  }
  ASSIGN_OR_RETURN(LetterDecision letter,
                   LetterFor(rules, Rules::APPOINTMENT, Rules::TEAM, widest));
  // Authority: an appointer under the profile, judged against the lead (or
  // the first member) and the owner unit.
  const int anchor =
      team.lead().empty()
          ? 0
          : static_cast<int>(std::find(team.members().begin(),
                                       team.members().end(), team.lead()) -
                             team.members().begin());
  ASSIGN_OR_RETURN(auto roles, RolesOf(appointer, inst, seats[anchor], owner,
                                       day, false, call.deadline));
  absl::Status allowed = CheckAppointer(rules, Rules::OFFICIAL_UNSPECIFIED);
  for (const auto& role : roles) {
    if (CheckAppointer(rules, role.official).ok()) allowed = absl::OkStatus();
  }
  RETURN_IF_ERROR(allowed);

  const std::string team_id = common::NewResourceId();
  team.set_name(absl::StrCat("instansi/", inst, "/teamAssignments/", team_id));
  team.set_owner_perangkat_daerah(owner.pd);
  team.set_scope(widest);
  team.clear_letter_issuers();
  for (auto issuer : letter.issuers) team.add_letter_issuers(issuer);
  team.set_letter_kind(letter.kind);
  team.set_letter_source(letter.source);
  team.set_profile_version(
      absl::StrCat(profile->name().substr(profile->name().find('/') + 1), "@",
                   profile->version()));
  team.clear_assignments();
  team.clear_involvement_requests();
  // One assignment per member; a request where the member's scope needs one.
  struct Member {
    std::string id;
    v1::Assignment assignment;
    std::optional<v1::InvolvementRequest> request;
  };
  std::vector<Member> members;
  std::vector<PendingRow> pending;
  for (int i = 0; i < team.members_size(); ++i) {
    Member m{common::NewResourceId(), {}, std::nullopt};
    v1::Assignment& a = m.assignment;
    a.set_name(absl::StrCat("instansi/", inst, "/assignments/", m.id));
    a.set_assignee(team.members(i));
    a.set_owner_unit(team.owner_unit());
    a.set_owner_perangkat_daerah(owner.pd);
    a.set_method(Rules::APPOINTMENT);
    a.set_form(Rules::TEAM);
    a.set_purpose(team.purpose());
    *a.mutable_expected_targets() = team.expected_targets();
    *a.mutable_start_date() = team.start_date();
    *a.mutable_end_date() = team.end_date();
    a.set_other_arrangements(team.other_arrangements());
    a.set_competence_needed(team.competence_needed());
    a.set_scope(scopes[i]);
    *a.mutable_letter_issuers() = team.letter_issuers();
    a.set_letter_kind(letter.kind);
    a.set_letter_source(letter.source);
    a.set_low_priority(!rules.other_pd_low_priority_source().empty() &&
                       scopes[i] == Rules::CROSS_PD);
    a.set_profile_version(team.profile_version());
    a.set_team(team.team());
    a.set_team_assignment(team.name());
    bool involvement = false;
    for (int sc : rules.involvement_scopes()) involvement |= sc == scopes[i];
    a.set_state(involvement ? v1::Assignment::PENDING_APPROVAL
                            : v1::Assignment::AWAITING_LETTER);
    if (involvement) {
      if (team.competence_needed().empty()) {
        return common::InvalidFields(
            {{"team_assignment.competence_needed",
              absl::StrCat("required when a member comes from ",
                           ScopeText(scopes[i]), " (",
                           rules.involvement_source(), ")")}});
      }
      v1::InvolvementRequest q = InvolvementRequestFor(
          absl::StrCat("instansi/", inst, "/involvementRequests/",
                       common::NewResourceId()),
          a, seats[i], appointer, rules);
      q.set_team_assignment(team.name());
      a.set_involvement_request(q.name());
      team.add_involvement_requests(q.name());
      ASSIGN_OR_RETURN(auto rows, PendingFor(inst, a, &q, call.deadline));
      pending.insert(pending.end(), rows.begin(), rows.end());
      m.request = std::move(q);
    }
    team.add_assignments(a.name());
    members.push_back(std::move(m));
  }
  team.set_state(team.involvement_requests().empty()
                     ? v1::Assignment::AWAITING_LETTER
                     : v1::Assignment::PENDING_APPROVAL);
  std::vector<PendingRow> sign_rows;
  if (team.state() == v1::Assignment::AWAITING_LETTER) {
    ASSIGN_OR_RETURN(sign_rows, TeamSignRows(inst, team, call.deadline));
  }
  return common::RunIdempotent<v1::TeamAssignment>(
      *pool_, call,
      common::MakeIdempotencyKey(call, "CreateTeamAssignment", r,
                                 r.request_id()),
      [&](common::Tx& tx) -> absl::StatusOr<v1::TeamAssignment> {
        store_.InsertTeam(tx, inst, team_id, team, call.principal.subject);
        v1::TeamAssignment created = *store_.GetTeam(tx, inst, team_id);
        const std::string& pv = team.profile_version();
        RecordAssignmentChange(tx, call, inst, "team_assignment",
                               created.name(), 1, "created", "", r.request_id(),
                               pv, created);
        for (const Member& m : members) {
          store_.Insert(tx, inst, m.id, m.assignment, call.principal.subject);
          RecordAssignmentChange(tx, call, inst, "assignment",
                                 m.assignment.name(), 1, "created", "",
                                 r.request_id(), pv, m.assignment);
          if (!m.request) continue;
          store_.InsertRequest(tx, inst, IdOf(m.request->name()), m.id,
                               *m.request);
          RecordAssignmentChange(tx, call, inst, "involvement_request",
                                 m.request->name(), 1, "created", "",
                                 r.request_id(), pv, *m.request);
        }
        for (const Member& m : members) {
          std::vector<PendingRow> mine;
          for (const auto& row : pending) {
            if (row.summary.assignment() == m.assignment.name())
              mine.push_back(row);
          }
          if (!mine.empty()) store_.ReplacePending(tx, inst, m.id, mine);
        }
        if (!sign_rows.empty())
          store_.ReplacePending(tx, inst, team_id, sign_rows);
        return created;
      });
}

absl::StatusOr<v1::TeamAssignment> Assignments::GetTeamAssignment(
    const Call& call, const v1::GetTeamAssignmentRequest& r) {
  auto ids = common::ParseName(r.name(), {"instansi", "teamAssignments"});
  if (!ids) {
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/teamAssignments/{t}"}});
  }
  const std::string inst = (*ids)[0];
  if (call.principal.instansi_id != inst) return common::NotFound(r.name());
  std::optional<v1::TeamAssignment> team;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        team = store_.GetTeam(tx, inst, (*ids)[1]);
        return absl::OkStatus();
      }));
  if (!team) return common::NotFound(r.name());
  if (call.principal.kind == common::Principal::Kind::kService) {
    if (!call.principal.HasScope("assignment.read") &&
        !call.principal.HasScope("assignment.teams"))
      return common::NotFound(r.name());
    return *team;
  }
  // The members and the officials of the team (roles against the lead or
  // the first member).
  const std::string me = CallerPerson(call, inst);
  if (me.empty()) return common::NotFound(r.name());
  for (const auto& m : team->members()) {
    if (m == me) return *team;
  }
  ASSIGN_OR_RETURN(v1::Instansi i, org_->GetInstansi(inst, call.deadline));
  const absl::CivilDay today = common::TodayIn(i.time_zone());
  ASSIGN_OR_RETURN(Seat owner,
                   SeatOf(inst, team->owner_unit(), today, call.deadline));
  const std::string& anchor =
      team->lead().empty() ? team->members(0) : team->lead();
  ASSIGN_OR_RETURN(v1::Kedudukan k,
                   org_->GetKedudukan(anchor, today, call.deadline));
  ASSIGN_OR_RETURN(auto roles,
                   RolesOf(me, inst, k, owner, today, true, call.deadline));
  if (roles.empty()) return common::NotFound(r.name());
  return *team;
}

}  // namespace sisker::assignment
