// External participants: people of another institution who join this
// instansi's assignments or teams (ARCHITECTURE.md 1), registered with the
// home agency's letter. Their record is personal data (UU 27/2022): reads
// are recorded like a pegawai's.
#include "absl/strings/str_cat.h"
#include "common/attachments.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

constexpr common::PageSize kExternalPage{100, 1000};
constexpr char kLetterPurpose[] = "home_agency_letter";
constexpr char kExternalFields[] = "origin,home_letter,subject";

void CheckText(const std::string& value, const char* field, size_t max,
               bool required, common::FieldErrors& errors) {
  if (required && value.empty()) errors.Add(field, "required");
  if (value.size() > max)
    errors.Add(field, absl::StrCat("at most ", max, " bytes"));
}

void CheckParticipant(const v1::ExternalParticipant& p,
                      common::FieldErrors& errors) {
  CheckDisplayName(p.display_name(), "external_participant.display_name",
                   errors);
  CheckText(p.gelar_depan(), "external_participant.gelar_depan", 100, false,
            errors);
  CheckText(p.gelar_belakang(), "external_participant.gelar_belakang", 100,
            false, errors);
  CheckText(p.origin_institution(), "external_participant.origin_institution",
            300, true, errors);
  CheckText(p.origin_position(), "external_participant.origin_position", 300,
            false, errors);
  CheckText(p.home_letter_number(), "external_participant.home_letter_number",
            200, true, errors);
  CheckText(p.subject(), "external_participant.subject", 200, false, errors);
  if (!common::IsSet(p.home_letter_date())) {
    errors.Add("external_participant.home_letter_date", "required");
  } else {
    CheckOptionalDate(p.home_letter_date(),
                      "external_participant.home_letter_date", errors);
  }
  CheckOptionalDate(p.effective_from(), "external_participant.effective_from",
                    errors);
  CheckOptionalDate(p.effective_to(), "external_participant.effective_to",
                    errors);
}

v1::Attachment ToProto(const common::AttachmentInfo& info) {
  v1::Attachment a;
  a.set_id(info.id);
  a.set_filename(info.filename);
  a.set_media_type(info.media_type);
  a.set_size_bytes(info.size_bytes);
  a.set_sha256(info.sha256);
  a.mutable_create_time()->set_seconds(absl::ToUnixSeconds(info.created_at));
  return a;
}

absl::Status BadExternalName() {
  return common::InvalidFields(
      {{"name", "must be instansi/{i}/externalParticipants/{x}"}});
}

}  // namespace

Org::Result<ExternalRow> Org::ReadableExternal(common::Tx& tx, const Call& call,
                                               const std::string& name) const {
  auto parsed = ParseExternalParticipantName(name);
  ASSIGN_OR_RETURN(Scope scope,
                   LoadScope(tx, call, parsed->instansi, false, true));
  auto row = externals_.Get(tx, parsed->instansi, parsed->id);
  if (!row) return common::NotFound(name);
  if (!MaySeeExternal(call, scope, row->participant)) {
    return common::PermissionDenied("BKPSDM_OPERATOR or the participant",
                                    "operator BKPSDM atau ybs.");
  }
  return *std::move(row);
}

bool Org::MaySeeExternal(const Call& call, const Scope& scope,
                         const v1::ExternalParticipant& p) const {
  const bool self = call.principal.kind == common::Principal::Kind::kPerson &&
                    !p.subject().empty() &&
                    p.subject() == call.principal.subject;
  return self || MaySeeAllPegawai(call, scope);
}

Org::Result<v1::ExternalParticipant> Org::CreateExternalParticipant(
    const Call& call, const v1::CreateExternalParticipantRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  if (!r.external_participant_id().empty() &&
      !common::IsValidResourceId(r.external_participant_id())) {
    errors.Add("external_participant_id", "must match [a-z][a-z0-9-]{2,39}");
  }
  const v1::ExternalParticipant& p = r.external_participant();
  CheckParticipant(p, errors);
  const std::string id = r.external_participant_id().empty()
                             ? common::NewResourceId()
                             : r.external_participant_id();
  const bool has_scan = !r.home_letter_content().empty();
  common::NewAttachment scan;
  if (has_scan) {
    scan.instansi_id = instansi.value_or("");
    scan.owner_name = ExternalParticipantName(scan.instansi_id, id);
    scan.purpose = kLetterPurpose;
    scan.filename = r.home_letter_filename();
    scan.media_type = r.home_letter_media_type();
    scan.content = r.home_letter_content();
    scan.uploaded_by = call.principal.subject;
    // Field names of the request, not of the helper's struct.
    absl::Status valid = common::ValidateAttachment(scan, {});
    if (!valid.ok()) {
      errors.Add("home_letter_content", std::string(valid.message()));
    }
  } else if (!r.home_letter_filename().empty() ||
             !r.home_letter_media_type().empty()) {
    errors.Add("home_letter_content", "a filename or type without content");
  }
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::ExternalParticipant>(
      call, "CreateExternalParticipant", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::ExternalParticipant> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        v1::ExternalParticipant row = p;
        *row.mutable_effective_from() =
            common::ToProtoDate(DateOr(p.effective_from(), scope.today));
        if (common::IsSet(p.effective_to()) &&
            common::ToCivilDay(p.effective_to()) <=
                common::ToCivilDay(row.effective_from())) {
          return common::InvalidFields({{"external_participant.effective_to",
                                         "must be after effective_from"}});
        }
        if (externals_.Get(tx, *instansi, id)) {
          const std::string name = ExternalParticipantName(*instansi, id);
          return common::MakeError(absl::StatusCode::kAlreadyExists,
                                   "ALREADY_EXISTS", name + " already exists",
                                   name + " sudah ada.");
        }
        if (!p.subject().empty() &&
            externals_.SubjectTaken(tx, *instansi, p.subject())) {
          return common::MakeError(
              absl::StatusCode::kAlreadyExists, "ALREADY_EXISTS",
              "the subject is linked to another person",
              "Akun ini sudah terhubung dengan orang lain.");
        }
        std::string attachment_id;
        std::optional<common::AttachmentInfo> stored;
        if (has_scan) {
          ASSIGN_OR_RETURN(stored, common::StoreAttachment(tx, scan));
          attachment_id = stored->id;
        }
        externals_.Insert(tx, *instansi, id, row, attachment_id);
        ExternalRow created = *externals_.Get(tx, *instansi, id);
        if (stored)
          *created.participant.mutable_home_letter() = ToProto(*stored);
        Record(tx, call, scope, "external_participant",
               created.participant.name(), 1, "created", "", r.request_id(),
               created.participant);
        return created.participant;
      });
}

Org::Result<v1::ExternalParticipant> Org::GetExternalParticipant(
    const Call& call, const v1::GetExternalParticipantRequest& r) {
  auto name = ParseExternalParticipantName(r.name());
  if (!name) return BadExternalName();
  return Read<v1::ExternalParticipant>(
      call, [&](common::Tx& tx) -> Result<v1::ExternalParticipant> {
        ASSIGN_OR_RETURN(ExternalRow row, ReadableExternal(tx, call, r.name()));
        if (!row.attachment_id.empty()) {
          ASSIGN_OR_RETURN(
              auto letter,
              common::GetAttachment(tx, name->instansi, row.attachment_id));
          *row.participant.mutable_home_letter() = ToProto(letter.first);
        }
        RecordPersonalDataRead(call, name->instansi, {r.name()},
                               "GetExternalParticipant", kExternalFields);
        return row.participant;
      });
}

Org::Result<v1::ListExternalParticipantsResponse> Org::ListExternalParticipants(
    const Call& call, const v1::ListExternalParticipantsRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi) errors.Add("parent", "must be instansi/{id}");
  CheckOptionalDate(r.as_of(), "as_of", errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(int size,
                   common::EffectivePageSize(r.page_size(), kExternalPage));
  return Read<v1::ListExternalParticipantsResponse>(
      call,
      [&](common::Tx& tx) -> Result<v1::ListExternalParticipantsResponse> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, *instansi, false, true));
        if (!MaySeeAllPegawai(call, scope)) {
          return common::PermissionDenied("BKPSDM_OPERATOR", "operator BKPSDM");
        }
        const absl::CivilDay day = DateOr(r.as_of(), scope.today);
        const std::string query = absl::StrCat(
            "externalParticipants|", *instansi, "|", common::ToIsoDate(day));
        std::string after;
        if (!r.page_token().empty()) {
          ASSIGN_OR_RETURN(after, page_tokens_.Decode(query, r.page_token()));
        }
        auto rows = externals_.List(tx, *instansi, day, after, size + 1);
        v1::ListExternalParticipantsResponse response;
        std::vector<std::string> read;
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          read.push_back(rows[i].participant.name());
          *response.add_external_participants() =
              std::move(rows[i].participant);
        }
        RecordPersonalDataRead(call, *instansi, read,
                               "ListExternalParticipants", kExternalFields);
        if (static_cast<int>(rows.size()) > size) {
          const std::string& last = read.back();
          response.set_next_page_token(
              page_tokens_.Encode(query, last.substr(last.rfind('/') + 1)));
        }
        return response;
      });
}

Org::Result<v1::HomeAgencyLetter> Org::GetHomeAgencyLetter(
    const Call& call, const v1::GetHomeAgencyLetterRequest& r) {
  auto name = ParseExternalParticipantName(r.name());
  if (!name) return BadExternalName();
  return Read<v1::HomeAgencyLetter>(
      call, [&](common::Tx& tx) -> Result<v1::HomeAgencyLetter> {
        ASSIGN_OR_RETURN(ExternalRow row, ReadableExternal(tx, call, r.name()));
        if (row.attachment_id.empty()) {
          return common::NotFound(r.name() + ":homeAgencyLetter");
        }
        ASSIGN_OR_RETURN(auto letter, common::GetAttachment(tx, name->instansi,
                                                            row.attachment_id));
        v1::HomeAgencyLetter out;
        *out.mutable_attachment() = ToProto(letter.first);
        out.set_content(std::move(letter.second));
        RecordPersonalDataRead(call, name->instansi, {r.name()},
                               "GetHomeAgencyLetter", "home_letter");
        return out;
      });
}

}  // namespace sisker::org
