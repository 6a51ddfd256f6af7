#include "common/event_consumer.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/event_relay.h"
#include "common/log.h"
#include "common/status_macros.h"

namespace sisker::common {
namespace {

// "<position>-0" -> position; 0 when malformed.
int64_t PositionOf(const std::string& entry_id) {
  int64_t position = 0;
  (void)absl::SimpleAtoi(entry_id.substr(0, entry_id.find('-')), &position);
  return position;
}

struct Entry {
  std::string id;
  sisker::v1::EventEnvelope envelope;
  bool parsed = false;
};

// XREADGROUP's answer: [[stream, [[id, [field, value, ...]], ...]]].
std::vector<Entry> EntriesOf(const RedisReply& reply) {
  std::vector<Entry> out;
  if (!reply.is_array()) return out;
  for (const auto& stream : reply.elements) {
    if (stream.elements.size() < 2) continue;
    for (const auto& item : stream.elements[1].elements) {
      if (item.elements.size() < 2) continue;
      Entry entry;
      entry.id = item.elements[0].str;
      const auto& fields = item.elements[1].elements;
      for (size_t i = 0; i + 1 < fields.size(); i += 2) {
        if (fields[i].str == "envelope") {
          entry.parsed = entry.envelope.ParseFromString(fields[i + 1].str);
        }
      }
      out.push_back(std::move(entry));
    }
  }
  return out;
}

}  // namespace

EventConsumer::EventConsumer(PgPool* pool, RedisClient* redis,
                             EventSource source, EventHandler handler,
                             EventConsumerOptions options,
                             MetricsRegistry* metrics)
    : pool_(pool),
      redis_(redis),
      source_(std::move(source)),
      handler_(std::move(handler)),
      options_(std::move(options)),
      stream_(EventStreamKey(options_.source)),
      blocking_(redis_->Dedicated()) {
  if (metrics != nullptr) {
    metrics->AddGauge("sisker_event_consumer_lag_events",
                      "Events the producer has that this consumer has not "
                      "applied yet (as last seen).",
                      {{"consumer", options_.consumer}},
                      [this] { return static_cast<double>(lag()); });
  }
}

EventConsumer::~EventConsumer() { Stop(); }

int64_t EventConsumer::lag() const {
  return std::max<int64_t>(0, head_.load() - position_.load());
}

absl::Status EventConsumer::LoadPosition() {
  if (position_loaded_) return absl::OkStatus();
  int64_t stored = 0;
  RETURN_IF_ERROR(RunTransaction(*pool_, {}, [&](Tx& tx) {
    tx.exec_params0(
        "INSERT INTO consumer_positions (consumer) VALUES ($1) ON CONFLICT "
        "DO NOTHING",
        options_.consumer);
    stored = tx.exec_params1(
                   "SELECT position FROM consumer_positions WHERE consumer = "
                   "$1",
                   options_.consumer)[0]
                 .as<int64_t>();
    return absl::OkStatus();
  }));
  position_ = stored;
  position_loaded_ = true;
  return absl::OkStatus();
}

absl::StatusOr<bool> EventConsumer::Apply(const sisker::v1::EventEnvelope& e) {
  bool applied = false;
  RETURN_IF_ERROR(RunTransaction(*pool_, {}, [&](Tx& tx) -> absl::Status {
    applied = false;
    const auto inserted = tx.exec_params(
        "INSERT INTO consumed_events (consumer, event_id, position) VALUES "
        "($1, $2::uuid, $3) ON CONFLICT DO NOTHING",
        options_.consumer, e.id(), e.position());
    if (inserted.affected_rows() == 1) {
      RETURN_IF_ERROR(handler_(tx, e));
      applied = true;
    }
    tx.exec_params0(
        "UPDATE consumer_positions SET position = greatest(position, $2), "
        "updated_at = now() WHERE consumer = $1",
        options_.consumer, e.position());
    return absl::OkStatus();
  }));
  int64_t seen = position_.load();
  while (e.position() > seen &&
         !position_.compare_exchange_weak(seen, e.position())) {
  }
  if (e.position() > head_.load()) head_ = e.position();
  return applied;
}

absl::StatusOr<int> EventConsumer::CatchUpTo(int64_t until) {
  int applied = 0;
  while (position_.load() < until) {
    const int64_t after = position_.load();
    auto page = source_(after, 500);
    if (!page.ok()) return page.status();
    if (page->last_position() > head_.load()) head_ = page->last_position();
    for (const auto& e : page->events()) {
      if (e.position() > until) return applied;
      ASSIGN_OR_RETURN(bool took_effect, Apply(e));
      applied += took_effect ? 1 : 0;
    }
    // The source is not filtered by type: an empty page is the end.
    if (page->events().empty()) break;
  }
  return applied;
}

absl::StatusOr<int> EventConsumer::CatchUp() {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(LoadPosition());
  next_catch_up_ = absl::Now() + options_.catch_up_interval;
  return CatchUpTo(std::numeric_limits<int64_t>::max());
}

absl::Status EventConsumer::EnsureGroup() {
  if (group_ready_) return absl::OkStatus();
  // Start the group where this consumer stands; what came before is
  // applied (or comes through ListEvents).
  ASSIGN_OR_RETURN(
      RedisReply reply,
      redis_->Command({"XGROUP", "CREATE", stream_, options_.consumer,
                       absl::StrCat(position_.load(), "-0"), "MKSTREAM"}));
  if (reply.is_error() && !absl::StartsWith(reply.str, "BUSYGROUP")) {
    return Unavailable(absl::StrCat("Redis (XGROUP: ", reply.str, ")"));
  }
  group_ready_ = true;
  read_pending_ = true;
  return absl::OkStatus();
}

absl::StatusOr<int> EventConsumer::Poll() {
  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(LoadPosition());
  int applied = 0;
  if (!group_ready_) {
    // A new or lost group: what the stream no longer has comes from the
    // log first.
    ASSIGN_OR_RETURN(applied, CatchUpTo(std::numeric_limits<int64_t>::max()));
    RETURN_IF_ERROR(EnsureGroup());
  }
  const int64_t block_ms = absl::ToInt64Milliseconds(options_.block);
  auto reply = blocking_->CommandWithTimeout(
      {"XREADGROUP", "GROUP", options_.consumer, options_.replica, "COUNT",
       absl::StrCat(options_.batch), "BLOCK", absl::StrCat(block_ms), "STREAMS",
       stream_, read_pending_ ? "0" : ">"},
      options_.block + absl::Seconds(1));
  if (!reply.ok()) return reply.status();
  if (reply->is_error()) {
    if (absl::StartsWith(reply->str, "NOGROUP")) {
      group_ready_ = false;  // Redis lost it: catch up on the next round
      return applied;
    }
    return Unavailable(absl::StrCat("Redis (XREADGROUP: ", reply->str, ")"));
  }
  std::vector<Entry> entries = EntriesOf(*reply);
  if (read_pending_ && entries.empty()) read_pending_ = false;
  std::vector<std::string> ack = {"XACK", stream_, options_.consumer};
  for (const auto& entry : entries) {
    const int64_t position = PositionOf(entry.id);
    if (position > position_.load() + 1) {
      ASSIGN_OR_RETURN(int filled, CatchUpTo(position - 1));
      applied += filled;
    }
    if (entry.parsed) {
      sisker::v1::EventEnvelope e = entry.envelope;
      e.set_position(position);
      ASSIGN_OR_RETURN(bool took_effect, Apply(e));
      applied += took_effect ? 1 : 0;
    } else {
      Log(LogLevel::kWarning, "event consumer: unreadable stream entry",
          {{"consumer", options_.consumer}, {"entry", entry.id}});
    }
    ack.push_back(entry.id);
  }
  if (ack.size() > 3) (void)redis_->Command(ack);
  if (absl::Now() >= next_catch_up_) {
    next_catch_up_ = absl::Now() + options_.catch_up_interval;
    ASSIGN_OR_RETURN(int filled,
                     CatchUpTo(std::numeric_limits<int64_t>::max()));
    applied += filled;
  }
  return applied;
}

void EventConsumer::Start() {
  thread_ = std::thread([this] { Run(); });
}

void EventConsumer::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void EventConsumer::Run() {
  bool warned = false;
  absl::Time next_purge = absl::Now() + absl::Minutes(1);
  while (!stop_.HasBeenNotified()) {
    auto polled = Poll();
    if (polled.ok()) {
      warned = false;
    } else {
      if (!warned) {
        Log(LogLevel::kWarning,
            "event consumer: stream unavailable, polling the event log",
            {{"consumer", options_.consumer},
             {"error", std::string(polled.status().message())}});
        warned = true;
      }
      {
        absl::MutexLock lock(&mu_);
        group_ready_ = false;  // re-check the group when Redis is back
      }
      (void)CatchUp();
      stop_.WaitForNotificationWithTimeout(absl::Milliseconds(200));
    }
    if (absl::Now() >= next_purge) {
      next_purge = absl::Now() + absl::Hours(1);
      (void)RunTransaction(*pool_, {}, [&](Tx& tx) {
        tx.exec_params0(
            "DELETE FROM consumed_events WHERE consumer = $1 AND applied_at "
            "< now() - make_interval(secs => $2)",
            options_.consumer,
            absl::ToDoubleSeconds(options_.dedupe_retention));
        return absl::OkStatus();
      });
    }
  }
}

}  // namespace sisker::common
