// The event relay of a service (ARCHITECTURE.md 6). Each state change
// writes its event row in its own transaction; the relay then
//   1. numbers committed events that have no position yet (max + 1, ...),
//      in one transaction, so a transaction that commits late gets a later
//      position and is never skipped by a reader that goes by position;
//   2. publishes numbered, unmarked events in position order to the
//      service's Redis Stream with the position as the entry id
//      (`<position>-0`, length-trimmed), so publishing an event twice
//      cannot give it two places: Redis refuses an id that is not above
//      the stream's top and the relay counts that as already published;
//   3. marks them published.
// A session advisory lock makes one replica the relay at a time; Redis
// down only delays step 2-3 (writes never wait for Redis).
#ifndef SISKER_COMMON_EVENT_RELAY_H_
#define SISKER_COMMON_EVENT_RELAY_H_

#include <atomic>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/metrics.h"
#include "common/pg_pool.h"
#include "common/redis_client.h"

namespace sisker::common {

// "sisker:events:<source>".
std::string EventStreamKey(const std::string& source);

struct EventRelayOptions {
  std::string source;  // the service, e.g. "org"
  int batch_size = 500;
  // XADD MAXLEN ~: consumers further behind catch up through ListEvents.
  int64_t stream_max_length = 100000;
  absl::Duration poll_interval = absl::Milliseconds(20);
  // Published events are kept this long in PostgreSQL.
  absl::Duration retention = absl::Hours(24 * 30);
  // AIP-155 request ids are kept at least 24 h.
  absl::Duration idempotency_retention = absl::Hours(48);
  absl::Duration purge_interval = absl::Minutes(10);
};

class EventRelay {
 public:
  // `metrics` may be null.
  EventRelay(PgPool* pool, RedisClient* redis, EventRelayOptions options,
             MetricsRegistry* metrics);
  ~EventRelay();  // Stop()

  struct StepResult {
    bool leader = false;  // false: another replica holds the relay lock
    int numbered = 0;
    int published = 0;
  };
  // One round of the three steps above. UNAVAILABLE when PostgreSQL or
  // Redis fails (what was done stays done).
  absl::StatusOr<StepResult> Step();
  // Deletes published events older than the retention and expired request
  // ids (the leader only).
  absl::Status Purge();

  // The background loop.
  void Start();
  void Stop();

  // Test hook: publish but do not mark, as a relay killed in between.
  void SkipMarkingForTest(bool skip) { skip_marking_ = skip; }

  // Gauges (also exported as metrics): numbered-or-not events not yet
  // published, and the age of the oldest of them.
  int64_t unpublished() const { return unpublished_.load(); }
  double lag_seconds() const { return lag_seconds_.load(); }

 private:
  void Run();
  absl::StatusOr<StepResult> StepOn(pqxx::connection& conn);
  absl::StatusOr<int> Publish(pqxx::connection& conn);
  void UpdateGauges(pqxx::connection& conn);

  PgPool* pool_;
  RedisClient* redis_;
  EventRelayOptions options_;
  MetricsRegistry* metrics_;
  std::string stream_;
  std::atomic<bool> skip_marking_{false};
  std::atomic<int64_t> unpublished_{0};
  std::atomic<double> lag_seconds_{0};
  absl::Notification stop_;
  std::thread thread_;
  absl::Mutex mu_;  // one Step at a time within a process
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_EVENT_RELAY_H_
