// Role checks over grants in force.
#include "services/org/authority.h"

#include "common/errors.h"

namespace sisker::org {

bool IsBootstrapAdmin(const common::Principal& principal,
                      const std::set<std::string>& bootstrap_subjects) {
  return principal.kind == common::Principal::Kind::kPerson &&
         principal.instansi_id.empty() &&
         bootstrap_subjects.contains(principal.subject);
}

bool Authority::HasRole(const std::string& role) const {
  for (const auto& g : grants_) {
    if (g.role == role) return true;
  }
  return false;
}

absl::Status Authority::RequireBootstrapAdmin() const {
  if (bootstrap_admin_) return absl::OkStatus();
  return common::PermissionDenied("BOOTSTRAP_ADMIN",
                                  "administrator deployment (bootstrap)");
}

absl::Status Authority::RequireBkpsdm() const {
  if (bootstrap_admin_ || HasRole("BKPSDM_OPERATOR")) return absl::OkStatus();
  return common::PermissionDenied("BKPSDM_OPERATOR", "operator BKPSDM");
}

absl::Status Authority::RequireBagianOrganisasi() const {
  if (bootstrap_admin_ || HasRole("BAGIAN_ORGANISASI")) return absl::OkStatus();
  return common::PermissionDenied("BAGIAN_ORGANISASI", "Bagian Organisasi");
}

absl::Status Authority::RequireUnitAuthority(const std::string& pd_id) const {
  if (bootstrap_admin_ || HasRole("BAGIAN_ORGANISASI")) return absl::OkStatus();
  for (const auto& g : grants_) {
    if (g.role == "PD_OPERATOR" && g.scope_pd_id == pd_id)
      return absl::OkStatus();
  }
  return common::PermissionDenied(
      "BAGIAN_ORGANISASI or PD_OPERATOR of " + pd_id,
      "Bagian Organisasi atau operator Perangkat Daerah " + pd_id);
}

}  // namespace sisker::org
