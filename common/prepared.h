// Prepared statements without a registry: a statement is defined on its
// connection the first time it runs there (libpqxx registers it with the
// server on first use), so PostgreSQL parses and plans it once per
// connection instead of on every call. Redefining a name with the same SQL
// is a no-op; with different SQL libpqxx throws (a programming error).
#ifndef SISKER_COMMON_PREPARED_H_
#define SISKER_COMMON_PREPARED_H_

#include <string>
#include <utility>

#include "common/pg_transaction.h"

namespace sisker::common {

template <typename... Args>
pqxx::result ExecPrepared(Tx& tx, const std::string& name,
                          const std::string& sql, Args&&... args) {
  tx.conn().prepare(name, sql);
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

// The same, for statements whose result is not used.
template <typename... Args>
void ExecPrepared0(Tx& tx, const std::string& name, const std::string& sql,
                   Args&&... args) {
  ExecPrepared(tx, name, sql, std::forward<Args>(args)...);
}

// The same, for statements that return exactly one row.
template <typename... Args>
pqxx::row ExecPrepared1(Tx& tx, const std::string& name, const std::string& sql,
                        Args&&... args) {
  pqxx::result r = ExecPrepared(tx, name, sql, std::forward<Args>(args)...);
  if (r.size() != 1) {
    throw pqxx::unexpected_rows("expected 1 row from " + name + ", got " +
                                std::to_string(r.size()));
  }
  return r[0];
}

}  // namespace sisker::common

#endif  // SISKER_COMMON_PREPARED_H_
