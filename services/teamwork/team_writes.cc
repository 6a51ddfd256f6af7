// What every teamwork use case shares: opening a team for the caller,
// saving it with its history row and event, the people who may read it,
// item lists.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/change_log.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/instansi_profile.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/teamwork/teamwork.h"

namespace sisker::teamwork {

std::string IdOf(const std::string& name) {
  return name.substr(name.rfind('/') + 1);
}

bool IsPegawai(const std::string& person) {
  return person.find("/pegawai/") != std::string::npos;
}

std::string AnchorOf(const v1::Team& team) {
  if (!team.lead().empty()) return team.lead();
  for (const auto& m : team.members()) {
    if (IsPegawai(m.person())) return m.person();
  }
  return "";
}

int64_t VersionOf(const std::string& etag) {
  int64_t v = 0;
  return absl::SimpleAtoi(etag, &v) ? v : 0;
}

void Teamwork::Record(common::Tx& tx, const Call& call, const std::string& inst,
                      const std::string& type, const std::string& name,
                      int64_t version, const std::string& action,
                      const std::string& reason, const std::string& request_id,
                      const std::string& pv,
                      const google::protobuf::Message& snapshot) {
  common::RecordChange(tx, "teamwork", call, inst, type, name, version, action,
                       reason, request_id, pv, snapshot);
}

absl::Status Teamwork::SaveTeam(common::Tx& tx, const Call& call,
                                const Ctx& ctx, v1::Team& team, int64_t version,
                                const std::string& action,
                                const std::string& reason,
                                const std::string& request_id) {
  if (!store_.UpdateTeam(tx, ctx.inst, ctx.id, team, version))
    return common::StaleEtag(team.name());
  team.set_etag(std::to_string(version + 1));
  Record(tx, call, ctx.inst, "team", team.name(), version + 1, action, reason,
         request_id, team.profile_version(), team);
  return absl::OkStatus();
}

std::string Teamwork::CallerPerson(const Call& call, const std::string& inst) {
  if (call.principal.kind != common::Principal::Kind::kPerson) return "";
  auto me = org_->LookupSubject(inst, call.principal.subject, call.deadline);
  return me.ok() ? me->person().person() : "";
}

absl::StatusOr<const v1::PolicyProfile*> Teamwork::ProfileOf(
    const std::string& inst, absl::Time deadline) {
  return common::InstansiProfile(*org_, *profiles_, inst, deadline);
}

absl::StatusOr<absl::CivilDay> Teamwork::TodayOf(const std::string& inst,
                                                 absl::Time deadline) {
  ASSIGN_OR_RETURN(v1::Instansi i, org_->GetInstansi(inst, deadline));
  return common::TodayIn(i.time_zone());
}

bool Teamwork::MayRead(const Call& call, const Ctx& ctx, bool is_person) const {
  if (call.principal.kind == common::Principal::Kind::kService)
    return call.principal.HasScope("teamwork.read");
  if (is_person) return true;
  for (Party p : {Rules::LEAD, Rules::MEMBER, Rules::ACCOUNTABLE,
                  Rules::KEPALA_PD_OWNER, Rules::PIMPINAN_UNIT_OWNER}) {
    if (ctx.parties.count(p) > 0) return true;
  }
  // The Sekda oversees teams across PDs (PSR 10(4)).
  return ctx.parties.count(Rules::SEKDA) > 0 &&
         ctx.team().scope() >= v1::AssignmentRules::CROSS_PD;
}

absl::StatusOr<Teamwork::Ctx> Teamwork::Open(const Call& call,
                                             const std::string& team_name,
                                             const char* field) {
  if (common::ParseName(team_name, {"instansi", "assignments"}))
    return OpenAssignment(call, team_name, field);
  auto ids = common::ParseName(team_name, {"instansi", "teams"});
  if (!ids) {
    return common::InvalidFields({{field, "must be instansi/{i}/teams/{t}"}});
  }
  Ctx ctx;
  ctx.inst = (*ids)[0];
  ctx.id = (*ids)[1];
  if (call.principal.instansi_id != ctx.inst)
    return common::NotFound(team_name);
  ctx.caller = CallerPerson(call, ctx.inst);
  bool is_person = false;
  std::optional<StoredTeam> stored;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        stored = store_.GetTeam(tx, ctx.inst, ctx.id, false);
        if (stored && !ctx.caller.empty())
          is_person = store_.IsPerson(tx, ctx.inst, ctx.id, ctx.caller);
        return absl::OkStatus();
      }));
  if (!stored) return common::NotFound(team_name);
  ctx.stored = *std::move(stored);
  ASSIGN_OR_RETURN(ctx.profile, ProfileOf(ctx.inst, call.deadline));
  ctx.rules = &ctx.profile->teamwork();
  ctx.pv = ctx.team().profile_version();
  ASSIGN_OR_RETURN(ctx.today, TodayOf(ctx.inst, call.deadline));
  ASSIGN_OR_RETURN(ctx.holders,
                   HoldersFor(ctx.inst, ctx.team(), "", call.deadline));
  ctx.parties = PartiesOf(ctx.caller, ctx.holders);
  if (!MayRead(call, ctx, is_person)) return common::NotFound(team_name);
  return ctx;
}

absl::StatusOr<Teamwork::ItemRef> Teamwork::OpenItem(const Call& call,
                                                     const std::string& name,
                                                     const char* collection,
                                                     const char* kind) {
  auto ids = common::ParseName(name, {"instansi", "teams", collection});
  const char* parent = "teams";
  if (!ids) {
    ids = common::ParseName(name, {"instansi", "assignments", collection});
    parent = "assignments";
  }
  if (!ids) {
    return common::InvalidFields(
        {{"name", absl::StrCat("must be instansi/{i}/teams/{t}/", collection,
                               "/{id}")}});
  }
  const std::string team_name =
      absl::StrCat("instansi/", (*ids)[0], "/", parent, "/", (*ids)[1]);
  absl::StatusOr<Ctx> ctx = Open(call, team_name, "name");
  if (!ctx.ok()) {
    if (absl::IsNotFound(ctx.status())) return common::NotFound(name);
    return ctx.status();
  }
  return ItemRef{*std::move(ctx), kind, (*ids)[2]};
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
Teamwork::PeopleOf(const std::string& inst, const v1::Team& team,
                   absl::Time deadline) {
  std::vector<std::pair<std::string, std::string>> people;
  for (const auto& m : team.members())
    people.emplace_back(m.person(), "member");
  if (!team.accountable().empty())
    people.emplace_back(team.accountable(), "accountable");
  if (!team.formed_by().empty())
    people.emplace_back(team.formed_by(), "former");
  ASSIGN_OR_RETURN(std::vector<Holder> holders,
                   HoldersFor(inst, team, "", deadline));
  for (const Holder& h : holders) {
    if (h.party == Rules::KEPALA_PD_OWNER ||
        h.party == Rules::PIMPINAN_UNIT_OWNER)
      people.emplace_back(h.person.person(), "owner_head");
  }
  // A member's PPK and home head oversee their part (PSR 14(4)e).
  for (const auto& m : team.members()) {
    if (!IsPegawai(m.person())) continue;
    auto k = org_->GetKedudukan(m.person(), std::nullopt, deadline);
    if (!k.ok()) continue;  // no longer placed: nothing to add
    if (!k->assessor().person().person().empty())
      people.emplace_back(k->assessor().person().person(), "member_ppk");
    auto heads = org_->GetHeads(k->perangkat_daerah(), std::nullopt, deadline);
    if (heads.ok() && !heads->head().person().empty())
      people.emplace_back(heads->head().person(), "member_home_head");
  }
  return people;
}

template <typename M>
absl::StatusOr<std::vector<M>> Teamwork::ListKind(
    const Call& call, const v1::ListTeamItemsRequest& r, const char* kind,
    std::string* next_page_token) {
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, r.parent(), "parent"));
  ASSIGN_OR_RETURN(int size,
                   common::EffectivePageSize(
                       r.page_size(), {.default_size = 50, .max_size = 500}));
  const std::string query = absl::StrCat(kind, "|", r.parent());
  ASSIGN_OR_RETURN(int offset,
                   common::DecodeOffset(page_tokens_, query, r.page_token()));
  std::vector<StoredItem> rows;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        rows = store_.ListItems(tx, ctx.inst, ctx.id, kind, offset, size + 1);
        return absl::OkStatus();
      }));
  std::vector<M> out;
  for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
    out.push_back(ParseItem<M>(rows[i]));
  }
  if (static_cast<int>(rows.size()) > size)
    *next_page_token =
        page_tokens_.Encode(query, std::to_string(offset + size));
  return out;
}

template absl::StatusOr<std::vector<v1::Activity>> Teamwork::ListKind(
    const Call&, const v1::ListTeamItemsRequest&, const char*, std::string*);
template absl::StatusOr<std::vector<v1::Report>> Teamwork::ListKind(
    const Call&, const v1::ListTeamItemsRequest&, const char*, std::string*);
template absl::StatusOr<std::vector<v1::ReportRequest>> Teamwork::ListKind(
    const Call&, const v1::ListTeamItemsRequest&, const char*, std::string*);
template absl::StatusOr<std::vector<v1::Feedback>> Teamwork::ListKind(
    const Call&, const v1::ListTeamItemsRequest&, const char*, std::string*);
template absl::StatusOr<std::vector<v1::MemberResult>> Teamwork::ListKind(
    const Call&, const v1::ListTeamItemsRequest&, const char*, std::string*);
template absl::StatusOr<std::vector<v1::Escalation>> Teamwork::ListKind(
    const Call&, const v1::ListTeamItemsRequest&, const char*, std::string*);
template absl::StatusOr<std::vector<v1::CoordinationNote>> Teamwork::ListKind(
    const Call&, const v1::ListTeamItemsRequest&, const char*, std::string*);

absl::StatusOr<v1::Team> Teamwork::ChangeTeam(
    const Call& call, const std::string& name, const char* method,
    const google::protobuf::Message& request, const std::string& request_id,
    const std::string& etag, const std::string& action,
    const std::string& reason, const std::string& action_resource,
    const std::function<absl::Status(const Ctx&, const v1::Team&)>& check,
    const std::function<absl::Status(const Ctx&, v1::Team&,
                                     std::vector<ActionRow>&)>& apply) {
  common::FieldErrors errors;
  common::ValidateRequestId(request_id, errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(Ctx ctx, Open(call, name, "name"));
  RETURN_IF_ERROR(check(ctx, ctx.team()));
  return Write<v1::Team>(
      call, ctx, method, request, request_id, etag,
      [&](common::Tx& tx, StoredTeam& locked) -> absl::StatusOr<v1::Team> {
        // Checked again on the locked row: another write may have moved it.
        RETURN_IF_ERROR(check(ctx, locked.team));
        v1::Team team = locked.team;
        std::vector<ActionRow> actions;
        RETURN_IF_ERROR(apply(ctx, team, actions));
        RETURN_IF_ERROR(SaveTeam(tx, call, ctx, team, locked.version, action,
                                 reason, request_id));
        if (!action_resource.empty())
          store_.ReplaceActions(tx, ctx.inst, ctx.id, action_resource, actions);
        return team;
      });
}

}  // namespace sisker::teamwork
