#include "http/api/read_model_cache.hpp"

#include <functional>

namespace kyosei::http {

std::optional<ReadModelCache::Entry> ReadModelCache::get(const std::string& key, long long seq) {
  std::lock_guard lock(mutex_);
  auto it = map_.find(key);
  if (it == map_.end() || it->second.seq != seq) return std::nullopt;
  return it->second;
}

ReadModelCache::Entry ReadModelCache::put(const std::string& key, long long seq, std::string body) {
  Entry e{seq, std::move(body), {}};
  e.etag =
      "\"" + std::to_string(seq) + "-" + std::to_string(std::hash<std::string>{}(e.body)) + "\"";
  std::lock_guard lock(mutex_);
  map_[key] = e;
  return e;
}

Response cached_response(const Request& req, const ReadModelCache::Entry& e) {
  Response r;
  r.headers.emplace_back("ETag", e.etag);
  r.headers.emplace_back("Cache-Control", "no-cache");
  const std::string inm = req.header("if-none-match");
  if (!inm.empty() && (inm == e.etag || inm == "*" || inm.find(e.etag) != std::string::npos)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.body = e.body;
  return r;
}

}  // namespace kyosei::http
