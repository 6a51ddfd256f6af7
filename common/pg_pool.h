// A bounded libpqxx connection pool: checkout with a deadline, eviction of
// broken connections, per-connection setup (search_path, prepared
// statements) re-run on every new connection, and saturation gauges.
#ifndef SISKER_COMMON_PG_POOL_H_
#define SISKER_COMMON_PG_POOL_H_

#include <atomic>
#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/metrics.h"

namespace sisker::common {

struct PgPoolOptions {
  std::string conninfo;
  // The service's schema: set as search_path on every connection.
  std::string schema;
  int size = 8;
  absl::Duration checkout_timeout = absl::Seconds(2);
  // Runs on every new connection (e.g. conn.prepare(...)); it is run again
  // after a reconnect, so prepared statements survive a restart.
  std::function<void(pqxx::connection&)> setup;
  // The isolation of write transactions (RunTransaction). SERIALIZABLE
  // guards invariants across rows without locks, at the price of page-level
  // predicate locks: unrelated writers on the same index pages fail and
  // retry. A service whose every write body locks the rows it decides on
  // (SELECT ... FOR UPDATE) and checks versions may choose READ COMMITTED.
  enum class WriteIsolation { kSerializable, kReadCommittedWithRowLocks };
  WriteIsolation write_isolation = WriteIsolation::kSerializable;
};

class PgPool {
 public:
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& conn() { return *conn_; }
    // The connection failed: the pool drops it instead of reusing it.
    void MarkBroken() { broken_ = true; }

   private:
    friend class PgPool;
    Lease(PgPool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    PgPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
    bool broken_ = false;
  };

  // `metrics` may be null; it must outlive the pool.
  PgPool(PgPoolOptions options, MetricsRegistry* metrics);
  ~PgPool();

  // A connection before `deadline` (capped by checkout_timeout):
  // UNAVAILABLE when the pool stays saturated (reason POOL_EXHAUSTED) or
  // PostgreSQL cannot be reached.
  absl::StatusOr<Lease> Acquire(absl::Time deadline = absl::InfiniteFuture());

  // Readiness: a round trip on a pooled connection.
  bool Ping();

  struct Stats {
    int size = 0;
    int open = 0;
    int in_use = 0;
    int waiting = 0;
    int64_t checkout_timeouts = 0;
    int64_t evictions = 0;
    int64_t connects = 0;
    // Write transactions run again after a serialization failure or a
    // deadlock (RunTransaction).
    int64_t tx_retries = 0;
  };
  Stats stats() const;
  const std::string& schema() const { return options_.schema; }
  PgPoolOptions::WriteIsolation write_isolation() const {
    return options_.write_isolation;
  }
  void CountRetry() { tx_retries_.fetch_add(1, std::memory_order_relaxed); }

 private:
  void Release(std::unique_ptr<pqxx::connection> conn, bool broken);
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Connect();

  PgPoolOptions options_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  int in_use_ ABSL_GUARDED_BY(mu_) = 0;
  int waiting_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t checkout_timeouts_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t evictions_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t connects_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<int64_t> tx_retries_{0};
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_PG_POOL_H_
