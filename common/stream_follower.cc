#include "common/stream_follower.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/event_relay.h"

namespace sisker::common {

StreamFollower::StreamFollower(RedisClient* redis, const std::string& source,
                               OnEvent on_event, OnSync on_sync,
                               absl::Duration block)
    : connection_(redis->Dedicated()),
      stream_(EventStreamKey(source)),
      on_event_(std::move(on_event)),
      on_sync_(std::move(on_sync)),
      block_(block) {}

StreamFollower::~StreamFollower() { Stop(); }

void StreamFollower::SetFollowing(bool following) {
  if (following == following_) return;
  following_ = following;
  on_sync_(following);
}

absl::Status StreamFollower::PollOnce() {
  if (last_id_ == "$") {
    // Pin "from now on" to the stream's top entry, so that entries added
    // between two reads are not missed.
    auto top =
        connection_->Command({"XREVRANGE", stream_, "+", "-", "COUNT", "1"});
    if (!top.ok() || top->is_error()) {
      SetFollowing(false);
      return top.ok() ? Unavailable(absl::StrCat("Redis (", top->str, ")"))
                      : top.status();
    }
    last_id_ = top->elements.empty() || top->elements[0].elements.empty()
                   ? std::string("0-0")
                   : top->elements[0].elements[0].str;
    last_position_ = 0;
    SetFollowing(true);
  }
  auto reply = connection_->CommandWithTimeout(
      {"XREAD", "COUNT", "1000", "BLOCK",
       absl::StrCat(absl::ToInt64Milliseconds(block_)), "STREAMS", stream_,
       last_id_},
      block_ + absl::Seconds(1));
  if (!reply.ok() || reply->is_error()) {
    SetFollowing(false);
    last_id_.assign(1, '$');  // from now on once it answers again
    last_position_ = 0;
    return reply.ok() ? Unavailable(absl::StrCat("Redis (", reply->str, ")"))
                      : reply.status();
  }
  SetFollowing(true);
  if (!reply->is_array()) return absl::OkStatus();  // nothing new
  for (const auto& stream : reply->elements) {
    if (stream.elements.size() < 2) continue;
    for (const auto& item : stream.elements[1].elements) {
      if (item.elements.size() < 2) continue;
      last_id_ = item.elements[0].str;
      int64_t position = 0;
      (void)absl::SimpleAtoi(last_id_.substr(0, last_id_.find('-')), &position);
      if (last_position_ != 0 && position > last_position_ + 1) {
        // Entries were missed (trimmed or lost): start over.
        SetFollowing(false);
        SetFollowing(true);
      }
      last_position_ = position;
      const auto& fields = item.elements[1].elements;
      for (size_t i = 0; i + 1 < fields.size(); i += 2) {
        sisker::v1::EventEnvelope e;
        if (fields[i].str == "envelope" && e.ParseFromString(fields[i + 1].str))
          on_event_(e);
      }
    }
  }
  return absl::OkStatus();
}

void StreamFollower::Start() {
  thread_ = std::thread([this] {
    while (!stop_.HasBeenNotified()) {
      if (!PollOnce().ok()) {
        stop_.WaitForNotificationWithTimeout(absl::Milliseconds(200));
      }
    }
  });
}

void StreamFollower::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace sisker::common
