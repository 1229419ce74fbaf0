#pragma once
// Japanese full-text search over a region's texts, the same results on both engines.
//
// Every searchable text is one row of `search_documents` (kind, record id, field, text and
// its normalised form). Matching is substring matching on the normalised text:
// - normalisation is NFKC plus Unicode case folding (utf8proc), so full-width and
//   half-width forms of ASCII and katakana, and upper and lower case, match each other;
// - SQLite answers queries of 3 or more code points (after normalisation) from an FTS5
//   trigram index (the query is one quoted phrase, so FTS5 operators are plain text) and
//   shorter ones, which trigrams cannot match, by instr() over the normalised column;
// - PostgreSQL answers every query by strpos() over the normalised column.
// Hits are ordered by kind (see kSearchKinds), then record id, then field.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "storage/common/database.hpp"

namespace soci {
class session;
}

namespace kyosei::storage {

// The normalised form used for indexing and querying: invalid UTF-8 bytes become U+FFFD,
// then each grapheme cluster is mapped to NFKC with case folding (default-ignorable code
// points and U+0000 dropped). Pure and thread-safe.
std::string normalize_for_search(std::string_view text);

// The query as it is matched: normalised, with leading and trailing white space removed.
// Empty means "nothing to search for".
std::string normalize_query(std::string_view query);

// What is indexed, in hit order. `kind` names the record type as elsewhere in Kyosei (the
// record id is that table's id); `field` names the column the text comes from.
struct SearchKind {
  std::string_view kind;
  std::string_view field;
};
inline constexpr SearchKind kSearchKinds[] = {
    {"field", "name"},          // fields.name (分野)
    {"category", "name"},       // categories.name
    {"direction", "text"},      // category_years.direction (連携方向, one per fiscal year)
    {"topic", "text"},          // category_year_topics.text (検討項目)
    {"initiative", "text"},     // initiatives.text (主な取組み)
    {"action", "text"},         // actions.text (具体的取組)
    {"photo", "caption"},       // action_photos.caption
    {"kpi", "name"},            // kpis.name (成果指標)
    {"kpi_note", "note"},       // kpi_actuals.note (実績の備考)
    {"progress", "result"},     // progress_records.result (取組状況の実施内容)
    {"evaluation", "comment"},  // evaluations.comment (評価・検証)
    {"opinion", "body"},        // opinions.body (協議会の意見)
    {"minutes", "body"},        // meeting_remarks.body of published minutes (議事録)
    {"minutes_draft", "body"},  // meeting_remarks.body of minutes not yet published
    {"milestone", "title"},     // schedule_milestones.title of public kinds (懇談会, 公表)
    {"milestone_internal", "title"},  // schedule_milestones.title of the other kinds
    // Appended later (ADR 0018 amended): the kind rank is stored, so never reorder.
    {"opinion_published", "body"},  // opinions.body of published opinions ("opinion": the rest)
    {"meeting", "title"},           // meetings.title (会議名)
    {"agenda", "title"},            // meeting_agenda_items.title (議題)
    {"material", "title"},  // meeting_materials.title, public and the meeting's minutes published
    {"material_internal", "title"},  // meeting_materials.title of the other materials
    {"thread", "title"},             // subcommittee_threads.title (部会の話題)
    {"thread_post", "body"},         // subcommittee_posts.body (話題への投稿)
};

struct SearchHit {
  std::string kind;              // one of kSearchKinds[].kind
  long long record_id = 0;       // id in the kind's table
  std::string field;             // the column the text comes from
  long long category_id = 0;     // the enclosing category (the category itself); 0 for "field"
                                 // and the council's texts
  long long page_id = 0;         // the record whose page shows the text when it is not the
                                 // hit's own: the meeting of a remark, agenda item or
                                 // material; the field of a thread or post; else 0
  int fiscal_year = 0;           // the fiscal year the text belongs to; 0 when not year-bound
  std::string snippet;           // the original (unnormalised) text around the first match;
                                 // "…" marks where it was cut
  std::size_t match_begin = 0;   // byte offset of the match within `snippet`
  std::size_t match_length = 0;  // byte length of the match within `snippet`
  friend bool operator==(const SearchHit&, const SearchHit&) = default;
};

// One record whose texts changed (created, edited or deleted): `kind` is a kSearchKinds kind,
// `id` the record's id in that kind's table. SearchIndex::update refreshes only the documents
// this record can affect: a text-only record (topic, initiative, photo, kpi_note, progress,
// evaluation, field, milestone, agenda, thread_post) just its own document; a KPI its name
// and notes; a record with children (category, direction = category year, action) every
// document of its category, which also drops the documents of children it hides or that
// were removed. Records indexed under one of two kinds by their visibility are refreshed as
// a pair (a ref of either kind drops both and collects whichever applies now): a remark
// ("minutes" / "minutes_draft", by its meeting's minutes status), an opinion ("opinion" /
// "opinion_published", by its published flag), a material ("material" /
// "material_internal", by its public flag and its meeting's status). "meeting" refreshes
// the meeting's title and everything it holds: its remarks, its agenda items (dropping
// those that were replaced) and its materials, which all move with the minutes status.
// "thread" refreshes the thread's title and all its posts.
struct SearchRef {
  std::string kind;
  long long id = 0;
  friend bool operator==(const SearchRef&, const SearchRef&) = default;
};

class SearchIndex {
 public:
  // Hits returned at most by one search, whatever `limit` asks for.
  static constexpr int kMaxLimit = 500;

  explicit SearchIndex(Database& db) : db_(db) {}

  // Replaces the region's documents with what its tables hold now, and returns how many
  // documents it wrote (0 for an unknown slug). Runs on the caller's session and neither
  // begins nor commits a transaction: call it inside Database::write, best in the same
  // transaction as the change, so the index never disagrees with committed data.
  // Deleting a region removes its documents (ON DELETE CASCADE).
  std::size_t rebuild(soci::session& sql, const std::string& region_slug);

  // Refreshes the documents of `refs` (see SearchRef) in region `region_id` and leaves every
  // other document alone; the result equals rebuild() of the region. Same transaction rules
  // as rebuild(). Unknown kinds throw std::invalid_argument (a programming error); a
  // record that no longer exists loses its documents.
  void update(soci::session& sql, long long region_id, const std::vector<SearchRef>& refs);

  // rebuild() for every region (e.g. once after migration 3 was applied to a database
  // that already holds regions). Same transaction rules as rebuild().
  std::size_t rebuild_all(soci::session& sql);

  // Up to `limit` (clamped to kMaxLimit) hits for `query` in the region, in hit order.
  // Returns no hits when the normalised query is empty (callers answering users should
  // reject an empty query before calling, e.g. with 400), when limit < 1, or when the
  // region is unknown. No query text makes it fail (quotes and FTS5 syntax are literal
  // text); database failures throw. Borrows a session from the pool.
  // `kinds`, when not empty, limits the hits to those kinds (values of kSearchKinds[].kind;
  // others are ignored): what the caller may read is decided in app/search.
  std::vector<SearchHit> search(const std::string& region_slug, std::string_view query,
                                int limit = 50, const std::vector<std::string_view>& kinds = {});

  // Whether a region with this slug exists (published or not).
  bool region_exists(const std::string& region_slug);

 private:
  Database& db_;
};

}  // namespace kyosei::storage
