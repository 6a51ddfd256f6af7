// The per-principal rate limit against a real (private) Redis, and what
// happens when Redis is down.
#include "services/gateway/rate_limiter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "common/testing/test_env.h"

namespace sisker::gateway {
namespace {

TEST(RateLimiter, ABurstThenTheRateSharedByReplicasThroughRedis) {
  sisker::testing::PrivateRedis server;
  ASSERT_TRUE(server.ok());
  common::RedisClient redis({.address = server.address()});
  // Two gateway replicas share one bucket per principal.
  RateLimiter a(&redis, {.per_second = 2, .burst = 3});
  RateLimiter b(&redis, {.per_second = 2, .burst = 3});
  const absl::Time t0 = absl::Now();
  EXPECT_TRUE(a.Allow("p:siti@kampar", t0));
  EXPECT_TRUE(b.Allow("p:siti@kampar", t0));
  EXPECT_TRUE(a.Allow("p:siti@kampar", t0));
  EXPECT_FALSE(b.Allow("p:siti@kampar", t0));  // the burst is spent
  EXPECT_TRUE(a.Allow("p:budi@kampar", t0));   // another principal
  // Half a second later one token (2/s) is back.
  EXPECT_TRUE(a.Allow("p:siti@kampar", t0 + absl::Milliseconds(500)));
  EXPECT_FALSE(b.Allow("p:siti@kampar", t0 + absl::Milliseconds(500)));
  EXPECT_EQ(a.local_decisions(), 0);
}

TEST(RateLimiter, WithRedisDownEachReplicaDecidesLocally) {
  sisker::testing::PrivateRedis server;
  ASSERT_TRUE(server.ok());
  common::RedisClient redis(
      {.address = server.address(), .reconnect_backoff = absl::Seconds(5)});
  RateLimiter limiter(&redis, {.per_second = 1, .burst = 2});
  ASSERT_TRUE(server.Stop());
  const absl::Time t0 = absl::Now();
  EXPECT_TRUE(limiter.Allow("p:siti@kampar", t0));
  EXPECT_TRUE(limiter.Allow("p:siti@kampar", t0));
  EXPECT_FALSE(limiter.Allow("p:siti@kampar", t0));
  EXPECT_GE(limiter.local_decisions(), 3);
}

}  // namespace
}  // namespace sisker::gateway
