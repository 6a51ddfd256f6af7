#include "services/assignment/assignments.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/change_log.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/event_log.h"
#include "common/idempotency.h"
#include "common/instansi_profile.h"
#include "common/resource_names.h"
#include "common/status_macros.h"

namespace sisker::assignment {
namespace {

constexpr common::PageSize kAssignmentPage{50, 500};

struct Name {
  std::string instansi;
  std::string id;
};

std::optional<Name> Parse(const std::string& name, const char* collection) {
  auto ids = common::ParseName(name, {"instansi", collection});
  if (!ids) return std::nullopt;
  return Name{(*ids)[0], (*ids)[1]};
}

void CheckFields(const v1::Assignment& a, const std::string& instansi,
                 common::FieldErrors& errors) {
  auto assignee = Parse(a.assignee(), "pegawai");
  if (!assignee) assignee = Parse(a.assignee(), "externalParticipants");
  if (!assignee || assignee->instansi != instansi) {
    errors.Add("assignment.assignee",
               "required: instansi/{i}/pegawai/{p} or "
               "instansi/{i}/externalParticipants/{x} of the parent instansi");
  }
  auto unit = Parse(a.owner_unit(), "units");
  if (!unit || unit->instansi != instansi) {
    errors.Add("assignment.owner_unit",
               "required: instansi/{i}/units/{u} of the parent instansi");
  }
  if (a.method() == Rules::METHOD_UNSPECIFIED)
    errors.Add("assignment.method", "required: APPOINTMENT or VOLUNTEERING");
  if (a.form() == Rules::TEAM) {
    errors.Add("assignment.form",
               "team assignments come through the teamwork service");
  }
  // PSR 9(2) a-d: purpose, expected target, duration, other arrangements.
  if (a.purpose().empty() || a.purpose().size() > 2000)
    errors.Add("assignment.purpose",
               "required, at most 2000 bytes (PSR 9(2)a)");
  if (a.expected_targets().empty())
    errors.Add("assignment.expected_targets", "at least one (PSR 9(2)b)");
  for (const auto& t : a.expected_targets()) {
    if (t.empty() || t.size() > 1000) {
      errors.Add("assignment.expected_targets",
                 "each 1 to 1000 bytes (PSR 9(2)b)");
      break;
    }
  }
  if (!common::IsSet(a.start_date()) || !common::IsSet(a.end_date())) {
    errors.Add("assignment.start_date",
               "start_date and end_date are required (PSR 9(2)c)");
  } else if (common::ToCivilDay(a.end_date()) <
             common::ToCivilDay(a.start_date())) {
    errors.Add("assignment.end_date", "must not precede start_date");
  }
  if (a.other_arrangements().size() > 4000)
    errors.Add("assignment.other_arrangements", "at most 4000 bytes");
}

}  // namespace

v1::InvolvementRequest InvolvementRequestFor(const std::string& name,
                                             const v1::Assignment& a,
                                             const v1::Kedudukan& where,
                                             const std::string& requester,
                                             const Rules& rules) {
  v1::InvolvementRequest r;
  r.set_name(name);
  r.set_assignment(a.name());
  r.set_pegawai(a.assignee());
  r.set_requested_by(requester);
  r.set_owner_unit(a.owner_unit());
  r.set_pegawai_unit(where.unit());
  r.set_pegawai_perangkat_daerah(where.perangkat_daerah());
  r.set_purpose(a.purpose());
  r.set_competence_needed(a.competence_needed());
  *r.mutable_expected_targets() = a.expected_targets();
  *r.mutable_start_date() = a.start_date();
  *r.mutable_end_date() = a.end_date();
  r.set_state(v1::InvolvementRequest::PENDING);
  r.set_source(rules.involvement_source());
  r.set_kind(v1::InvolvementRequest::INVOLVEMENT);
  return r;
}

absl::StatusOr<const v1::PolicyProfile*> Assignments::ProfileOf(
    const std::string& instansi, absl::Time deadline) {
  return common::InstansiProfile(*org_, *profiles_, instansi, deadline);
}

absl::StatusOr<v1::Assignment> Assignments::CreateAssignment(
    const Call& call, const v1::CreateAssignmentRequest& r) {
  common::FieldErrors errors;
  auto instansi = common::ParseName(r.parent(), {"instansi"});
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  const std::string inst = instansi ? (*instansi)[0] : "";
  CheckFields(r.assignment(), inst, errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  if (call.principal.instansi_id != inst) {
    return common::NotFound("instansi/" + inst);
  }
  const v1::Assignment& in = r.assignment();
  const absl::CivilDay day = common::ToCivilDay(in.start_date());

  // Facts from the org service and the profile (outside the transaction).
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  if (Parse(in.assignee(), "externalParticipants")) {
    // Someone from another institution: the profile decides (both shipped
    // profiles leave it to configuration: NOT_CONFIGURED).
    ASSIGN_OR_RETURN(LetterDecision decided,
                     LetterFor(profile->assignment(), in.method(),
                               Rules::INDIVIDUAL, Rules::CROSS_INSTITUTION));
    return common::RuleViolation(
        "UNSUPPORTED",
        absl::StrCat("an individual assignment of an external participant (",
                     decided.source, ") is not supported yet"),
        "Penugasan individu peserta dari instansi lain belum didukung.");
  }
  ASSIGN_OR_RETURN(v1::Kedudukan assignee,
                   org_->GetKedudukan(in.assignee(), day, call.deadline));
  ASSIGN_OR_RETURN(Seat owner,
                   SeatOf(inst, in.owner_unit(), day, call.deadline));
  ASSIGN_OR_RETURN(Seat person,
                   SeatOf(inst, assignee.unit(), day, call.deadline));
  const Scope scope = ComputeScope(owner, person);
  const Rules& rules = profile->assignment();
  ASSIGN_OR_RETURN(LetterDecision letter,
                   LetterFor(rules, in.method(), Rules::INDIVIDUAL, scope));

  // Authority: an appointer under the profile, or the pegawai themselves
  // volunteering (KMP 4(7), PSR 8(3)).
  if (in.method() == Rules::APPOINTMENT) {
    ASSIGN_OR_RETURN(auto roles,
                     CallerIs(call, inst, assignee, owner, day, false));
    absl::Status allowed = CheckAppointer(rules, Rules::OFFICIAL_UNSPECIFIED);
    for (const auto& role : roles) {
      if (CheckAppointer(rules, role.official).ok()) allowed = absl::OkStatus();
    }
    RETURN_IF_ERROR(allowed);
  } else {
    if (CallerPerson(call, inst) != in.assignee()) {
      return common::PermissionDenied(
          "the pegawai themselves (pengajuan sukarela, KMP 4(7), PSR 8(3))",
          "pegawai yang bersangkutan (pengajuan sukarela)");
    }
  }

  v1::Assignment a = in;
  const std::string id = common::NewResourceId();
  a.set_name(absl::StrCat("instansi/", inst, "/assignments/", id));
  a.set_form(Rules::INDIVIDUAL);
  a.set_owner_perangkat_daerah(owner.pd);
  a.set_scope(scope);
  a.clear_letter_issuers();
  for (auto issuer : letter.issuers) a.add_letter_issuers(issuer);
  a.set_letter_kind(letter.kind);
  a.set_letter_source(letter.source);
  // Within one unit an appointment needs only its letter; across units or
  // PDs an involvement request must be answered first (PSR 9(3), 10(2));
  // a volunteer waits for approval (PSR 8(4), 11).
  bool involvement = false;
  for (int sc : rules.involvement_scopes())
    involvement |= in.method() == Rules::APPOINTMENT && sc == scope;
  // A volunteer's application goes to the officials the profile names.
  const Rules::VolunteerRule* volunteer = nullptr;
  if (in.method() == Rules::VOLUNTEERING) {
    for (const auto& rule : rules.volunteer_rules()) {
      if (rule.scope() == scope) volunteer = &rule;
    }
    if (volunteer == nullptr) {
      return common::RuleViolation(
          "NOT_CONFIGURED",
          absl::StrCat("who approves a volunteer ", ScopeText(scope),
                       " is not set by the regulation or the profile"),
          "Pejabat yang menyetujui pengajuan sukarela belum ditetapkan.");
    }
  }
  const bool needs_request = involvement || volunteer != nullptr;
  if (involvement && (in.competence_needed().empty() ||
                      in.competence_needed().size() > 2000)) {
    return common::InvalidFields(
        {{"assignment.competence_needed",
          absl::StrCat("required ", ScopeText(scope), ", at most 2000 bytes (",
                       rules.involvement_source(), ")")}});
  }
  a.set_state(in.method() == Rules::APPOINTMENT && !needs_request
                  ? v1::Assignment::AWAITING_LETTER
                  : v1::Assignment::PENDING_APPROVAL);
  v1::InvolvementRequest request;
  const std::string request_id = common::NewResourceId();
  if (needs_request) {
    request = InvolvementRequestFor(
        absl::StrCat("instansi/", inst, "/involvementRequests/", request_id), a,
        assignee, CallerPerson(call, inst), rules);
    if (volunteer != nullptr) {
      request.set_kind(v1::InvolvementRequest::VOLUNTEER_APPROVAL);
      request.set_source(volunteer->source());
      *request.mutable_approvers() = volunteer->approvers();
      if (volunteer->copy_direct_superior() &&
          !assignee.direct_superior().person().empty()) {
        request.add_copies(assignee.direct_superior().person());
      }
    }
    a.set_involvement_request(request.name());
  }
  a.set_low_priority(!rules.other_pd_low_priority_source().empty() &&
                     scope == Rules::CROSS_PD);
  a.set_profile_version(
      absl::StrCat(profile->name().substr(profile->name().find('/') + 1), "@",
                   profile->version()));
  ASSIGN_OR_RETURN(
      std::vector<PendingRow> pending,
      PendingFor(inst, a, needs_request ? &request : nullptr, call.deadline));
  return common::RunIdempotent<v1::Assignment>(
      *pool_, call,
      common::MakeIdempotencyKey(call, "CreateAssignment", r, r.request_id()),
      [&](common::Tx& tx) -> absl::StatusOr<v1::Assignment> {
        store_.Insert(tx, inst, id, a, call.principal.subject);
        v1::Assignment created = store_.Get(tx, inst, id)->assignment;
        common::Change change;
        change.instansi_id = inst;
        change.aggregate_type = "assignment";
        change.aggregate_name = created.name();
        change.aggregate_version = 1;
        change.action = "created";
        change.request_id = r.request_id();
        change.profile_version = created.profile_version();
        change.snapshot = &created;
        common::RecordChange(tx, "assignment", call, change);
        if (needs_request) {
          store_.InsertRequest(tx, inst, request_id, id, request);
          v1::InvolvementRequest stored =
              *store_.GetRequest(tx, inst, request_id);
          common::Change asked = change;
          asked.aggregate_type = "involvement_request";
          asked.aggregate_name = stored.name();
          asked.snapshot = &stored;
          common::RecordChange(tx, "assignment", call, asked);
        }
        store_.ReplacePending(tx, inst, id, pending);
        return created;
      });
}

bool Assignments::MayRead(const Call& call, const std::string& person,
                          const StoredAssignment& a) {
  if (call.principal.kind == common::Principal::Kind::kService) {
    return call.principal.HasScope("assignment.read");
  }
  if (a.created_by == call.principal.subject) return true;
  return !person.empty() && person == a.assignment.assignee();
}

absl::StatusOr<v1::Assignment> Assignments::GetAssignment(
    const Call& call, const v1::GetAssignmentRequest& r) {
  auto name = Parse(r.name(), "assignments");
  if (!name) {
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/assignments/{a}"}});
  }
  if (call.principal.instansi_id != name->instansi)
    return common::NotFound(r.name());
  ASSIGN_OR_RETURN(StoredAssignment found, ReadableAssignment(call, r.name()));
  return found.assignment;
}

absl::StatusOr<v1::ListAssignmentsResponse> Assignments::ListAssignments(
    const Call& call, const v1::ListAssignmentsRequest& r) {
  common::FieldErrors errors;
  auto instansi = common::ParseName(r.parent(), {"instansi"});
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  auto assignee = Parse(r.assignee(), "pegawai");
  if (!assignee) errors.Add("assignee", "required: instansi/{i}/pegawai/{p}");
  auto size = common::EffectivePageSize(r.page_size(), kAssignmentPage);
  if (!size.ok()) errors.Add("page_size", "must be 0 to 500");
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = (*instansi)[0];
  if (call.principal.instansi_id != inst) return common::NotFound(r.parent());
  const std::string query =
      absl::StrCat("assignments|", inst, "|", r.assignee());
  std::string after;
  if (!r.page_token().empty()) {
    ASSIGN_OR_RETURN(after, page_tokens_.Decode(query, r.page_token()));
  }
  std::vector<StoredAssignment> rows;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        rows = store_.ListByAssignee(tx, inst, r.assignee(), after, *size + 1);
        return absl::OkStatus();
      }));
  v1::ListAssignmentsResponse out;
  // Who oversees the pegawai sees all; others (a creator) only their own.
  ASSIGN_OR_RETURN(v1::Instansi instansi_row,
                   org_->GetInstansi(inst, call.deadline));
  ASSIGN_OR_RETURN(bool oversees,
                   Oversees(call, inst, r.assignee(),
                            common::TodayIn(instansi_row.time_zone())));
  const std::string person =
      rows.empty() || oversees ? "" : CallerPerson(call, inst);
  for (int i = 0; i < static_cast<int>(rows.size()) && i < *size; ++i) {
    if (!oversees && !MayRead(call, person, rows[i])) {
      return common::PermissionDenied("the assignee or a service",
                                      "pegawai ybs. atau layanan");
    }
    *out.add_assignments() = rows[i].assignment;
  }
  if (static_cast<int>(rows.size()) > *size) {
    const auto& last = rows[*size - 1].assignment;
    const int64_t micros = last.create_time().seconds() * 1000000 +
                           last.create_time().nanos() / 1000;
    out.set_next_page_token(page_tokens_.Encode(
        query, absl::StrCat(micros, "/",
                            last.name().substr(last.name().rfind('/') + 1))));
  }
  return out;
}

absl::StatusOr<v1::ListEventsResponse> Assignments::ListEvents(
    const Call& call, const v1::ListEventsRequest& r) {
  return common::ListEventsOf(*pool_, call, page_tokens_, r);
}

}  // namespace sisker::assignment
