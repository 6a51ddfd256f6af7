// Resource names, proto mapping and field validation of the org
// structure's requests (no SQL, no gRPC).
#ifndef SISKER_SERVICES_ORG_RESOURCES_H_
#define SISKER_SERVICES_ORG_RESOURCES_H_

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "common/errors.h"
#include "services/org/structure.h"
#include "sisker/v1/common.pb.h"
#include "sisker/v1/org.pb.h"

namespace sisker::org {

std::string InstansiName(const std::string& instansi);
std::string PdName(const std::string& instansi, const std::string& pd);
std::string UnitName(const std::string& instansi, const std::string& unit);
std::string GrantName(const std::string& instansi, const std::string& grant);
std::string PostName(const std::string& instansi, const std::string& post);
std::string PegawaiName(const std::string& instansi,
                        const std::string& pegawai);
std::string ExternalParticipantName(const std::string& instansi,
                                    const std::string& id);

// Parsed names; nullopt when malformed.
std::optional<std::string> ParseInstansiName(const std::string& name);
struct ChildName {
  std::string instansi;
  std::string id;
};
std::optional<ChildName> ParsePdName(const std::string& name);
std::optional<ChildName> ParseUnitName(const std::string& name);
std::optional<ChildName> ParseGrantName(const std::string& name);
std::optional<ChildName> ParsePostName(const std::string& name);
std::optional<ChildName> ParsePegawaiName(const std::string& name);
std::optional<ChildName> ParseExternalParticipantName(const std::string& name);

sisker::v1::PerangkatDaerah PdToProto(const std::string& instansi,
                                      const PdVersion& v, int64_t version,
                                      bool dissolved);
sisker::v1::Unit UnitToProto(const std::string& instansi, const UnitVersion& v,
                             int64_t version, bool dissolved);

// Field checks: each adds what is wrong to `errors`, naming the field path.
void CheckDisplayName(const std::string& value, const std::string& field,
                      common::FieldErrors& errors);
void CheckReason(const std::string& value, bool required,
                 common::FieldErrors& errors);
void CheckOptionalDate(const google::type::Date& date, const std::string& field,
                       common::FieldErrors& errors);
void CheckPdKind(sisker::v1::PerangkatDaerah::Kind kind,
                 const sisker::v1::PolicyProfile& profile,
                 common::FieldErrors& errors);
void CheckUnitKind(sisker::v1::Unit::Kind kind,
                   const sisker::v1::PolicyProfile& profile,
                   common::FieldErrors& errors);
void CheckPdCode(const std::string& code, common::FieldErrors& errors);

// The fields every dated change carries: an optional effective_date, a
// required reason (the history's "why") and an optional request id.
void CheckDatedChange(const google::type::Date& effective_date,
                      const std::string& reason, const std::string& request_id,
                      common::FieldErrors& errors);

// AIP-154: the etag is optional, but a stale one is ABORTED.
absl::Status CheckEtag(const std::string& etag, int64_t version,
                       const std::string& name);

// Field checks shared by the single-record methods and the import.
void CheckPegawaiFields(const sisker::v1::Pegawai& pegawai,
                        common::FieldErrors& errors);
void CheckPlacementFields(const sisker::v1::Placement& placement,
                          const std::string& instansi,
                          common::FieldErrors& errors);

// The date a request names, or `today` when it names none (valid dates
// only: check first).
absl::CivilDay DateOr(const google::type::Date& date, absl::CivilDay today);

// The checks of the profile parts the org service reads (structure,
// kedudukan), run when profiles load.
void ValidateOrgProfile(const sisker::v1::PolicyProfile& profile,
                        std::vector<std::string>& problems);

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_RESOURCES_H_
