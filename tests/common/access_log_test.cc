// The personal-data read log: batched, nothing lost on a clean stop, and
// kept while the database is down.
#include "common/access_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "common/pg_transaction.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;

constexpr char kTable[] =
    "CREATE TABLE personal_data_reads (id bigserial PRIMARY KEY, instansi_id "
    "text, "
    "actor_subject text, actor_kind text, subject_id text, fields text, method "
    "text, "
    "trace_id text, read_at timestamptz)";

AccessRecord Read(int i) {
  return {"kampar", "auditor",    "person", "p" + std::to_string(i),
          "nip",    "GetPegawai", "",       absl::Now()};
}

TEST(AccessLog, WritesEveryRecordInBatchesAndLosesNothingOnAStop) {
  auto db = sisker::testing::TestDatabase::Create();
  ASSERT_THAT(db, IsOk());
  PgPool pool({(*db)->conninfo(), "public", 2, absl::Seconds(2), {}}, nullptr);
  ASSERT_THAT(RunTransaction(pool, {},
                             [](Tx& tx) {
                               tx.exec0(kTable);
                               return absl::OkStatus();
                             }),
              IsOk());
  {
    AccessLogOptions options;
    options.flush_interval =
        absl::Hours(1);  // only the batch size or Stop writes
    options.max_batch = 100;
    AccessLog log(&pool, options, nullptr);
    for (int i = 0; i < 1234; ++i) log.Record(Read(i));
    log.Stop();
    EXPECT_EQ(log.written(), 1234);
    EXPECT_EQ(log.pending(), 0u);
  }
  EXPECT_EQ((*db)->QueryValue(
                "SELECT count(DISTINCT subject_id) FROM personal_data_reads"),
            "1234");
}

TEST(AccessLog, KeepsRecordsWhileTheDatabaseIsDownAndWritesThemAfter) {
  sisker::testing::PrivatePostgres pg;
  ASSERT_TRUE(pg.ok());
  PgPool pool({pg.conninfo(), "public", 2, absl::Seconds(1), {}}, nullptr);
  ASSERT_THAT(RunTransaction(pool, {},
                             [](Tx& tx) {
                               tx.exec0(kTable);
                               return absl::OkStatus();
                             }),
              IsOk());
  AccessLogOptions options;
  options.flush_interval = absl::Milliseconds(50);
  AccessLog log(&pool, options, nullptr);
  ASSERT_TRUE(pg.Stop());
  for (int i = 0; i < 10; ++i) log.Record(Read(i));
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(log.written(), 0);
  EXPECT_EQ(log.pending(), 10u);
  ASSERT_TRUE(pg.Start());
  EXPECT_TRUE(log.Flush(absl::Now() + absl::Seconds(15)));
  EXPECT_EQ(log.written(), 10);
}

}  // namespace
}  // namespace sisker::common
