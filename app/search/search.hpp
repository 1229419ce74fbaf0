#pragma once
// Searching a region's texts (storage/search: NFKC + case folding, substring matching, the
// same hits on SQLite and PostgreSQL).

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/common/error.hpp"
#include "storage/common/database.hpp"
#include "storage/search/search.hpp"

namespace kyosei::app {

using SearchHit = storage::SearchHit;

struct SearchResult {
  std::string query;  // as given
  std::vector<SearchHit> hits;
};

// Thread-safe.
class Search {
 public:
  explicit Search(storage::Database& db) : db_(db) {}

  // Up to `limit` (1–500, default 50) hits for `query` in the region, in hit order.
  // 400 when the query is empty after normalisation or the limit is not such an integer;
  // 404 for an unknown region (checked in that order).
  std::variant<SearchResult, Error> search(const std::string& region_slug,
                                           const std::optional<std::string>& query,
                                           const std::optional<std::string>& limit);

 private:
  storage::Database& db_;
};

}  // namespace kyosei::app
