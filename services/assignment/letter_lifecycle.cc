// Reading, cancelling and verifying assignment letters. A cancelled letter
// keeps its number and shows as cancelled; the public check says whether a
// letter is genuine (its content hash and electronic signature hold) and
// current, and shows no more than the letter itself.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"
#include "services/assignment/letter_content.h"

namespace sisker::assignment {

absl::StatusOr<Assignments::LetterAndAssignment> Assignments::LoadLetter(
    const Call& call, const std::string& name) {
  auto ids = common::ParseName(name, {"instansi", "letters"});
  if (!ids) {
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/letters/{l}"}});
  }
  const std::string inst = (*ids)[0];
  if (call.principal.instansi_id != inst) return common::NotFound(name);
  std::optional<LetterAndAssignment> found;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        auto letter = store_.GetLetter(tx, inst, (*ids)[1]);
        if (!letter) return absl::OkStatus();
        auto stored = store_.Get(tx, inst, IdOf(letter->assignment()));
        if (stored) found = LetterAndAssignment{*letter, *stored};
        return absl::OkStatus();
      }));
  if (!found) return common::NotFound(name);
  return *found;
}

absl::StatusOr<Assignments::LetterAndAssignment> Assignments::ReadLetter(
    const Call& call, const std::string& name) {
  ASSIGN_OR_RETURN(LetterAndAssignment found, LoadLetter(call, name));
  // The assignee, the assignment's creator, the signer, the copies.
  const std::string person = CallerPerson(call, call.principal.instansi_id);
  bool reader = MayRead(call, person, found.assignment) ||
                (!person.empty() && person == found.letter.signer());
  for (const auto& copy : found.letter.copies()) reader |= copy == person;
  for (const auto& m : found.letter.members()) reader |= m.person() == person;
  if (!reader) return common::NotFound(name);
  return found;
}

absl::StatusOr<v1::Letter> Assignments::GetLetter(
    const Call& call, const v1::GetLetterRequest& r) {
  ASSIGN_OR_RETURN(LetterAndAssignment found, ReadLetter(call, r.name()));
  return found.letter;
}

absl::StatusOr<v1::Letter> Assignments::CancelLetter(
    const Call& call, const v1::CancelLetterRequest& r) {
  common::FieldErrors errors;
  auto ids = common::ParseName(r.name(), {"instansi", "letters"});
  if (!ids) errors.Add("name", "must be instansi/{i}/letters/{l}");
  if (r.reason().empty() || r.reason().size() > 2000)
    errors.Add("reason",
               "required: why the letter is cancelled (≤ 2000 bytes)");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const std::string inst = (*ids)[0];
  const std::string letter_id = (*ids)[1];
  ASSIGN_OR_RETURN(LetterAndAssignment found, LoadLetter(call, r.name()));
  const StoredAssignment* stored = &found.assignment;
  // Only an official who may issue this letter cancels it.
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  ASSIGN_OR_RETURN(v1::Instansi instansi,
                   org_->GetInstansi(inst, call.deadline));
  const absl::CivilDay today = common::TodayIn(instansi.time_zone());
  ASSIGN_OR_RETURN(
      v1::Kedudukan assignee,
      org_->GetKedudukan(stored->assignment.assignee(), today, call.deadline));
  ASSIGN_OR_RETURN(Role official, SignerFor(call, inst, stored->assignment,
                                            assignee, today, *profile));
  const std::string a_id = IdOf(stored->assignment.name());
  return common::RunIdempotent<v1::Letter>(
      *pool_, call,
      common::MakeIdempotencyKey(call, "CancelLetter", r, r.request_id()),
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
        const int64_t version = VersionOf(current->etag());
        current->set_state(v1::Letter::CANCELLED);
        current->set_cancel_reason(r.reason());
        current->mutable_cancel_time()->set_seconds(
            absl::ToUnixSeconds(absl::Now()));
        current->set_cancelled_by(official.person.person());
        if (!store_.UpdateLetter(tx, inst, letter_id, *current, version))
          return common::StaleEtag(r.name());
        current->set_etag(absl::StrCat(version + 1));
        const std::string& pv = stored->assignment.profile_version();
        RecordAssignmentChange(tx, call, inst, "letter", current->name(),
                               version + 1, "cancelled", r.reason(),
                               r.request_id(), pv, *current);
        // The letter's assignments: one, or every member of a team letter,
        // and then the team itself.
        std::vector<StoredAssignment> under = {
            *store_.Get(tx, inst, a_id, /*for_update=*/true)};
        const std::string team_id = IdOf(stored->assignment.team_assignment());
        if (!current->team().empty())
          under = store_.TeamMembers(tx, inst, team_id, /*for_update=*/true);
        for (const StoredAssignment& a : under) {
          if (a.assignment.letter() != current->name()) continue;
          const int64_t a_version = VersionOf(a.assignment.etag());
          v1::Assignment cancelled = a.assignment;
          cancelled.set_state(v1::Assignment::CANCELLED);
          cancelled.set_cancel_reason(r.reason());
          const std::string id = IdOf(cancelled.name());
          if (!store_.Update(tx, inst, id, cancelled, a_version))
            return common::StaleEtag(cancelled.name());
          store_.ReplacePending(tx, inst, id, {});
          RecordAssignmentChange(tx, call, inst, "assignment", cancelled.name(),
                                 a_version + 1, "cancelled", r.reason(),
                                 r.request_id(), pv, cancelled);
        }
        if (!current->team().empty()) {
          auto team = store_.GetTeam(tx, inst, team_id, /*for_update=*/true);
          const int64_t t_version = VersionOf(team->etag());
          team->set_state(v1::Assignment::CANCELLED);
          if (!store_.UpdateTeam(tx, inst, team_id, *team, t_version))
            return common::StaleEtag(team->name());
          RecordAssignmentChange(tx, call, inst, "team_assignment",
                                 team->name(), t_version + 1, "cancelled",
                                 r.reason(), r.request_id(), pv, *team);
        }
        return *current;
      });
}

absl::StatusOr<v1::LetterVerification> Assignments::VerifyLetter(
    const v1::VerifyLetterRequest& r, absl::Time deadline) {
  if (!IsVerificationCode(r.code())) {
    return common::InvalidFields(
        {{"code", "16 characters of A-Z and 2-9 without I and O"}});
  }
  std::optional<v1::Letter> letter;
  std::string superseded_by_number;
  RETURN_IF_ERROR(common::RunReadOnly(*pool_, deadline, [&](common::Tx& tx) {
    letter = store_.LetterByCode(tx, r.code());
    if (letter && !letter->superseded_by().empty()) {
      auto ids =
          common::ParseName(letter->superseded_by(), {"instansi", "letters"});
      if (auto next = store_.GetLetter(tx, (*ids)[0], (*ids)[1]))
        superseded_by_number = next->number();
    }
    return absl::OkStatus();
  }));
  if (!letter) return common::NotFound("letter");
  // Only what the letter itself shows.
  v1::LetterVerification v;
  const bool hash_holds = ContentHash(*letter) == letter->content_sha256();
  v.set_signature_valid(
      letter->has_signature() &&
      signer_->Verify(letter->content_sha256(), letter->signature()));
  v.set_signature_provider(letter->signature().provider());
  // Every letter carries its signature: without one it is not genuine
  // (whoever could rewrite the content could also drop the signature).
  v.set_genuine(hash_holds && v.signature_valid());
  v.set_state(letter->state());
  v.set_kind(letter->kind());
  v.set_number(letter->number());
  *v.mutable_date() = letter->date();
  v.set_issuing_perangkat_daerah(
      letter->issuing_perangkat_daerah_display_name().empty()
          ? letter->issuing_perangkat_daerah()
          : letter->issuing_perangkat_daerah_display_name());
  v.set_signer_name(letter->signer_name());
  v.set_signer_capacity(letter->signer_capacity());
  v.set_on_behalf_of_post(letter->on_behalf_of_post());
  v.set_assignee_name(letter->assignee_name());
  v.set_purpose(letter->purpose());
  *v.mutable_start_date() = letter->start_date();
  *v.mutable_end_date() = letter->end_date();
  v.set_content_sha256(letter->content_sha256());
  v.set_superseded_by_number(superseded_by_number);
  if (letter->state() == v1::Letter::CANCELLED) {
    *v.mutable_cancel_date() = common::ToProtoDate(
        absl::ToCivilDay(absl::FromUnixSeconds(letter->cancel_time().seconds()),
                         absl::UTCTimeZone()));
  }
  return v;
}

}  // namespace sisker::assignment
