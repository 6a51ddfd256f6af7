#include "services/assignment/pg_assignments.h"

#include "absl/strings/str_cat.h"
#include "common/prepared.h"

namespace sisker::assignment {
namespace {

constexpr char kColumns[] =
    "data, version, created_by, (extract(epoch FROM create_time) * "
    "1000000)::bigint";

StoredAssignment Read(const pqxx::row& r) {
  StoredAssignment out;
  const pqxx::binarystring data(r[0]);
  out.assignment.ParseFromString(data.str());
  out.assignment.set_etag(r[1].as<std::string>());
  out.created_by = r[2].as<std::string>();
  const int64_t micros = r[3].as<int64_t>();
  out.assignment.mutable_create_time()->set_seconds(micros / 1000000);
  out.assignment.mutable_create_time()->set_nanos(
      static_cast<int32_t>(micros % 1000000) * 1000);
  return out;
}

}  // namespace

void PgAssignments::Insert(Tx& tx, const std::string& instansi,
                           const std::string& id,
                           const sisker::v1::Assignment& a,
                           const std::string& created_by) const {
  sisker::v1::Assignment stored = a;
  stored.clear_etag();
  stored.clear_create_time();
  const std::string& team = a.team_assignment();
  common::ExecPrepared0(
      tx, "asg_insert",
      "INSERT INTO assignments (instansi_id, id, assignee, state, created_by, "
      "data, team_assignment_id) VALUES ($1, $2, $3, $4, $5, $6, "
      "NULLIF($7, ''))",
      instansi, id, a.assignee(), sisker::v1::Assignment::State_Name(a.state()),
      created_by, pqxx::binarystring(stored.SerializeAsString()),
      team.substr(team.rfind('/') + 1));
}

std::optional<StoredAssignment> PgAssignments::Get(Tx& tx,
                                                   const std::string& instansi,
                                                   const std::string& id,
                                                   bool for_update) const {
  auto rows = common::ExecPrepared(
      tx, for_update ? "asg_get_for_update" : "asg_get",
      absl::StrCat("SELECT ", kColumns,
                   " FROM assignments WHERE instansi_id = $1 AND id = $2",
                   for_update ? " FOR UPDATE" : ""),
      instansi, id);
  if (rows.empty()) return std::nullopt;
  return Read(rows[0]);
}

bool PgAssignments::Update(Tx& tx, const std::string& instansi,
                           const std::string& id,
                           const sisker::v1::Assignment& a,
                           int64_t version) const {
  sisker::v1::Assignment stored = a;
  stored.clear_etag();
  stored.clear_create_time();
  return common::ExecPrepared(
             tx, "asg_update",
             "UPDATE assignments SET state = $3, data = $4, version = "
             "version + 1 WHERE instansi_id = $1 AND id = $2 AND version "
             "= $5",
             instansi, id, sisker::v1::Assignment::State_Name(a.state()),
             pqxx::binarystring(stored.SerializeAsString()), version)
             .affected_rows() == 1;
}

void PgAssignments::InsertRequest(
    Tx& tx, const std::string& instansi, const std::string& id,
    const std::string& assignment_id,
    const sisker::v1::InvolvementRequest& r) const {
  sisker::v1::InvolvementRequest stored = r;
  stored.clear_etag();
  common::ExecPrepared0(
      tx, "asg_insert_request",
      "INSERT INTO involvement_requests (instansi_id, id, assignment_id, "
      "state, data) VALUES ($1, $2, $3, $4, $5)",
      instansi, id, assignment_id,
      sisker::v1::InvolvementRequest::State_Name(r.state()),
      pqxx::binarystring(stored.SerializeAsString()));
}

std::optional<sisker::v1::InvolvementRequest> PgAssignments::GetRequest(
    Tx& tx, const std::string& instansi, const std::string& id,
    bool for_update) const {
  auto rows = common::ExecPrepared(
      tx, for_update ? "asg_get_request_for_update" : "asg_get_request",
      absl::StrCat("SELECT data, version FROM involvement_requests WHERE "
                   "instansi_id = $1 AND id = $2",
                   for_update ? " FOR UPDATE" : ""),
      instansi, id);
  if (rows.empty()) return std::nullopt;
  sisker::v1::InvolvementRequest r;
  const pqxx::binarystring data(rows[0][0]);
  r.ParseFromString(data.str());
  r.set_etag(rows[0][1].as<std::string>());
  return r;
}

bool PgAssignments::UpdateRequest(Tx& tx, const std::string& instansi,
                                  const std::string& id,
                                  const sisker::v1::InvolvementRequest& r,
                                  int64_t version) const {
  sisker::v1::InvolvementRequest stored = r;
  stored.clear_etag();
  return common::ExecPrepared(
             tx, "asg_update_request",
             "UPDATE involvement_requests SET state = $3, data = $4, "
             "version = version + 1 WHERE instansi_id = $1 AND id = $2 "
             "AND version = $5",
             instansi, id,
             sisker::v1::InvolvementRequest::State_Name(r.state()),
             pqxx::binarystring(stored.SerializeAsString()), version)
             .affected_rows() == 1;
}

int64_t PgAssignments::NextLetterNumber(Tx& tx, const std::string& instansi,
                                        const std::string& pd, int year) const {
  return common::ExecPrepared1(
             tx, "asg_next_letter_number",
             "INSERT INTO letter_sequences (instansi_id, pd, year, "
             "last_number) "
             "VALUES ($1, $2, $3, 1) ON CONFLICT (instansi_id, pd, year) DO "
             "UPDATE SET last_number = letter_sequences.last_number + 1 "
             "RETURNING last_number",
             instansi, pd, year)[0]
      .as<int64_t>();
}

void PgAssignments::InsertLetter(Tx& tx, const std::string& instansi,
                                 const std::string& id,
                                 const std::string& assignment_id,
                                 const sisker::v1::Letter& letter) const {
  common::ExecPrepared0(
      tx, "asg_insert_letter",
      "INSERT INTO letters (instansi_id, id, assignment_id, number, "
      "verification_code, state, data) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      instansi, id, assignment_id, letter.number(), letter.verification_code(),
      sisker::v1::Letter::State_Name(letter.state()),
      pqxx::binarystring(letter.SerializeAsString()));
}

std::optional<sisker::v1::Letter> PgAssignments::LetterByCode(
    Tx& tx, const std::string& code) const {
  auto rows = common::ExecPrepared(
      tx, "asg_letter_by_code",
      "SELECT data, state FROM letters WHERE verification_code = $1", code);
  if (rows.empty()) return std::nullopt;
  sisker::v1::Letter letter;
  const pqxx::binarystring data(rows[0][0]);
  letter.ParseFromString(data.str());
  sisker::v1::Letter::State state = sisker::v1::Letter::STATE_UNSPECIFIED;
  sisker::v1::Letter::State_Parse(rows[0][1].as<std::string>(), &state);
  letter.set_state(state);
  return letter;
}

void PgAssignments::InsertTeam(Tx& tx, const std::string& instansi,
                               const std::string& id,
                               const sisker::v1::TeamAssignment& t,
                               const std::string& created_by) const {
  sisker::v1::TeamAssignment stored = t;
  stored.clear_etag();
  stored.clear_create_time();
  common::ExecPrepared0(
      tx, "asg_insert_team",
      "INSERT INTO team_assignments (instansi_id, id, team, state, "
      "created_by, data) VALUES ($1, $2, $3, $4, $5, $6)",
      instansi, id, t.team(), sisker::v1::Assignment::State_Name(t.state()),
      created_by, pqxx::binarystring(stored.SerializeAsString()));
}

std::optional<sisker::v1::TeamAssignment> PgAssignments::GetTeam(
    Tx& tx, const std::string& instansi, const std::string& id,
    bool for_update) const {
  auto rows = common::ExecPrepared(
      tx, for_update ? "asg_get_team_for_update" : "asg_get_team",
      absl::StrCat("SELECT data, version, extract(epoch FROM "
                   "create_time)::bigint FROM team_assignments WHERE "
                   "instansi_id = $1 AND id = $2",
                   for_update ? " FOR UPDATE" : ""),
      instansi, id);
  if (rows.empty()) return std::nullopt;
  sisker::v1::TeamAssignment t;
  t.ParseFromString(pqxx::binarystring(rows[0][0]).str());
  t.set_etag(rows[0][1].as<std::string>());
  t.mutable_create_time()->set_seconds(rows[0][2].as<int64_t>());
  return t;
}

bool PgAssignments::UpdateTeam(Tx& tx, const std::string& instansi,
                               const std::string& id,
                               const sisker::v1::TeamAssignment& t,
                               int64_t version) const {
  sisker::v1::TeamAssignment stored = t;
  stored.clear_etag();
  stored.clear_create_time();
  return common::ExecPrepared(
             tx, "asg_update_team",
             "UPDATE team_assignments SET state = $3, data = $4, version = "
             "version + 1 WHERE instansi_id = $1 AND id = $2 AND version = "
             "$5",
             instansi, id, sisker::v1::Assignment::State_Name(t.state()),
             pqxx::binarystring(stored.SerializeAsString()), version)
             .affected_rows() == 1;
}

std::vector<StoredAssignment> PgAssignments::TeamMembers(
    Tx& tx, const std::string& instansi, const std::string& team_id,
    bool for_update) const {
  auto rows = common::ExecPrepared(
      tx, for_update ? "asg_team_members_for_update" : "asg_team_members",
      absl::StrCat("SELECT ", kColumns,
                   " FROM assignments WHERE instansi_id = $1 AND "
                   "team_assignment_id = $2 ORDER BY create_time, id",
                   for_update ? " FOR UPDATE" : ""),
      instansi, team_id);
  std::vector<StoredAssignment> out;
  for (const auto& r : rows) out.push_back(Read(r));
  return out;
}

std::vector<sisker::v1::Assignment> PgAssignments::WorkloadOf(
    Tx& tx, const std::string& instansi, const std::string& pegawai) const {
  std::vector<sisker::v1::Assignment> out;
  for (auto& s : ListByAssignee(tx, instansi, pegawai, "", 500))
    out.push_back(std::move(s.assignment));
  return out;
}

std::vector<StoredAssignment> PgAssignments::ListByAssignee(
    Tx& tx, const std::string& instansi, const std::string& assignee,
    const std::string& after_key, int limit) const {
  // after_key: "<create_time µs>/<id>" of the last row seen, or "".
  std::string after_time = "9223372036854775807", after_id;
  if (const size_t slash = after_key.find('/'); slash != std::string::npos) {
    after_time = after_key.substr(0, slash);
    after_id = after_key.substr(slash + 1);
  }
  auto rows = common::ExecPrepared(
      tx, "asg_list_by_assignee",
      absl::StrCat(
          "SELECT ", kColumns,
          ", id FROM assignments WHERE instansi_id = $1 AND assignee = $2 "
          "AND ((extract(epoch FROM create_time) * 1000000)::bigint, id) < "
          "($3::bigint, $4) ORDER BY create_time DESC, id DESC LIMIT $5"),
      instansi, assignee, after_time, after_id.empty() ? "\x7f" : after_id,
      limit);
  std::vector<StoredAssignment> out;
  for (const auto& r : rows) out.push_back(Read(r));
  return out;
}

}  // namespace sisker::assignment
