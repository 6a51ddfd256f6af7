// Policy profiles (DOMAIN.md 4): loaded from deploy/policies/*.textproto
// at start and validated once; a file with an error stops the binary with
// one line naming the file, the field and the problem.
#ifndef SISKER_COMMON_POLICY_PROFILES_H_
#define SISKER_COMMON_POLICY_PROFILES_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sisker/v1/common.pb.h"

namespace sisker::common {

// A service's own checks of the parts it reads; appends "field: problem".
using ProfileValidator = std::function<void(const sisker::v1::PolicyProfile&,
                                            std::vector<std::string>&)>;

class PolicyProfiles {
 public:
  // Reads every *.textproto in `dir`. The file name is the profile id
  // (`kampar-2025.textproto` holds `name: "policyProfiles/kampar-2025"`).
  static absl::StatusOr<PolicyProfiles> LoadDirectory(
      const std::string& dir, const ProfileValidator& validator = {});
  // Parses and validates one profile's text (for tests and the loader).
  static absl::StatusOr<sisker::v1::PolicyProfile> Parse(
      const std::string& id, const std::string& text,
      const ProfileValidator& validator = {});

  // By id ("kampar-2025"); nullptr when unknown.
  const sisker::v1::PolicyProfile* Find(const std::string& id) const;
  std::vector<const sisker::v1::PolicyProfile*> All() const;

 private:
  std::map<std::string, sisker::v1::PolicyProfile> by_id_;
};

// "kampar-2025@1": what decisions record.
std::string ProfileVersionTag(const sisker::v1::PolicyProfile& profile);

}  // namespace sisker::common

#endif  // SISKER_COMMON_POLICY_PROFILES_H_
