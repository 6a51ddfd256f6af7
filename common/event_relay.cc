#include "common/event_relay.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/event_log.h"
#include "common/log.h"

namespace sisker::common {
namespace {

// One relay per service schema (the schema is the search_path).
constexpr char kLockKey[] =
    "hashtext(current_schema() || '.sisker_event_relay')";

// Redis refuses an explicit id that is not above the stream's top: the
// event is already in the stream (published before a crash, or by a
// relay that lost the lock between steps).
bool AlreadyInStream(const RedisReply& reply) {
  return reply.is_error() &&
         absl::StrContains(reply.str, "equal or smaller than the target");
}

}  // namespace

std::string EventStreamKey(const std::string& source) {
  return absl::StrCat("sisker:events:", source);
}

EventRelay::EventRelay(PgPool* pool, RedisClient* redis,
                       EventRelayOptions options, MetricsRegistry* metrics)
    : pool_(pool),
      redis_(redis),
      options_(std::move(options)),
      metrics_(metrics),
      stream_(EventStreamKey(options_.source)) {
  if (metrics_ != nullptr) {
    const Labels labels = {{"source", options_.source}};
    metrics_->AddGauge("sisker_events_unpublished",
                       "Events written but not yet published to Redis.", labels,
                       [this] { return static_cast<double>(unpublished()); });
    metrics_->AddGauge("sisker_event_relay_lag_seconds",
                       "Age of the oldest unpublished event.", labels,
                       [this] { return lag_seconds(); });
    metrics_->DescribeCounter("sisker_events_published_total",
                              "Events published to Redis by this replica.");
  }
}

EventRelay::~EventRelay() { Stop(); }

absl::StatusOr<EventRelay::StepResult> EventRelay::Step() {
  absl::MutexLock lock(&mu_);
  auto lease = pool_->Acquire(absl::Now() + absl::Seconds(2));
  if (!lease.ok()) return lease.status();
  try {
    return StepOn(lease->conn());
  } catch (const pqxx::broken_connection& e) {
    lease->MarkBroken();
    return Unavailable(
        absl::StrCat("PostgreSQL (event relay: ", e.what(), ")"));
  } catch (const std::exception& e) {
    // Closing the connection also releases the session lock.
    lease->MarkBroken();
    return Unavailable(
        absl::StrCat("PostgreSQL (event relay: ", e.what(), ")"));
  }
}

absl::StatusOr<EventRelay::StepResult> EventRelay::StepOn(
    pqxx::connection& conn) {
  StepResult result;
  {
    pqxx::nontransaction n(conn);
    result.leader = n.exec(absl::StrCat("SELECT pg_try_advisory_lock(",
                                        kLockKey, ")"))[0][0]
                        .as<bool>();
  }
  if (!result.leader) return result;
  struct Unlock {
    pqxx::connection& conn;
    ~Unlock() {
      try {
        pqxx::nontransaction n(conn);
        n.exec(absl::StrCat("SELECT pg_advisory_unlock(", kLockKey, ")"));
      } catch (...) {
        // The connection is broken: closing it released the lock.
      }
    }
  } unlock{conn};
  {
    // 1. Number what committed since the last step.
    pqxx::work tx(conn);
    const auto numbered = tx.exec_params(
        "UPDATE events e SET position = b.top + n.rank FROM (SELECT "
        "coalesce(max(position), 0) AS top FROM events) b, (SELECT id, "
        "row_number() OVER (ORDER BY occurred_at, aggregate_version, id) AS "
        "rank FROM (SELECT id, occurred_at, aggregate_version FROM events "
        "WHERE position IS NULL ORDER BY occurred_at, aggregate_version, id "
        "LIMIT $1) u) n WHERE e.id = n.id",
        options_.batch_size);
    result.numbered = static_cast<int>(numbered.affected_rows());
    tx.commit();
  }
  // 2-3. Publish in order and mark.
  auto published = Publish(conn);
  UpdateGauges(conn);
  if (!published.ok()) return published.status();
  result.published = *published;
  if (metrics_ != nullptr && result.published > 0) {
    metrics_->IncrementCounter("sisker_events_published_total",
                               {{"source", options_.source}}, result.published);
  }
  return result;
}

absl::StatusOr<int> EventRelay::Publish(pqxx::connection& conn) {
  std::vector<sisker::v1::EventEnvelope> events;
  {
    pqxx::read_transaction tx(conn);
    auto rows = tx.exec_params(
        absl::StrCat("SELECT ", kEventColumns,
                     " FROM events WHERE published_at IS NULL AND position IS "
                     "NOT NULL ORDER BY position LIMIT $1"),
        options_.batch_size);
    for (const auto& row : rows) events.push_back(EnvelopeFromRow(row));
  }
  if (events.empty()) return 0;
  std::vector<std::vector<std::string>> commands;
  commands.reserve(events.size());
  const std::string max_length = absl::StrCat(options_.stream_max_length);
  for (const auto& e : events) {
    commands.push_back({"XADD", stream_, "MAXLEN", "~", max_length,
                        absl::StrCat(e.position(), "-0"), "type", e.type(),
                        "instansi", e.instansi(), "envelope",
                        e.SerializeAsString()});
  }
  auto replies = redis_->Pipeline(commands);
  if (!replies.ok()) return replies.status();
  // The published prefix: stop at the first refusal that is not "already
  // there" (a later entry must not overtake it).
  size_t done = 0;
  for (; done < replies->size(); ++done) {
    const RedisReply& reply = (*replies)[done];
    if (reply.is_error() && !AlreadyInStream(reply)) {
      Log(LogLevel::kWarning, "event relay: XADD refused",
          {{"position", events[done].position()}, {"error", reply.str}});
      break;
    }
  }
  if (done == 0 || skip_marking_) return static_cast<int>(done);
  pqxx::work tx(conn);
  tx.exec_params0(
      "UPDATE events SET published_at = now() WHERE position BETWEEN $1 AND "
      "$2 AND published_at IS NULL",
      events.front().position(), events[done - 1].position());
  tx.commit();
  return static_cast<int>(done);
}

void EventRelay::UpdateGauges(pqxx::connection& conn) {
  pqxx::read_transaction tx(conn);
  auto row = tx.exec1(
      "SELECT count(*), coalesce(extract(epoch FROM now() - "
      "min(occurred_at)), 0)::float8 FROM events WHERE published_at IS NULL");
  unpublished_ = row[0].as<int64_t>();
  lag_seconds_ = row[1].as<double>();
}

absl::Status EventRelay::Purge() {
  auto lease = pool_->Acquire(absl::Now() + absl::Seconds(2));
  if (!lease.ok()) return lease.status();
  try {
    pqxx::work tx(lease->conn());
    if (!tx.exec(absl::StrCat("SELECT pg_try_advisory_xact_lock(", kLockKey,
                              ")"))[0][0]
             .as<bool>()) {
      return absl::OkStatus();  // the leader purges
    }
    tx.exec_params0(
        "DELETE FROM events WHERE published_at < now() - make_interval(secs "
        "=> $1)",
        absl::ToDoubleSeconds(options_.retention));
    tx.exec_params0(
        "DELETE FROM idempotency WHERE created_at < now() - "
        "make_interval(secs => $1)",
        absl::ToDoubleSeconds(options_.idempotency_retention));
    tx.commit();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    lease->MarkBroken();
    return Unavailable(
        absl::StrCat("PostgreSQL (event purge: ", e.what(), ")"));
  }
}

void EventRelay::Start() {
  thread_ = std::thread([this] { Run(); });
}

void EventRelay::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void EventRelay::Run() {
  absl::Time next_purge = absl::Now();
  absl::Duration backoff = options_.poll_interval;
  bool warned = false;
  while (!stop_.HasBeenNotified()) {
    auto step = Step();
    absl::Duration wait = options_.poll_interval;
    if (!step.ok()) {
      if (!warned) {
        Log(LogLevel::kWarning, "event relay: step failed, retrying",
            {{"error", std::string(step.status().message())}});
        warned = true;
      }
      backoff = std::min(backoff * 2, absl::Seconds(1));
      wait = backoff;
    } else {
      if (warned) Log(LogLevel::kInfo, "event relay: recovered");
      warned = false;
      backoff = options_.poll_interval;
      // A full batch: more is waiting.
      if (step->published == options_.batch_size ||
          step->numbered == options_.batch_size) {
        wait = absl::ZeroDuration();
      }
    }
    if (absl::Now() >= next_purge) {
      (void)Purge();
      next_purge = absl::Now() + options_.purge_interval;
    }
    stop_.WaitForNotificationWithTimeout(wait);
  }
}

}  // namespace sisker::common
