// Escalations of obstacles (PSR 13; Kampar by configuration): raised with
// at least one alternative recommendation (PSR 13(1)b3), addressed by the
// service, never by the client: the owner head decides ("untuk diputuskan
// dan/atau ditindaklanjuti"); when others must act (needs_collaboration),
// each member's home head follows up ("untuk ditindaklanjuti sesuai dengan
// tugas dan fungsi", PSR 13(2)b4); an external member's institution is
// recorded (PSR 13(3)e). Deadlines in working days (profile).
#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {
namespace {

using google::protobuf::util::TimeUtil;
using Addressee = v1::Escalation::Addressee;

std::vector<ActionRow> EscalationActions(const v1::Escalation& e,
                                         const std::string& follow_up_by) {
  std::vector<ActionRow> rows;
  for (const auto& a : e.addressees()) {
    if (a.person().empty() || !a.response().empty()) continue;
    if (e.state() == v1::Escalation::OPEN && a.duty() == Addressee::DECIDE) {
      rows.push_back({a.person(), v1::TeamworkAction::DECIDE_ESCALATION,
                      "Kendala: " + e.problem().substr(0, 200),
                      common::ToIsoDate(common::ToCivilDay(e.decide_by()))});
    }
    if (e.state() == v1::Escalation::DECIDED &&
        a.duty() == Addressee::FOLLOW_UP) {
      rows.push_back({a.person(), v1::TeamworkAction::FOLLOW_UP_ESCALATION,
                      "Tindak lanjut kendala: " + e.problem().substr(0, 200),
                      follow_up_by});
    }
  }
  return rows;
}

void MarkOverdue(v1::Escalation& e, absl::CivilDay today) {
  e.set_overdue(e.state() == v1::Escalation::OPEN &&
                common::IsSet(e.decide_by()) &&
                common::ToCivilDay(e.decide_by()) < today);
}

}  // namespace

absl::StatusOr<v1::Escalation> Teamwork::CreateEscalation(
    const Call& call, const v1::CreateEscalationRequest& r) {
  common::FieldErrors errors;
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.parent(), "parent"));
  const auto& rules = ctx.rules->escalation();
  RETURN_IF_ERROR(CheckEscalation(*ctx.rules, r.escalation()));
  for (int i = 0; i < r.escalation().recommendations_size(); ++i) {
    if (r.escalation().recommendations(i).size() > 5000)
      return common::InvalidFields(
          {{absl::StrCat("escalation.recommendations[", i, "]"),
            "at most 5000 bytes"}});
  }
  if (ctx.individual) {
    // PSR 13(2)a3: the assignee of work across units or PDs; within a unit
    // the regulation gives no such clause (13(1)a).
    const v1::Team& scope = ctx.team();
    if (scope.state() != v1::Team::EXECUTION ||
        scope.scope() < v1::AssignmentRules::CROSS_UNIT) {
      return common::RuleViolation(
          "ESCALATION_NOT_OFFERED",
          "an obstacle is raised on an active individual assignment across "
          "units or PDs (a team member raises it through the team's lead)",
          "Kendala disampaikan atas penugasan lintas unit atau lintas "
          "Perangkat Daerah yang sedang berjalan.",
          rules.source());
    }
    if (ctx.caller.empty() || ctx.caller != scope.members(0).person()) {
      return common::MakeError(
          absl::StatusCode::kPermissionDenied, "NOT_THE_ASSIGNEE",
          "only the assignee raises an obstacle on their assignment",
          "Hanya pegawai yang mendapat penugasan yang menyampaikan kendala.",
          {{"pasal", rules.source()}});
    }
  } else {
    RETURN_IF_ERROR(
        RequireParty(rules.raisers(), ctx.parties, "raise an obstacle"));
    RETURN_IF_ERROR(RequireStage(
        ctx.team(),
        {v1::Team::PLANNING, v1::Team::EXECUTION, v1::Team::EVALUATION},
        "TEAM_NOT_FORMED", "raising an obstacle", rules.source()));
  }
  v1::Escalation e = r.escalation();
  e.clear_addressees();
  // The owner side decides.
  for (const Holder& h : Select(ctx.holders, rules.deciders())) {
    Addressee& a = *e.add_addressees();
    a.set_party(h.party);
    a.set_person(h.person.person());
    a.set_display_name(h.person.display_name());
    a.set_duty(Addressee::DECIDE);
    a.set_source(rules.deciders().source());
  }
  if (e.addressees().empty()) {
    return common::RuleViolation(
        "NO_DECIDER", "nobody holds the deciding post today (vacant)",
        "Jabatan yang memutuskan kendala sedang kosong.",
        rules.deciders().source());
  }
  auto follow_up = [&](const std::vector<Holder>& about) {
    for (const Holder& h : Select(about, rules.collaboration_addressees())) {
      bool deciding = false;
      for (const auto& a : e.addressees())
        deciding |= a.person() == h.person.person();
      if (deciding) continue;
      Addressee& a = *e.add_addressees();
      a.set_party(h.party);
      a.set_person(h.person.person());
      a.set_display_name(h.person.display_name());
      a.set_on_behalf_of(h.on_behalf_of);
      a.set_duty(Addressee::FOLLOW_UP);
      a.set_source(rules.collaboration_addressees().source());
    }
  };
  if (e.needs_collaboration() && ctx.individual) {
    // PSR 13(2)a4: the heads where the assignee sits follow up.
    follow_up(ctx.holders);
  } else if (e.needs_collaboration()) {
    // Each home PD of the members other than the owner's, once.
    std::map<std::string, std::string> pds;  // PD -> a member there
    std::set<std::string> institutions;
    for (const auto& m : ctx.team().members()) {
      if (m.state() == v1::TeamMember::REFUSED) continue;
      if (m.scope() == v1::AssignmentRules::CROSS_INSTITUTION) {
        institutions.insert(m.home_unit());
      } else if (m.home_perangkat_daerah() !=
                 ctx.team().owner_perangkat_daerah()) {
        pds.emplace(m.home_perangkat_daerah(), m.person());
      }
    }
    for (const auto& [pd, member] : pds) {
      ASSIGN_OR_RETURN(std::vector<Holder> about,
                       HoldersFor(ctx.inst, ctx.team(), member, call.deadline));
      follow_up(about);
    }
    for (const auto& institution : institutions) {
      Addressee& a = *e.add_addressees();
      a.set_party(Rules::INSTITUTION_LEADER);
      a.set_on_behalf_of(institution);
      a.set_duty(Addressee::RECORDED_ONLY);
      a.set_source(rules.source());
    }
  }
  const std::string id = common::NewResourceId();
  e.set_name(absl::StrCat(ctx.team().name(), "/escalations/", id));
  e.set_raised_by(ctx.caller);
  e.set_state(v1::Escalation::OPEN);
  e.clear_decision();
  e.clear_decided_by();
  e.clear_resolution();
  e.set_chosen_recommendation(0);
  e.set_source(rules.source());
  *e.mutable_decide_by() = common::ToProtoDate(AddWorkingDays(
      *ctx.rules, ctx.today, rules.decide_within_working_days()));
  *e.mutable_create_time() = TimeUtil::GetCurrentTime();
  return Write<v1::Escalation>(
      call, ctx, "CreateEscalation", r, r.request_id(), "",
      [&](common::Tx& tx, StoredTeam&) -> absl::StatusOr<v1::Escalation> {
        store_.InsertItem(
            tx, ctx.inst, ctx.id, "escalation", id, "OPEN", ctx.caller,
            common::ToIsoDate(common::ToCivilDay(e.decide_by())), e);
        v1::Escalation created = e;
        created.set_etag("1");
        Record(tx, call, ctx.inst, "escalation", created.name(), 1, "raised",
               "", r.request_id(), ctx.pv, created);
        store_.ReplaceActions(tx, ctx.inst, ctx.id, created.name(),
                              EscalationActions(created, ""));
        return created;
      });
}

absl::StatusOr<v1::Escalation> Teamwork::GetEscalation(
    const Call& call, const v1::GetEscalationRequest& r) {
  ASSIGN_OR_RETURN(ItemRef ref,
                   OpenItem(call, r.name(), "escalations", "escalation"));
  std::optional<StoredItem> stored;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        stored = store_.GetItem(tx, ref.ctx.inst, ref.ctx.id, "escalation",
                                ref.item_id, false);
        return absl::OkStatus();
      }));
  if (!stored) return common::NotFound(r.name());
  v1::Escalation e = ParseItem<v1::Escalation>(*stored);
  MarkOverdue(e, ref.ctx.today);
  return e;
}

absl::StatusOr<v1::ListEscalationsResponse> Teamwork::ListEscalations(
    const Call& call, const v1::ListTeamItemsRequest& r) {
  v1::ListEscalationsResponse out;
  ASSIGN_OR_RETURN(auto items,
                   ListKind<v1::Escalation>(call, r, "escalation",
                                            out.mutable_next_page_token()));
  ASSIGN_OR_RETURN(absl::CivilDay today,
                   TodayOf(call.principal.instansi_id, call.deadline));
  for (auto& e : items) {
    MarkOverdue(e, today);
    *out.add_escalations() = std::move(e);
  }
  return out;
}

absl::StatusOr<v1::Escalation> Teamwork::ChangeEscalation(
    const Call& call, const std::string& name, const std::string& etag,
    const std::string& request_id, const char* method,
    const google::protobuf::Message& request,
    const std::function<
        absl::Status(const Ctx&, v1::Escalation&, std::string& action,
                     std::vector<ActionRow>& actions)>& change) {
  common::FieldErrors errors;
  common::ValidateRequestId(request_id, errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(ItemRef ref,
                   OpenItem(call, name, "escalations", "escalation"));
  const Ctx& ctx = ref.ctx;
  return Write<v1::Escalation>(
      call, ctx, method, request, request_id, "",
      [&](common::Tx& tx, StoredTeam&) -> absl::StatusOr<v1::Escalation> {
        auto stored = store_.GetItem(tx, ctx.inst, ctx.id, "escalation",
                                     ref.item_id, true);
        if (!stored) return common::NotFound(name);
        if (!etag.empty() && VersionOf(etag) != stored->version)
          return common::StaleEtag(name);
        v1::Escalation e;
        e.ParseFromString(stored->data);
        std::string action;
        std::vector<ActionRow> actions;
        RETURN_IF_ERROR(change(ctx, e, action, actions));
        store_.UpdateItem(tx, ctx.inst, ctx.id, "escalation", ref.item_id,
                          v1::Escalation::State_Name(e.state()),
                          common::ToIsoDate(common::ToCivilDay(e.decide_by())),
                          e, stored->version);
        e.set_etag(std::to_string(stored->version + 1));
        Record(tx, call, ctx.inst, "escalation", e.name(), stored->version + 1,
               action, "", request_id, ctx.pv, e);
        store_.ReplaceActions(tx, ctx.inst, ctx.id, e.name(), actions);
        MarkOverdue(e, ctx.today);
        return e;
      });
}

namespace {

// The caller's addressee row with `duty`, or PERMISSION_DENIED.
absl::StatusOr<Addressee*> AddresseeOf(v1::Escalation& e,
                                       const std::string& caller,
                                       Addressee::Duty duty,
                                       const std::string& what) {
  for (auto& a : *e.mutable_addressees()) {
    if (!caller.empty() && a.person() == caller && a.duty() == duty) return &a;
  }
  std::string source;
  for (const auto& a : e.addressees()) {
    if (a.duty() == duty) source = a.source();
  }
  return common::MakeError(
      absl::StatusCode::kPermissionDenied, "NOT_ADDRESSED",
      absl::StrCat("only the officials the escalation is addressed to for ",
                   Addressee::Duty_Name(duty), " may ", what),
      "Kendala ini tidak ditujukan kepada Anda untuk langkah ini.",
      {{"pasal", source}});
}

}  // namespace

absl::StatusOr<v1::Escalation> Teamwork::DecideEscalation(
    const Call& call, const v1::DecideEscalationRequest& r) {
  if (r.decision().empty() || r.decision().size() > 10000)
    return common::InvalidFields({{"decision", "required, at most 10000"}});
  return ChangeEscalation(
      call, r.name(), r.etag(), r.request_id(), "DecideEscalation", r,
      [&](const Ctx& ctx, v1::Escalation& e, std::string& action,
          std::vector<ActionRow>& actions) -> absl::Status {
        ASSIGN_OR_RETURN(
            Addressee * me,
            AddresseeOf(e, ctx.caller, Addressee::DECIDE, "decide it"));
        if (e.state() != v1::Escalation::OPEN) {
          return common::RuleViolation(
              "ALREADY_DECIDED", "the escalation was decided",
              "Kendala ini sudah diputuskan.", e.source());
        }
        if (r.chosen_recommendation() < -1 ||
            r.chosen_recommendation() >= e.recommendations_size()) {
          return common::InvalidFields(
              {{"chosen_recommendation",
                absl::StrCat("-1 (the head's own) or 0..",
                             e.recommendations_size() - 1)}});
        }
        me->set_response(r.decision());
        *me->mutable_response_time() = TimeUtil::GetCurrentTime();
        e.set_state(v1::Escalation::DECIDED);
        e.set_decision(r.decision());
        e.set_chosen_recommendation(r.chosen_recommendation());
        e.set_decided_by(ctx.caller);
        action = "decided";
        actions = EscalationActions(
            e, common::ToIsoDate(AddWorkingDays(
                   *ctx.rules, ctx.today,
                   ctx.rules->escalation().follow_up_within_working_days())));
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Escalation> Teamwork::RecordEscalationFollowUp(
    const Call& call, const v1::RecordEscalationFollowUpRequest& r) {
  if (r.response().empty() || r.response().size() > 10000)
    return common::InvalidFields({{"response", "required, at most 10000"}});
  return ChangeEscalation(
      call, r.name(), r.etag(), r.request_id(), "RecordEscalationFollowUp", r,
      [&](const Ctx& ctx, v1::Escalation& e, std::string& action,
          std::vector<ActionRow>& actions) -> absl::Status {
        ASSIGN_OR_RETURN(Addressee * me,
                         AddresseeOf(e, ctx.caller, Addressee::FOLLOW_UP,
                                     "record a follow-up"));
        if (e.state() != v1::Escalation::DECIDED) {
          return common::RuleViolation(
              "NOT_DECIDED", "follow-ups come after the decision",
              "Tindak lanjut dicatat setelah kendala diputuskan.",
              me->source());
        }
        me->set_response(r.response());
        *me->mutable_response_time() = TimeUtil::GetCurrentTime();
        action = "followed_up";
        actions = EscalationActions(e, "");
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Escalation> Teamwork::ResolveEscalation(
    const Call& call, const v1::ResolveEscalationRequest& r) {
  if (r.resolution().size() > 10000)
    return common::InvalidFields({{"resolution", "at most 10000 bytes"}});
  return ChangeEscalation(
      call, r.name(), r.etag(), r.request_id(), "ResolveEscalation", r,
      [&](const Ctx& ctx, v1::Escalation& e, std::string& action,
          std::vector<ActionRow>& actions) -> absl::Status {
        if (ctx.caller.empty() ||
            (ctx.caller != e.raised_by() &&
             !AddresseeOf(e, ctx.caller, Addressee::DECIDE, "").ok())) {
          return common::MakeError(
              absl::StatusCode::kPermissionDenied, "NOT_ADDRESSED",
              "only whoever raised it or decided it may close it",
              "Hanya pengaju atau pemutus yang dapat menutup kendala.",
              {{"pasal", e.source()}});
        }
        if (e.state() != v1::Escalation::DECIDED) {
          return common::RuleViolation(
              "NOT_DECIDED", "an escalation is resolved after its decision",
              "Kendala diselesaikan setelah diputuskan.", e.source());
        }
        e.set_state(v1::Escalation::RESOLVED);
        e.set_resolution(r.resolution());
        action = "resolved";
        actions.clear();
        return absl::OkStatus();
      });
}

}  // namespace sisker::teamwork
