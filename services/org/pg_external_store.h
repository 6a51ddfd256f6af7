// PostgreSQL access for external participants (people of another
// institution in this instansi's work, ARCHITECTURE.md 1).
#ifndef SISKER_SERVICES_ORG_PG_EXTERNAL_STORE_H_
#define SISKER_SERVICES_ORG_PG_EXTERNAL_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/pg_transaction.h"
#include "sisker/v1/org.pb.h"

namespace sisker::org {

struct ExternalRow {
  sisker::v1::ExternalParticipant participant;  // home_letter unset
  std::string attachment_id;                    // "" when no scan
};

class PgExternalStore {
 public:
  using Tx = common::Tx;

  // `p` carries the validated fields; dates are set.
  void Insert(Tx& tx, const std::string& instansi, const std::string& id,
              const sisker::v1::ExternalParticipant& p,
              const std::string& attachment_id) const;
  std::optional<ExternalRow> Get(Tx& tx, const std::string& instansi,
                                 const std::string& id) const;
  // Participants whose period covers `day`, ordered by id, after `after`.
  std::vector<ExternalRow> List(Tx& tx, const std::string& instansi,
                                absl::CivilDay day, const std::string& after,
                                int limit) const;
  // Whether anyone (pegawai or external participant) is linked to subject.
  bool SubjectTaken(Tx& tx, const std::string& instansi,
                    const std::string& subject) const;
};

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_PG_EXTERNAL_STORE_H_
