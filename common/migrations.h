// Forward-only numbered migrations per service schema, applied under an
// advisory lock (at start, or by the `migrate` subcommand / k8s Job).
#ifndef SISKER_COMMON_MIGRATIONS_H_
#define SISKER_COMMON_MIGRATIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sisker::common {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// The platform tables every service schema has (history, events,
// idempotency), embedded from common/migrations/*.sql.
const std::vector<Migration>& PlatformMigrations();

struct MigrationReport {
  std::vector<std::string> applied;  // "platform/1_history", "org/1_structure"
};

// Applies, in `schema` (created if missing), first the platform
// migrations, then `service_migrations`, each in its own transaction with
// its row in schema_migrations. A session advisory lock held on one
// dedicated connection serialises concurrent starters; the others wait and
// then find nothing left to do. FAILED_PRECONDITION if an applied
// migration's text changed (forward-only: add a new one instead);
// UNAVAILABLE if the database cannot be reached.
absl::StatusOr<MigrationReport> ApplyMigrations(
    const std::string& conninfo, const std::string& schema,
    const std::vector<Migration>& service_migrations);

}  // namespace sisker::common

#endif  // SISKER_COMMON_MIGRATIONS_H_
