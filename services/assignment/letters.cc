// Signing assignment letters (DOMAIN.md 3.2; PSR 9(2), 9(5), 10(1), 10(4),
// 11; KMP 4(8)-(9)): by an official the profile names for the case, with
// their own credentials (a Plt/Plh within the profile's acting powers, a
// delegate "a.n."/"u.b."); numbered from the issuing PD's sequence of the
// year (never reused); hashed, signed electronically and verifiable in
// public. A correction supersedes a letter with a newly numbered one.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/change_log.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"
#include "services/assignment/letter_content.h"

namespace sisker::assignment {
namespace {

absl::Status NotAwaitingLetter(const v1::Assignment& a) {
  return common::RuleViolation(
      "NOT_AWAITING_LETTER",
      absl::StrCat(a.name(), " is ", v1::Assignment::State_Name(a.state()),
                   ", not awaiting its letter"),
      "Penugasan ini tidak sedang menunggu surat.");
}

}  // namespace

int64_t VersionOf(const std::string& etag) {
  int64_t version = 0;
  (void)absl::SimpleAtoi(etag, &version);
  return version;
}

std::string IdOf(const std::string& name) {
  return name.substr(name.rfind('/') + 1);
}

void RecordAssignmentChange(common::Tx& tx, const common::CallContext& call,
                            const std::string& instansi, const char* type,
                            const std::string& name, int64_t version,
                            const std::string& action,
                            const std::string& reason,
                            const std::string& request_id,
                            const std::string& profile_version,
                            const google::protobuf::Message& snapshot) {
  common::RecordChange(tx, "assignment", call, instansi, type, name, version,
                       action, reason, request_id, profile_version, snapshot);
}

absl::StatusOr<Assignments::Role> Assignments::SignerFor(
    const Call& call, const std::string& instansi, const v1::Assignment& a,
    const v1::Kedudukan& assignee, absl::CivilDay day,
    const v1::PolicyProfile& profile) {
  ASSIGN_OR_RETURN(Seat owner,
                   SeatOf(instansi, a.owner_unit(), day, call.deadline));
  ASSIGN_OR_RETURN(auto roles,
                   CallerIs(call, instansi, assignee, owner, day, true));
  // The issuers in the profile's order; the official in person before a
  // delegate of theirs.
  const Role* signer = nullptr;
  for (bool delegated : {false, true}) {
    for (int issuer : a.letter_issuers()) {
      for (const auto& role : roles) {
        if (signer == nullptr && role.official == issuer &&
            role.delegation.empty() != delegated) {
          signer = &role;
        }
      }
    }
  }
  if (signer == nullptr) {
    return common::PermissionDenied(
        absl::StrCat("the official who issues this letter (", a.letter_source(),
                     ") or their delegate"),
        absl::StrCat("pejabat penerbit surat (", a.letter_source(), ")"));
  }
  RETURN_IF_ERROR(CheckActingPower(
      *signer, profile, "ISSUE_" + Rules::LetterKind_Name(a.letter_kind())));
  return *signer;
}

absl::StatusOr<v1::Letter> Assignments::DraftLetter(
    const Call& call, const std::string& inst, const v1::Assignment& a,
    const v1::PolicyProfile& profile) {
  ASSIGN_OR_RETURN(v1::Instansi instansi,
                   org_->GetInstansi(inst, call.deadline));
  const absl::CivilDay today = common::TodayIn(instansi.time_zone());
  ASSIGN_OR_RETURN(v1::Kedudukan assignee,
                   org_->GetKedudukan(a.assignee(), today, call.deadline));
  ASSIGN_OR_RETURN(Role signer,
                   SignerFor(call, inst, a, assignee, today, profile));
  ASSIGN_OR_RETURN(v1::PerangkatDaerah pd,
                   org_->GetPerangkatDaerah(signer.pd, today, call.deadline));
  v1::Letter letter;
  letter.set_assignment(a.name());
  letter.set_kind(a.letter_kind());
  *letter.mutable_date() = common::ToProtoDate(today);
  letter.set_issuing_perangkat_daerah(signer.pd);
  letter.set_issuing_perangkat_daerah_display_name(pd.display_name());
  for (auto& line : Letterhead(profile.assignment(), instansi.display_name(),
                               pd.display_name())) {
    letter.add_letterhead(std::move(line));
  }
  letter.set_signer(signer.person.person());
  letter.set_signer_name(signer.person.display_name());
  letter.set_signer_post(signer.person.post());
  letter.set_signer_post_display_name(signer.person.post_display_name());
  letter.set_signer_capacity(signer.capacity);
  letter.set_on_behalf_of_post(signer.on_behalf_of);
  letter.set_delegation(signer.delegation);
  letter.set_assignee(a.assignee());
  letter.set_assignee_name(assignee.display_name());
  letter.set_purpose(a.purpose());
  *letter.mutable_expected_targets() = a.expected_targets();
  *letter.mutable_start_date() = a.start_date();
  *letter.mutable_end_date() = a.end_date();
  letter.set_other_arrangements(a.other_arrangements());
  // Tembusan: the assignee's direct superior, when someone else signs.
  if (!assignee.direct_superior().person().empty() &&
      assignee.direct_superior().person() != letter.signer()) {
    letter.add_copies(assignee.direct_superior().person());
    letter.add_copy_lines(assignee.direct_superior().post_display_name().empty()
                              ? assignee.direct_superior().display_name()
                              : assignee.direct_superior().post_display_name());
  }
  letter.set_source(a.letter_source());
  letter.set_state(v1::Letter::VALID);
  return letter;
}

absl::StatusOr<v1::Letter> Assignments::IssueLetter(
    common::Tx& tx, const std::string& inst, const std::string& letter_id,
    const std::string& assignment_id, v1::Letter letter,
    const v1::PolicyProfile& profile, const std::string& passphrase) {
  letter.set_name(absl::StrCat("instansi/", inst, "/letters/", letter_id));
  const int year = static_cast<int>(letter.date().year());
  const int64_t seq = store_.NextLetterNumber(
      tx, inst, letter.issuing_perangkat_daerah(), year);
  letter.set_number(LetterNumber(profile.assignment(), seq,
                                 letter.issuing_perangkat_daerah(), year));
  letter.set_content_sha256(ContentHash(letter));
  letter.set_verification_code(NewVerificationCode());
  ASSIGN_OR_RETURN(*letter.mutable_signature(),
                   signer_->Sign({letter.signer(), letter.signer_name(),
                                  letter.content_sha256(), passphrase}));
  *letter.mutable_sign_time() = letter.signature().time();
  store_.InsertLetter(tx, inst, letter_id, assignment_id, letter);
  letter.set_etag("1");
  return letter;
}

absl::StatusOr<v1::Letter> Assignments::SignAssignmentLetter(
    const Call& call, const v1::SignAssignmentLetterRequest& r) {
  auto ids = common::ParseName(r.name(), {"instansi", "assignments"});
  common::FieldErrors errors;
  if (!ids) errors.Add("name", "must be instansi/{i}/assignments/{a}");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = (*ids)[0];
  const std::string id = (*ids)[1];
  if (call.principal.instansi_id != inst) return common::NotFound(r.name());
  std::optional<StoredAssignment> stored;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        stored = store_.Get(tx, inst, id);
        return absl::OkStatus();
      }));
  if (!stored) return common::NotFound(r.name());
  // The request id is keyed without the passphrase (never stored).
  v1::SignAssignmentLetterRequest key_request = r;
  key_request.clear_passphrase();
  const auto key = common::MakeIdempotencyKey(call, "SignAssignmentLetter",
                                              key_request, r.request_id());
  if (stored->assignment.form() == Rules::TEAM) {
    return common::RuleViolation(
        "TEAM_LETTER",
        absl::StrCat(r.name(), " belongs to ",
                     stored->assignment.team_assignment(),
                     ": the team's letter is signed with SignTeamLetter"),
        "Surat tim ditandatangani untuk tim sebagai satu kesatuan.",
        "PSR 10(1)");
  }
  if (stored->assignment.state() != v1::Assignment::AWAITING_LETTER) {
    // A retry of a signature that went through gets its letter back.
    return common::RunIdempotent<v1::Letter>(
        *pool_, call, key, [&](common::Tx&) -> absl::StatusOr<v1::Letter> {
          return NotAwaitingLetter(stored->assignment);
        });
  }
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  ASSIGN_OR_RETURN(v1::Letter draft,
                   DraftLetter(call, inst, stored->assignment, *profile));
  const std::string letter_id = common::NewResourceId();
  return common::RunIdempotent<v1::Letter>(
      *pool_, call, key, [&](common::Tx& tx) -> absl::StatusOr<v1::Letter> {
        auto current = store_.Get(tx, inst, id, /*for_update=*/true);
        if (!current ||
            current->assignment.state() != v1::Assignment::AWAITING_LETTER) {
          return NotAwaitingLetter(current ? current->assignment
                                           : stored->assignment);
        }
        ASSIGN_OR_RETURN(v1::Letter letter,
                         IssueLetter(tx, inst, letter_id, id, draft, *profile,
                                     r.passphrase()));
        v1::Assignment active = current->assignment;
        const int64_t version = VersionOf(active.etag());
        active.set_state(v1::Assignment::ACTIVE);
        active.set_letter(letter.name());
        if (!store_.Update(tx, inst, id, active, version))
          return common::StaleEtag(r.name());
        store_.ReplacePending(tx, inst, id, {});
        RecordAssignmentChange(tx, call, inst, "letter", letter.name(), 1,
                               "signed", "", r.request_id(),
                               active.profile_version(), letter);
        RecordAssignmentChange(tx, call, inst, "assignment", active.name(),
                               version + 1, "signed", "", r.request_id(),
                               active.profile_version(), active);
        return letter;
      });
}

absl::StatusOr<v1::Letter> Assignments::SupersedeLetter(
    const Call& call, const v1::SupersedeLetterRequest& r) {
  auto ids = common::ParseName(r.name(), {"instansi", "letters"});
  common::FieldErrors errors;
  if (!ids) errors.Add("name", "must be instansi/{i}/letters/{l}");
  if (r.reason().empty() || r.reason().size() > 2000)
    errors.Add("reason", "required: why the letter is replaced (≤ 2000 bytes)");
  for (const auto& t : r.expected_targets()) {
    if (t.empty() || t.size() > 1000) {
      errors.Add("expected_targets", "each 1 to 1000 bytes (PSR 9(2)b)");
      break;
    }
  }
  if (r.purpose().size() > 2000)
    errors.Add("purpose", "at most 2000 bytes (PSR 9(2)a)");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = (*ids)[0];
  const std::string letter_id = (*ids)[1];
  ASSIGN_OR_RETURN(LetterAndAssignment found, LoadLetter(call, r.name()));
  const v1::Letter* old = &found.letter;
  const StoredAssignment* stored = &found.assignment;
  if (!old->team().empty()) {
    return common::RuleViolation(
        "TEAM_LETTER",
        "a team letter is not superseded here yet: cancel it and sign a new "
        "one for the team",
        "Surat tim belum dapat diganti; batalkan dan terbitkan yang baru.");
  }
  // The corrected assignment: fields left empty keep their values.
  v1::Assignment corrected = stored->assignment;
  if (!r.purpose().empty()) corrected.set_purpose(r.purpose());
  if (!r.expected_targets().empty())
    *corrected.mutable_expected_targets() = r.expected_targets();
  if (common::IsSet(r.start_date()))
    *corrected.mutable_start_date() = r.start_date();
  if (common::IsSet(r.end_date())) *corrected.mutable_end_date() = r.end_date();
  if (!r.other_arrangements().empty())
    corrected.set_other_arrangements(r.other_arrangements());
  if (common::ToCivilDay(corrected.end_date()) <
      common::ToCivilDay(corrected.start_date())) {
    return common::InvalidFields(
        {{"end_date", "must not precede start_date (PSR 9(2)c)"}});
  }
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  ASSIGN_OR_RETURN(v1::Letter draft,
                   DraftLetter(call, inst, corrected, *profile));
  draft.set_supersedes(old->name());
  const std::string new_id = common::NewResourceId();
  v1::SupersedeLetterRequest key_request = r;
  key_request.clear_passphrase();
  return common::RunIdempotent<v1::Letter>(
      *pool_, call,
      common::MakeIdempotencyKey(call, "SupersedeLetter", key_request,
                                 r.request_id()),
      [&](common::Tx& tx) -> absl::StatusOr<v1::Letter> {
        auto current =
            store_.GetLetter(tx, inst, letter_id, /*for_update=*/true);
        if (!r.etag().empty() && r.etag() != current->etag())
          return common::StaleEtag(r.name());
        if (current->state() != v1::Letter::VALID) {
          return common::RuleViolation(
              "LETTER_NOT_VALID",
              absl::StrCat(r.name(), " is ",
                           v1::Letter::State_Name(current->state())),
              "Surat ini sudah dibatalkan atau diganti.");
        }
        const std::string a_id = IdOf(stored->assignment.name());
        ASSIGN_OR_RETURN(v1::Letter letter,
                         IssueLetter(tx, inst, new_id, a_id, draft, *profile,
                                     r.passphrase()));
        const int64_t letter_version = VersionOf(current->etag());
        current->set_state(v1::Letter::SUPERSEDED);
        current->set_superseded_by(letter.name());
        current->set_cancel_reason(r.reason());
        current->mutable_cancel_time()->set_seconds(
            absl::ToUnixSeconds(absl::Now()));
        current->set_cancelled_by(letter.signer());
        if (!store_.UpdateLetter(tx, inst, letter_id, *current, letter_version))
          return common::StaleEtag(r.name());
        auto now = store_.Get(tx, inst, a_id, /*for_update=*/true);
        const int64_t a_version = VersionOf(now->assignment.etag());
        corrected.set_letter(letter.name());
        corrected.set_state(now->assignment.state());
        if (!store_.Update(tx, inst, a_id, corrected, a_version))
          return common::StaleEtag(corrected.name());
        current->set_etag(absl::StrCat(letter_version + 1));
        const std::string& pv = corrected.profile_version();
        RecordAssignmentChange(tx, call, inst, "letter", current->name(),
                               letter_version + 1, "superseded", r.reason(),
                               r.request_id(), pv, *current);
        RecordAssignmentChange(tx, call, inst, "letter", letter.name(), 1,
                               "signed", r.reason(), r.request_id(), pv,
                               letter);
        RecordAssignmentChange(tx, call, inst, "assignment", corrected.name(),
                               a_version + 1, "corrected", r.reason(),
                               r.request_id(), pv, corrected);
        return letter;
      });
}

}  // namespace sisker::assignment
