// A consumer of a service's events (ARCHITECTURE.md 6). The fast path is
// the producer's Redis Stream, read in a consumer group (replicas of one
// consumer share the work); the truth is the producer's event log, read
// through its ListEvents. The consumer keeps its position and the ids it
// applied in its own database: each event is applied in one transaction
// with its dedupe row, so an event delivered twice (a relay that died
// between publishing and marking, a catch-up overlapping the stream) takes
// effect once.
//
// It catches up through ListEvents when
//   - an entry arrives whose position is not the next one (the stream was
//     trimmed past the consumer, or lost entries);
//   - the group is gone (Redis restarted empty or was flushed);
//   - Redis cannot be reached (it then polls ListEvents instead);
//   - every catch_up_interval anyway, so a loss with no later traffic is
//     found too.
#ifndef SISKER_COMMON_EVENT_CONSUMER_H_
#define SISKER_COMMON_EVENT_CONSUMER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/metrics.h"
#include "common/pg_pool.h"
#include "common/pg_transaction.h"
#include "common/redis_client.h"
#include "sisker/v1/common.pb.h"

namespace sisker::common {

struct EventConsumerOptions {
  // The consumer's name: its group on the stream and the key of its
  // position, e.g. "reporting.org-events".
  std::string consumer;
  // The producing service ("org"): its stream is EventStreamKey(source).
  std::string source;
  // This replica's name within the group.
  std::string replica = "replica-1";
  int batch = 100;
  absl::Duration block = absl::Milliseconds(500);
  absl::Duration catch_up_interval = absl::Seconds(5);
  // Dedupe rows older than this are deleted (events redelivered later than
  // this would apply again; keep it above the producer's retention).
  absl::Duration dedupe_retention = absl::Hours(24 * 35);
};

// The producer's event log after a position: its ListEvents.
using EventSource =
    std::function<absl::StatusOr<sisker::v1::ListEventsResponse>(
        int64_t after_position, int page_size)>;
// The effect of one event, inside the consumer's transaction.
using EventHandler =
    std::function<absl::Status(Tx& tx, const sisker::v1::EventEnvelope& e)>;

class EventConsumer {
 public:
  // `pool` is the consumer's own database (with the platform migrations);
  // `metrics` may be null.
  EventConsumer(PgPool* pool, RedisClient* redis, EventSource source,
                EventHandler handler, EventConsumerOptions options,
                MetricsRegistry* metrics);
  ~EventConsumer();  // Stop()

  // One round on the stream: read what is waiting (up to `block`), catch
  // up where there is a gap, apply, acknowledge. The number of events that
  // took effect. UNAVAILABLE when Redis or the database fails.
  absl::StatusOr<int> Poll();
  // Applies everything the source has after the stored position.
  absl::StatusOr<int> CatchUp();

  // The background loop: Poll, and CatchUp while Redis is down.
  void Start();
  void Stop();

  // The highest applied position (stored) and how far the producer is
  // ahead of it as last seen.
  int64_t position() const { return position_.load(); }
  int64_t lag() const;

 private:
  void Run();
  absl::Status EnsureGroup();
  // Applies one event once; true when it took effect now.
  absl::StatusOr<bool> Apply(const sisker::v1::EventEnvelope& e);
  // Applies the source's events up to `until` (inclusive).
  absl::StatusOr<int> CatchUpTo(int64_t until);
  absl::Status LoadPosition();

  PgPool* pool_;
  RedisClient* redis_;
  EventSource source_;
  EventHandler handler_;
  EventConsumerOptions options_;
  std::string stream_;
  std::unique_ptr<RedisConnection> blocking_;
  bool group_ready_ = false;
  bool read_pending_ = true;  // first our own unacknowledged entries
  bool position_loaded_ = false;
  absl::Time next_catch_up_ = absl::InfinitePast();
  std::atomic<int64_t> position_{0};
  std::atomic<int64_t> head_{0};
  absl::Mutex mu_;  // one Poll/CatchUp at a time
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_EVENT_CONSUMER_H_
