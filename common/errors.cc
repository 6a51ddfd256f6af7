// Error construction; details ride in an absl::Status payload as a
// serialized google.rpc.Status (code 0; only its details matter).
#include "common/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace sisker::common {
void SetErrorDetails(absl::Status& status, const ErrorDetails& details) {
  google::rpc::Status wire;
  google::rpc::ErrorInfo info;
  info.set_reason(details.reason);
  info.set_domain(kErrorDomain);
  for (const auto& [k, v] : details.metadata) (*info.mutable_metadata())[k] = v;
  wire.add_details()->PackFrom(info);
  if (!details.localized_message.empty()) {
    google::rpc::LocalizedMessage localized;
    localized.set_locale("id-ID");
    localized.set_message(details.localized_message);
    wire.add_details()->PackFrom(localized);
  }
  if (!details.field_violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const auto& v : details.field_violations) {
      auto* fv = bad_request.add_field_violations();
      fv->set_field(v.field);
      fv->set_description(v.description);
    }
    wire.add_details()->PackFrom(bad_request);
  }
  status.SetPayload(kErrorDetailsPayloadUrl,
                    absl::Cord(wire.SerializeAsString()));
}

std::optional<ErrorDetails> GetErrorDetails(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorDetailsPayloadUrl);
  if (!payload.has_value()) return std::nullopt;
  google::rpc::Status wire;
  if (!wire.ParseFromString(std::string(*payload))) return std::nullopt;
  ErrorDetails details;
  for (const auto& any : wire.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::LocalizedMessage localized;
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&info)) {
      details.reason = info.reason();
      for (const auto& [k, v] : info.metadata()) details.metadata[k] = v;
    } else if (any.UnpackTo(&localized)) {
      details.localized_message = localized.message();
    } else if (any.UnpackTo(&bad_request)) {
      for (const auto& fv : bad_request.field_violations()) {
        details.field_violations.push_back({fv.field(), fv.description()});
      }
    }
  }
  return details;
}

absl::Status MakeError(absl::StatusCode code, std::string reason,
                       std::string message, std::string message_id,
                       std::map<std::string, std::string> metadata) {
  absl::Status status(code, message);
  SetErrorDetails(
      status,
      ErrorDetails{
          std::move(reason), std::move(metadata), std::move(message_id), {}});
  return status;
}

absl::Status InvalidFields(std::vector<FieldViolation> violations) {
  std::vector<std::string> names;
  names.reserve(violations.size());
  for (const auto& v : violations) names.push_back(v.field);
  std::string fields = absl::StrJoin(names, ", ");
  absl::Status status(absl::StatusCode::kInvalidArgument,
                      absl::StrCat("invalid fields: ", fields));
  ErrorDetails details;
  details.reason = "INVALID_FIELDS";
  details.metadata["fields"] = fields;
  details.localized_message = absl::StrCat("Isian tidak valid: ", fields, ".");
  details.field_violations = std::move(violations);
  SetErrorDetails(status, details);
  return status;
}

absl::Status NotFound(const std::string& resource_name) {
  return MakeError(absl::StatusCode::kNotFound, "RESOURCE_NOT_FOUND",
                   absl::StrCat(resource_name, " not found"),
                   absl::StrCat(resource_name, " tidak ditemukan."),
                   {{"resource", resource_name}});
}

absl::Status PermissionDenied(const std::string& authority,
                              const std::string& authority_id) {
  return MakeError(absl::StatusCode::kPermissionDenied, "MISSING_AUTHORITY",
                   absl::StrCat("requires ", authority),
                   absl::StrCat("Memerlukan kewenangan ", authority_id, "."),
                   {{"authority", authority}});
}

absl::Status StaleEtag(const std::string& resource_name) {
  return MakeError(
      absl::StatusCode::kAborted, "STALE_ETAG",
      absl::StrCat(resource_name, " was changed by someone else; re-read it"),
      absl::StrCat(resource_name,
                   " telah diubah oleh pihak lain; muat ulang lalu ulangi."),
      {{"resource", resource_name}});
}

absl::Status RuleViolation(std::string reason, std::string message,
                           std::string message_id, std::string article) {
  std::map<std::string, std::string> metadata;
  if (!article.empty()) metadata["pasal"] = std::move(article);
  return MakeError(absl::StatusCode::kFailedPrecondition, std::move(reason),
                   std::move(message), std::move(message_id),
                   std::move(metadata));
}

absl::Status Unavailable(const std::string& dependency) {
  return MakeError(absl::StatusCode::kUnavailable, "DEPENDENCY_UNAVAILABLE",
                   absl::StrCat(dependency, " is unavailable; retry later"),
                   "Layanan sedang tidak tersedia; silakan coba lagi.",
                   {{"dependency", dependency}});
}

absl::Status FieldErrors::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  return InvalidFields(violations_);
}

}  // namespace sisker::common
