// Policy profiles and instansi.
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

constexpr common::PageSize kInstansiPage{50, 500};

// The zones of Indonesia: WIB, WITA, WIT.
bool IsIndonesianZone(const std::string& zone) {
  return zone == "Asia/Jakarta" || zone == "Asia/Pontianak" ||
         zone == "Asia/Makassar" || zone == "Asia/Jayapura";
}

void CheckInstansiFields(const v1::Instansi& instansi,
                         const std::string& prefix,
                         common::FieldErrors& errors) {
  CheckDisplayName(instansi.display_name(), prefix + "display_name", errors);
  if (instansi.time_zone().empty()) {
    errors.Add(prefix + "time_zone", "required");
  } else if (!IsIndonesianZone(instansi.time_zone()) ||
             !common::IsKnownTimeZone(instansi.time_zone())) {
    errors.Add(prefix + "time_zone",
               "must be Asia/Jakarta, Asia/Pontianak (WIB), Asia/Makassar "
               "(WITA) or Asia/Jayapura (WIT)");
  }
  if (instansi.policy_profile().empty()) {
    errors.Add(prefix + "policy_profile", "required");
  } else if (!common::ParseName(instansi.policy_profile(),
                                {"policyProfiles"})) {
    errors.Add(prefix + "policy_profile", "must be policyProfiles/{id}");
  }
}

}  // namespace

Org::Result<v1::PolicyProfile> Org::GetPolicyProfile(
    const Call& call, const v1::GetPolicyProfileRequest& r) {
  auto ids = common::ParseName(r.name(), {"policyProfiles"});
  if (!ids.has_value()) {
    return common::InvalidFields({{"name", "must be policyProfiles/{id}"}});
  }
  const v1::PolicyProfile* profile = profiles_->Find((*ids)[0]);
  if (profile == nullptr ||
      (r.version() != 0 && r.version() != profile->version())) {
    return common::NotFound(
        r.version() == 0 ? r.name() : absl::StrCat(r.name(), "@", r.version()));
  }
  return *profile;
}

Org::Result<v1::ListPolicyProfilesResponse> Org::ListPolicyProfiles(
    const Call& call, const v1::ListPolicyProfilesRequest& r) {
  v1::ListPolicyProfilesResponse response;
  for (const auto* profile : profiles_->All()) {
    *response.add_policy_profiles() = *profile;
  }
  return response;
}

Org::Result<v1::Instansi> Org::CreateInstansi(
    const Call& call, const v1::CreateInstansiRequest& r) {
  common::FieldErrors errors;
  if (!common::IsValidResourceId(r.instansi_id())) {
    errors.Add("instansi_id", "must match [a-z][a-z0-9-]{2,39}");
  }
  CheckInstansiFields(r.instansi(), "instansi.", errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  RETURN_IF_ERROR(Authority(IsAdmin(call), {}).RequireBootstrapAdmin());
  auto profile_ids =
      common::ParseName(r.instansi().policy_profile(), {"policyProfiles"});
  const v1::PolicyProfile* profile = profiles_->Find((*profile_ids)[0]);
  if (profile == nullptr)
    return common::NotFound(r.instansi().policy_profile());

  return Mutate<v1::Instansi>(
      call, "CreateInstansi", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Instansi> {
        if (store_.GetInstansi(tx, r.instansi_id()).has_value()) {
          return common::MakeError(
              absl::StatusCode::kAlreadyExists, "ALREADY_EXISTS",
              InstansiName(r.instansi_id()) + " already exists",
              InstansiName(r.instansi_id()) + " sudah ada.",
              {{"resource", InstansiName(r.instansi_id())}});
        }
        v1::Instansi instansi = r.instansi();
        instansi.set_policy_profile_version(profile->version());
        store_.InsertInstansi(tx, r.instansi_id(), instansi);
        Scope scope;
        scope.instansi = *store_.GetInstansi(tx, r.instansi_id());
        scope.profile = profile;
        Record(tx, call, scope, "instansi", scope.instansi.proto.name(), 1,
               "created", "", r.request_id(), scope.instansi.proto);
        return scope.instansi.proto;
      });
}

Org::Result<v1::Instansi> Org::GetInstansi(const Call& call,
                                           const v1::GetInstansiRequest& r) {
  auto id = ParseInstansiName(r.name());
  if (!id.has_value()) {
    return common::InvalidFields({{"name", "must be instansi/{id}"}});
  }
  return Read<v1::Instansi>(call, [&](common::Tx& tx) -> Result<v1::Instansi> {
    ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *id, false));
    return scope.instansi.proto;
  });
}

Org::Result<v1::ListInstansiResponse> Org::ListInstansi(
    const Call& call, const v1::ListInstansiRequest& r) {
  ASSIGN_OR_RETURN(int size,
                   common::EffectivePageSize(r.page_size(), kInstansiPage));
  const std::string query = "instansi";
  std::string after;
  if (!r.page_token().empty()) {
    ASSIGN_OR_RETURN(after, page_tokens_.Decode(query, r.page_token()));
  }
  const std::string only = IsAdmin(call) ? "" : call.principal.instansi_id;
  if (!IsAdmin(call) && only.empty()) return v1::ListInstansiResponse();
  return Read<v1::ListInstansiResponse>(
      call, [&](common::Tx& tx) -> Result<v1::ListInstansiResponse> {
        v1::ListInstansiResponse response;
        auto rows = store_.ListInstansi(tx, after, size + 1, only);
        for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
          *response.add_instansi() = rows[i].proto;
        }
        if (static_cast<int>(rows.size()) > size) {
          response.set_next_page_token(
              page_tokens_.Encode(query, rows[size - 1].id));
        }
        return response;
      });
}

Org::Result<v1::Instansi> Org::UpdateInstansi(
    const Call& call, const v1::UpdateInstansiRequest& r) {
  common::FieldErrors errors;
  auto id = ParseInstansiName(r.instansi().name());
  if (!id.has_value()) errors.Add("instansi.name", "must be instansi/{id}");
  if (r.update_mask().paths().empty()) errors.Add("update_mask", "required");
  for (const auto& path : r.update_mask().paths()) {
    if (path != "display_name" && path != "time_zone" &&
        path != "policy_profile") {
      errors.Add("update_mask", "unknown or immutable field " + path);
    }
  }
  CheckReason(r.reason(), true, errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::Instansi>(
      call, "UpdateInstansi", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Instansi> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *id, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        if (!r.instansi().etag().empty() &&
            r.instansi().etag() != scope.instansi.proto.etag()) {
          return common::StaleEtag(scope.instansi.proto.name());
        }
        v1::Instansi updated = scope.instansi.proto;
        const v1::PolicyProfile* profile = scope.profile;
        for (const auto& path : r.update_mask().paths()) {
          if (path == "display_name")
            updated.set_display_name(r.instansi().display_name());
          if (path == "time_zone")
            updated.set_time_zone(r.instansi().time_zone());
          if (path == "policy_profile")
            updated.set_policy_profile(r.instansi().policy_profile());
        }
        common::FieldErrors field_errors;
        CheckInstansiFields(updated, "instansi.", field_errors);
        RETURN_IF_ERROR(field_errors.ToStatus());
        auto pid =
            common::ParseName(updated.policy_profile(), {"policyProfiles"});
        profile = profiles_->Find((*pid)[0]);
        if (profile == nullptr)
          return common::NotFound(updated.policy_profile());
        updated.set_policy_profile_version(profile->version());
        store_.UpdateInstansi(tx, *id, updated);
        scope.instansi = *store_.GetInstansi(tx, *id);
        scope.profile = profile;
        Record(tx, call, scope, "instansi", scope.instansi.proto.name(),
               scope.instansi.version, "updated", r.reason(), r.request_id(),
               scope.instansi.proto);
        return scope.instansi.proto;
      });
}

}  // namespace sisker::org
