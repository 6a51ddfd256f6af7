// Per-principal rate limit: a token bucket kept in Redis, one atomic Lua
// script per request, so every gateway replica shares it. When Redis
// cannot be reached the replica's own in-process bucket decides (the
// documented choice: availability first, each replica then allows up to
// the rate by itself), and Redis takes over again when it answers.
#ifndef SISKER_SERVICES_GATEWAY_RATE_LIMITER_H_
#define SISKER_SERVICES_GATEWAY_RATE_LIMITER_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/redis_client.h"

namespace sisker::gateway {

struct RateLimitOptions {
  double per_second = 50;  // sustained requests per principal
  double burst = 100;      // bucket size
};

class RateLimiter {
 public:
  // `redis` may be null (local buckets only).
  RateLimiter(common::RedisClient* redis, RateLimitOptions options)
      : redis_(redis), options_(options) {}

  // Whether `principal` may make one more request at `now`.
  bool Allow(const std::string& principal, absl::Time now = absl::Now());

  // Decisions taken locally because Redis did not answer (a metric).
  int64_t local_decisions() const;

 private:
  bool AllowLocally(const std::string& principal, absl::Time now);

  struct Bucket {
    double tokens;
    absl::Time at;
  };
  common::RedisClient* redis_;
  RateLimitOptions options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> local_ ABSL_GUARDED_BY(mu_);
  int64_t local_decisions_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_RATE_LIMITER_H_
