#pragma once
// Searching a region's texts (storage/search: NFKC + case folding, substring matching, the
// same hits on SQLite and PostgreSQL).

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/common/error.hpp"
#include "app/common/principal.hpp"
#include "storage/common/database.hpp"
#include "storage/search/search.hpp"

namespace kyosei::app {

using SearchHit = storage::SearchHit;

// The kinds of text that only the region's members may find (private until published).
// Opinions before publication, draft minutes, internal milestones, materials that are not
// public or whose minutes are not published, and the subcommittee workspace.
inline constexpr std::string_view kMembersOnlyKinds[] = {
    "kpi_note",           "progress",          "evaluation", "opinion",    "minutes_draft",
    "milestone_internal", "material_internal", "thread",     "thread_post"};

// A municipality of the region whose name matches (issue 11: 南幌町 finds the town).
struct TownHit {
  std::string code;
  std::string name;
};

struct SearchResult {
  std::string query;  // as given
  std::vector<SearchHit> hits;
  std::vector<TownHit> municipalities;  // matched by name (the same normalisation), in order
};

// Thread-safe.
class Search {
 public:
  explicit Search(storage::Database& db) : db_(db) {}

  // Up to `limit` (1–500, default 50) hits for `query` in the region, in hit order, of
  // what `who` may read: the plan's texts for everyone who may read the region; the texts
  // that towns, the secretariat and the council write (progress results, evaluation
  // comments, KPI notes: kMembersOnlyKinds) only for the region's members and admins.
  // 400 when the query is empty after normalisation or the limit is not such an integer;
  // 404 for an unknown region (checked in that order).
  std::variant<SearchResult, Error> search(const std::string& region_slug,
                                           const std::optional<std::string>& query,
                                           const std::optional<std::string>& limit,
                                           const Principal& who);

 private:
  storage::Database& db_;
};

}  // namespace kyosei::app
