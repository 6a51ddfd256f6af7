// Teams in DRAFT: created and edited by a former under the profile (KMP
// 4(5), 4(9); PSR 8(5), 10(1)), each person looked up in the org service on
// the start date, the composition checked (team_rules.h); read and listed
// by the people who take part in or oversee them.
#include <algorithm>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/change_log.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "google/protobuf/util/field_mask_util.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {
namespace {

constexpr int kMaxMembers = 200;

bool IsPersonOf(const std::string& name, const std::string& inst) {
  auto p = common::ParseName(name, {"instansi", "pegawai"});
  auto x = common::ParseName(name, {"instansi", "externalParticipants"});
  return (p && (*p)[0] == inst) || (x && (*x)[0] == inst);
}

void CheckDraft(const v1::Team& t, const std::string& inst,
                common::FieldErrors& errors) {
  auto unit = common::ParseName(t.owner_unit(), {"instansi", "units"});
  if (!unit || (*unit)[0] != inst)
    errors.Add("team.owner_unit", "required: instansi/{i}/units/{u}");
  if (t.purpose().empty() || t.purpose().size() > 2000)
    errors.Add("team.purpose", "required, at most 2000 bytes (PSR 10(1)a)");
  if (t.expected_targets().empty())
    errors.Add("team.expected_targets", "at least one (PSR 10(1)b)");
  for (int i = 0; i < t.expected_targets_size(); ++i) {
    if (t.expected_targets(i).empty() || t.expected_targets(i).size() > 1000)
      errors.Add(absl::StrCat("team.expected_targets[", i, "]"),
                 "1 to 1000 bytes");
  }
  if (!common::IsSet(t.start_date()) || !common::IsSet(t.end_date())) {
    errors.Add("team.start_date",
               "start_date and end_date are required (PSR 10(1)c)");
  } else if (common::ToCivilDay(t.end_date()) <
             common::ToCivilDay(t.start_date())) {
    errors.Add("team.end_date", "must not precede start_date");
  }
  if (t.members().empty() || t.members_size() > kMaxMembers)
    errors.Add("team.members", absl::StrCat("1 to ", kMaxMembers, " people"));
  for (int i = 0; i < t.members_size(); ++i) {
    if (!IsPersonOf(t.members(i).person(), inst))
      errors.Add(
          absl::StrCat("team.members[", i, "].person"),
          "a pegawai (instansi/{i}/pegawai/{p}) or a registered "
          "external participant (instansi/{i}/externalParticipants/{x})");
  }
  if (!t.lead().empty() && !IsPersonOf(t.lead(), inst))
    errors.Add("team.lead", "a pegawai of the instansi");
  if (!t.lead().empty() && t.lead_decision() == v1::Team::NO_LEAD)
    errors.Add("team.lead_decision", "NO_LEAD with a lead named");
  if (!t.accountable().empty() &&
      !common::ParseName(t.accountable(), {"instansi", "pegawai"}))
    errors.Add("team.accountable", "a pegawai (instansi/{i}/pegawai/{p})");
  if (t.other_arrangements().size() > 4000)
    errors.Add("team.other_arrangements", "at most 4000 bytes");
  if (t.competence_needed().size() > 2000)
    errors.Add("team.competence_needed", "at most 2000 bytes");
  if (t.lead_fallback_reason().size() > 2000)
    errors.Add("team.lead_fallback_reason", "at most 2000 bytes");
}

// A member listed twice (the lead may be listed once as a member).
absl::Status CheckDuplicates(const v1::Team& t) {
  std::map<std::string, int> first;
  for (int i = 0; i < t.members_size(); ++i) {
    auto [it, fresh] = first.emplace(t.members(i).person(), i);
    if (!fresh) {
      return common::MakeError(
          absl::StatusCode::kInvalidArgument, "DUPLICATE_MEMBER",
          absl::StrCat("team.members[", i, "] repeats team.members[",
                       it->second, "]: ", t.members(i).person()),
          "Anggota tim tercantum lebih dari sekali.",
          {{"field", absl::StrCat("team.members[", i, "]")},
           {"first", absl::StrCat("team.members[", it->second, "]")}});
    }
  }
  return absl::OkStatus();
}

absl::Status PersonNotFound(const std::string& field,
                            const std::string& person) {
  return common::MakeError(absl::StatusCode::kNotFound, "PERSON_NOT_FOUND",
                           absl::StrCat(field,
                                        ": no pegawai or registered "
                                        "external participant ",
                                        person),
                           "Pegawai atau peserta tidak ditemukan.",
                           {{"field", field}, {"resource", person}});
}

PersonFacts FactsOf(const std::string& person, const v1::Kedudukan& k) {
  PersonFacts f;
  f.person = person;
  f.perangkat_daerah = k.perangkat_daerah();
  f.unit = k.unit();
  f.post_kind = v1::Post::Kind_Name(k.post_kind());
  f.jenjang = k.jenjang();
  f.hasil_penyetaraan = k.hasil_penyetaraan();
  f.asn_kind = v1::Pegawai::AsnKind_Name(k.asn_kind());
  return f;
}

}  // namespace

absl::StatusOr<v1::Team> Teamwork::Compose(const Call& call,
                                           const std::string& inst,
                                           v1::Team team,
                                           const v1::PolicyProfile& profile) {
  common::FieldErrors errors;
  CheckDraft(team, inst, errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(CheckDuplicates(team));
  // The lead sits among the members with role LEAD.
  if (!team.lead().empty()) {
    team.set_lead_decision(v1::Team::HAS_LEAD);
    bool listed = false;
    for (const auto& m : team.members()) listed |= m.person() == team.lead();
    if (!listed) team.add_members()->set_person(team.lead());
  }
  const absl::CivilDay start = common::ToCivilDay(team.start_date());
  ASSIGN_OR_RETURN(v1::Unit owner,
                   org_->GetUnit(team.owner_unit(), start, call.deadline));
  team.set_owner_perangkat_daerah(owner.perangkat_daerah());
  std::vector<PersonFacts> facts;
  auto widest = v1::AssignmentRules::WITHIN_UNIT;
  for (int i = 0; i < team.members_size(); ++i) {
    v1::TeamMember& m = *team.mutable_members(i);
    const std::string field = absl::StrCat("team.members[", i, "].person");
    m.set_role(m.person() == team.lead() ? v1::TeamMember::LEAD
                                         : v1::TeamMember::MEMBER);
    m.set_state(v1::TeamMember::PROPOSED);
    m.clear_assignment();
    m.clear_refusal_reason();
    if (IsPegawai(m.person())) {
      auto k = org_->GetKedudukan(m.person(), start, call.deadline);
      if (absl::IsNotFound(k.status()))
        return PersonNotFound(field, m.person());
      RETURN_IF_ERROR(k.status());
      m.set_display_name(k->display_name());
      m.set_post_display_name(k->post_display_name());
      m.set_home_perangkat_daerah(k->perangkat_daerah());
      m.set_home_unit(k->unit());
      m.set_scope(k->unit() == team.owner_unit()
                      ? v1::AssignmentRules::WITHIN_UNIT
                  : k->perangkat_daerah() == team.owner_perangkat_daerah()
                      ? v1::AssignmentRules::CROSS_UNIT
                      : v1::AssignmentRules::CROSS_PD);
      m.set_low_priority(
          m.scope() == v1::AssignmentRules::CROSS_PD &&
          !profile.assignment().other_pd_low_priority_source().empty());
      facts.push_back(FactsOf(m.person(), *k));
    } else {
      auto x = org_->GetExternalParticipant(m.person(), call.deadline);
      if (absl::IsNotFound(x.status()))
        return PersonNotFound(field, m.person());
      RETURN_IF_ERROR(x.status());
      const bool started = !common::IsSet(x->effective_from()) ||
                           common::ToCivilDay(x->effective_from()) <= start;
      const bool ended = common::IsSet(x->effective_to()) &&
                         common::ToCivilDay(x->effective_to()) < start;
      if (!started || ended) {
        return common::RuleViolation(
            "PERSON_NOT_ACTIVE",
            absl::StrCat(field,
                         ": the external participant's period does "
                         "not cover the team's start"),
            "Masa keikutsertaan peserta tidak mencakup awal tim kerja.",
            profile.teamwork().member_posts().source());
      }
      m.set_display_name(x->display_name());
      m.set_post_display_name(x->origin_position());
      m.set_home_perangkat_daerah("");
      m.set_home_unit(x->origin_institution());
      m.set_scope(v1::AssignmentRules::CROSS_INSTITUTION);
      PersonFacts f;
      f.person = m.person();
      f.external = true;
      facts.push_back(std::move(f));
    }
    widest = std::max(widest, m.scope());
  }
  team.set_scope(widest);
  Composition c;
  c.owner_perangkat_daerah = team.owner_perangkat_daerah();
  c.lead_decision = team.lead_decision();
  c.lead_fallback_reason = team.lead_fallback_reason();
  c.members = facts;
  for (const PersonFacts& f : c.members) {
    if (f.person == team.lead()) c.lead = &f;
  }
  // A fallback lead only on "kekosongan" (KMP 4(6)): nobody in the owner
  // PD holds a post the primary rule names on the start date.
  const Rules::RoleRule& lead_rule = profile.teamwork().lead();
  if (c.lead != nullptr && !team.lead_fallback_reason().empty() &&
      NeedsVacancy(lead_rule, *c.lead, c.owner_perangkat_daerah)) {
    ASSIGN_OR_RETURN(bool held, org_->AnyHolderIn(
                                    c.owner_perangkat_daerah, start,
                                    [&](const v1::Post& p) {
                                      return IsPrimaryPost(lead_rule, p);
                                    },
                                    call.deadline));
    c.primary_lead_vacant = !held;
  }
  PersonFacts accountable;
  if (!team.accountable().empty()) {
    auto k = org_->GetKedudukan(team.accountable(), start, call.deadline);
    if (absl::IsNotFound(k.status()))
      return PersonNotFound("team.accountable", team.accountable());
    RETURN_IF_ERROR(k.status());
    accountable = FactsOf(team.accountable(), *k);
    c.accountable = &accountable;
  }
  ASSIGN_OR_RETURN(std::vector<v1::Warning> warnings,
                   CheckComposition(profile.teamwork(), c));
  team.clear_warnings();
  for (auto& w : warnings) *team.add_warnings() = std::move(w);
  return team;
}

absl::StatusOr<v1::Team> Teamwork::CreateTeam(const Call& call,
                                              const v1::CreateTeamRequest& r) {
  common::FieldErrors errors;
  auto instansi = common::ParseName(r.parent(), {"instansi"});
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = (*instansi)[0];
  if (call.principal.instansi_id != inst) return common::NotFound(r.parent());
  const std::string caller = CallerPerson(call, inst);
  if (caller.empty()) {
    return common::PermissionDenied("a former of the team (a person)",
                                    "pembentuk tim kerja");
  }
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  v1::Team input = r.team();
  input.clear_acknowledged_warnings();
  ASSIGN_OR_RETURN(v1::Team team, Compose(call, inst, input, *profile));
  // Authority: a former, judged against the lead (or the first pegawai).
  const std::string subject = AnchorOf(team);
  ASSIGN_OR_RETURN(std::vector<Holder> holders,
                   HoldersFor(inst, team, subject, call.deadline));
  RETURN_IF_ERROR(RequireStep(*profile, caller, holders,
                              profile->teamwork().formers(), "form a team",
                              "FORM_TEAM"));
  const std::string id = common::NewResourceId();
  team.set_name(absl::StrCat("instansi/", inst, "/teams/", id));
  team.set_formed_by(caller);
  team.set_state(v1::Team::DRAFT);
  team.set_profile_version(common::ProfileVersionTag(*profile));
  team.mutable_work_plan()->set_state(v1::WorkPlan::DRAFT);
  ASSIGN_OR_RETURN(auto people, PeopleOf(inst, team, call.deadline));
  return common::RunIdempotent<v1::Team>(
      *pool_, call,
      common::MakeIdempotencyKey(call, "CreateTeam", r, r.request_id()),
      [&](common::Tx& tx) -> absl::StatusOr<v1::Team> {
        store_.InsertTeam(tx, inst, id, team);
        StoredTeam created = *store_.GetTeam(tx, inst, id, false);
        store_.ReplacePeople(tx, inst, id, people);
        Record(tx, call, inst, "team", created.team.name(), 1, "created", "",
               r.request_id(), created.team.profile_version(), created.team);
        RebuildDashboard(tx, inst, id, created.team, created.version);
        return created.team;
      });
}

absl::StatusOr<v1::Team> Teamwork::GetTeam(const Call& call,
                                           const v1::GetTeamRequest& r) {
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.name(), "name"));
  return ctx.team();
}

absl::StatusOr<v1::ListTeamsResponse> Teamwork::ListTeams(
    const Call& call, const v1::ListTeamsRequest& r) {
  common::FieldErrors errors;
  auto instansi = common::ParseName(r.parent(), {"instansi"});
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  v1::Team::State state = v1::Team::STATE_UNSPECIFIED;
  if (!r.state().empty() && !v1::Team::State_Parse(r.state(), &state))
    errors.Add("state",
               "one of DRAFT, FORMING, PLANNING, EXECUTION, "
               "EVALUATION, CLOSED, CANCELLED");
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = (*instansi)[0];
  if (call.principal.instansi_id != inst) return common::NotFound(r.parent());
  ASSIGN_OR_RETURN(int size,
                   common::EffectivePageSize(
                       r.page_size(), {.default_size = 50, .max_size = 500}));
  const std::string caller = CallerPerson(call, inst);
  const std::string query =
      absl::StrCat("teams|", r.parent(), "|", r.state(), "|", caller);
  ASSIGN_OR_RETURN(int offset,
                   common::DecodeOffset(page_tokens_, query, r.page_token()));
  v1::ListTeamsResponse response;
  if (caller.empty()) return response;
  std::vector<StoredTeam> rows;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        rows = store_.TeamsOf(tx, inst, caller, r.state(), offset, size + 1);
        return absl::OkStatus();
      }));
  for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i)
    *response.add_teams() = rows[i].team;
  if (static_cast<int>(rows.size()) > size) {
    response.set_next_page_token(
        page_tokens_.Encode(query, std::to_string(offset + size)));
  }
  return response;
}

absl::StatusOr<v1::Team> Teamwork::UpdateTeam(const Call& call,
                                              const v1::UpdateTeamRequest& r) {
  static const std::set<std::string> kEditable = {"purpose",
                                                  "expected_targets",
                                                  "start_date",
                                                  "end_date",
                                                  "other_arrangements",
                                                  "competence_needed",
                                                  "lead",
                                                  "lead_decision",
                                                  "lead_fallback_reason",
                                                  "accountable",
                                                  "members"};
  common::FieldErrors errors;
  if (r.update_mask().paths().empty())
    errors.Add("update_mask", "name the fields to change");
  for (const auto& path : r.update_mask().paths()) {
    if (kEditable.count(path) == 0)
      errors.Add("update_mask", "not editable: " + path);
  }
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.team().name(), "team.name"));
  RETURN_IF_ERROR(RequireStage(ctx.team(), {v1::Team::DRAFT}, "NOT_DRAFT",
                               "changing the team", ""));
  // The masked fields replaced by the request's (unset ones cleared).
  v1::Team draft = ctx.team();
  google::protobuf::util::FieldMaskUtil::MergeOptions replace;
  replace.set_replace_message_fields(true);
  replace.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(
      r.team(), r.update_mask(), replace, &draft);
  if (std::find(r.update_mask().paths().begin(), r.update_mask().paths().end(),
                "lead") != r.update_mask().paths().end() &&
      draft.lead().empty() && draft.lead_decision() == v1::Team::HAS_LEAD) {
    draft.set_lead_decision(v1::Team::LEAD_DECISION_UNSPECIFIED);
  }
  ASSIGN_OR_RETURN(v1::Team team, Compose(call, ctx.inst, draft, *ctx.profile));
  const std::string subject = AnchorOf(team);
  ASSIGN_OR_RETURN(std::vector<Holder> holders,
                   HoldersFor(ctx.inst, team, subject, call.deadline));
  RETURN_IF_ERROR(RequireStep(*ctx.profile, ctx.caller, holders,
                              ctx.rules->formers(), "change a team",
                              "FORM_TEAM"));
  team.clear_acknowledged_warnings();
  team.clear_formation_error();
  ASSIGN_OR_RETURN(auto people, PeopleOf(ctx.inst, team, call.deadline));
  return Write<v1::Team>(
      call, ctx, "UpdateTeam", r, r.request_id(), r.team().etag(),
      [&](common::Tx& tx, StoredTeam& locked) -> absl::StatusOr<v1::Team> {
        RETURN_IF_ERROR(RequireStage(locked.team, {v1::Team::DRAFT},
                                     "NOT_DRAFT", "changing the team", ""));
        RETURN_IF_ERROR(SaveTeam(tx, call, ctx, team, locked.version, "updated",
                                 "", r.request_id()));
        store_.ReplacePeople(tx, ctx.inst, ctx.id, people);
        return team;
      });
}

}  // namespace sisker::teamwork
