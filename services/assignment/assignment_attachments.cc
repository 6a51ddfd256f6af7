// Documents of an assignment (ARCHITECTURE.md 6): a scanned paper letter,
// the home agency's letter of an external participant, evidence. Kept with
// common/attachments (size and type limits, magic bytes, SHA-256), written
// with their history row and event in one transaction.
#include "absl/strings/str_cat.h"
#include "common/attachments.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/idempotency.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"

namespace sisker::assignment {
namespace {

v1::AssignmentDocument ToProto(const std::string& owner,
                               const common::AttachmentInfo& info) {
  v1::AssignmentDocument out;
  out.set_name(absl::StrCat(owner, "/attachments/", info.id));
  out.set_purpose(info.purpose);
  out.set_filename(info.filename);
  out.set_media_type(info.media_type);
  out.set_sha256(info.sha256);
  out.set_size_bytes(info.size_bytes);
  out.mutable_create_time()->set_seconds(absl::ToUnixSeconds(info.created_at));
  return out;
}

}  // namespace

absl::StatusOr<StoredAssignment> Assignments::ReadableAssignment(
    const Call& call, const std::string& name) {
  auto ids = common::ParseName(name, {"instansi", "assignments"});
  if (!ids) {
    return common::InvalidFields(
        {{"parent", "must be instansi/{i}/assignments/{a}"}});
  }
  const std::string inst = (*ids)[0];
  if (call.principal.instansi_id != inst) return common::NotFound(name);
  std::optional<StoredAssignment> stored;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        stored = store_.Get(tx, inst, (*ids)[1]);
        return absl::OkStatus();
      }));
  if (!stored) return common::NotFound(name);
  const std::string me = CallerPerson(call, inst);
  if (MayRead(call, me, *stored)) return *stored;
  // The officials of the assignment (who answer for it or sign it).
  ASSIGN_OR_RETURN(v1::Instansi instansi,
                   org_->GetInstansi(inst, call.deadline));
  const absl::CivilDay today = common::TodayIn(instansi.time_zone());
  ASSIGN_OR_RETURN(
      v1::Kedudukan assignee,
      org_->GetKedudukan(stored->assignment.assignee(), today, call.deadline));
  ASSIGN_OR_RETURN(Seat owner, SeatOf(inst, stored->assignment.owner_unit(),
                                      today, call.deadline));
  ASSIGN_OR_RETURN(auto roles,
                   CallerIs(call, inst, assignee, owner, today, true));
  if (roles.empty()) return common::NotFound(name);
  return *stored;
}

absl::StatusOr<v1::AssignmentDocument> Assignments::CreateAttachment(
    const Call& call, const v1::CreateAttachmentRequest& r) {
  common::FieldErrors errors;
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(StoredAssignment stored,
                   ReadableAssignment(call, r.parent()));
  const std::string inst = call.principal.instansi_id;
  common::NewAttachment doc{inst,
                            r.parent(),
                            r.attachment().purpose(),
                            r.attachment().filename(),
                            r.attachment().media_type(),
                            r.attachment().content(),
                            call.principal.subject};
  if (absl::Status valid = common::ValidateAttachment(doc, {}); !valid.ok()) {
    return valid;
  }
  v1::CreateAttachmentRequest key_request = r;
  // The key covers the content by its hash, not the bytes.
  key_request.mutable_attachment()->set_content(
      common::Sha256Hex(r.attachment().content()));
  return common::RunIdempotent<v1::AssignmentDocument>(
      *pool_, call,
      common::MakeIdempotencyKey(call, "CreateAttachment", key_request,
                                 r.request_id()),
      [&](common::Tx& tx) -> absl::StatusOr<v1::AssignmentDocument> {
        ASSIGN_OR_RETURN(common::AttachmentInfo info,
                         common::StoreAttachment(tx, doc));
        v1::AssignmentDocument created = ToProto(r.parent(), info);
        RecordAssignmentChange(tx, call, inst, "attachment", created.name(), 1,
                               "created", "", r.request_id(),
                               stored.assignment.profile_version(), created);
        return created;
      });
}

absl::StatusOr<v1::ListAttachmentsResponse> Assignments::ListAttachments(
    const Call& call, const v1::ListAttachmentsRequest& r) {
  ASSIGN_OR_RETURN(StoredAssignment stored,
                   ReadableAssignment(call, r.parent()));
  v1::ListAttachmentsResponse out;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        ASSIGN_OR_RETURN(auto infos,
                         common::ListAttachments(tx, call.principal.instansi_id,
                                                 r.parent()));
        for (const auto& info : infos)
          *out.add_attachments() = ToProto(r.parent(), info);
        return absl::OkStatus();
      }));
  return out;
}

absl::StatusOr<v1::AssignmentDocument> Assignments::GetAttachment(
    const Call& call, const v1::GetAttachmentRequest& r) {
  const size_t at = r.name().find("/attachments/");
  if (at == std::string::npos) {
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/assignments/{a}/attachments/{id}"}});
  }
  const std::string parent = r.name().substr(0, at);
  ASSIGN_OR_RETURN(StoredAssignment stored, ReadableAssignment(call, parent));
  v1::AssignmentDocument out;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        ASSIGN_OR_RETURN(auto found,
                         common::GetAttachment(tx, call.principal.instansi_id,
                                               r.name().substr(at + 13)));
        if (found.first.owner_name != parent) return common::NotFound(r.name());
        out = ToProto(parent, found.first);
        out.set_content(std::move(found.second));
        return absl::OkStatus();
      }));
  return out;
}

}  // namespace sisker::assignment
