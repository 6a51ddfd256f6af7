// Role grants (ARCHITECTURE.md 5): BKPSDM operator, Bagian Organisasi, PD
// operator; granted, dated and revoked with history.
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

constexpr common::PageSize kGrantPage{50, 500};

}  // namespace

Org::Result<v1::RoleGrant> Org::CreateRoleGrant(
    const Call& call, const v1::CreateRoleGrantRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi.has_value()) errors.Add("parent", "must be instansi/{id}");
  const auto& g = r.role_grant();
  if (g.subject().empty() || g.subject().size() > 200) {
    errors.Add("role_grant.subject", "required, at most 200 bytes");
  }
  std::optional<ChildName> scope_pd;
  if (g.role() == v1::RoleGrant::ROLE_UNSPECIFIED) {
    errors.Add("role_grant.role", "required");
  } else if (g.role() == v1::RoleGrant::PD_OPERATOR) {
    scope_pd = ParsePdName(g.scope_perangkat_daerah());
    if (!scope_pd || (instansi && scope_pd->instansi != *instansi)) {
      errors.Add("role_grant.scope_perangkat_daerah",
                 "required for PD_OPERATOR: a PD of the parent instansi");
    }
  } else if (!g.scope_perangkat_daerah().empty()) {
    errors.Add(
        "role_grant.scope_perangkat_daerah",
        "only PD_OPERATOR is scoped to a PD; this role is instansi-wide");
  }
  CheckOptionalDate(g.valid_from(), "role_grant.valid_from", errors);
  CheckOptionalDate(g.valid_to(), "role_grant.valid_to", errors);
  CheckReason(g.reason(), true, errors);
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::RoleGrant>(
      call, "CreateRoleGrant", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::RoleGrant> {
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        if (scope_pd && !store_.PdExists(tx, *instansi, scope_pd->id)) {
          return common::NotFound(g.scope_perangkat_daerah());
        }
        v1::RoleGrant grant = g;
        const absl::CivilDay from = DateOr(g.valid_from(), scope.today);
        *grant.mutable_valid_from() = common::ToProtoDate(from);
        if (common::IsSet(g.valid_to()) &&
            common::ToCivilDay(g.valid_to()) <= from) {
          return common::InvalidFields(
              {{"role_grant.valid_to", "must be after valid_from"}});
        }
        grant.set_granted_by(call.principal.subject);
        const std::string id = common::NewResourceId();
        store_.InsertGrant(tx, *instansi, id, grant);
        v1::RoleGrant stored = *store_.GetGrant(tx, *instansi, id);
        Record(tx, call, scope, "role_grant", stored.name(), 1, "granted",
               g.reason(), r.request_id(), stored);
        return stored;
      });
}

Org::Result<v1::RoleGrant> Org::GetRoleGrant(const Call& call,
                                             const v1::GetRoleGrantRequest& r) {
  auto name = ParseGrantName(r.name());
  if (!name.has_value()) {
    return common::InvalidFields(
        {{"name", "must be instansi/{i}/roleGrants/{grant}"}});
  }
  return Read<v1::RoleGrant>(
      call, [&](common::Tx& tx) -> Result<v1::RoleGrant> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, false, true));
        auto grant = store_.GetGrant(tx, name->instansi, name->id);
        // Only BKPSDM sees others' grants; to anyone else they do not exist.
        if (!grant.has_value() ||
            (!scope.authority.RequireBkpsdm().ok() &&
             grant->subject() != call.principal.subject)) {
          return common::NotFound(r.name());
        }
        return *grant;
      });
}

Org::Result<v1::ListRoleGrantsResponse> Org::ListRoleGrants(
    const Call& call, const v1::ListRoleGrantsRequest& r) {
  common::FieldErrors errors;
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi.has_value()) errors.Add("parent", "must be instansi/{id}");
  CheckOptionalDate(r.as_of(), "as_of", errors);
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(int size,
                   common::EffectivePageSize(r.page_size(), kGrantPage));
  return Read<v1::ListRoleGrantsResponse>(
      call, [&](common::Tx& tx) -> Result<v1::ListRoleGrantsResponse> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, *instansi, false, true));
        std::string subject = r.subject();
        if (!scope.authority.RequireBkpsdm().ok()) {
          // Everyone else sees their own grants only.
          if (!subject.empty() && subject != call.principal.subject) {
            return scope.authority.RequireBkpsdm();
          }
          subject = call.principal.subject;
        }
        std::optional<absl::CivilDay> day;
        if (!r.show_revoked()) day = DateOr(r.as_of(), scope.today);
        const std::string query =
            absl::StrCat("grants|", *instansi, "|", subject, "|",
                         day ? common::ToIsoDate(*day) : "all");
        std::string after;
        if (!r.page_token().empty()) {
          ASSIGN_OR_RETURN(after, page_tokens_.Decode(query, r.page_token()));
        }
        auto grants =
            store_.ListGrants(tx, *instansi, subject, day, after, size + 1);
        v1::ListRoleGrantsResponse response;
        for (int i = 0; i < static_cast<int>(grants.size()) && i < size; ++i) {
          *response.add_role_grants() = grants[i];
        }
        if (static_cast<int>(grants.size()) > size) {
          const std::string& last = grants[size - 1].name();
          response.set_next_page_token(
              page_tokens_.Encode(query, last.substr(last.rfind('/') + 1)));
        }
        return response;
      });
}

Org::Result<v1::RoleGrant> Org::RevokeRoleGrant(
    const Call& call, const v1::RevokeRoleGrantRequest& r) {
  common::FieldErrors errors;
  auto name = ParseGrantName(r.name());
  if (!name.has_value())
    errors.Add("name", "must be instansi/{i}/roleGrants/{grant}");
  CheckDatedChange(r.effective_date(), r.reason(), r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::RoleGrant>(
      call, "RevokeRoleGrant", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::RoleGrant> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        auto grant = store_.GetGrant(tx, name->instansi, name->id);
        if (!grant.has_value()) return common::NotFound(r.name());
        if (grant->revoked()) {
          return common::RuleViolation("ALREADY_REVOKED",
                                       r.name() + " is already revoked",
                                       r.name() + " sudah dicabut.");
        }
        const absl::CivilDay day = DateOr(r.effective_date(), scope.today);
        store_.RevokeGrant(tx, name->instansi, name->id, day,
                           call.principal.subject, r.reason());
        v1::RoleGrant revoked = *store_.GetGrant(tx, name->instansi, name->id);
        int64_t version = 0;
        (void)absl::SimpleAtoi(revoked.etag(), &version);
        Record(tx, call, scope, "role_grant", revoked.name(), version,
               "revoked", r.reason(), r.request_id(), revoked);
        return revoked;
      });
}

}  // namespace sisker::org
