// PgPool implementation. libpqxx exceptions stop here.
#include "common/pg_pool.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/log.h"

namespace sisker::common {

PgPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_),
      conn_(std::move(other.conn_)),
      broken_(other.broken_) {
  other.pool_ = nullptr;
}

PgPool::Lease::~Lease() {
  if (pool_ != nullptr && conn_ != nullptr) {
    pool_->Release(std::move(conn_), broken_);
  }
}

PgPool::PgPool(PgPoolOptions options, MetricsRegistry* metrics)
    : options_(std::move(options)) {
  if (metrics == nullptr) return;
  const Labels labels = {{"schema", options_.schema}};
  metrics->AddGauge("sisker_pg_pool_size", "Maximum connections of the pool.",
                    labels, [this] { return double(stats().size); });
  metrics->AddGauge("sisker_pg_pool_in_use", "Connections checked out.", labels,
                    [this] { return double(stats().in_use); });
  metrics->AddGauge("sisker_pg_pool_waiting",
                    "Callers waiting for a connection (saturation).", labels,
                    [this] { return double(stats().waiting); });
  metrics->AddGauge("sisker_pg_pool_checkout_timeouts",
                    "Checkouts that gave up waiting (total).", labels,
                    [this] { return double(stats().checkout_timeouts); });
  metrics->AddGauge("sisker_pg_pool_evictions",
                    "Broken connections dropped (total).", labels,
                    [this] { return double(stats().evictions); });
  metrics->AddGauge(
      "sisker_pg_tx_retries",
      "Write transactions run again after a serialization failure or a "
      "deadlock (total).",
      labels, [this] { return double(stats().tx_retries); });
}

PgPool::~PgPool() {
  absl::MutexLock lock(&mu_);
  idle_.clear();
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> PgPool::Connect() {
  try {
    auto conn = std::make_unique<pqxx::connection>(options_.conninfo);
    if (!options_.schema.empty()) {
      pqxx::nontransaction tx(*conn);
      tx.exec0("SET search_path TO " + tx.quote_name(options_.schema) +
               ", public");
    }
    if (options_.setup) options_.setup(*conn);
    return conn;
  } catch (const std::exception& e) {
    Log(LogLevel::kWarning, "postgresql connect failed",
        {{"schema", options_.schema}});
    return Unavailable("database");
  }
}

absl::StatusOr<PgPool::Lease> PgPool::Acquire(absl::Time deadline) {
  deadline = std::min(deadline, absl::Now() + options_.checkout_timeout);
  std::unique_ptr<pqxx::connection> conn;
  {
    absl::MutexLock lock(&mu_);
    ++waiting_;
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.size;
    };
    if (!mu_.AwaitWithDeadline(absl::Condition(&available), deadline)) {
      --waiting_;
      ++checkout_timeouts_;
      return MakeError(absl::StatusCode::kUnavailable, "POOL_EXHAUSTED",
                       "no database connection became free in time",
                       "Layanan sedang sibuk; silakan coba lagi.");
    }
    --waiting_;
    ++in_use_;
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_;  // reserve the slot; connect outside the lock
    }
  }
  if (conn != nullptr && !conn->is_open()) {
    absl::MutexLock lock(&mu_);
    ++evictions_;
    conn.reset();
  }
  if (conn == nullptr) {
    auto fresh = Connect();
    absl::MutexLock lock(&mu_);
    if (!fresh.ok()) {
      --open_;
      --in_use_;
      return fresh.status();
    }
    ++connects_;
    conn = std::move(*fresh);
  }
  return Lease(this, std::move(conn));
}

void PgPool::Release(std::unique_ptr<pqxx::connection> conn, bool broken) {
  bool drop = broken || !conn->is_open();
  absl::MutexLock lock(&mu_);
  --in_use_;
  if (drop) {
    --open_;
    ++evictions_;
    conn.reset();  // closes the socket
    return;
  }
  idle_.push_back(std::move(conn));
}

bool PgPool::Ping() {
  auto lease = Acquire(absl::Now() + absl::Seconds(1));
  if (!lease.ok()) return false;
  try {
    pqxx::nontransaction tx(lease->conn());
    tx.exec1("SELECT 1");
    return true;
  } catch (const std::exception&) {
    lease->MarkBroken();
    return false;
  }
}

PgPool::Stats PgPool::stats() const {
  absl::MutexLock lock(&mu_);
  return Stats{options_.size,
               open_,
               in_use_,
               waiting_,
               checkout_timeouts_,
               evictions_,
               connects_,
               tx_retries_.load(std::memory_order_relaxed)};
}

}  // namespace sisker::common
