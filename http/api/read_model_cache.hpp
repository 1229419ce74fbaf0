#pragma once
// Ready bytes of read models (region, vision, dashboard, KPIs), keyed by request and valid
// while the region's change counter stays the same (ADR 0003), served with strong ETags.

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/api/response.hpp"
#include "http/server/message.hpp"

namespace kyosei::http {

// Bounded: at most `max_bytes` of keys and bodies; the least recently used entries go
// first when a new one does not fit (keys are canonical — the parsed fiscal year, the KPI's
// number — so junk in a query string makes no new entries, and a day's dashboard entries
// age out when the date moves on). Thread-safe.
class ReadModelCache {
 public:
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{64} * 1024 * 1024;

  struct Entry {
    long long seq = -1;
    std::string body;
    std::string etag;
  };
  explicit ReadModelCache(std::size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}

  // The entry of `key` when it was built at change counter `seq`.
  std::optional<Entry> get(const std::string& key, long long seq);
  // Stores `body` for `key` at `seq` with its ETag, evicting the least recently used
  // entries beyond the byte limit; returns the entry (also when it is too large to keep).
  Entry put(const std::string& key, long long seq, std::string body);

  std::size_t bytes() const;  // keys, bodies and ETags held
  std::size_t entries() const;

  // The lock that serialises the builds of `key` (one of a fixed set of stripes): callers
  // that miss the same entry together build it once; the others wait and take its bytes.
  // A build must not call cached_json itself (two keys may share a stripe).
  std::mutex& build_lock(const std::string& key);

 private:
  static constexpr std::size_t kBuildStripes = 64;
  std::mutex build_locks_[kBuildStripes];
  struct Slot {
    std::string key;
    Entry entry;
  };
  static std::size_t cost(const Slot& s) {
    return s.key.size() + s.entry.body.size() + s.entry.etag.size();
  }
  void evict_to(std::size_t limit);  // REQUIRES: mutex_ held

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Slot> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Slot>::iterator> index_;
  std::size_t bytes_ = 0;
};

// 200 with the entry's body and ETag (Cache-Control: no-cache), or 304 when If-None-Match
// names it.
Response cached_response(const Request& req, const ReadModelCache::Entry& e);

// cached_response() of `key` at `seq`; the body is built by `build()` (a JSON value) when
// the cache has none for `seq`, once: concurrent callers that miss wait for that build
// (after a write every reader of a dashboard would otherwise rebuild it at the same time).
template <typename Build>
Response cached_json(const Request& req, ReadModelCache& cache, const std::string& key,
                     long long seq, Build&& build) {
  auto entry = cache.get(key, seq);
  if (!entry) {
    std::lock_guard building(cache.build_lock(key));
    entry = cache.get(key, seq);  // built while this caller waited
    if (!entry) entry = cache.put(key, seq, to_text(build()));
  }
  return cached_response(req, *entry);
}

}  // namespace kyosei::http
