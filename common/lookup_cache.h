// An in-process cache for hot lookups (kedudukan, assessor, heads;
// ARCHITECTURE.md 6). Entries belong to an instansi; an event of that
// instansi bumps its generation and so drops all of its entries at once.
// Keys carry the date a lookup is for, so when the day changes a "today"
// lookup asks a new key: a Plt period that ends at midnight changes the
// answer without any event. Each entry also has a time to live, the
// backstop when an invalidation is missed.
//
// The write race: read Generation() before computing a value and pass it
// to Put(); a value computed across an invalidation is stored under the
// old generation and never served.
#ifndef SISKER_COMMON_LOOKUP_CACHE_H_
#define SISKER_COMMON_LOOKUP_CACHE_H_

#include <array>
#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sisker::common {

template <typename Value>
class LookupCache {
 public:
  // `max_entries` bounds memory (a full shard is cleared); `ttl` bounds
  // how long an entry can outlive a missed invalidation.
  LookupCache(size_t max_entries, absl::Duration ttl)
      : max_per_shard_(std::max<size_t>(1, max_entries / kShards)), ttl_(ttl) {}

  // The generation to pass to Put for a value computed from now on.
  uint64_t Generation(const std::string& instansi) const {
    absl::ReaderMutexLock lock(&generations_mu_);
    auto it = generations_.find(instansi);
    return global_.load() + (it == generations_.end() ? 0 : it->second);
  }

  std::optional<Value> Get(const std::string& instansi, const std::string& key,
                           absl::Time now = absl::Now()) {
    if (!enabled_.load()) {
      misses_.fetch_add(1, std::memory_order_relaxed);
      return std::nullopt;
    }
    const uint64_t generation = Generation(instansi);
    Shard& shard = ShardFor(instansi, key);
    absl::ReaderMutexLock lock(&shard.mu);
    auto it = shard.entries.find(Key(instansi, key));
    if (it == shard.entries.end() || it->second.generation != generation ||
        it->second.expires <= now) {
      misses_.fetch_add(1, std::memory_order_relaxed);
      return std::nullopt;
    }
    hits_.fetch_add(1, std::memory_order_relaxed);
    return it->second.value;
  }

  void Put(const std::string& instansi, const std::string& key, Value value,
           uint64_t generation, absl::Time now = absl::Now()) {
    if (!enabled_.load() || generation != Generation(instansi)) return;
    Shard& shard = ShardFor(instansi, key);
    absl::MutexLock lock(&shard.mu);
    if (shard.entries.size() >= max_per_shard_) shard.entries.clear();
    shard.entries.insert_or_assign(
        Key(instansi, key), Entry{std::move(value), generation, now + ttl_});
  }

  // Drops every entry of `instansi` (an org event of it).
  void Invalidate(const std::string& instansi) {
    absl::MutexLock lock(&generations_mu_);
    ++generations_[instansi];
  }
  // Drops everything (a gap in the event feed, a change of unknown scope).
  void InvalidateAll() { global_.fetch_add(1); }

  // While disabled (the event feed is down, so invalidations from other
  // replicas could be missed) every Get misses and Put stores nothing.
  void SetEnabled(bool enabled) {
    if (enabled && !enabled_.load()) InvalidateAll();
    enabled_.store(enabled);
  }
  bool enabled() const { return enabled_.load(); }

  int64_t hits() const { return hits_.load(); }
  int64_t misses() const { return misses_.load(); }

 private:
  static constexpr size_t kShards = 16;
  struct Entry {
    Value value;
    uint64_t generation;
    absl::Time expires;
  };
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, Entry> entries;
  };
  static std::string Key(const std::string& instansi, const std::string& key) {
    std::string k;
    k.reserve(instansi.size() + key.size() + 1);
    k.append(instansi).push_back('\x1f');
    k.append(key);
    return k;
  }
  Shard& ShardFor(const std::string& instansi, const std::string& key) {
    return shards_[absl::HashOf(instansi, key) % kShards];
  }

  const size_t max_per_shard_;
  const absl::Duration ttl_;
  std::array<Shard, kShards> shards_;
  mutable absl::Mutex generations_mu_;
  absl::flat_hash_map<std::string, uint64_t> generations_
      ABSL_GUARDED_BY(generations_mu_);
  std::atomic<uint64_t> global_{0};
  std::atomic<bool> enabled_{true};
  std::atomic<int64_t> hits_{0};
  std::atomic<int64_t> misses_{0};
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_LOOKUP_CACHE_H_
