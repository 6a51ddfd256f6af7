// The org service's use cases over the store and the structure rules:
// each method authenticates nothing (the gRPC layer did), checks the
// caller's authority from grants, and runs in one transaction that writes
// the change, its history row and its event.
#ifndef SISKER_SERVICES_ORG_ORG_H_
#define SISKER_SERVICES_ORG_ORG_H_

#include <functional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "common/access_log.h"
#include "common/call_context.h"
#include "common/idempotency.h"
#include "common/page_token.h"
#include "common/pg_pool.h"
#include "common/policy_profiles.h"
#include "services/org/authority.h"
#include "services/org/pg_kedudukan_store.h"
#include "services/org/pg_store.h"
#include "sisker/v1/org.pb.h"

namespace sisker::org {

namespace v1 = ::sisker::v1;

struct OrgOptions {
  // Subjects of the bootstrap administrators (deployment config).
  std::set<std::string> bootstrap_admins;
  // Signs page tokens.
  std::string page_token_secret;
};

class Org {
 public:
  // `access_log` records reads of personal data (UU 27/2022).
  Org(common::PgPool* pool, const common::PolicyProfiles* profiles,
      common::AccessLog* access_log, OrgOptions options)
      : pool_(pool),
        profiles_(profiles),
        access_log_(access_log),
        options_(std::move(options)),
        page_tokens_(options_.page_token_secret) {}

  using Call = common::CallContext;
  template <typename T>
  using Result = absl::StatusOr<T>;

  Result<v1::PolicyProfile> GetPolicyProfile(
      const Call& call, const v1::GetPolicyProfileRequest& r);
  Result<v1::ListPolicyProfilesResponse> ListPolicyProfiles(
      const Call& call, const v1::ListPolicyProfilesRequest& r);

  Result<v1::Instansi> CreateInstansi(const Call& call,
                                      const v1::CreateInstansiRequest& r);
  Result<v1::Instansi> GetInstansi(const Call& call,
                                   const v1::GetInstansiRequest& r);
  Result<v1::ListInstansiResponse> ListInstansi(
      const Call& call, const v1::ListInstansiRequest& r);
  Result<v1::Instansi> UpdateInstansi(const Call& call,
                                      const v1::UpdateInstansiRequest& r);

  Result<v1::PerangkatDaerah> CreatePerangkatDaerah(
      const Call& call, const v1::CreatePerangkatDaerahRequest& r);
  Result<v1::PerangkatDaerah> GetPerangkatDaerah(
      const Call& call, const v1::GetPerangkatDaerahRequest& r);
  Result<v1::ListPerangkatDaerahResponse> ListPerangkatDaerah(
      const Call& call, const v1::ListPerangkatDaerahRequest& r);
  Result<v1::PerangkatDaerah> UpdatePerangkatDaerah(
      const Call& call, const v1::UpdatePerangkatDaerahRequest& r);
  Result<v1::PerangkatDaerah> DissolvePerangkatDaerah(
      const Call& call, const v1::DissolvePerangkatDaerahRequest& r);
  Result<v1::PerangkatDaerah> MergePerangkatDaerah(
      const Call& call, const v1::MergePerangkatDaerahRequest& r);

  Result<v1::Unit> CreateUnit(const Call& call, const v1::CreateUnitRequest& r);
  Result<v1::Unit> GetUnit(const Call& call, const v1::GetUnitRequest& r);
  Result<v1::ListUnitsResponse> ListUnits(const Call& call,
                                          const v1::ListUnitsRequest& r);
  Result<v1::Unit> UpdateUnit(const Call& call, const v1::UpdateUnitRequest& r);
  Result<v1::Unit> DissolveUnit(const Call& call,
                                const v1::DissolveUnitRequest& r);
  Result<v1::Unit> MergeUnit(const Call& call, const v1::MergeUnitRequest& r);

  Result<v1::RoleGrant> CreateRoleGrant(const Call& call,
                                        const v1::CreateRoleGrantRequest& r);
  Result<v1::RoleGrant> GetRoleGrant(const Call& call,
                                     const v1::GetRoleGrantRequest& r);
  Result<v1::ListRoleGrantsResponse> ListRoleGrants(
      const Call& call, const v1::ListRoleGrantsRequest& r);
  Result<v1::RoleGrant> RevokeRoleGrant(const Call& call,
                                        const v1::RevokeRoleGrantRequest& r);

  Result<v1::Post> CreatePost(const Call& call, const v1::CreatePostRequest& r);
  Result<v1::Post> GetPost(const Call& call, const v1::GetPostRequest& r);
  Result<v1::ListPostsResponse> ListPosts(const Call& call,
                                          const v1::ListPostsRequest& r);
  Result<v1::ListPostHoldersResponse> ListPostHolders(
      const Call& call, const v1::ListPostHoldersRequest& r);
  Result<v1::Pegawai> CreatePegawai(const Call& call,
                                    const v1::CreatePegawaiRequest& r);
  Result<v1::Pegawai> GetPegawai(const Call& call,
                                 const v1::GetPegawaiRequest& r);
  Result<v1::ListPegawaiResponse> ListPegawai(const Call& call,
                                              const v1::ListPegawaiRequest& r);
  Result<v1::Placement> CreatePlacement(const Call& call,
                                        const v1::CreatePlacementRequest& r);
  Result<v1::ActingAppointment> CreateActingAppointment(
      const Call& call, const v1::CreateActingAppointmentRequest& r);
  Result<v1::Delegation> CreateDelegation(const Call& call,
                                          const v1::CreateDelegationRequest& r);
  Result<v1::Official> CreateOfficial(const Call& call,
                                      const v1::CreateOfficialRequest& r);
  Result<v1::ImportPegawaiResponse> ImportPegawai(
      const Call& call, const v1::ImportPegawaiRequest& r);
  Result<v1::ListPersonalDataReadsResponse> ListPersonalDataReads(
      const Call& call, const v1::ListPersonalDataReadsRequest& r);
  Result<v1::Pegawai> UpdatePegawai(const Call& call,
                                    const v1::UpdatePegawaiRequest& r);
  Result<v1::SubjectPerson> LookupSubject(const Call& call,
                                          const v1::LookupSubjectRequest& r);
  Result<v1::Heads> GetHeads(const Call& call, const v1::GetHeadsRequest& r);
  Result<v1::ListSubordinatesResponse> ListSubordinates(
      const Call& call, const v1::ListSubordinatesRequest& r);
  Result<v1::Kedudukan> GetKedudukan(const Call& call,
                                     const v1::GetKedudukanRequest& r);

 private:
  // What every instansi-scoped method starts from.
  struct Scope {
    InstansiRow instansi;
    const v1::PolicyProfile* profile = nullptr;
    absl::CivilDay today;
    Authority authority{false, {}};
  };
  // The instansi if the caller may see it (NOT_FOUND otherwise, as for
  // absence), its profile, today in its time zone and the caller's grants.
  // A service principal needs the scope `org.read` (reads) or
  // `org.write` (writes).
  // Grants are loaded for writes, or for reads whose visibility depends on
  // the caller's role (`need_authority`).
  Result<Scope> LoadScope(common::Tx& tx, const Call& call,
                          const std::string& instansi_id, bool write,
                          bool need_authority = false) const;
  bool IsAdmin(const Call& call) const;
  // BKPSDM, a bootstrap administrator, or a service (already holding
  // org.read): may read every pegawai's personal record.
  bool MaySeeAllPegawai(const Call& call, const Scope& scope) const;

  // One transaction with replay by request_id.
  template <typename Response>
  Result<Response> Mutate(
      const Call& call, const char* method,
      const google::protobuf::Message& request, const std::string& request_id,
      const std::function<Result<Response>(common::Tx&)>& body) {
    return common::RunIdempotent<Response>(
        *pool_, call,
        common::MakeIdempotencyKey(call, method, request, request_id), body);
  }
  // One read-only transaction.
  template <typename Response>
  Result<Response> Read(
      const Call& call,
      const std::function<Result<Response>(common::Tx&)>& body) {
    Response response;
    absl::Status status = common::RunReadOnly(
        *pool_, call.deadline, [&](common::Tx& tx) -> absl::Status {
          auto result = body(tx);
          if (!result.ok()) return result.status();
          response = *std::move(result);
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    return response;
  }

  // The bodies of CreatePegawai and CreatePlacement inside a transaction
  // (also run row by row by the import). The caller checked authority.
  Result<v1::Pegawai> AddPegawai(common::Tx& tx, const Call& call,
                                 const Scope& scope, const std::string& id,
                                 const v1::Pegawai& pegawai,
                                 const std::string& request_id) const;
  Result<v1::Placement> AddPlacement(common::Tx& tx, const Call& call,
                                     const Scope& scope,
                                     const std::string& pegawai_id,
                                     const v1::Placement& placement,
                                     const std::string& request_id) const;

  // Writes history + event for a change of `name`.
  void Record(common::Tx& tx, const Call& call, const Scope& scope,
              const char* type, const std::string& name, int64_t version,
              const char* action, const std::string& reason,
              const std::string& request_id,
              const google::protobuf::Message& snapshot) const;

  Result<v1::PerangkatDaerah> ReadPd(common::Tx& tx,
                                     const std::string& instansi,
                                     const std::string& pd,
                                     absl::CivilDay day) const;
  Result<v1::Unit> ReadUnit(common::Tx& tx, const std::string& instansi,
                            const std::string& unit, absl::CivilDay day) const;
  // Units of `pds` plus every PD `extra_units` ever belonged to.
  UnitTimeline LoadTimeline(common::Tx& tx, const std::string& instansi,
                            std::vector<std::string> pds,
                            const std::vector<std::string>& extra_units) const;
  // Saves each touched unit and records its change.
  void SaveUnits(common::Tx& tx, const Call& call, const Scope& scope,
                 const UnitTimeline& timeline,
                 const std::vector<std::string>& unit_ids, const char* action,
                 const std::string& reason, const std::string& request_id,
                 absl::CivilDay day) const;

  // Records that `call` read the personal fields of these pegawai.
  void RecordPersonalDataRead(const Call& call, const std::string& instansi,
                              const std::vector<std::string>& pegawai_ids,
                              const char* method) const;

  common::PgPool* pool_;
  const common::PolicyProfiles* profiles_;
  common::AccessLog* access_log_;
  OrgOptions options_;
  common::PageTokens page_tokens_;
  PgStore store_;
  PgKedudukanStore kedudukan_;
};

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_ORG_H_
