#include "http/api/read_model_cache.hpp"

#include <functional>

namespace kyosei::http {

std::optional<ReadModelCache::Entry> ReadModelCache::get(const std::string& key, long long seq) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end() || it->second->entry.seq != seq) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->entry;
}

ReadModelCache::Entry ReadModelCache::put(const std::string& key, long long seq, std::string body) {
  Entry e{seq, std::move(body), {}};
  e.etag =
      "\"" + std::to_string(seq) + "-" + std::to_string(std::hash<std::string>{}(e.body)) + "\"";
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= cost(*it->second);
    lru_.erase(it->second);
    index_.erase(it);
  }
  Slot slot{key, e};
  const std::size_t need = cost(slot);
  if (need > max_bytes_) return e;  // served, not kept
  evict_to(max_bytes_ - need);
  lru_.push_front(std::move(slot));
  index_.emplace(key, lru_.begin());
  bytes_ += need;
  return e;
}

void ReadModelCache::evict_to(std::size_t limit) {
  while (bytes_ > limit && !lru_.empty()) {
    bytes_ -= cost(lru_.back());
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

std::mutex& ReadModelCache::build_lock(const std::string& key) {
  return build_locks_[std::hash<std::string>{}(key) % kBuildStripes];
}

std::size_t ReadModelCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t ReadModelCache::entries() const {
  std::lock_guard lock(mutex_);
  return index_.size();
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
