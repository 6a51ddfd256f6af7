// The per-principal rate limit against a real (private) Redis: replicas
// share one bucket through periodic settling, and go on alone when Redis
// is down.
#include "services/gateway/rate_limiter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "common/testing/test_env.h"

namespace sisker::gateway {
namespace {

TEST(RateLimiter, ReplicasShareOneBucketThroughRedis) {
  sisker::testing::PrivateRedis server;
  ASSERT_TRUE(server.ok());
  common::RedisClient redis({.address = server.address()});
  RateLimiter a(&redis, {.per_second = 2, .burst = 3});
  RateLimiter b(&redis, {.per_second = 2, .burst = 3});
  const std::string siti = "p:siti@kampar";
  const absl::Time t0 = absl::Now();
  EXPECT_TRUE(a.Allow(siti, t0));
  EXPECT_TRUE(a.Allow(siti, t0));
  EXPECT_TRUE(a.Allow(siti, t0));
  EXPECT_FALSE(a.Allow(siti, t0));            // the burst is spent
  EXPECT_TRUE(a.Allow("p:budi@kampar", t0));  // another principal
  ASSERT_TRUE(a.Sync(t0));
  // b has not heard yet: one request more than the burst (the bounded
  // overshoot); once it settles it knows the bucket is empty.
  EXPECT_TRUE(b.Allow(siti, t0));
  ASSERT_TRUE(b.Sync(t0));
  EXPECT_FALSE(b.Allow(siti, t0));
  auto level = redis.Command({"HGET", "sisker:ratelimit:" + siti, "t"});
  ASSERT_TRUE(level.ok());
  EXPECT_EQ(level->str, "-1");
  // It refills at 2/s from there, for every replica.
  EXPECT_FALSE(b.Allow(siti, t0 + absl::Milliseconds(900)));
  EXPECT_TRUE(b.Allow(siti, t0 + absl::Milliseconds(1000)));
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
  EXPECT_FALSE(limiter.Sync(t0));
  EXPECT_EQ(limiter.failed_syncs(), 1);
  EXPECT_TRUE(limiter.Allow("p:siti@kampar", t0 + absl::Seconds(1)));
}

}  // namespace
}  // namespace sisker::gateway
