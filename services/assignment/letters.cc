// Assignment letters (DOMAIN.md 3.2; PSR 9(2), 9(5), 10(1), 10(4), 11;
// KMP 4(8)-(9)): signed by an official the profile names for the case, with
// their own credentials; numbered from the issuing PD's sequence of the
// year (never reused); verifiable in public by a code whose record carries
// the SHA-256 of the letter's content.
#include <openssl/rand.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/change_log.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"

namespace sisker::assignment {
namespace {

std::string VerificationCode() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  unsigned char raw[16];
  RAND_bytes(raw, sizeof(raw));
  std::string code;
  for (unsigned char c : raw) code.push_back(kAlphabet[c % 32]);
  return code;
}

std::string PdId(const std::string& pd_name) {
  return pd_name.substr(pd_name.rfind('/') + 1);
}

// The hash covers everything the letter says, not its state.
std::string ContentHash(const v1::Letter& letter) {
  v1::Letter content = letter;
  content.clear_verification_code();
  content.clear_content_sha256();
  content.clear_state();
  std::string bytes;
  google::protobuf::io::StringOutputStream out(&bytes);
  google::protobuf::io::CodedOutputStream coded(&out);
  coded.SetSerializationDeterministic(true);
  content.SerializeToCodedStream(&coded);
  coded.Trim();
  return common::Sha256Hex(bytes);
}

}  // namespace

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
  const v1::Assignment& a = stored->assignment;
  if (a.state() != v1::Assignment::AWAITING_LETTER) {
    return common::RuleViolation(
        "NOT_AWAITING_LETTER",
        absl::StrCat(r.name(), " is ", v1::Assignment::State_Name(a.state()),
                     ", not awaiting its letter"),
        "Penugasan ini tidak sedang menunggu surat.");
  }
  // Who signs: the caller, if they are one of the officials the profile
  // named for this case (as of today).
  ASSIGN_OR_RETURN(v1::Instansi instansi,
                   org_->GetInstansi(inst, call.deadline));
  const absl::CivilDay today = common::TodayIn(instansi.time_zone());
  ASSIGN_OR_RETURN(v1::Kedudukan assignee,
                   org_->GetKedudukan(a.assignee(), today, call.deadline));
  ASSIGN_OR_RETURN(Seat owner,
                   SeatOf(inst, a.owner_unit(), today, call.deadline));
  ASSIGN_OR_RETURN(auto roles, CallerIs(call, inst, assignee, owner, today));
  const Role* signer = nullptr;
  for (int issuer : a.letter_issuers()) {
    for (const auto& role : roles) {
      if (signer == nullptr && role.official == issuer) signer = &role;
    }
  }
  if (signer == nullptr) {
    return common::PermissionDenied(
        absl::StrCat("the official who issues this letter (", a.letter_source(),
                     ")"),
        absl::StrCat("pejabat penerbit surat (", a.letter_source(), ")"));
  }
  ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                   ProfileOf(inst, call.deadline));
  const Rules& rules = profile->assignment();

  v1::Letter letter;
  const std::string letter_id = common::NewResourceId();
  letter.set_name(absl::StrCat("instansi/", inst, "/letters/", letter_id));
  letter.set_assignment(a.name());
  letter.set_kind(a.letter_kind());
  *letter.mutable_date() = common::ToProtoDate(today);
  letter.set_issuing_perangkat_daerah(signer->pd);
  letter.set_signer(signer->person.person());
  letter.set_signer_name(signer->person.display_name());
  letter.set_signer_post(signer->person.post());
  letter.set_signer_capacity(signer->person.acting() == "PLT"   ? "Plt."
                             : signer->person.acting() == "PLH" ? "Plh."
                                                                : "");
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
  }
  letter.set_source(a.letter_source());
  letter.set_state(v1::Letter::VALID);
  return common::RunIdempotent<v1::Letter>(
      *pool_, call,
      common::MakeIdempotencyKey(call, "SignAssignmentLetter", r,
                                 r.request_id()),
      [&](common::Tx& tx) -> absl::StatusOr<v1::Letter> {
        auto current = store_.Get(tx, inst, id);
        if (!current ||
            current->assignment.state() != v1::Assignment::AWAITING_LETTER) {
          return common::RuleViolation(
              "NOT_AWAITING_LETTER", r.name() + " is not awaiting its letter",
              "Penugasan ini tidak sedang menunggu surat.");
        }
        v1::Letter signed_letter = letter;
        const int year = static_cast<int>(today.year());
        const int64_t seq = store_.NextLetterNumber(tx, inst, signer->pd, year);
        signed_letter.set_number(absl::StrReplaceAll(
            rules.letter_number_format().empty()
                ? "{classification}/{seq}/{pd}/{year}"
                : rules.letter_number_format(),
            {{"{classification}", rules.letter_classification()},
             {"{seq}", absl::StrCat(seq)},
             {"{pd}", PdId(signer->pd)},
             {"{year}", absl::StrCat(year)}}));
        signed_letter.set_content_sha256(ContentHash(signed_letter));
        signed_letter.set_verification_code(VerificationCode());
        store_.InsertLetter(tx, inst, letter_id, id, signed_letter);
        v1::Assignment active = current->assignment;
        int64_t version = 0;
        (void)absl::SimpleAtoi(active.etag(), &version);
        active.set_state(v1::Assignment::ACTIVE);
        if (!store_.Update(tx, inst, id, active, version))
          return common::StaleEtag(r.name());
        for (auto [type, name, snapshot, version_after] :
             {std::tuple<const char*, std::string,
                         const google::protobuf::Message*, int64_t>{
                  "letter", signed_letter.name(), &signed_letter, 1},
              std::tuple<const char*, std::string,
                         const google::protobuf::Message*, int64_t>{
                  "assignment", active.name(), &active, version + 1}}) {
          common::Change change;
          change.instansi_id = inst;
          change.aggregate_type = type;
          change.aggregate_name = name;
          change.aggregate_version = version_after;
          change.action = "signed";
          change.request_id = r.request_id();
          change.profile_version = active.profile_version();
          change.snapshot = snapshot;
          common::RecordChange(tx, "assignment", call, change);
        }
        return signed_letter;
      });
}

absl::StatusOr<v1::LetterVerification> Assignments::VerifyLetter(
    const v1::VerifyLetterRequest& r, absl::Time deadline) {
  if (r.code().size() != 16) {
    return common::InvalidFields({{"code", "16 characters"}});
  }
  std::optional<v1::Letter> letter;
  RETURN_IF_ERROR(common::RunReadOnly(*pool_, deadline, [&](common::Tx& tx) {
    letter = store_.LetterByCode(tx, r.code());
    return absl::OkStatus();
  }));
  if (!letter) return common::NotFound("letter");
  // Only what the letter itself shows.
  v1::LetterVerification v;
  v.set_genuine(ContentHash(*letter) == letter->content_sha256());
  v.set_state(letter->state());
  v.set_kind(letter->kind());
  v.set_number(letter->number());
  *v.mutable_date() = letter->date();
  v.set_issuing_perangkat_daerah(letter->issuing_perangkat_daerah());
  v.set_signer_name(letter->signer_name());
  v.set_signer_capacity(letter->signer_capacity());
  v.set_assignee_name(letter->assignee_name());
  v.set_purpose(letter->purpose());
  *v.mutable_start_date() = letter->start_date();
  *v.mutable_end_date() = letter->end_date();
  v.set_content_sha256(letter->content_sha256());
  return v;
}

}  // namespace sisker::assignment
