// PostgreSQL access for the org structure. Every function runs inside the
// caller's transaction (common::RunTransaction classifies what libpqxx
// throws); no rule of the regulation lives here.
#ifndef SISKER_SERVICES_ORG_PG_STORE_H_
#define SISKER_SERVICES_ORG_PG_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/pg_transaction.h"
#include "services/org/authority.h"
#include "services/org/structure.h"
#include "sisker/v1/org.pb.h"

namespace sisker::org {

// Prepares the structure's hot statements on a new pooled connection.
void PrepareStructureStatements(pqxx::connection& conn);

struct InstansiRow {
  std::string id;
  sisker::v1::Instansi proto;  // name, fields, etag filled
  int64_t version = 0;
};

class PgStore {
 public:
  using Tx = common::Tx;

  // Instansi.
  std::optional<InstansiRow> GetInstansi(Tx& tx, const std::string& id) const;
  void InsertInstansi(Tx& tx, const std::string& id,
                      const sisker::v1::Instansi& instansi) const;
  void UpdateInstansi(Tx& tx, const std::string& id,
                      const sisker::v1::Instansi& instansi) const;
  // Ordered by id, after `after_id`; `only_id` restricts to one instansi.
  std::vector<InstansiRow> ListInstansi(Tx& tx, const std::string& after_id,
                                        int limit,
                                        const std::string& only_id) const;

  // Perangkat Daerah.
  bool PdExists(Tx& tx, const std::string& instansi,
                const std::string& pd) const;
  int64_t PdVersionNumber(Tx& tx, const std::string& instansi,
                          const std::string& pd) const;
  std::vector<PdVersion> PdVersions(Tx& tx, const std::string& instansi,
                                    const std::string& pd) const;
  void InsertPd(Tx& tx, const std::string& instansi,
                const PdVersion& first) const;
  // Closes the open version on `day` and, if `next` is set, opens it.
  // Returns the new aggregate version.
  int64_t ChangePd(Tx& tx, const std::string& instansi, const std::string& pd,
                   absl::CivilDay day, const std::optional<PdVersion>& next,
                   const std::string& successor) const;
  // PDs live on `day`, ordered by id after `after_id`; kind "" = any.
  std::vector<PdVersion> ListPdAt(Tx& tx, const std::string& instansi,
                                  absl::CivilDay day,
                                  const std::string& after_id, int limit,
                                  const std::string& kind) const;

  // Units.
  bool UnitExists(Tx& tx, const std::string& instansi,
                  const std::string& unit) const;
  int64_t UnitVersionNumber(Tx& tx, const std::string& instansi,
                            const std::string& unit) const;
  std::vector<UnitVersion> UnitVersions(Tx& tx, const std::string& instansi,
                                        const std::string& unit) const;
  // Every version of every unit that ever belonged to one of `pds`.
  std::vector<UnitVersion> UnitVersionsOfPds(
      Tx& tx, const std::string& instansi,
      const std::vector<std::string>& pds) const;
  void InsertUnitRow(Tx& tx, const std::string& instansi,
                     const std::string& unit) const;
  // Persists the versions of `unit_id` in `after` that differ from the
  // database (closed ends and new versions); bumps and returns the unit's
  // aggregate version.
  int64_t SaveUnit(Tx& tx, const std::string& instansi,
                   const std::string& unit_id,
                   const std::vector<UnitVersion>& after) const;
  struct UnitListQuery {
    absl::CivilDay day;
    std::string pd_id;
    std::string parent_id;
    bool top_level_only = false;
    std::string after_id;
    int limit = 100;
  };
  std::vector<UnitVersion> ListUnitsAt(Tx& tx, const std::string& instansi,
                                       const UnitListQuery& query) const;

  // Role grants.
  std::vector<GrantInForce> GrantsInForce(Tx& tx, const std::string& instansi,
                                          const std::string& subject,
                                          absl::CivilDay day) const;
  std::optional<sisker::v1::RoleGrant> GetGrant(Tx& tx,
                                                const std::string& instansi,
                                                const std::string& id) const;
  void InsertGrant(Tx& tx, const std::string& instansi, const std::string& id,
                   const sisker::v1::RoleGrant& grant) const;
  void RevokeGrant(Tx& tx, const std::string& instansi, const std::string& id,
                   absl::CivilDay until, const std::string& by,
                   const std::string& reason) const;
  std::vector<sisker::v1::RoleGrant> ListGrants(
      Tx& tx, const std::string& instansi, const std::string& subject,
      std::optional<absl::CivilDay> in_force_on, const std::string& after_id,
      int limit) const;
};

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_PG_STORE_H_
