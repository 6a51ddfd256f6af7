// Follows a service's event stream from now on, without a group or a
// stored position: for caches, which only need to hear of changes while
// they run. When the stream cannot be followed (Redis down, entries
// missed) it says so, and the cache stops serving until it follows again
// (and then starts empty).
#ifndef SISKER_COMMON_STREAM_FOLLOWER_H_
#define SISKER_COMMON_STREAM_FOLLOWER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/redis_client.h"
#include "sisker/v1/common.pb.h"

namespace sisker::common {

class StreamFollower {
 public:
  using OnEvent = std::function<void(const sisker::v1::EventEnvelope&)>;
  // false: events may be missed from now on; true: following again, and
  // anything before may have been missed (drop what was cached).
  using OnSync = std::function<void(bool following)>;

  StreamFollower(RedisClient* redis, const std::string& source,
                 OnEvent on_event, OnSync on_sync,
                 absl::Duration block = absl::Milliseconds(500));
  ~StreamFollower();  // Stop()

  // One blocking read (up to `block`). The first (and the first after a
  // failure) starts after the stream's top entry.
  absl::Status PollOnce();
  void Start();
  void Stop();
  bool following() const { return following_; }

 private:
  void SetFollowing(bool following);

  std::unique_ptr<RedisConnection> connection_;
  std::string stream_;
  OnEvent on_event_;
  OnSync on_sync_;
  absl::Duration block_;
  std::string last_id_ = "$";
  int64_t last_position_ = 0;
  bool following_ = false;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_STREAM_FOLLOWER_H_
