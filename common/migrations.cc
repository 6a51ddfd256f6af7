// ApplyMigrations: advisory-locked, checksummed, forward-only.
#include "common/migrations.h"

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/sha256.h"

namespace sisker::common {
namespace {

absl::Status ApplyComponent(pqxx::connection& conn, const std::string& schema,
                            const std::string& component,
                            const std::vector<Migration>& migrations,
                            MigrationReport& report) {
  for (const Migration& m : migrations) {
    const std::string checksum = Sha256Hex(m.sql);
    pqxx::work tx(conn);
    // The advisory lock lives in this session; libpqxx would reconnect a
    // broken connection silently, losing it (TOOLCHAIN.md 9): check.
    if (tx.exec1("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                 "AND pid = pg_backend_pid() AND granted")[0]
            .as<int>() == 0) {
      return Unavailable("database (migration lock lost)");
    }
    tx.exec0("SET LOCAL search_path TO " + tx.quote_name(schema) + ", public");
    auto existing = tx.exec_params(
        "SELECT checksum FROM schema_migrations WHERE component = $1 AND "
        "version = $2",
        component, m.version);
    if (!existing.empty()) {
      if (existing[0][0].as<std::string>() != checksum) {
        return MakeError(
            absl::StatusCode::kFailedPrecondition, "MIGRATION_EDITED",
            absl::StrCat("migration ", component, "/", m.name,
                         " changed after it was applied; add a new one"),
            "Migrasi basis data telah diubah setelah diterapkan.");
      }
      continue;
    }
    tx.exec0(m.sql);
    tx.exec_params0(
        "INSERT INTO schema_migrations (component, version, name, checksum) "
        "VALUES ($1, $2, $3, $4)",
        component, m.version, std::string(m.name), checksum);
    tx.commit();
    report.applied.push_back(absl::StrCat(component, "/", m.name));
    Log(LogLevel::kInfo, "migration applied",
        {{"schema", schema},
         {"migration", absl::StrCat(component, "/", m.name)}});
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MigrationReport> ApplyMigrations(
    const std::string& conninfo, const std::string& schema,
    const std::vector<Migration>& service_migrations) {
  MigrationReport report;
  try {
    pqxx::connection conn(conninfo);
    const std::string lock_key = "sisker.migrate." + schema;
    {
      pqxx::nontransaction tx(conn);
      tx.exec_params("SELECT pg_advisory_lock(hashtextextended($1, 0))",
                     lock_key);
    }
    {
      pqxx::work tx(conn);
      tx.exec0("CREATE SCHEMA IF NOT EXISTS " + tx.quote_name(schema));
      tx.exec0("CREATE TABLE IF NOT EXISTS " + tx.quote_name(schema) +
               ".schema_migrations (component text NOT NULL, version int NOT "
               "NULL, name text NOT NULL, checksum text NOT NULL, applied_at "
               "timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, "
               "version))");
      tx.commit();
    }
    absl::Status status =
        ApplyComponent(conn, schema, "platform", PlatformMigrations(), report);
    if (status.ok()) {
      status = ApplyComponent(conn, schema, schema, service_migrations, report);
    }
    {
      pqxx::nontransaction tx(conn);
      tx.exec_params("SELECT pg_advisory_unlock(hashtextextended($1, 0))",
                     lock_key);
    }
    if (!status.ok()) return status;
    return report;
  } catch (const pqxx::broken_connection&) {
    return Unavailable("database");
  } catch (const std::exception& e) {
    Log(LogLevel::kError, "migration failed",
        {{"schema", schema}, {"what", std::string(e.what())}});
    return MakeError(absl::StatusCode::kInternal, "MIGRATION_FAILED",
                     "migration failed", "Migrasi basis data gagal.");
  }
}

}  // namespace sisker::common
