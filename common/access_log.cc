// AccessLog: buffered, batched writes of personal-data reads.
#include "common/access_log.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/pg_transaction.h"

namespace sisker::common {

AccessLog::AccessLog(PgPool* pool, AccessLogOptions options,
                     MetricsRegistry* metrics)
    : pool_(pool), options_(std::move(options)) {
  if (metrics != nullptr) {
    metrics->AddGauge("sisker_personal_data_reads_pending",
                      "Personal-data reads recorded but not yet written.", {},
                      [this] { return static_cast<double>(pending()); });
    metrics->AddGauge(
        "sisker_personal_data_reads_dropped",
        "Personal-data reads dropped because the buffer was full (total).", {},
        [this] { return static_cast<double>(dropped()); });
  }
  thread_ = std::thread([this] { Run(); });
}

AccessLog::~AccessLog() { Stop(); }

void AccessLog::Record(AccessRecord record) {
  absl::MutexLock lock(&mu_);
  if (pending_.size() >= options_.max_pending) {
    pending_.pop_front();
    ++dropped_;
  }
  pending_.push_back(std::move(record));
}

bool AccessLog::WriteBatch() {
  absl::MutexLock write_lock(&write_mu_);
  std::vector<AccessRecord> batch;
  {
    absl::MutexLock lock(&mu_);
    while (!pending_.empty() && batch.size() < options_.max_batch) {
      batch.push_back(std::move(pending_.front()));
      pending_.pop_front();
    }
    in_flight_ = batch.size();
  }
  if (batch.empty()) return true;
  TxOptions tx_options;
  tx_options.deadline = absl::Now() + absl::Seconds(5);
  absl::Status status = RunTransaction(*pool_, tx_options, [&](Tx& tx) {
    std::string sql =
        absl::StrCat("INSERT INTO ", tx.quote_name(options_.table),
                     " (instansi_id, actor_subject, actor_kind, subject_id, "
                     "fields, method, trace_id, "
                     "read_at) VALUES ");
    for (size_t i = 0; i < batch.size(); ++i) {
      const AccessRecord& r = batch[i];
      absl::StrAppend(
          &sql, i ? "," : "", "(", tx.quote(r.instansi_id), ",",
          tx.quote(r.actor_subject), ",", tx.quote(r.actor_kind), ",",
          tx.quote(r.subject_id), ",", tx.quote(r.fields), ",",
          tx.quote(r.method), ",", tx.quote(r.trace_id), ",to_timestamp(",
          absl::StrFormat("%.6f",
                          absl::ToDoubleSeconds(r.at - absl::UnixEpoch())),
          "))");
    }
    tx.exec0(sql);
    return absl::OkStatus();
  });
  absl::MutexLock lock(&mu_);
  in_flight_ = 0;
  if (!status.ok()) {
    // Put the batch back in front, in order; retried on the next round.
    for (auto it = batch.rbegin(); it != batch.rend(); ++it)
      pending_.push_front(std::move(*it));
    return false;
  }
  written_ += static_cast<int64_t>(batch.size());
  return true;
}

bool AccessLog::Flush(absl::Time deadline) {
  // WriteBatch waits for a batch the writer thread has in flight, so a
  // batch it fails to write is back in `pending_` before this checks.
  while (absl::Now() < deadline) {
    const bool ok = WriteBatch();
    if (ok && pending() == 0) return true;
    if (!ok) absl::SleepFor(absl::Milliseconds(100));
  }
  return pending() == 0;
}

void AccessLog::Run() {
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      auto wake = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return stopping_ || pending_.size() >= options_.max_batch;
      };
      mu_.AwaitWithTimeout(absl::Condition(&wake), options_.flush_interval);
      if (stopping_) return;
    }
    while (pending() > 0) {
      if (!WriteBatch()) {
        Log(LogLevel::kWarning,
            "personal-data read log: database unavailable, will retry",
            {{"pending", static_cast<int64_t>(pending())}});
        break;
      }
    }
  }
}

void AccessLog::Stop(absl::Duration deadline) {
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  if (!Flush(absl::Now() + deadline)) {
    Log(LogLevel::kError,
        "personal-data read log: records left unwritten at stop",
        {{"pending", static_cast<int64_t>(pending())}});
  }
}

int64_t AccessLog::written() const {
  absl::MutexLock lock(&mu_);
  return written_;
}

int64_t AccessLog::dropped() const {
  absl::MutexLock lock(&mu_);
  return dropped_;
}

size_t AccessLog::pending() const {
  absl::MutexLock lock(&mu_);
  return pending_.size() + in_flight_;
}

}  // namespace sisker::common
