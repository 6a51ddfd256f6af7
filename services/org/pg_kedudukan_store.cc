// SQL for kedudukan and the day snapshot.
#include "services/org/pg_kedudukan_store.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "services/org/pg_store.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

using common::ToIsoDate;

absl::CivilDay Day(const pqxx::field& f) {
  return *common::ParseIsoDate(f.as<std::string>());
}
std::optional<absl::CivilDay> OptDay(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return Day(f);
}
std::optional<std::string> OptText(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}
std::optional<std::string> OptDayText(const std::optional<absl::CivilDay>& d) {
  if (!d) return std::nullopt;
  return ToIsoDate(*d);
}

// The unit's PD on the day comes from unit_versions (a merge can move it).
constexpr char kPostSelect[] =
    "SELECT p.id, p.display_name, p.unit_id, coalesce(uv.pd_id, ''), p.kind, "
    "p.jenjang, "
    "coalesce(p.reports_to, ''), p.head_of_pd, p.sekda, "
    "p.leads_independent_unit, "
    "p.formation, p.head_of_unit, p.hasil_penyetaraan, p.valid_from, "
    "p.valid_to, p.version "
    "FROM posts p LEFT JOIN unit_versions uv ON uv.instansi_id = p.instansi_id "
    "AND "
    "uv.unit_id = p.unit_id AND uv.valid_from <= $2::date AND (uv.valid_to IS "
    "NULL OR "
    "uv.valid_to > $2::date) WHERE p.instansi_id = $1 ";

PostRow ReadPost(const pqxx::row& r) {
  PostRow row;
  row.at.id = r[0].as<std::string>();
  row.at.name = r[1].as<std::string>();
  row.at.unit_id = r[2].as<std::string>();
  row.at.pd_id = r[3].as<std::string>();
  row.at.kind = PostKindFromName(r[4].as<std::string>());
  row.at.jenjang = r[5].as<std::string>();
  row.at.reports_to = r[6].as<std::string>();
  row.at.head_of_pd = r[7].as<bool>();
  row.at.sekda = r[8].as<bool>();
  row.at.leads_independent_unit = r[9].as<bool>();
  row.formation = r[10].as<int>();
  row.head_of_unit = r[11].as<bool>();
  row.hasil_penyetaraan = r[12].as<bool>();
  row.at.hasil_penyetaraan = row.hasil_penyetaraan;
  row.valid_from = Day(r[13]);
  row.valid_to = OptDay(r[14]);
  row.version = r[15].as<int64_t>();
  return row;
}

constexpr char kPegawaiColumns[] =
    "id, nip, display_name, gelar_depan, gelar_belakang, asn_kind, golongan, "
    "pangkat, "
    "status, status_from, birth_date, coalesce(subject, ''), version, "
    "instansi_id";

sisker::v1::Pegawai ReadPegawai(const pqxx::row& r) {
  sisker::v1::Pegawai p;
  p.set_name(absl::StrCat("instansi/", r[13].as<std::string>(), "/pegawai/",
                          r[0].as<std::string>()));
  p.set_nip(r[1].as<std::string>());
  p.set_display_name(r[2].as<std::string>());
  p.set_gelar_depan(r[3].as<std::string>());
  p.set_gelar_belakang(r[4].as<std::string>());
  sisker::v1::Pegawai::AsnKind kind = sisker::v1::Pegawai::ASN_KIND_UNSPECIFIED;
  sisker::v1::Pegawai::AsnKind_Parse(r[5].as<std::string>(), &kind);
  p.set_asn_kind(kind);
  p.set_golongan(r[6].as<std::string>());
  p.set_pangkat(r[7].as<std::string>());
  sisker::v1::Pegawai::Status status = sisker::v1::Pegawai::STATUS_UNSPECIFIED;
  sisker::v1::Pegawai::Status_Parse(r[8].as<std::string>(), &status);
  p.set_status(status);
  *p.mutable_status_from() = common::ToProtoDate(Day(r[9]));
  *p.mutable_birth_date() = common::ToProtoDate(Day(r[10]));
  p.set_subject(r[11].as<std::string>());
  p.set_etag(r[12].as<std::string>());
  return p;
}

constexpr char kPlacementColumns[] =
    "id, pegawai_id, post_id, kind, valid_from, valid_to, sk_number, sk_date";
PlacementRow ReadPlacement(const pqxx::row& r) {
  return PlacementRow{r[0].as<std::string>(),
                      r[1].as<std::string>(),
                      r[2].as<std::string>(),
                      r[3].as<std::string>(),
                      Day(r[4]),
                      OptDay(r[5]),
                      r[6].as<std::string>(),
                      OptDay(r[7])};
}

// The statements of the hot read path (kedudukan), prepared on every pooled
// connection so PostgreSQL plans them once (PrepareOrgStatements).
struct Statement {
  const char* name;
  std::string sql;
};

const std::vector<Statement>& Statements() {
  static const auto* const kStatements = new std::vector<Statement>{
      {"org_post_by_id", absl::StrCat(kPostSelect, "AND p.id = $3")},
      {"org_pegawai_by_id",
       absl::StrCat("SELECT ", kPegawaiColumns,
                    " FROM pegawai WHERE instansi_id = $1 AND id = $2")},
      {"org_placement_on",
       absl::StrCat(
           "SELECT ", kPlacementColumns,
           " FROM placements WHERE instansi_id = $1 AND pegawai_id = $2 AND "
           "valid_from <= $3::date AND (valid_to IS NULL OR valid_to > "
           "$3::date) "
           "LIMIT 1")},
      {"org_post_holder",
       "SELECT pl.pegawai_id, pg.display_name FROM placements pl JOIN pegawai "
       "pg ON "
       "pg.instansi_id = pl.instansi_id AND pg.id = pl.pegawai_id WHERE "
       "pl.instansi_id = $1 "
       "AND pl.post_id = $2 AND pl.valid_from <= $3::date AND (pl.valid_to IS "
       "NULL OR "
       "pl.valid_to > $3::date) AND coalesce((SELECT h.status FROM "
       "pegawai_status_history h WHERE h.instansi_id = pl.instansi_id AND "
       "h.pegawai_id = pl.pegawai_id AND h.valid_from <= $3::date ORDER BY "
       "h.valid_from DESC LIMIT 1), 'ACTIVE') = 'ACTIVE' ORDER BY "
       "pl.valid_from LIMIT 1"},
      {"org_post_acting",
       "SELECT a.pegawai_id, pg.display_name, a.kind FROM acting_appointments "
       "a JOIN pegawai "
       "pg ON pg.instansi_id = a.instansi_id AND pg.id = a.pegawai_id WHERE "
       "a.instansi_id = $1 "
       "AND a.post_id = $2 AND a.valid_from <= $3::date AND a.valid_to > "
       "$3::date ORDER BY "
       "a.valid_from DESC LIMIT 1"},
      {"org_assessor_delegation",
       "SELECT d.delegate_pegawai_id, pg.display_name, d.legal_basis FROM "
       "delegations d JOIN "
       "pegawai pg ON pg.instansi_id = d.instansi_id AND pg.id = "
       "d.delegate_pegawai_id WHERE "
       "d.instansi_id = $1 AND d.kind = 'ASSESSOR' AND (d.for_pegawai_id = $2 "
       "OR "
       "d.for_post_id = $3) AND d.valid_from <= $4::date AND (d.valid_to IS "
       "NULL OR "
       "d.valid_to > $4::date) ORDER BY (d.for_pegawai_id IS NULL), "
       "d.valid_from DESC LIMIT 1"},
      {"org_acting_posts",
       "SELECT post_id FROM acting_appointments WHERE instansi_id = $1 AND "
       "pegawai_id = $2 AND valid_from <= $3::date AND valid_to > $3::date "
       "ORDER BY valid_from, post_id"},
      {"org_signing_delegations",
       "SELECT id, delegating_post_id, signing_mode, legal_basis FROM "
       "delegations WHERE instansi_id = $1 AND kind = 'SIGNING' AND "
       "delegate_pegawai_id = $2 AND valid_from <= $3::date AND (valid_to IS "
       "NULL OR valid_to > $3::date) ORDER BY valid_from, id"},
      {"org_pd_has_administrator",
       "SELECT 1 FROM posts p JOIN unit_versions uv ON uv.instansi_id = "
       "p.instansi_id AND "
       "uv.unit_id = p.unit_id AND uv.valid_from <= $2::date AND (uv.valid_to "
       "IS NULL OR "
       "uv.valid_to > $2::date) WHERE p.instansi_id = $1 AND uv.pd_id = $3 AND "
       "p.kind = "
       "'ADMINISTRATOR' AND p.valid_from <= $2::date AND (p.valid_to IS NULL "
       "OR p.valid_to > "
       "$2::date) LIMIT 1"},
      {"org_sekda_post",
       "SELECT id FROM posts WHERE instansi_id = $1 AND sekda AND valid_from "
       "<= $2::date AND "
       "(valid_to IS NULL OR valid_to > $2::date) LIMIT 1"},
      {"org_bupati",
       "SELECT id, display_name FROM officials WHERE instansi_id = $1 AND role "
       "= 'BUPATI' AND "
       "valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date) "
       "LIMIT 1"},
      {"org_unit_within",
       "WITH RECURSIVE up(id, depth) AS (SELECT $2::text, 0 UNION ALL SELECT "
       "uv.parent_unit_id, "
       "up.depth + 1 FROM up JOIN unit_versions uv ON uv.instansi_id = $1 AND "
       "uv.unit_id = "
       "up.id AND uv.valid_from <= $4::date AND (uv.valid_to IS NULL OR "
       "uv.valid_to > $4::date) "
       "WHERE uv.parent_unit_id IS NOT NULL AND up.depth < 20) SELECT 1 FROM "
       "up WHERE id = $3"},
  };
  return *kStatements;
}

}  // namespace

void PrepareOrgStatements(pqxx::connection& conn) {
  PrepareStructureStatements(conn);
  for (const auto& s : Statements()) conn.prepare(s.name, s.sql);
}

std::optional<PostRow> PgKedudukanStore::GetPost(Tx& tx,
                                                 const std::string& instansi,
                                                 const std::string& id,
                                                 absl::CivilDay day) const {
  auto rows = tx.exec_prepared("org_post_by_id", instansi, ToIsoDate(day), id);
  if (rows.empty()) return std::nullopt;
  return ReadPost(rows[0]);
}

void PgKedudukanStore::InsertPost(Tx& tx, const std::string& instansi,
                                  const PostRow& p) const {
  tx.exec_params0(
      "INSERT INTO posts (instansi_id, id, unit_id, display_name, kind, "
      "jenjang, "
      "hasil_penyetaraan, formation, reports_to, head_of_unit, head_of_pd, "
      "sekda, "
      "leads_independent_unit, valid_from, valid_to) VALUES ($1, $2, $3, $4, "
      "$5, $6, $7, $8, "
      "$9, $10, $11, $12, $13, $14::date, $15::date)",
      instansi, p.at.id, p.at.unit_id, p.at.name, PostKindName(p.at.kind),
      p.at.jenjang, p.hasil_penyetaraan, p.formation, OptText(p.at.reports_to),
      p.head_of_unit, p.at.head_of_pd, p.at.sekda, p.at.leads_independent_unit,
      ToIsoDate(p.valid_from), OptDayText(p.valid_to));
}

void PgKedudukanStore::UpdatePost(Tx& tx, const std::string& instansi,
                                  const PostRow& p) const {
  tx.exec_params0(
      "UPDATE posts SET display_name = $3, formation = $4, reports_to = $5, "
      "hasil_penyetaraan = $6, valid_to = $7::date, version = version + 1 "
      "WHERE instansi_id = $1 AND id = $2",
      instansi, p.at.id, p.at.name, p.formation, OptText(p.at.reports_to),
      p.hasil_penyetaraan, OptDayText(p.valid_to));
}

int PgKedudukanStore::OccupancyAfter(Tx& tx, const std::string& instansi,
                                     const std::string& post,
                                     absl::CivilDay day) const {
  return tx
      .exec_params1(
          "SELECT (SELECT count(*) FROM placements WHERE instansi_id = $1 AND "
          "post_id = $2 AND (valid_to IS NULL OR valid_to > $3::date)) + "
          "(SELECT count(*) FROM acting_appointments WHERE instansi_id = $1 "
          "AND post_id = $2 AND valid_to > $3::date)",
          instansi, post, ToIsoDate(day))[0]
      .as<int>();
}

int PgKedudukanStore::LiveReportsAfter(Tx& tx, const std::string& instansi,
                                       const std::string& post,
                                       absl::CivilDay day) const {
  return tx
      .exec_params1(
          "SELECT count(*) FROM posts WHERE instansi_id = $1 AND reports_to = "
          "$2 AND (valid_to IS NULL OR valid_to > $3::date)",
          instansi, post, ToIsoDate(day))[0]
      .as<int>();
}

std::vector<PostRow> PgKedudukanStore::ListPosts(
    Tx& tx, const std::string& instansi, absl::CivilDay day,
    const std::string& unit, const std::string& pd, const std::string& after,
    int limit) const {
  auto rows =
      tx.exec_params(absl::StrCat(kPostSelect,
                                  "AND p.valid_from <= $2::date AND "
                                  "(p.valid_to IS NULL OR p.valid_to > "
                                  "$2::date) AND ($3 = '' OR p.unit_id = $3) "
                                  "AND ($4 = '' OR uv.pd_id = $4) "
                                  "AND p.id > $5 ORDER BY p.id LIMIT $6"),
                     instansi, ToIsoDate(day), unit, pd, after, limit);
  std::vector<PostRow> out;
  for (const auto& r : rows) out.push_back(ReadPost(r));
  return out;
}

std::optional<std::string> PgKedudukanStore::MarkedPost(
    Tx& tx, const std::string& instansi, const std::string& unit,
    const std::string& pd, const char* marker, absl::CivilDay day) const {
  auto rows =
      tx.exec_params(absl::StrCat(kPostSelect,
                                  "AND p.valid_from <= $2::date AND "
                                  "(p.valid_to IS NULL OR p.valid_to > "
                                  "$2::date) AND (($3 = 'head_of_unit' AND "
                                  "p.head_of_unit AND p.unit_id = $4) "
                                  "OR ($3 = 'head_of_pd' AND p.head_of_pd AND "
                                  "uv.pd_id = $5) OR ($3 = 'sekda' "
                                  "AND p.sekda)) LIMIT 1"),
                     instansi, ToIsoDate(day), std::string(marker), unit, pd);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

std::vector<sisker::v1::Person> PgKedudukanStore::Subordinates(
    Tx& tx, const std::string& instansi, const std::string& post,
    absl::CivilDay day) const {
  auto rows = tx.exec_params(
      "SELECT x.pegawai_id, pg.display_name, x.post_id, x.acting FROM (SELECT "
      "pl.pegawai_id, "
      "pl.post_id, '' AS acting FROM placements pl JOIN posts p ON "
      "p.instansi_id = "
      "pl.instansi_id AND p.id = pl.post_id WHERE pl.instansi_id = $1 AND "
      "p.reports_to = $2 "
      "AND pl.valid_from <= $3::date AND (pl.valid_to IS NULL OR pl.valid_to > "
      "$3::date) "
      "UNION ALL SELECT a.pegawai_id, a.post_id, a.kind FROM "
      "acting_appointments a JOIN posts "
      "p ON p.instansi_id = a.instansi_id AND p.id = a.post_id WHERE "
      "a.instansi_id = $1 AND "
      "p.reports_to = $2 AND a.valid_from <= $3::date AND a.valid_to > "
      "$3::date) x JOIN "
      "pegawai pg ON pg.instansi_id = $1 AND pg.id = x.pegawai_id ORDER BY "
      "x.post_id, "
      "x.pegawai_id",
      instansi, post, ToIsoDate(day));
  std::vector<sisker::v1::Person> out;
  for (const auto& r : rows) {
    sisker::v1::Person person;
    person.set_person(PegawaiName(instansi, r[0].as<std::string>()));
    person.set_display_name(r[1].as<std::string>());
    person.set_post(PostName(instansi, r[2].as<std::string>()));
    person.set_acting(r[3].as<std::string>());
    out.push_back(std::move(person));
  }
  return out;
}

std::optional<sisker::v1::Pegawai> PgKedudukanStore::GetPegawai(
    Tx& tx, const std::string& instansi, const std::string& id) const {
  auto rows = tx.exec_prepared("org_pegawai_by_id", instansi, id);
  if (rows.empty()) return std::nullopt;
  return ReadPegawai(rows[0]);
}

std::optional<std::string> PgKedudukanStore::PegawaiIdByNip(
    Tx& tx, const std::string& instansi, const std::string& nip) const {
  auto rows = tx.exec_params(
      "SELECT id FROM pegawai WHERE instansi_id = $1 AND nip = $2", instansi,
      nip);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

void PgKedudukanStore::InsertPegawai(Tx& tx, const std::string& instansi,
                                     const std::string& id,
                                     const sisker::v1::Pegawai& p) const {
  tx.exec_params0(
      "INSERT INTO pegawai (instansi_id, id, nip, display_name, gelar_depan, "
      "gelar_belakang, "
      "asn_kind, golongan, pangkat, status, status_from, birth_date, subject) "
      "VALUES ($1, $2, "
      "$3, $4, $5, $6, $7, $8, $9, $10, $11::date, $12::date, $13)",
      instansi, id, p.nip(), p.display_name(), p.gelar_depan(),
      p.gelar_belakang(), sisker::v1::Pegawai::AsnKind_Name(p.asn_kind()),
      p.golongan(), p.pangkat(), sisker::v1::Pegawai::Status_Name(p.status()),
      ToIsoDate(common::ToCivilDay(p.status_from())),
      ToIsoDate(common::ToCivilDay(p.birth_date())), OptText(p.subject()));
  RecordStatus(tx, instansi, id, p);
}

void PgKedudukanStore::RecordStatus(Tx& tx, const std::string& instansi,
                                    const std::string& id,
                                    const sisker::v1::Pegawai& p) const {
  // A second status on the same date corrects the first.
  tx.exec_params0(
      "INSERT INTO pegawai_status_history (instansi_id, pegawai_id, "
      "valid_from, status) VALUES ($1, $2, $3::date, $4) ON CONFLICT "
      "(instansi_id, pegawai_id, valid_from) DO UPDATE SET status = "
      "excluded.status, recorded_at = now() WHERE "
      "pegawai_status_history.status <> excluded.status",
      instansi, id, ToIsoDate(common::ToCivilDay(p.status_from())),
      sisker::v1::Pegawai::Status_Name(p.status()));
}

std::vector<sisker::v1::Pegawai::StatusPeriod> PgKedudukanStore::StatusHistory(
    Tx& tx, const std::string& instansi, const std::string& id) const {
  auto rows = tx.exec_params(
      "SELECT status, valid_from, lead(valid_from) OVER (ORDER BY valid_from) "
      "FROM pegawai_status_history WHERE instansi_id = $1 AND pegawai_id = $2 "
      "ORDER BY valid_from",
      instansi, id);
  std::vector<sisker::v1::Pegawai::StatusPeriod> out;
  for (const auto& row : rows) {
    sisker::v1::Pegawai::StatusPeriod period;
    sisker::v1::Pegawai::Status status =
        sisker::v1::Pegawai::STATUS_UNSPECIFIED;
    sisker::v1::Pegawai::Status_Parse(row[0].as<std::string>(), &status);
    period.set_status(status);
    *period.mutable_from() = common::ToProtoDate(*OptDay(row[1]));
    if (auto to = OptDay(row[2]))
      *period.mutable_to() = common::ToProtoDate(*to);
    out.push_back(std::move(period));
  }
  return out;
}

void PgKedudukanStore::UpdatePegawai(Tx& tx, const std::string& instansi,
                                     const std::string& id,
                                     const sisker::v1::Pegawai& p) const {
  tx.exec_params0(
      "UPDATE pegawai SET display_name = $3, gelar_depan = $4, gelar_belakang "
      "= $5, golongan = "
      "$6, pangkat = $7, status = $8, status_from = $9::date, subject = $10, "
      "version = version "
      "+ 1 WHERE instansi_id = $1 AND id = $2",
      instansi, id, p.display_name(), p.gelar_depan(), p.gelar_belakang(),
      p.golongan(), p.pangkat(), sisker::v1::Pegawai::Status_Name(p.status()),
      ToIsoDate(common::ToCivilDay(p.status_from())), OptText(p.subject()));
  RecordStatus(tx, instansi, id, p);
}

std::optional<sisker::v1::SubjectPerson> PgKedudukanStore::PersonBySubject(
    Tx& tx, const std::string& instansi, const std::string& subject,
    absl::CivilDay day) const {
  auto rows = tx.exec_params(
      "SELECT 'PEGAWAI', id, display_name FROM pegawai WHERE instansi_id = $1 "
      "AND subject = $2 "
      "AND coalesce((SELECT h.status FROM pegawai_status_history h WHERE "
      "h.instansi_id = pegawai.instansi_id AND h.pegawai_id = pegawai.id AND "
      "h.valid_from <= $3::date ORDER BY h.valid_from DESC LIMIT 1), status) "
      "= 'ACTIVE' UNION ALL SELECT 'OFFICIAL', id, display_name "
      "FROM officials "
      "WHERE instansi_id = $1 AND subject = $2 AND valid_from <= $3::date AND "
      "(valid_to IS "
      "NULL OR valid_to > $3::date) UNION ALL SELECT 'EXTERNAL', id, "
      "display_name FROM external_participants WHERE instansi_id = $1 AND "
      "subject = $2 AND valid_from <= $3::date AND (valid_to IS NULL OR "
      "valid_to > $3::date) LIMIT 1",
      instansi, subject, ToIsoDate(day));
  if (rows.empty()) return std::nullopt;
  sisker::v1::SubjectPerson out;
  const std::string kind = rows[0][0].as<std::string>();
  const std::string id = rows[0][1].as<std::string>();
  if (kind == "PEGAWAI") {
    out.set_kind(sisker::v1::SubjectPerson::PEGAWAI);
    out.mutable_person()->set_person(PegawaiName(instansi, id));
  } else if (kind == "OFFICIAL") {
    out.set_kind(sisker::v1::SubjectPerson::OFFICIAL);
    out.mutable_person()->set_person(
        absl::StrCat("instansi/", instansi, "/officials/", id));
  } else {
    out.set_kind(sisker::v1::SubjectPerson::EXTERNAL_PARTICIPANT);
    out.mutable_person()->set_person(ExternalParticipantName(instansi, id));
  }
  out.mutable_person()->set_display_name(rows[0][2].as<std::string>());
  return out;
}

std::vector<sisker::v1::Pegawai> PgKedudukanStore::ListPegawai(
    Tx& tx, const std::string& instansi, const std::string& nip,
    const std::string& after, int limit) const {
  auto rows =
      tx.exec_params(absl::StrCat("SELECT ", kPegawaiColumns,
                                  " FROM pegawai WHERE instansi_id = $1 AND "
                                  "($2 = '' OR nip = $2) AND id > $3 "
                                  "ORDER BY id LIMIT $4"),
                     instansi, nip, after, limit);
  std::vector<sisker::v1::Pegawai> out;
  for (const auto& r : rows) out.push_back(ReadPegawai(r));
  return out;
}

int PgKedudukanStore::PlacementsFrom(Tx& tx, const std::string& instansi,
                                     const std::string& post,
                                     absl::CivilDay day) const {
  return tx
      .exec_params1(
          "SELECT count(*) FROM placements WHERE instansi_id = $1 AND post_id "
          "= $2 AND "
          "(valid_to IS NULL OR valid_to > $3::date)",
          instansi, post, ToIsoDate(day))[0]
      .as<int>();
}

std::optional<PlacementRow> PgKedudukanStore::LatestPlacement(
    Tx& tx, const std::string& instansi, const std::string& pegawai) const {
  auto rows = tx.exec_params(absl::StrCat("SELECT ", kPlacementColumns,
                                          " FROM placements WHERE instansi_id "
                                          "= $1 AND pegawai_id = $2 ORDER BY "
                                          "valid_from DESC LIMIT 1"),
                             instansi, pegawai);
  if (rows.empty()) return std::nullopt;
  return ReadPlacement(rows[0]);
}

std::optional<PlacementRow> PgKedudukanStore::PlacementOn(
    Tx& tx, const std::string& instansi, const std::string& pegawai,
    absl::CivilDay day) const {
  auto rows =
      tx.exec_prepared("org_placement_on", instansi, pegawai, ToIsoDate(day));
  if (rows.empty()) return std::nullopt;
  return ReadPlacement(rows[0]);
}

void PgKedudukanStore::EndPlacement(Tx& tx, const std::string& instansi,
                                    const std::string& id,
                                    absl::CivilDay day) const {
  tx.exec_params0(
      "UPDATE placements SET valid_to = $3::date WHERE instansi_id = $1 AND id "
      "= $2",
      instansi, id, ToIsoDate(day));
}

void PgKedudukanStore::InsertPlacement(Tx& tx, const std::string& instansi,
                                       const PlacementRow& p) const {
  tx.exec_params0(
      "INSERT INTO placements (instansi_id, id, pegawai_id, post_id, kind, "
      "valid_from, "
      "valid_to, sk_number, sk_date) VALUES ($1, $2, $3, $4, $5, $6::date, "
      "$7::date, $8, "
      "$9::date)",
      instansi, p.id, p.pegawai_id, p.post_id, p.kind, ToIsoDate(p.valid_from),
      OptDayText(p.valid_to), p.sk_number, OptDayText(p.sk_date));
}

std::optional<std::pair<std::string, absl::CivilDay>>
PgKedudukanStore::ActingEndingOn(Tx& tx, const std::string& instansi,
                                 const std::string& pegawai,
                                 const std::string& post,
                                 absl::CivilDay day) const {
  auto rows = tx.exec_params(
      "SELECT id, valid_from FROM acting_appointments WHERE instansi_id = $1 "
      "AND pegawai_id = "
      "$2 AND post_id = $3 AND valid_to = $4::date LIMIT 1",
      instansi, pegawai, post, ToIsoDate(day));
  if (rows.empty()) return std::nullopt;
  return std::pair{rows[0][0].as<std::string>(), Day(rows[0][1])};
}

bool PgKedudukanStore::ActingOverlaps(Tx& tx, const std::string& instansi,
                                      const std::string& post,
                                      absl::CivilDay from,
                                      absl::CivilDay to) const {
  return !tx.exec_params(
                "SELECT 1 FROM acting_appointments WHERE instansi_id = $1 AND "
                "post_id = $2 "
                "AND valid_from < $4::date AND valid_to > $3::date LIMIT 1",
                instansi, post, ToIsoDate(from), ToIsoDate(to))
              .empty();
}

void PgKedudukanStore::InsertActing(Tx& tx, const std::string& instansi,
                                    const std::string& id,
                                    const sisker::v1::ActingAppointment& a,
                                    const std::string& pegawai_id,
                                    const std::string& post_id,
                                    const std::string& extends_id,
                                    const std::string& source) const {
  tx.exec_params0(
      "INSERT INTO acting_appointments (instansi_id, id, pegawai_id, post_id, "
      "kind, "
      "valid_from, valid_to, surat_perintah, extends_id, eligibility_source) "
      "VALUES ($1, $2, "
      "$3, $4, $5, $6::date, $7::date, $8, $9, $10)",
      instansi, id, pegawai_id, post_id,
      sisker::v1::ActingAppointment::Kind_Name(a.kind()),
      ToIsoDate(common::ToCivilDay(a.valid_from())),
      ToIsoDate(common::ToCivilDay(a.valid_to())), a.surat_perintah(),
      OptText(extends_id), source);
}

void PgKedudukanStore::InsertDelegation(
    Tx& tx, const std::string& instansi, const std::string& id,
    const sisker::v1::Delegation& d, const std::string& delegate,
    const std::string& for_pegawai, const std::string& for_post,
    const std::string& delegating_post) const {
  std::optional<std::string> to;
  if (common::IsSet(d.valid_to()))
    to = ToIsoDate(common::ToCivilDay(d.valid_to()));
  tx.exec_params0(
      "INSERT INTO delegations (instansi_id, id, kind, delegate_pegawai_id, "
      "for_pegawai_id, "
      "for_post_id, delegating_post_id, signing_mode, valid_from, valid_to, "
      "legal_basis) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10::date, $11)",
      instansi, id, sisker::v1::Delegation::Kind_Name(d.kind()), delegate,
      OptText(for_pegawai), OptText(for_post), OptText(delegating_post),
      d.signing_mode() == sisker::v1::Delegation::SIGNING_MODE_UNSPECIFIED
          ? std::string()
          : sisker::v1::Delegation::SigningMode_Name(d.signing_mode()),
      ToIsoDate(common::ToCivilDay(d.valid_from())), to, d.legal_basis());
}

void PgKedudukanStore::InsertOfficial(Tx& tx, const std::string& instansi,
                                      const std::string& id,
                                      const sisker::v1::Official& o) const {
  std::optional<std::string> to;
  if (common::IsSet(o.valid_to()))
    to = ToIsoDate(common::ToCivilDay(o.valid_to()));
  tx.exec_params0(
      "INSERT INTO officials (instansi_id, id, role, display_name, subject, "
      "valid_from, "
      "valid_to) VALUES ($1, $2, $3, $4, $5, $6::date, $7::date)",
      instansi, id, sisker::v1::Official::Role_Name(o.role()), o.display_name(),
      OptText(o.subject()), ToIsoDate(common::ToCivilDay(o.valid_from())), to);
}

std::pair<std::vector<sisker::v1::PersonalDataRead>, std::vector<int64_t>>
PgKedudukanStore::PersonalDataReads(Tx& tx, const std::string& instansi,
                                    const std::string& pegawai,
                                    const std::string& actor, int64_t before_id,
                                    int limit) const {
  auto rows = tx.exec_params(
      "SELECT id, subject_id, actor_subject, actor_kind, fields, method, "
      "trace_id, "
      "extract(epoch FROM read_at) FROM personal_data_reads WHERE instansi_id "
      "= $1 AND ($2 = "
      "'' OR subject_id = $2) AND ($3 = '' OR actor_subject = $3) AND ($4 = 0 "
      "OR id < $4) "
      "ORDER BY id DESC LIMIT $5",
      instansi, pegawai, actor, before_id, limit);
  std::vector<sisker::v1::PersonalDataRead> reads;
  std::vector<int64_t> ids;
  for (const auto& r : rows) {
    sisker::v1::PersonalDataRead read;
    // External participants are recorded by their full name.
    const std::string subject = r[1].as<std::string>();
    read.set_pegawai(subject.find('/') != std::string::npos
                         ? subject
                         : PegawaiName(instansi, subject));
    read.set_actor(r[2].as<std::string>());
    read.set_actor_kind(r[3].as<std::string>());
    read.set_fields(r[4].as<std::string>());
    read.set_method(r[5].as<std::string>());
    read.set_trace_id(r[6].as<std::string>());
    const double epoch = r[7].as<double>();
    read.mutable_read_time()->set_seconds(static_cast<int64_t>(epoch));
    read.mutable_read_time()->set_nanos(
        static_cast<int32_t>((epoch - static_cast<int64_t>(epoch)) * 1e9));
    reads.push_back(std::move(read));
    ids.push_back(r[0].as<int64_t>());
  }
  return {std::move(reads), std::move(ids)};
}

std::vector<sisker::v1::PostHolding> PgKedudukanStore::Holdings(
    Tx& tx, const std::string& instansi, const std::string& post) const {
  auto rows = tx.exec_params(
      "SELECT pl.pegawai_id, pg.display_name, '' AS acting, pl.valid_from, "
      "pl.valid_to, "
      "pl.sk_number FROM placements pl JOIN pegawai pg ON pg.instansi_id = "
      "pl.instansi_id AND "
      "pg.id = pl.pegawai_id WHERE pl.instansi_id = $1 AND pl.post_id = $2 "
      "UNION ALL "
      "SELECT a.pegawai_id, pg.display_name, a.kind, a.valid_from, a.valid_to, "
      "a.surat_perintah FROM acting_appointments a JOIN pegawai pg ON "
      "pg.instansi_id = "
      "a.instansi_id AND pg.id = a.pegawai_id WHERE a.instansi_id = $1 AND "
      "a.post_id = $2 "
      "ORDER BY 4, 3",
      instansi, post);
  std::vector<sisker::v1::PostHolding> out;
  for (const auto& r : rows) {
    sisker::v1::PostHolding h;
    h.mutable_person()->set_person(
        PegawaiName(instansi, r[0].as<std::string>()));
    h.mutable_person()->set_display_name(r[1].as<std::string>());
    h.mutable_person()->set_post(
        absl::StrCat("instansi/", instansi, "/posts/", post));
    h.mutable_person()->set_acting(r[2].as<std::string>());
    *h.mutable_valid_from() = common::ToProtoDate(Day(r[3]));
    if (!r[4].is_null()) *h.mutable_valid_to() = common::ToProtoDate(Day(r[4]));
    h.set_basis(r[5].as<std::string>());
    out.push_back(std::move(h));
  }
  return out;
}

// --- Snapshot -------------------------------------------------------------

const PostAt* PgStructureSnapshot::Post(const std::string& post_id) const {
  auto it = posts_.find(post_id);
  if (it == posts_.end()) {
    auto row = store_.GetPost(tx_, instansi_, post_id, day_);
    if (row &&
        (row->valid_from > day_ || (row->valid_to && *row->valid_to <= day_))) {
      row.reset();
    }
    it = posts_.emplace(post_id, std::move(row)).first;
  }
  return it->second ? &it->second->at : nullptr;
}

std::optional<Occupant> PgStructureSnapshot::OccupantOf(
    const std::string& post_id) const {
  const std::string day = ToIsoDate(day_);
  auto holder = tx_.exec_prepared("org_post_holder", instansi_, post_id, day);
  if (!holder.empty()) {
    return Occupant{holder[0][0].as<std::string>(),
                    holder[0][1].as<std::string>(), Occupant::How::kHolder};
  }
  auto acting = tx_.exec_prepared("org_post_acting", instansi_, post_id, day);
  if (acting.empty()) return std::nullopt;
  return Occupant{
      acting[0][0].as<std::string>(), acting[0][1].as<std::string>(),
      acting[0][2].as<std::string>() == "PLH" ? Occupant::How::kPlh
                                              : Occupant::How::kPlt};
}

std::optional<DelegationAt> PgStructureSnapshot::AssessorDelegation(
    const std::string& pegawai_id, const std::string& post_id) const {
  auto rows = tx_.exec_prepared("org_assessor_delegation", instansi_,
                                pegawai_id, post_id, ToIsoDate(day_));
  if (rows.empty()) return std::nullopt;
  return DelegationAt{rows[0][0].as<std::string>(),
                      rows[0][1].as<std::string>(),
                      rows[0][2].as<std::string>()};
}

std::vector<PgStructureSnapshot::SigningDelegation>
PgStructureSnapshot::SigningDelegations(const std::string& pegawai_id) const {
  std::vector<SigningDelegation> out;
  for (const auto& r : tx_.exec_prepared("org_signing_delegations", instansi_,
                                         pegawai_id, ToIsoDate(day_))) {
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(),
                   r[2].as<std::string>(), r[3].as<std::string>()});
  }
  return out;
}

std::vector<std::string> PgStructureSnapshot::ActingPosts(
    const std::string& pegawai_id) const {
  std::vector<std::string> out;
  for (const auto& r : tx_.exec_prepared("org_acting_posts", instansi_,
                                         pegawai_id, ToIsoDate(day_))) {
    out.push_back(r[0].as<std::string>());
  }
  return out;
}

bool PgStructureSnapshot::PdHasAdministratorPost(
    const std::string& pd_id) const {
  return !tx_.exec_prepared("org_pd_has_administrator", instansi_,
                            ToIsoDate(day_), pd_id)
              .empty();
}

const PostAt* PgStructureSnapshot::SekdaPost() const {
  auto rows = tx_.exec_prepared("org_sekda_post", instansi_, ToIsoDate(day_));
  if (rows.empty()) return nullptr;
  return Post(rows[0][0].as<std::string>());
}

std::optional<Occupant> PgStructureSnapshot::Bupati() const {
  auto rows = tx_.exec_prepared("org_bupati", instansi_, ToIsoDate(day_));
  if (rows.empty()) return std::nullopt;
  return Occupant{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(),
                  Occupant::How::kOfficial};
}

bool PgStructureSnapshot::UnitWithin(const std::string& unit_id,
                                     const std::string& ancestor_id) const {
  return !tx_.exec_prepared("org_unit_within", instansi_, unit_id, ancestor_id,
                            ToIsoDate(day_))
              .empty();
}

}  // namespace sisker::org
