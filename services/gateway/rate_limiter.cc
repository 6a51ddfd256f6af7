#include "services/gateway/rate_limiter.h"

#include <algorithm>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace sisker::gateway {
namespace {

// KEYS[1]: the shared bucket; ARGV: rate per ms, burst, now in ms, tokens
// spent by this replica since its last sync. Returns the bucket's level
// after refilling and spending (may go below zero by what replicas
// overshot; it refills from there).
constexpr char kSettle[] = R"lua(
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local spent = tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(b[1]) or burst
local ts = tonumber(b[2]) or now
if now > ts then tokens = math.min(burst, tokens + (now - ts) * rate) end
tokens = tokens - spent
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(math.max(now, ts)))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return tostring(tokens)
)lua";

}  // namespace

RateLimiter::~RateLimiter() { Stop(); }

void RateLimiter::Refill(Bucket& b, absl::Time now) const {
  if (now > b.at) {
    b.tokens =
        std::min(options_.burst, b.tokens + absl::ToDoubleSeconds(now - b.at) *
                                                options_.per_second);
    b.at = now;
  }
}

bool RateLimiter::Allow(const std::string& principal, absl::Time now) {
  absl::MutexLock lock(&mu_);
  if (buckets_.size() > 100000) buckets_.clear();  // bounded memory
  auto [it, inserted] =
      buckets_.try_emplace(principal, Bucket{options_.burst, now, 0});
  Bucket& b = it->second;
  Refill(b, now);
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  ++b.unsynced;
  return true;
}

bool RateLimiter::Sync(absl::Time now) {
  if (redis_ == nullptr) return true;
  std::vector<std::pair<std::string, int64_t>> spent;
  {
    absl::MutexLock lock(&mu_);
    for (auto& [key, b] : buckets_) {
      if (b.unsynced > 0) spent.push_back({key, b.unsynced});
    }
  }
  if (spent.empty()) return true;
  std::vector<std::vector<std::string>> commands;
  for (const auto& [key, n] : spent) {
    commands.push_back(
        {"EVAL", kSettle, "1", absl::StrCat("sisker:ratelimit:", key),
         absl::StrCat(options_.per_second / 1000.0),
         absl::StrCat(options_.burst), absl::StrCat(absl::ToUnixMillis(now)),
         absl::StrCat(n)});
  }
  auto replies = redis_->Pipeline(commands);
  absl::MutexLock lock(&mu_);
  if (!replies.ok()) {
    ++failed_syncs_;
    return false;  // keep the counts; settle them when Redis is back
  }
  for (size_t i = 0; i < spent.size(); ++i) {
    auto it = buckets_.find(spent[i].first);
    if (it == buckets_.end()) continue;
    it->second.unsynced -= spent[i].second;
    double level = 0;
    if (absl::SimpleAtod((*replies)[i].str, &level)) {
      // The shared level, less what was spent here since the sync began.
      it->second.tokens = std::min(
          options_.burst, level - static_cast<double>(it->second.unsynced));
      it->second.at = now;
    }
  }
  return true;
}

void RateLimiter::Start() {
  thread_ = std::thread([this] {
    while (!stop_.WaitForNotificationWithTimeout(options_.sync_interval)) {
      (void)Sync();
    }
  });
}

void RateLimiter::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

int64_t RateLimiter::failed_syncs() const {
  absl::MutexLock lock(&mu_);
  return failed_syncs_;
}

}  // namespace sisker::gateway
