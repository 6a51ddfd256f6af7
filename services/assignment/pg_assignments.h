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

class PgAssignments {
 public:
  using Tx = common::Tx;
  void Insert(Tx& tx, const std::string& instansi, const std::string& id,
              const sisker::v1::Assignment& a,
              const std::string& created_by) const;
  std::optional<StoredAssignment> Get(Tx& tx, const std::string& instansi,
                                      const std::string& id) const;
  // Writes `a` over version `version` (and bumps it); false when the row
  // moved on (a concurrent change).
  bool Update(Tx& tx, const std::string& instansi, const std::string& id,
              const sisker::v1::Assignment& a, int64_t version) const;

  void InsertRequest(Tx& tx, const std::string& instansi, const std::string& id,
                     const std::string& assignment_id,
                     const sisker::v1::InvolvementRequest& r) const;
  std::optional<sisker::v1::InvolvementRequest> GetRequest(
      Tx& tx, const std::string& instansi, const std::string& id) const;
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

  // Newest first; `after` is the last (create_time epoch µs, id) seen.
  std::vector<StoredAssignment> ListByAssignee(Tx& tx,
                                               const std::string& instansi,
                                               const std::string& assignee,
                                               const std::string& after_key,
                                               int limit) const;
};

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_PG_ASSIGNMENTS_H_
