// RunTransaction: retry loop and exception classification.
#include "common/pg_transaction.h"

#include <memory>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/log.h"

namespace sisker::common {
namespace {

enum class Outcome { kDone, kRetry };

absl::Duration Backoff(int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  int64_t cap_ms = std::min<int64_t>(int64_t{5} << std::min(attempt, 6), 200);
  std::uniform_int_distribution<int64_t> jitter(1, cap_ms);
  return absl::Milliseconds(jitter(rng));
}

}  // namespace

absl::Status RunTransaction(PgPool& pool, const TxOptions& options,
                            const std::function<absl::Status(Tx&)>& body) {
  absl::Status last = absl::OkStatus();
  for (int attempt = 0;; ++attempt) {
    if (absl::Now() >= options.deadline) {
      return MakeError(absl::StatusCode::kDeadlineExceeded, "DEADLINE_EXCEEDED",
                       "deadline passed before the transaction committed",
                       "Batas waktu permintaan terlampaui.");
    }
    auto lease = pool.Acquire(options.deadline);
    if (!lease.ok()) return lease.status();
    pqxx::connection& conn = lease->conn();
    bool locked = false;
    try {
      if (!options.lock_key.empty()) {
        pqxx::nontransaction lock_tx(conn);
        lock_tx.exec_params("SELECT pg_advisory_lock(hashtextextended($1, 0))",
                            options.lock_key);
        locked = true;
      }
      absl::Status status;
      {
        std::unique_ptr<Tx> owned;
        if (options.single_statement) {
          owned = std::make_unique<pqxx::nontransaction>(conn);
        } else if (options.read_only) {
          owned = std::make_unique<pqxx::transaction<
              pqxx::isolation_level::repeatable_read, pqxx::read_only>>(conn);
        } else if (pool.write_isolation() ==
                   PgPoolOptions::WriteIsolation::kReadCommittedWithRowLocks) {
          owned = std::make_unique<
              pqxx::transaction<pqxx::isolation_level::read_committed>>(conn);
        } else {
          owned = std::make_unique<
              pqxx::transaction<pqxx::isolation_level::serializable>>(conn);
        }
        Tx& tx = *owned;
        if (options.deadline != absl::InfiniteFuture() &&
            !options.single_statement) {
          int64_t ms = std::max<int64_t>(
              1, absl::ToInt64Milliseconds(options.deadline - absl::Now()));
          tx.exec0(absl::StrCat("SET LOCAL statement_timeout = ", ms));
        }
        status = body(tx);
        const bool roll_back =
            options.rollback ||
            (options.rollback_if != nullptr && *options.rollback_if);
        if (status.ok() && !roll_back) tx.commit();
      }
      if (locked) {
        pqxx::nontransaction unlock_tx(conn);
        unlock_tx.exec_params(
            "SELECT pg_advisory_unlock(hashtextextended($1, 0))",
            options.lock_key);
      }
      return status;
    } catch (const pqxx::broken_connection&) {
      lease->MarkBroken();  // also releases a session lock
      last = Unavailable("database");
    } catch (const pqxx::in_doubt_error&) {
      lease->MarkBroken();
      return Unavailable("database");
    } catch (const pqxx::statement_completion_unknown&) {
      lease->MarkBroken();
      return Unavailable("database");
    } catch (const pqxx::transaction_rollback&) {
      // serialization_failure, deadlock_detected (libpqxx 6.4 derives them
      // from pqxx::failure, not sql_error).
      if (locked) lease->MarkBroken();
      pool.CountRetry();
      last = MakeError(absl::StatusCode::kAborted, "CONCURRENT_UPDATE",
                       "concurrent update; retried until the deadline",
                       "Terjadi perubahan bersamaan; silakan ulangi.");
    } catch (const pqxx::sql_error& e) {
      const std::string state = e.sqlstate();
      if (locked) lease->MarkBroken();  // drop the session lock with it
      if (state == "40001" || state == "40P01") {
        pool.CountRetry();
        last = MakeError(absl::StatusCode::kAborted, "CONCURRENT_UPDATE",
                         "concurrent update; retried until the deadline",
                         "Terjadi perubahan bersamaan; silakan ulangi.");
      } else if (state == "57014") {  // statement_timeout
        return MakeError(absl::StatusCode::kDeadlineExceeded,
                         "DEADLINE_EXCEEDED", "statement ran past the deadline",
                         "Batas waktu permintaan terlampaui.");
      } else if (state == "23505" || state == "23503") {
        return MakeError(absl::StatusCode::kAborted, "CONCURRENT_UPDATE",
                         "a concurrent change conflicts with this request",
                         "Terjadi perubahan bersamaan; silakan ulangi.");
      } else if (state.rfind("08", 0) == 0 || state == "57P01" ||
                 state == "57P02" || state == "57P03") {
        lease->MarkBroken();
        last = Unavailable("database");
      } else {
        Log(LogLevel::kError, "sql error",
            {{"sqlstate", state}, {"what", std::string(e.what())}});
        return absl::InternalError("database error");
      }
    } catch (const std::exception& e) {
      lease->MarkBroken();
      Log(LogLevel::kError, "database exception",
          {{"what", std::string(e.what())}});
      return absl::InternalError("database error");
    }
    absl::Duration pause = Backoff(attempt);
    if (absl::Now() + pause >= options.deadline) {
      // Out of time: report what kept failing.
      if (options.deadline != absl::InfiniteFuture()) return last;
    }
    if (attempt >= 20 && options.deadline == absl::InfiniteFuture())
      return last;
    absl::SleepFor(pause);
  }
}

absl::Status RunReadOnly(PgPool& pool, absl::Time deadline,
                         const std::function<absl::Status(Tx&)>& body) {
  TxOptions options;
  options.deadline = deadline;
  options.read_only = true;
  return RunTransaction(pool, options, body);
}

absl::Status RunSingleRead(PgPool& pool, absl::Time deadline,
                           const std::function<absl::Status(Tx&)>& body) {
  TxOptions options;
  options.deadline = deadline;
  options.read_only = true;
  options.single_statement = true;
  return RunTransaction(pool, options, body);
}

}  // namespace sisker::common
