#include "services/org/pg_external_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/dates.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

constexpr char kColumns[] =
    "id, display_name, gelar_depan, gelar_belakang, origin_institution, "
    "origin_position, home_letter_number, home_letter_date, valid_from, "
    "valid_to, coalesce(subject, ''), version, "
    "extract(epoch FROM create_time)::bigint, "
    "coalesce(home_letter_attachment::text, '') ";

std::optional<std::string> Opt(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

absl::CivilDay Day(const pqxx::field& f) {
  absl::CivilDay day;
  absl::ParseCivilTime(f.as<std::string>(), &day);
  return day;
}

ExternalRow Read(const std::string& instansi, const pqxx::row& r) {
  ExternalRow row;
  auto& p = row.participant;
  p.set_name(ExternalParticipantName(instansi, r[0].as<std::string>()));
  p.set_display_name(r[1].as<std::string>());
  p.set_gelar_depan(r[2].as<std::string>());
  p.set_gelar_belakang(r[3].as<std::string>());
  p.set_origin_institution(r[4].as<std::string>());
  p.set_origin_position(r[5].as<std::string>());
  p.set_home_letter_number(r[6].as<std::string>());
  *p.mutable_home_letter_date() = common::ToProtoDate(Day(r[7]));
  *p.mutable_effective_from() = common::ToProtoDate(Day(r[8]));
  if (!r[9].is_null())
    *p.mutable_effective_to() = common::ToProtoDate(Day(r[9]));
  p.set_subject(r[10].as<std::string>());
  p.set_etag(r[11].as<std::string>());
  p.mutable_create_time()->set_seconds(r[12].as<int64_t>());
  row.attachment_id = r[13].as<std::string>();
  return row;
}

}  // namespace

void PgExternalStore::Insert(Tx& tx, const std::string& instansi,
                             const std::string& id,
                             const sisker::v1::ExternalParticipant& p,
                             const std::string& attachment_id) const {
  std::optional<std::string> valid_to;
  if (common::IsSet(p.effective_to()))
    valid_to = common::ToIsoDate(common::ToCivilDay(p.effective_to()));
  tx.exec_params0(
      "INSERT INTO external_participants (instansi_id, id, display_name, "
      "gelar_depan, gelar_belakang, origin_institution, origin_position, "
      "home_letter_number, home_letter_date, home_letter_attachment, "
      "valid_from, valid_to, subject) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9::date, $10::uuid, $11::date, $12::date, $13)",
      instansi, id, p.display_name(), p.gelar_depan(), p.gelar_belakang(),
      p.origin_institution(), p.origin_position(), p.home_letter_number(),
      common::ToIsoDate(common::ToCivilDay(p.home_letter_date())),
      Opt(attachment_id),
      common::ToIsoDate(common::ToCivilDay(p.effective_from())), valid_to,
      Opt(p.subject()));
}

std::optional<ExternalRow> PgExternalStore::Get(Tx& tx,
                                                const std::string& instansi,
                                                const std::string& id) const {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kColumns,
                   "FROM external_participants WHERE instansi_id = $1 AND id "
                   "= $2"),
      instansi, id);
  if (rows.empty()) return std::nullopt;
  return Read(instansi, rows[0]);
}

std::vector<ExternalRow> PgExternalStore::List(Tx& tx,
                                               const std::string& instansi,
                                               absl::CivilDay day,
                                               const std::string& after,
                                               int limit) const {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kColumns,
                   "FROM external_participants WHERE instansi_id = $1 AND "
                   "valid_from <= $2::date AND (valid_to IS NULL OR valid_to "
                   "> $2::date) AND id > $3 ORDER BY id LIMIT $4"),
      instansi, common::ToIsoDate(day), after, limit);
  std::vector<ExternalRow> out;
  for (const auto& r : rows) out.push_back(Read(instansi, r));
  return out;
}

bool PgExternalStore::SubjectTaken(Tx& tx, const std::string& instansi,
                                   const std::string& subject) const {
  return !tx.exec_params(
                "SELECT 1 FROM pegawai WHERE instansi_id = $1 AND subject = "
                "$2 UNION ALL SELECT 1 FROM external_participants WHERE "
                "instansi_id = $1 AND subject = $2 LIMIT 1",
                instansi, subject)
              .empty();
}

}  // namespace sisker::org
