// Who may change org data (ARCHITECTURE.md 5): role grants in force on the
// day, or a bootstrap administrator from deployment config. Deny by
// default; PERMISSION_DENIED names the missing authority.
#ifndef SISKER_SERVICES_ORG_AUTHORITY_H_
#define SISKER_SERVICES_ORG_AUTHORITY_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/principal.h"

namespace sisker::org {

struct GrantInForce {
  std::string role;         // RoleGrant.Role enum name
  std::string scope_pd_id;  // PD_OPERATOR only
};

class Authority {
 public:
  Authority(bool bootstrap_admin, std::vector<GrantInForce> grants)
      : bootstrap_admin_(bootstrap_admin), grants_(std::move(grants)) {}

  bool bootstrap_admin() const { return bootstrap_admin_; }
  // Creating an instansi.
  absl::Status RequireBootstrapAdmin() const;
  // Instansi settings and role grants: BKPSDM.
  absl::Status RequireBkpsdm() const;
  // Perangkat Daerah: Bagian Organisasi.
  absl::Status RequireBagianOrganisasi() const;
  // Units of one PD: Bagian Organisasi or that PD's operator.
  absl::Status RequireUnitAuthority(const std::string& pd_id) const;

 private:
  bool HasRole(const std::string& role) const;
  bool bootstrap_admin_;
  std::vector<GrantInForce> grants_;
};

// A principal is a bootstrap administrator when it is a person outside any
// instansi whose subject the deployment lists.
bool IsBootstrapAdmin(const common::Principal& principal,
                      const std::set<std::string>& bootstrap_subjects);

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_AUTHORITY_H_
