// RunTransaction: serialization failures retried, rollback on error,
// deadlines, no SQL in errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "absl/time/clock.h"
#include "common/pg_transaction.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::TestDatabase;

class Transactions : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = TestDatabase::Create();
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    pool_ = std::make_unique<PgPool>(
        PgPoolOptions{db_->conninfo(), "public", 8, absl::Seconds(5), {}},
        nullptr);
    ASSERT_THAT(RunTransaction(*pool_, {},
                               [](Tx& tx) {
                                 tx.exec0(
                                     "CREATE TABLE counter (n int); INSERT "
                                     "INTO counter VALUES (0)");
                                 return absl::OkStatus();
                               }),
                IsOk());
  }
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<PgPool> pool_;
};

TEST_F(Transactions, RetriesSerializationFailuresUntilEveryIncrementCommits) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        absl::Status s = RunTransaction(
            *pool_, {absl::Now() + absl::Seconds(60), "", false}, [](Tx& tx) {
              int n = tx.exec1("SELECT n FROM counter")[0].as<int>();
              tx.exec_params0("UPDATE counter SET n = $1", n + 1);
              return absl::OkStatus();
            });
        if (!s.ok()) {
          ++failures;
          ADD_FAILURE() << s;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(db_->QueryValue("SELECT n FROM counter"), "60");
  EXPECT_GT(pool_->stats().tx_retries, 0);  // the conflicts were retried
}

// READ COMMITTED with a row lock: the same increments serialize on the lock
// and none is retried (a SERIALIZABLE pool would have retried some).
TEST_F(Transactions, ReadCommittedWithRowLocksSerializesOnTheLock) {
  PgPoolOptions options{db_->conninfo(), "public", 8, absl::Seconds(5), {}};
  options.write_isolation =
      PgPoolOptions::WriteIsolation::kReadCommittedWithRowLocks;
  PgPool pool(options, nullptr);
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        EXPECT_THAT(
            RunTransaction(
                pool, {absl::Now() + absl::Seconds(60), "", false},
                [](Tx& tx) {
                  int n =
                      tx.exec1("SELECT n FROM counter FOR UPDATE")[0].as<int>();
                  tx.exec_params0("UPDATE counter SET n = $1", n + 1);
                  return absl::OkStatus();
                }),
            IsOk());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(db_->QueryValue("SELECT n FROM counter"), "60");
  EXPECT_EQ(pool.stats().tx_retries, 0);
}

TEST_F(Transactions, RollsBackWhenTheBodyFails) {
  absl::Status s = RunTransaction(*pool_, {}, [](Tx& tx) {
    tx.exec0("UPDATE counter SET n = 99");
    return absl::FailedPreconditionError("rule says no");
  });
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(db_->QueryValue("SELECT n FROM counter"), "0");
}

// RunSingleRead sends the one statement without a transaction around it:
// two statements would each be their own transaction (RunReadOnly keeps
// one), and its errors map as RunTransaction's do.
TEST_F(Transactions, ASingleReadRunsWithoutATransactionAroundIt) {
  std::string value;
  bool same_tx = true;
  ASSERT_THAT(RunSingleRead(
                  *pool_, absl::Now() + absl::Seconds(5),
                  [&](Tx& tx) {
                    value =
                        tx.exec1("SELECT n FROM counter")[0].as<std::string>();
                    const auto a = tx.exec1("SELECT now()::text");
                    const auto b = tx.exec1("SELECT now()::text");
                    same_tx = a[0].as<std::string>() == b[0].as<std::string>();
                    return absl::OkStatus();
                  }),
              IsOk());
  EXPECT_EQ(value, "0");
  EXPECT_FALSE(same_tx);
  ASSERT_THAT(RunReadOnly(*pool_, absl::Now() + absl::Seconds(5),
                          [&](Tx& tx) {
                            const auto a = tx.exec1("SELECT now()::text");
                            const auto b = tx.exec1("SELECT now()::text");
                            same_tx = a[0].as<std::string>() ==
                                      b[0].as<std::string>();
                            return absl::OkStatus();
                          }),
              IsOk());
  EXPECT_TRUE(same_tx);
  EXPECT_THAT(RunSingleRead(*pool_, absl::Now() + absl::Seconds(5),
                            [](Tx& tx) {
                              tx.exec0("SELECT * FROM no_such_table");
                              return absl::OkStatus();
                            }),
              StatusIs(absl::StatusCode::kInternal));
}

TEST_F(Transactions, APassedDeadlineIsDeadlineExceeded) {
  EXPECT_THAT(
      RunTransaction(*pool_, {absl::Now() - absl::Seconds(1), "", false},
                     [](Tx&) { return absl::OkStatus(); }),
      StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(
      RunTransaction(*pool_, {absl::Now() + absl::Milliseconds(300), "", false},
                     [](Tx& tx) {
                       tx.exec0("SELECT pg_sleep(2)");
                       return absl::OkStatus();
                     }),
      StatusIs(absl::StatusCode::kDeadlineExceeded));
}

TEST_F(Transactions, ASqlErrorIsInternalWithoutTheSqlText) {
  absl::Status s = RunTransaction(*pool_, {}, [](Tx& tx) {
    tx.exec0("SELECT * FROM no_such_table");
    return absl::OkStatus();
  });
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(std::string(s.message()).find("no_such_table"), std::string::npos);
}

TEST_F(Transactions, ReadOnlyRefusesWrites) {
  EXPECT_THAT(RunReadOnly(*pool_, absl::InfiniteFuture(),
                          [](Tx& tx) {
                            tx.exec0("UPDATE counter SET n = 5");
                            return absl::OkStatus();
                          }),
              StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(db_->QueryValue("SELECT n FROM counter"), "0");
}

}  // namespace
}  // namespace sisker::common
