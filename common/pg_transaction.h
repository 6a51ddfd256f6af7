// Transactions on the pool: SERIALIZABLE, retried on serialization
// failures, deadlocks and broken connections within the caller's
// deadline. The only place (with pg_pool.cc and migrations.cc) where
// libpqxx exceptions are caught and classified.
#ifndef SISKER_COMMON_PG_TRANSACTION_H_
#define SISKER_COMMON_PG_TRANSACTION_H_

#include <functional>
#include <pqxx/pqxx>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/pg_pool.h"

namespace sisker::common {

// What a body sees: SERIALIZABLE for changes, REPEATABLE READ READ ONLY for
// reads (one consistent snapshot without SSI's predicate locks).
using Tx = pqxx::transaction_base;

struct TxOptions {
  absl::Time deadline = absl::InfiniteFuture();
  // When set, a session advisory lock on this key is held around the
  // transaction (taken before its snapshot), so that concurrent requests
  // with the same key run one after the other (idempotency, see
  // idempotency.h).
  std::string lock_key;
  bool read_only = false;
  // RunSingleRead: no transaction around the one statement.
  bool single_statement = false;
  // Runs the body and rolls back even when it succeeds (dry runs: the same
  // code path as the real change, nothing written).
  bool rollback = false;
  // When set, read after the body: true rolls back (the body decided, e.g.
  // an import whose report has errors).
  const bool* rollback_if = nullptr;
};

// Runs `body` in one transaction and commits when it returns OK; a non-OK
// status rolls back and is returned as is. `body` may run more than once.
// Errors: UNAVAILABLE (database down or pool exhausted), DEADLINE_EXCEEDED
// (retries ran out of time), ABORTED (a unique or foreign key violation
// the body did not prevent: a lost race), INTERNAL (anything else; the
// text is logged, never returned).
absl::Status RunTransaction(PgPool& pool, const TxOptions& options,
                            const std::function<absl::Status(Tx&)>& body);

// For reads: the same, READ ONLY.
absl::Status RunReadOnly(PgPool& pool, absl::Time deadline,
                         const std::function<absl::Status(Tx&)>& body);

// For a body of exactly one SELECT (a hot read by key): the statement runs
// on its own, without BEGIN, SET and COMMIT around it (one round trip
// instead of four), with the same retries and error mapping. A body of
// several statements would not see one snapshot; a body that writes is a
// bug (nothing stops it).
absl::Status RunSingleRead(PgPool& pool, absl::Time deadline,
                           const std::function<absl::Status(Tx&)>& body);

}  // namespace sisker::common

#endif  // SISKER_COMMON_PG_TRANSACTION_H_
