// Involvement requests (PSR 9(3)-(4), 10(2)-(3)) and volunteer
// applications (PSR 8(4), 11(2)-(3)): the written answer of the head where
// the pegawai sits, or of an official the profile names; a refusal carries
// its reason. A cross-PD volunteer approved at home goes on to the target
// PD's head to be accepted (PSR 11(3)a) when the profile says so.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"
#include "services/assignment/workload.h"

namespace sisker::assignment {
namespace {

// The volunteer rule's next step after an approval, if any.
const Rules::VolunteerRule* AcceptanceStep(const Rules& rules,
                                           const v1::Assignment& a,
                                           const v1::InvolvementRequest& r) {
  if (r.kind() != v1::InvolvementRequest::VOLUNTEER_APPROVAL) return nullptr;
  for (const auto& rule : rules.volunteer_rules()) {
    if (rule.scope() == a.scope() && !rule.acceptors().empty()) return &rule;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<v1::WorkloadSummary> Assignments::WorkloadFor(
    const Call& call, const std::string& instansi, const std::string& pegawai,
    const v1::Assignment& deciding) {
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(instansi, call.deadline));
  std::vector<v1::Assignment> all;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        all = store_.WorkloadOf(tx, instansi, pegawai);
        return absl::OkStatus();
      }));
  return SummarizeWorkload(all, common::ToCivilDay(deciding.start_date()),
                           common::ToCivilDay(deciding.end_date()),
                           deciding.name(),
                           profile->assignment().overload_threshold());
}

absl::StatusOr<v1::InvolvementRequest> Assignments::AnswerInvolvementRequest(
    const Call& call, const v1::AnswerInvolvementRequestRequest& r) {
  common::FieldErrors errors;
  auto ids = common::ParseName(r.name(), {"instansi", "involvementRequests"});
  if (!ids) errors.Add("name", "must be instansi/{i}/involvementRequests/{r}");
  if (!r.approve() && (r.reason().empty() || r.reason().size() > 2000)) {
    errors.Add("reason",
               "a refusal carries its reason, at most 2000 bytes (PSR 9(4))");
  }
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = (*ids)[0];
  const std::string id = (*ids)[1];
  if (call.principal.instansi_id != inst) return common::NotFound(r.name());
  std::optional<v1::InvolvementRequest> current;
  std::optional<StoredAssignment> stored;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        current = store_.GetRequest(tx, inst, id);
        if (current) stored = store_.Get(tx, inst, IdOf(current->assignment()));
        return absl::OkStatus();
      }));
  if (!current || !stored) return common::NotFound(r.name());
  const std::string answerer = CallerPerson(call, inst);
  if (!answerer.empty() && answerer == current->pegawai()) {
    return common::PermissionDenied(
        absl::StrCat("someone other than the pegawai concerned (",
                     current->source(), ")"),
        "pejabat lain, bukan pegawai yang bersangkutan");
  }
  std::optional<Role> answering;
  if (current->kind() == v1::InvolvementRequest::INVOLVEMENT) {
    ASSIGN_OR_RETURN(answering, IsAnsweringHead(call, inst, *current));
    if (!answering) {
      return common::PermissionDenied(
          "the head of the unit or Perangkat Daerah where the pegawai sits "
          "(PSR 9(4))",
          "pimpinan unit/kepala perangkat daerah tempat pegawai berada");
    }
  } else {
    ASSIGN_OR_RETURN(answering, IsApprover(call, inst, *current));
    if (!answering) {
      return common::PermissionDenied(
          absl::StrCat("an approver of this application (", current->source(),
                       ")"),
          absl::StrCat("pejabat yang menyetujui (", current->source(), ")"));
    }
  }
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  RETURN_IF_ERROR(
      CheckActingPower(*answering, *profile, "APPROVE_INVOLVEMENT"));
  // What follows an approval: the target PD's acceptance (PSR 11(3)a), or
  // the letter; its pending actions are resolved now, outside the
  // transaction.
  v1::Assignment after = stored->assignment;
  v1::InvolvementRequest acceptance;
  const std::string acceptance_id = common::NewResourceId();
  const Rules::VolunteerRule* step =
      AcceptanceStep(profile->assignment(), after, *current);
  if (r.approve() && step != nullptr) {
    acceptance = *current;
    acceptance.clear_etag();
    acceptance.clear_answered_by();
    acceptance.clear_answer_time();
    acceptance.clear_reason();
    acceptance.clear_copies();
    acceptance.set_name(absl::StrCat("instansi/", inst, "/involvementRequests/",
                                     acceptance_id));
    acceptance.set_kind(v1::InvolvementRequest::VOLUNTEER_ACCEPTANCE);
    acceptance.set_state(v1::InvolvementRequest::PENDING);
    *acceptance.mutable_approvers() = step->acceptors();
    acceptance.set_source(step->acceptance_source());
    after.set_acceptance_request(acceptance.name());
  } else if (r.approve()) {
    after.set_state(v1::Assignment::AWAITING_LETTER);
  } else {
    after.set_state(v1::Assignment::CANCELLED);
    after.set_cancel_reason(r.reason());
  }
  ASSIGN_OR_RETURN(
      std::vector<PendingRow> pending,
      PendingFor(inst, after, acceptance.name().empty() ? nullptr : &acceptance,
                 call.deadline));
  const std::string a_id = IdOf(after.name());
  // A team member's answer may settle the team (PSR 10(2)-(3)): who signs
  // its letter is resolved now, outside the transaction.
  std::vector<PendingRow> team_sign_rows;
  const std::string team_id = IdOf(after.team_assignment());
  if (!after.team_assignment().empty()) {
    std::optional<v1::TeamAssignment> team;
    RETURN_IF_ERROR(
        common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
          team = store_.GetTeam(tx, inst, team_id);
          return absl::OkStatus();
        }));
    if (team) {
      ASSIGN_OR_RETURN(team_sign_rows,
                       TeamSignRows(inst, *team, call.deadline));
    }
  }
  return common::RunIdempotent<v1::InvolvementRequest>(
      *pool_, call,
      common::MakeIdempotencyKey(call, "AnswerInvolvementRequest", r,
                                 r.request_id()),
      [&](common::Tx& tx) -> absl::StatusOr<v1::InvolvementRequest> {
        ASSIGN_OR_RETURN(
            v1::InvolvementRequest answered,
            ApplyAnswer(tx, call, inst, {id, r.approve(), r.reason(), r.etag()},
                        answerer, after,
                        acceptance.name().empty() ? nullptr : &acceptance,
                        pending, r.request_id()));
        if (!after.team_assignment().empty())
          SettleTeam(tx, call, inst, team_id, team_sign_rows, r.request_id());
        return answered;
      });
}

absl::StatusOr<v1::InvolvementRequest> Assignments::ApplyAnswer(
    common::Tx& tx, const Call& call, const std::string& inst,
    const AnswerInput& in, const std::string& answerer,
    const v1::Assignment& after, const v1::InvolvementRequest* acceptance,
    const std::vector<PendingRow>& pending, const std::string& request_id) {
  const std::string name =
      absl::StrCat("instansi/", inst, "/involvementRequests/", in.id);
  auto request = store_.GetRequest(tx, inst, in.id, /*for_update=*/true);
  if (!request) return common::NotFound(name);
  if (!in.etag.empty() && in.etag != request->etag())
    return common::StaleEtag(name);
  if (request->state() != v1::InvolvementRequest::PENDING) {
    return common::RuleViolation("ALREADY_ANSWERED",
                                 name + " was answered already",
                                 "Permohonan ini sudah dijawab.", "PSR 9(4)");
  }
  const int64_t version = VersionOf(request->etag());
  request->set_state(in.approve ? v1::InvolvementRequest::APPROVED
                                : v1::InvolvementRequest::REFUSED);
  request->set_answered_by(answerer);
  request->mutable_answer_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  request->set_reason(in.reason);
  if (!store_.UpdateRequest(tx, inst, in.id, *request, version))
    return common::StaleEtag(name);
  const std::string a_id = IdOf(after.name());
  auto now = store_.Get(tx, inst, a_id, /*for_update=*/true);
  const int64_t a_version = VersionOf(now->assignment.etag());
  if (!store_.Update(tx, inst, a_id, after, a_version))
    return common::StaleEtag(after.name());
  if (acceptance != nullptr) {
    store_.InsertRequest(tx, inst, IdOf(acceptance->name()), a_id, *acceptance);
    RecordAssignmentChange(tx, call, inst, "involvement_request",
                           acceptance->name(), 1, "created", "", request_id,
                           after.profile_version(), *acceptance);
  }
  store_.ReplacePending(tx, inst, a_id, pending);
  v1::InvolvementRequest answered = *store_.GetRequest(tx, inst, in.id);
  const char* action = in.approve ? "approved" : "refused";
  RecordAssignmentChange(tx, call, inst, "involvement_request", answered.name(),
                         version + 1, action, in.reason, request_id,
                         after.profile_version(), answered);
  RecordAssignmentChange(tx, call, inst, "assignment", after.name(),
                         a_version + 1, action, in.reason, request_id,
                         after.profile_version(), after);
  return answered;
}

absl::StatusOr<v1::InvolvementRequest> Assignments::GetInvolvementRequest(
    const Call& call, const v1::GetInvolvementRequestRequest& r) {
  auto ids = common::ParseName(r.name(), {"instansi", "involvementRequests"});
  if (!ids) {
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/involvementRequests/{r}"}});
  }
  const std::string inst = (*ids)[0];
  if (call.principal.instansi_id != inst) return common::NotFound(r.name());
  std::optional<v1::InvolvementRequest> found;
  std::optional<StoredAssignment> stored;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        found = store_.GetRequest(tx, inst, (*ids)[1]);
        if (found) stored = store_.Get(tx, inst, IdOf(found->assignment()));
        return absl::OkStatus();
      }));
  if (!found || !stored) return common::NotFound(r.name());
  if (call.principal.kind != common::Principal::Kind::kService) {
    const std::string me = CallerPerson(call, inst);
    bool party =
        !me.empty() && (me == found->requested_by() || me == found->pegawai());
    for (const auto& copy : found->copies()) party |= !me.empty() && copy == me;
    if (!party) {
      ASSIGN_OR_RETURN(std::optional<Role> answers,
                       found->kind() == v1::InvolvementRequest::INVOLVEMENT
                           ? IsAnsweringHead(call, inst, *found)
                           : IsApprover(call, inst, *found));
      if (!answers) return common::NotFound(r.name());
    }
  }
  if (found->state() == v1::InvolvementRequest::PENDING) {
    ASSIGN_OR_RETURN(
        *found->mutable_workload(),
        WorkloadFor(call, inst, found->pegawai(), stored->assignment));
  }
  return *found;
}

}  // namespace sisker::assignment
