#include "common/instansi_profile.h"

#include "common/errors.h"
#include "common/status_macros.h"

namespace sisker::common {

absl::StatusOr<const sisker::v1::PolicyProfile*> InstansiProfile(
    OrgClient& org, const PolicyProfiles& profiles, const std::string& instansi,
    absl::Time deadline) {
  ASSIGN_OR_RETURN(sisker::v1::Instansi i, org.GetInstansi(instansi, deadline));
  const std::string& name = i.policy_profile();
  const sisker::v1::PolicyProfile* profile =
      profiles.Find(name.substr(name.find('/') + 1));
  if (profile == nullptr) {
    return MakeError(absl::StatusCode::kFailedPrecondition,
                     "PROFILE_NOT_LOADED",
                     "policy profile " + name + " is not loaded",
                     "Profil kebijakan instansi ini tidak tersedia.");
  }
  return profile;
}

}  // namespace sisker::common
