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
#include "common/dates.h"
#include "common/idempotency.h"
#include "common/lookup_cache.h"
#include "common/page_token.h"
#include "common/pg_pool.h"
#include "common/policy_profiles.h"
#include "common/status_macros.h"
#include "services/org/authority.h"
#include "services/org/pg_external_store.h"
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
  // The clock that decides "today" in each instansi's time zone.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // Hot lookups (kedudukan, heads) cached in process; 0 entries: off.
  size_t cache_entries = 200000;
  absl::Duration cache_ttl = absl::Minutes(10);
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
        page_tokens_(options_.page_token_secret),
        instansi_cache_(1000, options_.cache_ttl),
        kedudukan_cache_(options_.cache_entries, options_.cache_ttl),
        heads_cache_(options_.cache_entries / 10 + 1, options_.cache_ttl) {
    if (options_.cache_entries == 0) SetCacheEnabled(false);
  }

  // Drops cached lookups of an instansi (an org event of it: another
  // replica's write) or of all (a gap in the event feed).
  void InvalidateCache(const std::string& instansi);
  // Off while the event feed is down and other replicas' writes could be
  // missed (each replica's own writes invalidate directly).
  void SetCacheEnabled(bool enabled);
  int64_t cache_hits() const { return kedudukan_cache_.hits(); }

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
  Result<v1::Post> UpdatePost(const Call& call, const v1::UpdatePostRequest& r);
  Result<v1::Post> ClosePost(const Call& call, const v1::ClosePostRequest& r);
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
  Result<v1::ListEventsResponse> ListEvents(const Call& call,
                                            const v1::ListEventsRequest& r);
  Result<v1::ExternalParticipant> CreateExternalParticipant(
      const Call& call, const v1::CreateExternalParticipantRequest& r);
  Result<v1::ExternalParticipant> GetExternalParticipant(
      const Call& call, const v1::GetExternalParticipantRequest& r);
  Result<v1::ListExternalParticipantsResponse> ListExternalParticipants(
      const Call& call, const v1::ListExternalParticipantsRequest& r);
  Result<v1::HomeAgencyLetter> GetHomeAgencyLetter(
      const Call& call, const v1::GetHomeAgencyLetterRequest& r);
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
  // The kedudukan of a pegawai on `day` (placement, superior, assessor);
  // NOT_FOUND when there is no such pegawai.
  Result<v1::Kedudukan> ComputeKedudukan(common::Tx& tx, const Scope& scope,
                                         const std::string& pegawai_id,
                                         absl::CivilDay day) const;
  // BKPSDM, a bootstrap administrator, or a service (already holding
  // org.read): may read every pegawai's personal record.
  bool MaySeeAllPegawai(const Call& call, const Scope& scope) const;
  // The caller is the pegawai's direct superior or Pejabat Penilai Kinerja
  // today (a Plt/Plh included).
  bool IsSuperiorOrAssessor(common::Tx& tx, const Call& call,
                            const Scope& scope,
                            const std::string& pegawai_id) const;

  // One transaction with replay by request_id. After it commits, the
  // caller's instansi's cached lookups go (all of them for a deployment
  // administrator, whose writes may touch any instansi).
  template <typename Response>
  Result<Response> Mutate(
      const Call& call, const char* method,
      const google::protobuf::Message& request, const std::string& request_id,
      const std::function<Result<Response>(common::Tx&)>& body) {
    auto result = common::RunIdempotent<Response>(
        *pool_, call,
        common::MakeIdempotencyKey(call, method, request, request_id), body);
    InvalidateCache(call.principal.instansi_id);
    return result;
  }
  // A lookup for `as_of` (default: today in the instansi's time zone)
  // through `cache`: the caller's access is checked first, without the
  // database; `compute` runs on a miss.
  template <typename Value>
  Result<Value> Cached(
      const Call& call, common::LookupCache<Value>& cache,
      const std::string& instansi, const google::type::Date& as_of,
      const std::string& key,
      const std::function<Result<Value>(absl::CivilDay)>& compute) {
    RETURN_IF_ERROR(CheckReader(call, instansi));
    auto row = CachedInstansi(call, instansi);
    if (!row.ok()) return row.status();
    const absl::CivilDay day =
        common::IsSet(as_of)
            ? common::ToCivilDay(as_of)
            : common::TodayIn(row->proto.time_zone(), options_.clock());
    const std::string dated_key = key + "|" + common::ToIsoDate(day);
    if (auto hit = cache.Get(instansi, dated_key)) return *std::move(hit);
    const uint64_t generation = cache.Generation(instansi);
    auto value = compute(day);
    if (value.ok()) cache.Put(instansi, dated_key, *value, generation);
    return value;
  }
  // GetHeads on a day, uncached.
  Result<v1::Heads> HeadsOn(const Call& call, const v1::GetHeadsRequest& r,
                            const std::string& instansi, absl::CivilDay day);
  // Who may read an instansi at all, without the database (the checks of
  // LoadScope that need no row).
  absl::Status CheckReader(const Call& call,
                           const std::string& instansi_id) const;
  // The instansi row, from the cache when it can.
  Result<InstansiRow> CachedInstansi(const Call& call,
                                     const std::string& instansi_id);
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
  void RecordPersonalDataRead(
      const Call& call, const std::string& instansi,
      const std::vector<std::string>& pegawai_ids, const char* method,
      const char* fields = "nip,birth_date,status,subject") const;
  // The participant `name` if the caller may read it (NOT_FOUND,
  // PERMISSION_DENIED otherwise); `name` was parsed already.
  Result<ExternalRow> ReadableExternal(common::Tx& tx, const Call& call,
                                       const std::string& name) const;
  // BKPSDM, services, or the participant themselves.
  bool MaySeeExternal(const Call& call, const Scope& scope,
                      const v1::ExternalParticipant& p) const;

  common::PgPool* pool_;
  const common::PolicyProfiles* profiles_;
  common::AccessLog* access_log_;
  OrgOptions options_;
  common::PageTokens page_tokens_;
  PgStore store_;
  PgKedudukanStore kedudukan_;
  PgExternalStore externals_;
  common::LookupCache<InstansiRow> instansi_cache_;
  common::LookupCache<v1::Kedudukan> kedudukan_cache_;
  common::LookupCache<v1::Heads> heads_cache_;
};

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_ORG_H_
