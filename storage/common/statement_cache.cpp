#include "storage/common/statement_cache.hpp"

#include <mutex>
#include <unordered_map>

namespace kyosei::storage {
namespace detail {

class SessionStatements {
 public:
  bool postgres = false;
  std::unordered_map<std::string, std::unique_ptr<CachedBase>> entries;
};

bool keeps_failed(const SessionStatements& cache) { return cache.postgres; }

namespace {
std::mutex registry_mutex;
std::unordered_map<const soci::session*, std::unique_ptr<SessionStatements>>& registry() {
  static std::unordered_map<const soci::session*, std::unique_ptr<SessionStatements>> r;
  return r;
}
}  // namespace

SessionStatements* statements_of(soci::session& sql) {
  std::lock_guard lock(registry_mutex);
  auto it = registry().find(&sql);
  return it == registry().end() ? nullptr : it->second.get();
}

CachedBase* find_cached(SessionStatements& cache, const std::string& query) {
  auto it = cache.entries.find(query);
  return it == cache.entries.end() ? nullptr : it->second.get();
}

void store_cached(SessionStatements& cache, const std::string& query,
                  std::unique_ptr<CachedBase> entry) {
  cache.entries[query] = std::move(entry);
}

void drop_cached(SessionStatements& cache, const std::string& query) { cache.entries.erase(query); }

}  // namespace detail

void register_statement_cache(soci::session& sql) {
  std::lock_guard lock(detail::registry_mutex);
  auto cache = std::make_unique<detail::SessionStatements>();
  cache->postgres = sql.get_backend_name() == "postgresql";
  detail::registry()[&sql] = std::move(cache);
}

void drop_statement_cache(soci::session& sql) {
  std::unique_ptr<detail::SessionStatements> gone;
  {
    std::lock_guard lock(detail::registry_mutex);
    auto it = detail::registry().find(&sql);
    if (it == detail::registry().end()) return;
    gone = std::move(it->second);
    detail::registry().erase(it);
  }
  // The statements are finalised here, while their session is still open.
  try {
    gone.reset();
  } catch (...) {
    // A PostgreSQL connection already gone cannot deallocate; nothing to free then.
  }
}

}  // namespace kyosei::storage
