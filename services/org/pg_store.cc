// SQL for the org structure.
#include "services/org/pg_store.h"

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/resource_names.h"
#include "google/protobuf/util/time_util.h"

namespace sisker::org {
namespace {

using common::ToIsoDate;
using google::protobuf::util::TimeUtil;

absl::CivilDay Day(const pqxx::field& f) {
  return *common::ParseIsoDate(f.as<std::string>());
}
std::optional<absl::CivilDay> OptDay(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return Day(f);
}
std::optional<std::string> OptDayText(const std::optional<absl::CivilDay>& d) {
  if (!d.has_value()) return std::nullopt;
  return ToIsoDate(*d);
}
std::optional<std::string> NullIfEmpty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}
std::string Text(const pqxx::field& f) {
  return f.is_null() ? std::string() : f.as<std::string>();
}
google::protobuf::Timestamp Stamp(const pqxx::field& f) {
  google::protobuf::Timestamp ts;
  (void)TimeUtil::FromString(f.as<std::string>(), &ts);
  return ts;
}

constexpr char kPdColumns[] =
    "pd_id, seq, valid_from, valid_to, display_name, kind, code, successor_id";
PdVersion ReadPd(const pqxx::row& r) {
  return PdVersion{r[0].as<std::string>(),
                   r[1].as<int>(),
                   Day(r[2]),
                   OptDay(r[3]),
                   r[4].as<std::string>(),
                   r[5].as<std::string>(),
                   r[6].as<std::string>(),
                   Text(r[7])};
}

constexpr char kUnitColumns[] =
    "unit_id, seq, valid_from, valid_to, pd_id, parent_unit_id, display_name, "
    "kind, successor_id";
UnitVersion ReadUnit(const pqxx::row& r) {
  return UnitVersion{
      r[0].as<std::string>(), r[1].as<int>(),         Day(r[2]),
      OptDay(r[3]),           r[4].as<std::string>(), Text(r[5]),
      r[6].as<std::string>(), r[7].as<std::string>(), Text(r[8])};
}

constexpr char kInstansiColumns[] =
    "id, display_name, time_zone, policy_profile, policy_profile_version, "
    "version, to_char(create_time AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), to_char(update_time AT TIME ZONE "
    "'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
InstansiRow ReadInstansi(const pqxx::row& r) {
  InstansiRow row;
  row.id = r[0].as<std::string>();
  row.version = r[5].as<int64_t>();
  auto& p = row.proto;
  p.set_name("instansi/" + row.id);
  p.set_display_name(r[1].as<std::string>());
  p.set_time_zone(r[2].as<std::string>());
  p.set_policy_profile("policyProfiles/" + r[3].as<std::string>());
  p.set_policy_profile_version(r[4].as<int>());
  *p.mutable_create_time() = Stamp(r[6]);
  *p.mutable_update_time() = Stamp(r[7]);
  p.set_etag(absl::StrCat(row.version));
  return row;
}

constexpr char kGrantColumns[] =
    "id, subject, role, scope_pd_id, valid_from, valid_to, granted_by, reason, "
    "revoked, revoked_by, revoke_reason, version, to_char(create_time AT TIME "
    "ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), instansi_id";
sisker::v1::RoleGrant ReadGrant(const pqxx::row& r) {
  sisker::v1::RoleGrant g;
  const std::string instansi = r[13].as<std::string>();
  g.set_name(absl::StrCat("instansi/", instansi, "/roleGrants/",
                          r[0].as<std::string>()));
  g.set_subject(r[1].as<std::string>());
  sisker::v1::RoleGrant::Role role = sisker::v1::RoleGrant::ROLE_UNSPECIFIED;
  sisker::v1::RoleGrant::Role_Parse(r[2].as<std::string>(), &role);
  g.set_role(role);
  if (!r[3].is_null()) {
    g.set_scope_perangkat_daerah(absl::StrCat(
        "instansi/", instansi, "/perangkatDaerah/", r[3].as<std::string>()));
  }
  *g.mutable_valid_from() = common::ToProtoDate(Day(r[4]));
  if (!r[5].is_null()) *g.mutable_valid_to() = common::ToProtoDate(Day(r[5]));
  g.set_granted_by(r[6].as<std::string>());
  g.set_reason(r[7].as<std::string>());
  g.set_revoked(r[8].as<bool>());
  g.set_revoked_by(r[9].as<std::string>());
  g.set_revoke_reason(r[10].as<std::string>());
  g.set_etag(r[11].as<std::string>());
  *g.mutable_create_time() = Stamp(r[12]);
  return g;
}

}  // namespace

void PrepareStructureStatements(pqxx::connection& conn) {
  conn.prepare("org_instansi_by_id",
               absl::StrCat("SELECT ", kInstansiColumns,
                            " FROM instansi WHERE id = $1"));
}

std::optional<InstansiRow> PgStore::GetInstansi(Tx& tx,
                                                const std::string& id) const {
  auto rows = tx.exec_prepared("org_instansi_by_id", id);
  if (rows.empty()) return std::nullopt;
  return ReadInstansi(rows[0]);
}

void PgStore::InsertInstansi(Tx& tx, const std::string& id,
                             const sisker::v1::Instansi& instansi) const {
  tx.exec_params0(
      "INSERT INTO instansi (id, display_name, time_zone, policy_profile, "
      "policy_profile_version) VALUES ($1, $2, $3, $4, $5)",
      id, instansi.display_name(), instansi.time_zone(),
      instansi.policy_profile().substr(instansi.policy_profile().find('/') + 1),
      instansi.policy_profile_version());
}

void PgStore::UpdateInstansi(Tx& tx, const std::string& id,
                             const sisker::v1::Instansi& instansi) const {
  tx.exec_params0(
      "UPDATE instansi SET display_name = $2, time_zone = $3, policy_profile = "
      "$4, policy_profile_version = $5, version = version + 1, update_time = "
      "now() WHERE id = $1",
      id, instansi.display_name(), instansi.time_zone(),
      instansi.policy_profile().substr(instansi.policy_profile().find('/') + 1),
      instansi.policy_profile_version());
}

std::vector<InstansiRow> PgStore::ListInstansi(
    Tx& tx, const std::string& after_id, int limit,
    const std::string& only_id) const {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kInstansiColumns,
                   " FROM instansi WHERE id > $1 AND ($2 = '' OR id = $2) "
                   "ORDER BY id LIMIT $3"),
      after_id, only_id, limit);
  std::vector<InstansiRow> out;
  for (const auto& r : rows) out.push_back(ReadInstansi(r));
  return out;
}

bool PgStore::PdExists(Tx& tx, const std::string& instansi,
                       const std::string& pd) const {
  return !tx.exec_params(
                "SELECT 1 FROM perangkat_daerah WHERE instansi_id = "
                "$1 AND id = $2",
                instansi, pd)
              .empty();
}

int64_t PgStore::PdVersionNumber(Tx& tx, const std::string& instansi,
                                 const std::string& pd) const {
  auto rows = tx.exec_params(
      "SELECT version FROM perangkat_daerah WHERE instansi_id = $1 AND id = $2",
      instansi, pd);
  return rows.empty() ? 0 : rows[0][0].as<int64_t>();
}

std::vector<PdVersion> PgStore::PdVersions(Tx& tx, const std::string& instansi,
                                           const std::string& pd) const {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kPdColumns,
                   " FROM perangkat_daerah_versions WHERE instansi_id = $1 AND "
                   "pd_id = $2 ORDER BY seq"),
      instansi, pd);
  std::vector<PdVersion> out;
  for (const auto& r : rows) out.push_back(ReadPd(r));
  return out;
}

void PgStore::InsertPd(Tx& tx, const std::string& instansi,
                       const PdVersion& first) const {
  tx.exec_params0(
      "INSERT INTO perangkat_daerah (instansi_id, id) VALUES ($1, $2)",
      instansi, first.pd_id);
  tx.exec_params0(
      "INSERT INTO perangkat_daerah_versions (instansi_id, pd_id, seq, "
      "valid_from, display_name, kind, code) VALUES ($1, $2, 1, $3::date, $4, "
      "$5, $6)",
      instansi, first.pd_id, ToIsoDate(first.from), first.display_name,
      first.kind, first.code);
}

int64_t PgStore::ChangePd(Tx& tx, const std::string& instansi,
                          const std::string& pd, absl::CivilDay day,
                          const std::optional<PdVersion>& next,
                          const std::string& successor) const {
  tx.exec_params0(
      "UPDATE perangkat_daerah_versions SET valid_to = $3::date, successor_id "
      "= $4 WHERE instansi_id = $1 AND pd_id = $2 AND valid_to IS NULL",
      instansi, pd, ToIsoDate(day), NullIfEmpty(successor));
  if (next.has_value()) {
    tx.exec_params0(
        "INSERT INTO perangkat_daerah_versions (instansi_id, pd_id, seq, "
        "valid_from, display_name, kind, code) SELECT $1, $2, max(seq) + 1, "
        "$3::date, $4, $5, $6 FROM perangkat_daerah_versions WHERE "
        "instansi_id = $1 AND pd_id = $2",
        instansi, pd, ToIsoDate(day), next->display_name, next->kind,
        next->code);
  }
  return tx
      .exec_params1(
          "UPDATE perangkat_daerah SET version = version + 1 WHERE instansi_id "
          "= $1 AND id = $2 RETURNING version",
          instansi, pd)[0]
      .as<int64_t>();
}

std::vector<PdVersion> PgStore::ListPdAt(Tx& tx, const std::string& instansi,
                                         absl::CivilDay day,
                                         const std::string& after_id, int limit,
                                         const std::string& kind) const {
  auto rows = tx.exec_params(
      absl::StrCat(
          "SELECT ", kPdColumns,
          " FROM perangkat_daerah_versions WHERE instansi_id = $1 AND "
          "valid_from <= $2::date AND (valid_to IS NULL OR valid_to > "
          "$2::date) AND pd_id > $3 AND ($4 = '' OR kind = $4) ORDER BY pd_id "
          "LIMIT $5"),
      instansi, ToIsoDate(day), after_id, kind, limit);
  std::vector<PdVersion> out;
  for (const auto& r : rows) out.push_back(ReadPd(r));
  return out;
}

bool PgStore::UnitExists(Tx& tx, const std::string& instansi,
                         const std::string& unit) const {
  return !tx.exec_params(
                "SELECT 1 FROM units WHERE instansi_id = $1 AND id = $2",
                instansi, unit)
              .empty();
}

int64_t PgStore::UnitVersionNumber(Tx& tx, const std::string& instansi,
                                   const std::string& unit) const {
  auto rows = tx.exec_params(
      "SELECT version FROM units WHERE instansi_id = $1 AND id = $2", instansi,
      unit);
  return rows.empty() ? 0 : rows[0][0].as<int64_t>();
}

std::vector<UnitVersion> PgStore::UnitVersions(Tx& tx,
                                               const std::string& instansi,
                                               const std::string& unit) const {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kUnitColumns,
                   " FROM unit_versions WHERE instansi_id = $1 AND unit_id = "
                   "$2 ORDER BY seq"),
      instansi, unit);
  std::vector<UnitVersion> out;
  for (const auto& r : rows) out.push_back(ReadUnit(r));
  return out;
}

std::vector<UnitVersion> PgStore::UnitVersionsOfPds(
    Tx& tx, const std::string& instansi,
    const std::vector<std::string>& pds) const {
  std::string list = "{";
  for (size_t i = 0; i < pds.size(); ++i) {
    absl::StrAppend(&list, i ? "," : "", "\"", pds[i], "\"");
  }
  list += "}";
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kUnitColumns,
                   " FROM unit_versions WHERE instansi_id = $1 AND unit_id IN "
                   "(SELECT unit_id FROM unit_versions WHERE instansi_id = $1 "
                   "AND pd_id = ANY($2::text[])) ORDER BY unit_id, seq"),
      instansi, list);
  std::vector<UnitVersion> out;
  for (const auto& r : rows) out.push_back(ReadUnit(r));
  return out;
}

void PgStore::InsertUnitRow(Tx& tx, const std::string& instansi,
                            const std::string& unit) const {
  tx.exec_params0(
      "INSERT INTO units (instansi_id, id, version) VALUES ($1, "
      "$2, 0)",
      instansi, unit);
}

int64_t PgStore::SaveUnit(Tx& tx, const std::string& instansi,
                          const std::string& unit_id,
                          const std::vector<UnitVersion>& after) const {
  for (const auto& v : after) {
    if (v.unit_id != unit_id) continue;
    tx.exec_params0(
        "INSERT INTO unit_versions (instansi_id, unit_id, seq, valid_from, "
        "valid_to, pd_id, parent_unit_id, display_name, kind, successor_id) "
        "VALUES ($1, $2, $3, $4::date, $5::date, $6, $7, $8, $9, $10) "
        "ON CONFLICT (instansi_id, unit_id, seq) DO UPDATE SET valid_to = "
        "EXCLUDED.valid_to, successor_id = EXCLUDED.successor_id WHERE "
        "unit_versions.valid_to IS DISTINCT FROM EXCLUDED.valid_to OR "
        "unit_versions.successor_id IS DISTINCT FROM EXCLUDED.successor_id",
        instansi, unit_id, v.seq, ToIsoDate(v.from), OptDayText(v.to), v.pd_id,
        NullIfEmpty(v.parent_id), v.display_name, v.kind,
        NullIfEmpty(v.successor_id));
  }
  return tx
      .exec_params1(
          "UPDATE units SET version = version + 1 WHERE instansi_id "
          "= $1 AND id = $2 RETURNING version",
          instansi, unit_id)[0]
      .as<int64_t>();
}

std::vector<UnitVersion> PgStore::ListUnitsAt(Tx& tx,
                                              const std::string& instansi,
                                              const UnitListQuery& q) const {
  auto rows = tx.exec_params(
      absl::StrCat(
          "SELECT ", kUnitColumns,
          " FROM unit_versions WHERE instansi_id = $1 AND valid_from <= "
          "$2::date AND (valid_to IS NULL OR valid_to > $2::date) AND unit_id "
          "> $3 AND ($4 = '' OR pd_id = $4) AND ($5 = '' OR parent_unit_id = "
          "$5) AND (NOT $6 OR parent_unit_id IS NULL) ORDER BY unit_id LIMIT "
          "$7"),
      instansi, ToIsoDate(q.day), q.after_id, q.pd_id, q.parent_id,
      q.top_level_only, q.limit);
  std::vector<UnitVersion> out;
  for (const auto& r : rows) out.push_back(ReadUnit(r));
  return out;
}

std::vector<GrantInForce> PgStore::GrantsInForce(Tx& tx,
                                                 const std::string& instansi,
                                                 const std::string& subject,
                                                 absl::CivilDay day) const {
  auto rows = tx.exec_params(
      "SELECT role, coalesce(scope_pd_id, '') FROM role_grants WHERE "
      "instansi_id = $1 AND subject = $2 AND valid_from <= $3::date AND "
      "(valid_to IS NULL OR valid_to > $3::date)",
      instansi, subject, ToIsoDate(day));
  std::vector<GrantInForce> out;
  for (const auto& r : rows) {
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>()});
  }
  return out;
}

std::optional<sisker::v1::RoleGrant> PgStore::GetGrant(
    Tx& tx, const std::string& instansi, const std::string& id) const {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kGrantColumns,
                   " FROM role_grants WHERE instansi_id = $1 AND id = $2"),
      instansi, id);
  if (rows.empty()) return std::nullopt;
  return ReadGrant(rows[0]);
}

void PgStore::InsertGrant(Tx& tx, const std::string& instansi,
                          const std::string& id,
                          const sisker::v1::RoleGrant& g) const {
  std::optional<std::string> scope;
  if (!g.scope_perangkat_daerah().empty()) {
    scope = g.scope_perangkat_daerah().substr(
        g.scope_perangkat_daerah().rfind('/') + 1);
  }
  std::optional<std::string> valid_to;
  if (common::IsSet(g.valid_to())) {
    valid_to = ToIsoDate(common::ToCivilDay(g.valid_to()));
  }
  tx.exec_params0(
      "INSERT INTO role_grants (instansi_id, id, subject, role, scope_pd_id, "
      "valid_from, valid_to, granted_by, reason) VALUES ($1, $2, $3, $4, $5, "
      "$6::date, $7::date, $8, $9)",
      instansi, id, g.subject(), sisker::v1::RoleGrant::Role_Name(g.role()),
      scope, ToIsoDate(common::ToCivilDay(g.valid_from())), valid_to,
      g.granted_by(), g.reason());
}

void PgStore::RevokeGrant(Tx& tx, const std::string& instansi,
                          const std::string& id, absl::CivilDay until,
                          const std::string& by,
                          const std::string& reason) const {
  tx.exec_params0(
      "UPDATE role_grants SET revoked = true, valid_to = LEAST(coalesce("
      "valid_to, $3::date), greatest($3::date, valid_from)), revoked_by = $4, "
      "revoke_reason = $5, version = version + 1 WHERE instansi_id = $1 AND "
      "id = $2",
      instansi, id, ToIsoDate(until), by, reason);
}

std::vector<sisker::v1::RoleGrant> PgStore::ListGrants(
    Tx& tx, const std::string& instansi, const std::string& subject,
    std::optional<absl::CivilDay> in_force_on, const std::string& after_id,
    int limit) const {
  std::optional<std::string> day;
  if (in_force_on.has_value()) day = ToIsoDate(*in_force_on);
  auto rows = tx.exec_params(
      absl::StrCat(
          "SELECT ", kGrantColumns,
          " FROM role_grants WHERE instansi_id = $1 AND ($2 = '' OR subject = "
          "$2) AND ($3::date IS NULL OR (valid_from <= $3::date AND (valid_to "
          "IS NULL OR valid_to > $3::date))) AND id > $4 ORDER BY id LIMIT $5"),
      instansi, subject, day, after_id, limit);
  std::vector<sisker::v1::RoleGrant> out;
  for (const auto& r : rows) out.push_back(ReadGrant(r));
  return out;
}

}  // namespace sisker::org
