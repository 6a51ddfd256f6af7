// Migrations: two starters at once, a changed migration, forward-only.
#include "common/migrations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::TestDatabase;

const std::vector<Migration> kV1 = {
    {1, "001_slow", "SELECT pg_sleep(0.3); CREATE TABLE a (id int);"},
    {2, "002_b", "CREATE TABLE b (id int);"},
};

TEST(Migrations, TwoStartersApplyEachMigrationOnce) {
  auto db = TestDatabase::Create();
  ASSERT_THAT(db, IsOk());
  absl::StatusOr<MigrationReport> first, second;
  std::thread t1(
      [&] { first = ApplyMigrations((*db)->conninfo(), "svc", kV1); });
  std::thread t2(
      [&] { second = ApplyMigrations((*db)->conninfo(), "svc", kV1); });
  t1.join();
  t2.join();
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  // Platform migrations + 2, applied by exactly one of the two.
  const size_t expected = PlatformMigrations().size() + kV1.size();
  EXPECT_EQ(first->applied.size() + second->applied.size(), expected);
  EXPECT_TRUE(first->applied.empty() || second->applied.empty());
  EXPECT_EQ((*db)->QueryValue("SELECT count(*) FROM svc.schema_migrations"),
            std::to_string(expected));
  EXPECT_EQ((*db)->QueryValue("SELECT count(*) FROM information_schema.tables "
                              "WHERE table_schema = 'svc' AND table_name IN "
                              "('a', 'b', 'history', 'events', 'idempotency')"),
            "5");
}

TEST(Migrations, RefusesAMigrationEditedAfterItWasApplied) {
  auto db = TestDatabase::Create();
  ASSERT_THAT(db, IsOk());
  ASSERT_THAT(ApplyMigrations((*db)->conninfo(), "svc", kV1), IsOk());
  std::vector<Migration> edited = kV1;
  edited[1].sql = "CREATE TABLE b (id bigint);";
  EXPECT_THAT(
      ApplyMigrations((*db)->conninfo(), "svc", edited),
      StatusIs(absl::StatusCode::kFailedPrecondition, "MIGRATION_EDITED"));
}

TEST(Migrations, AppliesOnlyWhatIsNew) {
  auto db = TestDatabase::Create();
  ASSERT_THAT(db, IsOk());
  ASSERT_THAT(ApplyMigrations((*db)->conninfo(), "svc", kV1), IsOk());
  std::vector<Migration> next = kV1;
  next.push_back({3, "003_c", "CREATE TABLE c (id int);"});
  auto report = ApplyMigrations((*db)->conninfo(), "svc", next);
  ASSERT_THAT(report, IsOk());
  EXPECT_THAT(report->applied, ::testing::ElementsAre("svc/003_c"));
}

TEST(Migrations, UnreachableDatabaseIsUnavailable) {
  EXPECT_THAT(
      ApplyMigrations("host=127.0.0.1 port=1 user=postgres connect_timeout=2",
                      "svc", kV1),
      StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace sisker::common
