// The client other services use to ask the org service who sits where and
// who decides (ARCHITECTURE.md 1, 6): kedudukan (with the Pejabat Penilai
// Kinerja), heads, and the person behind an identity-provider subject.
// Every call has a deadline; answers are cached in process per instansi
// and day, dropped by the org service's events (feed OnOrgEvent and
// OnFollowing from a StreamFollower on the "org" stream) and by the day
// changing. The client calls as its own service principal with scope
// org.read, one assertion per instansi, reused while it is fresh.
#ifndef SISKER_COMMON_ORG_CLIENT_H_
#define SISKER_COMMON_ORG_CLIENT_H_

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/lookup_cache.h"
#include "common/principal.h"
#include "sisker/v1/org.grpc.pb.h"

namespace sisker::common {

struct OrgClientOptions {
  // The calling service, e.g. "sisker-assignment" (the principal subject).
  std::string service;
  // Per call, unless the caller's own deadline is sooner.
  absl::Duration deadline = absl::Milliseconds(500);
  size_t cache_entries = 100000;
  absl::Duration cache_ttl = absl::Minutes(5);
};

class OrgClient {
 public:
  // `signer` mints the service's assertions (audience sisker-org); it must
  // outlive the client.
  OrgClient(std::shared_ptr<grpc::Channel> channel,
            const AssertionSigner* signer, OrgClientOptions options);

  // `pegawai`: `instansi/{i}/pegawai/{p}`; `as_of` unset: today in the
  // instansi's time zone. The org service's status comes back as is.
  absl::StatusOr<sisker::v1::Kedudukan> GetKedudukan(
      const std::string& pegawai, std::optional<absl::CivilDay> as_of = {},
      absl::Time deadline = absl::InfiniteFuture());
  // `name`: a unit, a Perangkat Daerah or an instansi.
  absl::StatusOr<sisker::v1::Heads> GetHeads(
      const std::string& name, std::optional<absl::CivilDay> as_of = {},
      absl::Time deadline = absl::InfiniteFuture());
  // `unit`: `instansi/{i}/units/{u}` on a day (its PD and parent).
  absl::StatusOr<sisker::v1::Unit> GetUnit(
      const std::string& unit, std::optional<absl::CivilDay> as_of = {},
      absl::Time deadline = absl::InfiniteFuture());
  // `pd`: `instansi/{i}/perangkatDaerah/{d}` on a day (its name, for
  // letterheads).
  absl::StatusOr<sisker::v1::PerangkatDaerah> GetPerangkatDaerah(
      const std::string& pd, std::optional<absl::CivilDay> as_of = {},
      absl::Time deadline = absl::InfiniteFuture());
  // `name`: `instansi/{i}/externalParticipants/{x}` (not cached: read when
  // a team is put together).
  absl::StatusOr<sisker::v1::ExternalParticipant> GetExternalParticipant(
      const std::string& name, absl::Time deadline = absl::InfiniteFuture());
  // Whether someone holds (not as Plt/Plh) on `day` a post of the
  // Perangkat Daerah `pd` that `match` accepts (not cached: asked when a
  // team's lead is a fallback for a vacancy, KMP 4(6)).
  absl::StatusOr<bool> AnyHolderIn(
      const std::string& pd, absl::CivilDay day,
      const std::function<bool(const sisker::v1::Post&)>& match,
      absl::Time deadline = absl::InfiniteFuture());
  // The instansi (time zone, policy profile).
  absl::StatusOr<sisker::v1::Instansi> GetInstansi(
      const std::string& instansi,
      absl::Time deadline = absl::InfiniteFuture());
  // Cached per instansi, subject and day (the person's status is of the
  // day); a link or status change is an org event and drops the entries.
  absl::StatusOr<sisker::v1::SubjectPerson> LookupSubject(
      const std::string& instansi, const std::string& subject,
      absl::Time deadline = absl::InfiniteFuture());

  // From a StreamFollower on the org stream.
  void OnOrgEvent(const sisker::v1::EventEnvelope& e);
  void OnFollowing(bool following);

  int64_t cache_hits() const { return kedudukan_.hits() + heads_.hits(); }

 private:
  // The instansi id of a resource name ("instansi/{i}/...").
  static std::optional<std::string> InstansiOf(const std::string& name);
  std::unique_ptr<grpc::ClientContext> Context(const std::string& instansi,
                                               absl::Time deadline);
  // A lookup of `name` on a day through `cache` (kedudukan, heads, units:
  // keyed by name and day, dropped by org events).
  template <typename Response, typename Request>
  absl::StatusOr<Response> DatedLookup(
      LookupCache<Response>& cache, const std::string& name,
      const std::string& request_name, const char* field,
      std::optional<absl::CivilDay> as_of, absl::Time deadline,
      grpc::Status (sisker::v1::OrgService::Stub::*rpc)(grpc::ClientContext*,
                                                        const Request&,
                                                        Response*));
  // The day a lookup is for: `as_of`, or today in the instansi's zone.
  absl::StatusOr<absl::CivilDay> DayFor(const std::string& instansi,
                                        std::optional<absl::CivilDay> as_of,
                                        absl::Time deadline);

  std::unique_ptr<sisker::v1::OrgService::Stub> stub_;
  const AssertionSigner* signer_;
  OrgClientOptions options_;
  absl::Mutex mu_;
  struct Minted {
    std::string assertion;
    absl::Time expires;
  };
  absl::flat_hash_map<std::string, Minted> assertions_ ABSL_GUARDED_BY(mu_);
  LookupCache<sisker::v1::Instansi> instansi_;
  LookupCache<sisker::v1::Unit> units_;
  LookupCache<sisker::v1::PerangkatDaerah> pds_;
  LookupCache<sisker::v1::SubjectPerson> subjects_;
  LookupCache<sisker::v1::Kedudukan> kedudukan_;
  LookupCache<sisker::v1::Heads> heads_;
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_ORG_CLIENT_H_
