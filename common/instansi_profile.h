// The policy profile an instansi runs under (its `policy_profile`, through
// the org service's cached GetInstansi).
#ifndef SISKER_COMMON_INSTANSI_PROFILE_H_
#define SISKER_COMMON_INSTANSI_PROFILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/org_client.h"
#include "common/policy_profiles.h"

namespace sisker::common {

// FAILED_PRECONDITION PROFILE_NOT_LOADED when this service did not load it.
absl::StatusOr<const sisker::v1::PolicyProfile*> InstansiProfile(
    OrgClient& org, const PolicyProfiles& profiles, const std::string& instansi,
    absl::Time deadline);

}  // namespace sisker::common

#endif  // SISKER_COMMON_INSTANSI_PROFILE_H_
