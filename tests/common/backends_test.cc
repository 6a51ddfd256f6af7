// The run's backends are there: a missing one fails, never skips.
#include <gtest/gtest.h>

#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"

namespace sisker::testing {
namespace {

TEST(Backends, TheRunsPostgresqlGivesAThrowawayDatabase) {
  auto db = TestDatabase::Create();
  ASSERT_THAT(db, IsOk());
  EXPECT_EQ((*db)->QueryValue("SELECT current_database()"), (*db)->name());
}

TEST(Backends, TheRunsRedisAnswersPing) {
  auto address = TestRedisAddress();
  ASSERT_THAT(address, IsOk());
  EXPECT_THAT(PingRedis(*address), IsOk());
}

}  // namespace
}  // namespace sisker::testing
