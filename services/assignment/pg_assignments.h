// PostgreSQL access for assignments.
#ifndef SISKER_SERVICES_ASSIGNMENT_PG_ASSIGNMENTS_H_
#define SISKER_SERVICES_ASSIGNMENT_PG_ASSIGNMENTS_H_

#include <optional>
#include <string>
#include <vector>

#include "common/pg_transaction.h"
#include "sisker/v1/assignment.pb.h"

namespace sisker::assignment {

struct StoredAssignment {
  sisker::v1::Assignment assignment;  // etag and create_time filled
  std::string created_by;             // the subject that created it
};

// An official's pending action (an inbox row).
struct PendingRow {
  std::string resource;
  std::string official;  // AssignmentRules.Official name
  std::string person;
  std::string post;
  sisker::v1::PendingAction summary;
};

// The service writes at READ COMMITTED (PgPoolOptions::WriteIsolation): a
// write body reads what it decides on with `for_update`, which locks the
// row and returns its latest committed version; updates also check the
// version they read.
class PgAssignments {
 public:
  using Tx = common::Tx;
  void Insert(Tx& tx, const std::string& instansi, const std::string& id,
              const sisker::v1::Assignment& a,
              const std::string& created_by) const;
  std::optional<StoredAssignment> Get(Tx& tx, const std::string& instansi,
                                      const std::string& id,
                                      bool for_update = false) const;
  // Writes `a` over version `version` (and bumps it); false when the row
  // moved on (a concurrent change).
  bool Update(Tx& tx, const std::string& instansi, const std::string& id,
              const sisker::v1::Assignment& a, int64_t version) const;

  void InsertRequest(Tx& tx, const std::string& instansi, const std::string& id,
                     const std::string& assignment_id,
                     const sisker::v1::InvolvementRequest& r) const;
  std::optional<sisker::v1::InvolvementRequest> GetRequest(
      Tx& tx, const std::string& instansi, const std::string& id,
      bool for_update = false) const;
  bool UpdateRequest(Tx& tx, const std::string& instansi, const std::string& id,
                     const sisker::v1::InvolvementRequest& r,
                     int64_t version) const;

  // The next number of the issuing PD's sequence of `year` (1, 2, ...).
  int64_t NextLetterNumber(Tx& tx, const std::string& instansi,
                           const std::string& pd, int year) const;
  void InsertLetter(Tx& tx, const std::string& instansi, const std::string& id,
                    const std::string& assignment_id,
                    const sisker::v1::Letter& letter) const;
  // Across instansi: the verification code is unique and random.
  std::optional<sisker::v1::Letter> LetterByCode(Tx& tx,
                                                 const std::string& code) const;

  void InsertTeam(Tx& tx, const std::string& instansi, const std::string& id,
                  const sisker::v1::TeamAssignment& t,
                  const std::string& created_by) const;
  std::optional<sisker::v1::TeamAssignment> GetTeam(
      Tx& tx, const std::string& instansi, const std::string& id,
      bool for_update = false) const;
  bool UpdateTeam(Tx& tx, const std::string& instansi, const std::string& id,
                  const sisker::v1::TeamAssignment& t, int64_t version) const;
  // The members' assignments of a team assignment.
  std::vector<StoredAssignment> TeamMembers(Tx& tx, const std::string& instansi,
                                            const std::string& team_id,
                                            bool for_update = false) const;
  // A letter with its state and etag (the row's version).
  std::optional<sisker::v1::Letter> GetLetter(Tx& tx,
                                              const std::string& instansi,
                                              const std::string& id,
                                              bool for_update = false) const;
  bool UpdateLetter(Tx& tx, const std::string& instansi, const std::string& id,
                    const sisker::v1::Letter& letter, int64_t version) const;
  // The PDF kept for a letter in a state ("" when not rendered yet).
  std::optional<std::string> LetterPdf(Tx& tx, const std::string& instansi,
                                       const std::string& id,
                                       const std::string& state) const;
  // Keeps the first rendering of a state (a concurrent second is ignored).
  void PutLetterPdf(Tx& tx, const std::string& instansi, const std::string& id,
                    const std::string& state, const std::string& content,
                    const std::string& sha256) const;
  // Replaces an assignment's pending actions by `rows`.
  void ReplacePending(Tx& tx, const std::string& instansi,
                      const std::string& assignment_id,
                      const std::vector<PendingRow>& rows) const;
  // The actions addressed to `person` or to one of `posts`, oldest first,
  // after the key "<since µs>/<resource>"; one per resource.
  std::vector<sisker::v1::PendingAction> ListPending(
      Tx& tx, const std::string& instansi, const std::string& person,
      const std::vector<std::string>& posts, const std::string& after_key,
      int limit) const;
  // A pegawai's assignments for workload counting: the newest 500, any
  // state.
  std::vector<sisker::v1::Assignment> WorkloadOf(
      Tx& tx, const std::string& instansi, const std::string& pegawai) const;
  // Newest first; `after` is the last (create_time epoch µs, id) seen.
  std::vector<StoredAssignment> ListByAssignee(Tx& tx,
                                               const std::string& instansi,
                                               const std::string& assignee,
                                               const std::string& after_key,
                                               int limit) const;
};

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_PG_ASSIGNMENTS_H_
