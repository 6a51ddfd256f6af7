// Each official's pending actions (requests to answer, letters to sign) and
// a pegawai's workload (KMP 4(2), 5(2); PSR 7(4)). A pending action is
// addressed, when it arises, to the person holding the seat and to the
// seat's post: a later holder of the post sees it, so does its Plt or Plh,
// and so does a delegate with signing authority for that post.
#include <map>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"
#include "services/assignment/workload.h"

namespace sisker::assignment {
namespace {

constexpr common::PageSize kPendingPage{50, 500};

}  // namespace

absl::StatusOr<std::vector<PendingRow>> Assignments::PendingFor(
    const std::string& inst, const v1::Assignment& a,
    const v1::InvolvementRequest* request, absl::Time deadline) {
  std::vector<PendingRow> rows;
  v1::PendingAction summary;
  summary.set_assignment(a.name());
  summary.set_pegawai(a.assignee());
  summary.set_purpose(a.purpose());
  std::vector<int> wanted;
  if (a.form() == Rules::TEAM && a.state() == v1::Assignment::AWAITING_LETTER) {
    return rows;  // the team's letter is addressed for the team as a whole
  }
  if (a.state() == v1::Assignment::AWAITING_LETTER) {
    summary.set_kind(v1::PendingAction::SIGN_LETTER);
    summary.set_resource(a.name());
    wanted.assign(a.letter_issuers().begin(), a.letter_issuers().end());
  } else if (a.state() == v1::Assignment::PENDING_APPROVAL &&
             request != nullptr) {
    summary.set_kind(v1::PendingAction::ANSWER_REQUEST);
    summary.set_resource(request->name());
    if (request->kind() == v1::InvolvementRequest::INVOLVEMENT) {
      wanted = {Rules::PIMPINAN_UNIT_HOME, Rules::KEPALA_PD_HOME};
    } else {
      wanted.assign(request->approvers().begin(), request->approvers().end());
    }
  } else {
    return rows;
  }
  ASSIGN_OR_RETURN(v1::Instansi instansi, org_->GetInstansi(inst, deadline));
  const absl::CivilDay today = common::TodayIn(instansi.time_zone());
  ASSIGN_OR_RETURN(v1::Kedudukan assignee,
                   org_->GetKedudukan(a.assignee(), today, deadline));
  ASSIGN_OR_RETURN(Seat owner, SeatOf(inst, a.owner_unit(), today, deadline));
  ASSIGN_OR_RETURN(std::vector<Role> officials,
                   OfficialsFor(inst, assignee, owner, today, deadline));
  for (const Role& role : officials) {
    for (int official : wanted) {
      if (role.official != official) continue;
      rows.push_back({summary.resource(), Rules::Official_Name(role.official),
                      role.person.person(), role.person.post(), summary});
    }
  }
  return rows;
}

absl::StatusOr<v1::ListPendingActionsResponse> Assignments::ListPendingActions(
    const Call& call, const v1::ListPendingActionsRequest& r) {
  common::FieldErrors errors;
  auto instansi = common::ParseName(r.parent(), {"instansi"});
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  auto size = common::EffectivePageSize(r.page_size(), kPendingPage);
  if (!size.ok()) errors.Add("page_size", "must be 0 to 500");
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = (*instansi)[0];
  if (call.principal.instansi_id != inst) return common::NotFound(r.parent());
  const std::string person = CallerPerson(call, inst);
  if (person.empty()) {
    return common::PermissionDenied("a pegawai (an official's own inbox)",
                                    "pegawai yang bersangkutan");
  }
  // The posts the caller answers for: their own, those they hold as Plt or
  // Plh, and those whose signing authority was delegated to them.
  std::vector<std::string> posts;
  if (auto me = org_->GetKedudukan(person, std::nullopt, call.deadline);
      me.ok()) {
    posts.push_back(me->post());
    for (const auto& acting : me->acting_posts()) posts.push_back(acting);
    for (const auto& a : me->signing_authorities())
      posts.push_back(a.delegating_post());
  }
  const std::string query = absl::StrCat("pending|", inst, "|", person);
  std::string after;
  if (!r.page_token().empty()) {
    ASSIGN_OR_RETURN(after, page_tokens_.Decode(query, r.page_token()));
  }
  // The page and, for each request to answer, the assignment decided and
  // its pegawai's assignments (read once per pegawai), in one snapshot.
  std::vector<v1::PendingAction> actions;
  std::map<std::string, v1::Assignment> deciding;
  std::map<std::string, std::vector<v1::Assignment>> workloads;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        actions = store_.ListPending(tx, inst, person, posts, after, *size + 1);
        for (int i = 0; i < static_cast<int>(actions.size()) && i < *size;
             ++i) {
          const v1::PendingAction& action = actions[i];
          if (action.kind() != v1::PendingAction::ANSWER_REQUEST) continue;
          if (auto a = store_.Get(tx, inst, IdOf(action.assignment())))
            deciding[action.assignment()] = a->assignment;
          if (!workloads.contains(action.pegawai()))
            workloads[action.pegawai()] =
                store_.WorkloadOf(tx, inst, action.pegawai());
        }
        return absl::OkStatus();
      }));
  int threshold = 0;
  if (!deciding.empty()) {
    ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                     ProfileOf(inst, call.deadline));
    threshold = profile->assignment().overload_threshold();
  }
  v1::ListPendingActionsResponse out;
  for (int i = 0; i < static_cast<int>(actions.size()) && i < *size; ++i) {
    v1::PendingAction& action = actions[i];
    if (auto a = deciding.find(action.assignment()); a != deciding.end()) {
      *action.mutable_workload() =
          SummarizeWorkload(workloads[action.pegawai()],
                            common::ToCivilDay(a->second.start_date()),
                            common::ToCivilDay(a->second.end_date()),
                            a->second.name(), threshold);
    }
    *out.add_actions() = std::move(action);
  }
  if (static_cast<int>(actions.size()) > *size) {
    const auto& last = out.actions(*size - 1);
    const int64_t micros =
        last.since().seconds() * 1000000 + last.since().nanos() / 1000;
    out.set_next_page_token(
        page_tokens_.Encode(query, absl::StrCat(micros, "/", last.resource())));
  }
  return out;
}

absl::StatusOr<bool> Assignments::Oversees(const Call& call,
                                           const std::string& inst,
                                           const std::string& pegawai,
                                           absl::CivilDay day) {
  if (call.principal.kind == common::Principal::Kind::kService)
    return call.principal.HasScope("assignment.read");
  const std::string me = CallerPerson(call, inst);
  if (me.empty()) return false;
  if (me == pegawai) return true;
  auto k = org_->GetKedudukan(pegawai, day, call.deadline);
  if (!k.ok()) return false;  // not placed that day: nobody above them
  if (k->direct_superior().person() == me ||
      k->assessor().person().person() == me) {
    return true;
  }
  for (const std::string& where : {k->unit(), k->perangkat_daerah()}) {
    if (where.empty()) continue;
    ASSIGN_OR_RETURN(v1::Heads heads,
                     org_->GetHeads(where, day, call.deadline));
    if (heads.head().person() == me) return true;
  }
  return false;
}

absl::StatusOr<v1::Workload> Assignments::GetWorkload(
    const Call& call, const v1::GetWorkloadRequest& r) {
  auto ids = common::ParseName(r.name(), {"instansi", "pegawai", "workload"});
  if (!ids && r.name().size() > 9 &&
      r.name().substr(r.name().size() - 9) == "/workload") {
    ids = common::ParseName(r.name().substr(0, r.name().size() - 9),
                            {"instansi", "pegawai"});
  }
  if (!ids) {
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/pegawai/{p}/workload"}});
  }
  const std::string inst = (*ids)[0];
  const std::string pegawai =
      absl::StrCat("instansi/", inst, "/pegawai/", (*ids)[1]);
  if (call.principal.instansi_id != inst) return common::NotFound(r.name());
  ASSIGN_OR_RETURN(v1::Instansi instansi,
                   org_->GetInstansi(inst, call.deadline));
  const absl::CivilDay day = common::IsSet(r.as_of())
                                 ? common::ToCivilDay(r.as_of())
                                 : common::TodayIn(instansi.time_zone());
  ASSIGN_OR_RETURN(bool oversees, Oversees(call, inst, pegawai, day));
  if (!oversees) return common::NotFound(r.name());
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  std::vector<v1::Assignment> all;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        all = store_.WorkloadOf(tx, inst, pegawai);
        return absl::OkStatus();
      }));
  v1::Workload out =
      WorkloadOn(all, day, profile->assignment().overload_threshold());
  out.set_pegawai(pegawai);
  out.set_overload_source(profile->assignment().overload_source());
  return out;
}

}  // namespace sisker::assignment
