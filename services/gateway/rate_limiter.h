// Per-principal rate limit: a token bucket per principal shared by every
// gateway replica through Redis, without a Redis round trip per request.
// Each replica decides from its local copy of the bucket at once and,
// every sync interval, settles what it spent in Redis (one atomic Lua
// script per principal and interval) and takes the shared bucket's level
// back. Between syncs a replica can overshoot by at most rate × interval.
// When Redis cannot be reached the local buckets go on deciding by
// themselves (availability first: each replica then allows up to the rate
// on its own) until Redis answers again.
#ifndef SISKER_SERVICES_GATEWAY_RATE_LIMITER_H_
#define SISKER_SERVICES_GATEWAY_RATE_LIMITER_H_

#include <string>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/redis_client.h"

namespace sisker::gateway {

struct RateLimitOptions {
  double per_second = 50;  // sustained requests per principal
  double burst = 100;      // bucket size
  absl::Duration sync_interval = absl::Milliseconds(100);
};

class RateLimiter {
 public:
  // `redis` may be null (local buckets only).
  RateLimiter(common::RedisClient* redis, RateLimitOptions options)
      : redis_(redis), options_(options) {}
  ~RateLimiter();  // Stop()

  // Whether `principal` may make one more request at `now`. Never waits
  // for Redis.
  bool Allow(const std::string& principal, absl::Time now = absl::Now());

  // Settles spending with Redis now (the background loop calls it every
  // sync interval). False when Redis did not answer.
  bool Sync(absl::Time now = absl::Now());

  void Start();
  void Stop();

  // Syncs that failed because Redis did not answer (a metric).
  int64_t failed_syncs() const;

 private:
  struct Bucket {
    double tokens;
    absl::Time at;
    int64_t unsynced = 0;  // requests allowed since the last sync
  };
  void Refill(Bucket& b, absl::Time now) const;

  common::RedisClient* redis_;
  RateLimitOptions options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
  int64_t failed_syncs_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_RATE_LIMITER_H_
