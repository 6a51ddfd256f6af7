// The pool under exhaustion, against an unreachable server, and across a
// PostgreSQL restart (a private server started for that test).
#include "common/pg_pool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/pg_transaction.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::TestDatabase;

TEST(PgPool, ReportsExhaustionAfterTheCheckoutTimeoutAndRecovers) {
  auto db = TestDatabase::Create();
  ASSERT_THAT(db, IsOk());
  MetricsRegistry metrics;
  PgPool pool({(*db)->conninfo(), "public", 2, absl::Milliseconds(200), {}},
              &metrics);
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  absl::Time start = absl::Now();
  auto c = pool.Acquire();
  EXPECT_THAT(c, StatusIs(absl::StatusCode::kUnavailable, "POOL_EXHAUSTED"));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(190));
  EXPECT_EQ(pool.stats().in_use, 2);
  EXPECT_EQ(pool.stats().checkout_timeouts, 1);
  EXPECT_THAT(metrics.Render(),
              ::testing::HasSubstr(
                  "sisker_pg_pool_checkout_timeouts{schema=\"public\"} 1"));
  // A waiter gets the connection another caller gives back.
  std::thread release([lease = std::move(*a)]() mutable {
    absl::SleepFor(absl::Milliseconds(50));
  });
  auto d = pool.Acquire(absl::Now() + absl::Seconds(2));
  release.join();
  EXPECT_THAT(d, IsOk());
  EXPECT_EQ(pool.stats().open, 2);
}

TEST(PgPool, AnUnreachableServerIsUnavailableNotAHang) {
  PgPool pool({"host=127.0.0.1 port=1 user=postgres connect_timeout=2",
               "public",
               2,
               absl::Seconds(1),
               {}},
              nullptr);
  EXPECT_THAT(pool.Acquire(), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_FALSE(pool.Ping());
  EXPECT_EQ(pool.stats().open, 0);
  EXPECT_EQ(pool.stats().in_use, 0);
}

TEST(PgPool, EvictsBrokenConnectionsAndRePreparesAfterARestart) {
  sisker::testing::PrivatePostgres server;
  ASSERT_TRUE(server.ok()) << "could not start a private PostgreSQL";
  int setups = 0;
  PgPool pool({server.conninfo(), "public", 2, absl::Seconds(2),
               [&setups](pqxx::connection& c) {
                 ++setups;
                 c.prepare("answer", "SELECT 42");
               }},
              nullptr);
  auto query = [&pool]() {
    int value = 0;
    absl::Status s = RunTransaction(
        pool, {absl::Now() + absl::Seconds(20), "", false}, [&](Tx& tx) {
          value = tx.exec_prepared1("answer")[0].as<int>();
          return absl::OkStatus();
        });
    return s.ok() ? value : -1;
  };
  ASSERT_EQ(query(), 42);
  EXPECT_EQ(setups, 1);
  ASSERT_TRUE(server.Restart());
  // The pooled connection is dead; the transaction retries on a fresh one,
  // which runs the setup (prepared statements) again.
  EXPECT_EQ(query(), 42);
  EXPECT_GE(pool.stats().evictions, 1);
  EXPECT_EQ(setups, 2);
  EXPECT_TRUE(pool.Ping());
}

}  // namespace
}  // namespace sisker::common
