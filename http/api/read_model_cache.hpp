#pragma once
// Ready bytes of read models (region, vision, dashboard, KPIs), keyed by request and valid
// while the region's change counter stays the same (ADR 0003), served with strong ETags.

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/api/response.hpp"
#include "http/server/message.hpp"

namespace kyosei::http {

// Thread-safe.
class ReadModelCache {
 public:
  struct Entry {
    long long seq = -1;
    std::string body;
    std::string etag;
  };
  // The entry of `key` when it was built at change counter `seq`.
  std::optional<Entry> get(const std::string& key, long long seq);
  // Stores `body` for `key` at `seq` with its ETag; returns the entry.
  Entry put(const std::string& key, long long seq, std::string body);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> map_;
};

// 200 with the entry's body and ETag (Cache-Control: no-cache), or 304 when If-None-Match
// names it.
Response cached_response(const Request& req, const ReadModelCache::Entry& e);

// cached_response() of `key` at `seq`; the body is built by `build()` (a JSON value) when
// the cache has none for `seq`.
template <typename Build>
Response cached_json(const Request& req, ReadModelCache& cache, const std::string& key,
                     long long seq, Build&& build) {
  auto entry = cache.get(key, seq);
  if (!entry) entry = cache.put(key, seq, to_text(build()));
  return cached_response(req, *entry);
}

}  // namespace kyosei::http
