#include "services/gateway/rate_limiter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace sisker::gateway {
namespace {

// KEYS[1]: the bucket; ARGV: rate per ms, burst, now in ms. 1 = allowed.
constexpr char kTokenBucket[] = R"lua(
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(b[1]) or burst
local ts = tonumber(b[2]) or now
if now > ts then tokens = math.min(burst, tokens + (now - ts) * rate) end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(math.max(now, ts)))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return allowed
)lua";

}  // namespace

bool RateLimiter::Allow(const std::string& principal, absl::Time now) {
  if (redis_ != nullptr) {
    auto reply = redis_->Eval(
        kTokenBucket, {absl::StrCat("sisker:ratelimit:", principal)},
        {absl::StrCat(options_.per_second / 1000.0),
         absl::StrCat(options_.burst), absl::StrCat(absl::ToUnixMillis(now))});
    if (reply.ok() && reply->is_integer()) return reply->integer == 1;
  }
  return AllowLocally(principal, now);
}

bool RateLimiter::AllowLocally(const std::string& principal, absl::Time now) {
  absl::MutexLock lock(&mu_);
  ++local_decisions_;
  if (local_.size() > 100000) local_.clear();  // bounded memory
  auto [it, inserted] =
      local_.try_emplace(principal, Bucket{options_.burst, now});
  Bucket& b = it->second;
  if (now > b.at) {
    b.tokens =
        std::min(options_.burst, b.tokens + absl::ToDoubleSeconds(now - b.at) *
                                                options_.per_second);
    b.at = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

int64_t RateLimiter::local_decisions() const {
  absl::MutexLock lock(&mu_);
  return local_decisions_;
}

}  // namespace sisker::gateway
