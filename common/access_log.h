// Reads of personal data (UU 27/2022 Pelindungan Data Pribadi): who read
// which person's personal fields, when. Recorded off the hot path: Record()
// only appends to a bounded buffer; a background thread writes batches
// (one multi-row INSERT per batch) and Stop() flushes what is left, so a
// clean stop loses nothing and a read does not pay a commit.
#ifndef SISKER_COMMON_ACCESS_LOG_H_
#define SISKER_COMMON_ACCESS_LOG_H_

#include <cstdint>
#include <deque>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/metrics.h"
#include "common/pg_pool.h"

namespace sisker::common {

struct AccessRecord {
  std::string instansi_id;
  std::string actor_subject;
  std::string actor_kind;  // "person" / "service"
  std::string subject_id;  // whose data: e.g. the pegawai id
  std::string fields;      // e.g. "nip,birth_date,status"
  std::string method;
  std::string trace_id;
  absl::Time at;
};

struct AccessLogOptions {
  // The table (in the pool's schema) with the columns of AccessRecord.
  std::string table = "personal_data_reads";
  absl::Duration flush_interval = absl::Milliseconds(200);
  size_t max_batch = 500;
  // Beyond this many unwritten records (database down for long) the oldest
  // are dropped and counted: memory stays bounded.
  size_t max_pending = 200000;
};

class AccessLog {
 public:
  // `metrics` may be null; both must outlive the log.
  AccessLog(PgPool* pool, AccessLogOptions options, MetricsRegistry* metrics);
  ~AccessLog();  // Stop()

  void Record(AccessRecord record);
  // Writes everything recorded so far (retrying until `deadline`); false if
  // some records could not be written by then (they stay buffered).
  bool Flush(absl::Time deadline = absl::Now() + absl::Seconds(10));
  // Flushes and stops the writer thread. Idempotent.
  void Stop(absl::Duration deadline = absl::Seconds(10));

  int64_t written() const;
  int64_t dropped() const;
  // Recorded but not yet written (buffered or in a batch being written).
  size_t pending() const;

 private:
  void Run();
  // Writes up to max_batch records; false on a database error.
  bool WriteBatch();

  PgPool* pool_;
  AccessLogOptions options_;
  mutable absl::Mutex mu_;
  std::deque<AccessRecord> pending_ ABSL_GUARDED_BY(mu_);
  // Taken from pending_ by a batch being written.
  size_t in_flight_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t written_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t dropped_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  absl::Mutex write_mu_;  // one batch at a time
  std::thread thread_;
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_ACCESS_LOG_H_
