#include "app/search/search.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "app/access/permissions.hpp"
#include "app/common/messages.hpp"
#include "app/search/messages.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {

std::variant<SearchResult, Error> Search::search(const std::string& region_slug,
                                                 const std::optional<std::string>& query,
                                                 const std::optional<std::string>& limit,
                                                 const Principal& who) {
  SearchResult out{query.value_or(""), {}};
  if (storage::normalize_query(out.query).empty()) {
    Error e = error_of(Errc::kBadRequest, msg::search::query_missing);
    e.fields.push_back(field_error("q", msg::search::query_empty));
    return e;
  }
  int n = 50;
  if (limit) {
    try {
      std::size_t used = 0;
      n = std::stoi(*limit, &used);
      if (used != limit->size() || n < 1 || n > storage::SearchIndex::kMaxLimit)
        throw std::invalid_argument("range");
    } catch (const std::exception&) {
      Error e = error_of(Errc::kBadRequest, msg::search::bad_limit);
      e.fields.push_back(field_error("limit", msg::search::bad_limit_field));
      return e;
    }
  }
  storage::SearchIndex index(db_);
  if (!index.region_exists(region_slug)) return region_not_found(region_slug);
  // Members read everything of their region; everyone else the plan's texts only.
  const bool member = !authorize(who, Policy::kRegionMember, {region_slug, true, ""});
  std::vector<std::string_view> kinds;
  if (!member) {
    for (const auto& k : storage::kSearchKinds) {
      if (std::find(std::begin(kMembersOnlyKinds), std::end(kMembersOnlyKinds), k.kind) ==
          std::end(kMembersOnlyKinds))
        kinds.push_back(k.kind);
    }
  }
  out.hits = index.search(region_slug, out.query, n, kinds);
  // The region's towns by name: a handful of names, matched like the index matches.
  const std::string wanted = storage::normalize_query(out.query);
  db_.with_session([&](storage::Session& session) {
    const auto region_id = storage::region_id_of(session, region_slug);
    if (!region_id) return;
    for (auto& [code, name] : storage::load_towns(session, *region_id)) {
      if (storage::normalize_for_search(name).find(wanted) != std::string::npos)
        out.municipalities.push_back({code, name});
    }
  });
  return out;
}

}  // namespace kyosei::app
