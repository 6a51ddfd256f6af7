// PostgreSQL access for letters, their PDFs and the officials' pending
// actions (part of PgAssignments).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/prepared.h"
#include "services/assignment/pg_assignments.h"

namespace sisker::assignment {

std::optional<sisker::v1::Letter> PgAssignments::GetLetter(
    Tx& tx, const std::string& instansi, const std::string& id,
    bool for_update) const {
  auto rows = common::ExecPrepared(
      tx, for_update ? "asg_get_letter_for_update" : "asg_get_letter",
      absl::StrCat("SELECT data, state, version FROM letters WHERE "
                   "instansi_id = $1 AND id = $2",
                   for_update ? " FOR UPDATE" : ""),
      instansi, id);
  if (rows.empty()) return std::nullopt;
  sisker::v1::Letter letter;
  const pqxx::binarystring data(rows[0][0]);
  letter.ParseFromString(data.str());
  sisker::v1::Letter::State state = sisker::v1::Letter::STATE_UNSPECIFIED;
  sisker::v1::Letter::State_Parse(rows[0][1].as<std::string>(), &state);
  letter.set_state(state);
  letter.set_etag(rows[0][2].as<std::string>());
  return letter;
}

bool PgAssignments::UpdateLetter(Tx& tx, const std::string& instansi,
                                 const std::string& id,
                                 const sisker::v1::Letter& letter,
                                 int64_t version) const {
  sisker::v1::Letter stored = letter;
  stored.clear_etag();
  return common::ExecPrepared(
             tx, "asg_update_letter",
             "UPDATE letters SET state = $3, data = $4, version = version + "
             "1 WHERE instansi_id = $1 AND id = $2 AND version = $5",
             instansi, id, sisker::v1::Letter::State_Name(letter.state()),
             pqxx::binarystring(stored.SerializeAsString()), version)
             .affected_rows() == 1;
}

std::optional<std::string> PgAssignments::LetterPdf(
    Tx& tx, const std::string& instansi, const std::string& id,
    const std::string& state) const {
  auto rows = common::ExecPrepared(
      tx, "asg_letter_pdf",
      "SELECT content FROM letter_pdfs WHERE instansi_id = $1 AND letter_id = "
      "$2 AND state = $3",
      instansi, id, state);
  if (rows.empty()) return std::nullopt;
  return pqxx::binarystring(rows[0][0]).str();
}

void PgAssignments::PutLetterPdf(Tx& tx, const std::string& instansi,
                                 const std::string& id,
                                 const std::string& state,
                                 const std::string& content,
                                 const std::string& sha256) const {
  common::ExecPrepared0(
      tx, "asg_put_letter_pdf",
      "INSERT INTO letter_pdfs (instansi_id, letter_id, state, content, "
      "sha256) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
      instansi, id, state, pqxx::binarystring(content), sha256);
}

void PgAssignments::ReplacePending(Tx& tx, const std::string& instansi,
                                   const std::string& assignment_id,
                                   const std::vector<PendingRow>& rows) const {
  common::ExecPrepared0(
      tx, "asg_delete_pending",
      "DELETE FROM pending_actions WHERE instansi_id = $1 AND assignment_id = "
      "$2",
      instansi, assignment_id);
  for (const PendingRow& row : rows) {
    common::ExecPrepared0(
        tx, "asg_insert_pending",
        "INSERT INTO pending_actions (instansi_id, assignment_id, resource, "
        "official, person, post, summary) VALUES ($1, $2, $3, $4, $5, $6, $7) "
        "ON CONFLICT DO NOTHING",
        instansi, assignment_id, row.resource, row.official, row.person,
        row.post, pqxx::binarystring(row.summary.SerializeAsString()));
  }
}

std::vector<sisker::v1::PendingAction> PgAssignments::ListPending(
    Tx& tx, const std::string& instansi, const std::string& person,
    const std::vector<std::string>& posts, const std::string& after_key,
    int limit) const {
  std::string after_time = "-1", after_resource;
  if (const size_t slash = after_key.find('/'); slash != std::string::npos) {
    after_time = after_key.substr(0, slash);
    after_resource = after_key.substr(slash + 1);
  }
  // posts as a text[] literal: names hold no quotes, commas or braces.
  const std::string post_array =
      absl::StrCat("{",
                   absl::StrJoin(posts, ",",
                                 [](std::string* out, const auto& p) {
                                   absl::StrAppend(out, "\"", p, "\"");
                                 }),
                   "}");
  auto rows = common::ExecPrepared(
      tx, "asg_list_pending",
      "SELECT DISTINCT ON (since, resource) summary, official, "
      "(extract(epoch FROM since) * 1000000)::bigint FROM pending_actions "
      "WHERE instansi_id = $1 AND (person = $2 OR (post <> '' AND post = "
      "ANY($3::text[]))) AND ((extract(epoch FROM since) * 1000000)::bigint, "
      "resource) > ($4::bigint, $5) ORDER BY since, resource, (person = $2) "
      "DESC LIMIT $6",
      instansi, person, post_array, after_time, after_resource, limit);
  std::vector<sisker::v1::PendingAction> out;
  for (const auto& r : rows) {
    sisker::v1::PendingAction action;
    action.ParseFromString(pqxx::binarystring(r[0]).str());
    sisker::v1::AssignmentRules::Official official;
    if (sisker::v1::AssignmentRules::Official_Parse(r[1].as<std::string>(),
                                                    &official)) {
      action.set_as_official(official);
    }
    const int64_t micros = r[2].as<int64_t>();
    action.mutable_since()->set_seconds(micros / 1000000);
    action.mutable_since()->set_nanos(static_cast<int32_t>(micros % 1000000) *
                                      1000);
    out.push_back(std::move(action));
  }
  return out;
}

}  // namespace sisker::assignment
