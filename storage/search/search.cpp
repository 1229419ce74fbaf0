#include "storage/search/search.hpp"

#include <soci/soci.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

#include "storage/common/row_util.hpp"
#include "storage/common/statement_cache.hpp"

namespace kyosei::storage {
namespace {

// NFKC_Casefold as utf8proc defines it.
constexpr auto kOptions = static_cast<utf8proc_option_t>(
    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);

constexpr utf8proc_int32_t kReplacement = 0xFFFD;

// A snippet shows the whole text up to this many grapheme clusters, else a window of this
// many with kSnippetLead clusters before the match.
constexpr std::size_t kSnippetClusters = 60;
constexpr std::size_t kSnippetLead = 20;
constexpr std::string_view kEllipsis = "…";

// One grapheme cluster of the original text and what it normalises to (byte ranges).
struct Cluster {
  std::size_t orig_begin = 0;
  std::size_t orig_end = 0;
  std::size_t norm_begin = 0;
  std::size_t norm_end = 0;
};

struct Mapped {
  std::string normalized;
  std::vector<Cluster> clusters;
};

void append_code_point(std::string& out, utf8proc_int32_t cp) {
  std::array<utf8proc_uint8_t, 4> buf{};
  const auto n = utf8proc_encode_char(cp, buf.data());
  out.append(reinterpret_cast<const char*>(buf.data()), static_cast<std::size_t>(n));
}

// Appends the normalised form of one grapheme cluster (given as valid UTF-8).
void append_normalized(std::string& out, const std::string& cluster) {
  if (cluster.size() == 1 && static_cast<unsigned char>(cluster[0]) < 0x80) {
    const char c = cluster[0];  // ASCII: NFKC leaves it alone; case folding lowers A–Z
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    return;
  }
  utf8proc_uint8_t* mapped = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(cluster.data()),
                              static_cast<utf8proc_ssize_t>(cluster.size()), &mapped, kOptions);
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  if (n < 0) {
    append_code_point(out, kReplacement);  // not reachable for valid UTF-8 input
    return;
  }
  out.append(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
}

Mapped normalize_mapped(std::string_view text) {
  // Decode, replacing invalid bytes and dropping U+0000 (which PostgreSQL cannot store).
  std::vector<utf8proc_int32_t> cps;
  std::vector<std::size_t> offsets;
  std::size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                              static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n < 1) {
      cp = kReplacement;
      n = 1;
    }
    if (cp != 0) {
      cps.push_back(cp);
      offsets.push_back(i);
    }
    i += static_cast<std::size_t>(n);
  }
  Mapped out;
  out.normalized.reserve(text.size());
  std::string cluster;
  utf8proc_int32_t state = 0;
  std::size_t start = 0;
  for (std::size_t k = 1; k <= cps.size(); ++k) {
    if (k < cps.size() && utf8proc_grapheme_break_stateful(cps[k - 1], cps[k], &state) == 0) {
      continue;
    }
    cluster.clear();
    for (std::size_t j = start; j < k; ++j) append_code_point(cluster, cps[j]);
    const std::size_t norm_begin = out.normalized.size();
    append_normalized(out.normalized, cluster);
    const std::size_t orig_end = k < cps.size() ? offsets[k] : text.size();
    out.clusters.push_back({offsets[start], orig_end, norm_begin, out.normalized.size()});
    start = k;
  }
  return out;
}

std::size_t code_points(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

// The original text around the first occurrence of `query` (normalised, non-empty) in its
// normalised form, cut at grapheme cluster boundaries.
void make_snippet(const std::string& text, const std::string& query, SearchHit& hit) {
  const Mapped m = normalize_mapped(text);
  const auto& cl = m.clusters;
  if (cl.empty()) return;
  auto pos = m.normalized.find(query);
  std::size_t len = query.size();
  if (pos == std::string::npos) pos = len = 0;  // cannot happen: the database matched it
  // Clusters [a, b) cover the match.
  std::size_t a = 0;
  while (a + 1 < cl.size() && cl[a].norm_end <= pos) ++a;
  std::size_t b = a + 1;
  while (b < cl.size() && cl[b].norm_begin < pos + len) ++b;
  std::size_t from = 0;
  std::size_t to = cl.size();
  if (cl.size() > kSnippetClusters) {
    from = a > kSnippetLead ? a - kSnippetLead : 0;
    from = std::min(from, cl.size() - kSnippetClusters);
    to = std::max(b, from + kSnippetClusters);
  }
  const std::string_view prefix = from > 0 ? kEllipsis : std::string_view{};
  hit.snippet = std::string(prefix);
  hit.snippet += text.substr(cl[from].orig_begin, cl[to - 1].orig_end - cl[from].orig_begin);
  if (to < cl.size()) hit.snippet += kEllipsis;
  hit.match_begin = prefix.size() + cl[a].orig_begin - cl[from].orig_begin;
  hit.match_length = len == 0 ? 0 : cl[b - 1].orig_end - cl[a].orig_begin;
}

// Where each kind's texts come from: record id, text, enclosing category id, fiscal year
// and, for the council's texts shown on another record's page, that record's id (page_id),
// for the region bound as :r. Listed in kSearchKinds order; a kind's rank is its index + 1.
struct Source {
  std::string_view kind;
  std::string_view sql;
};
constexpr Source kSources[] = {
    {"field",
     "SELECT f.id, f.name, 0, 0 FROM fields f WHERE f.region_id = :r AND f.deleted_at IS NULL"},
    {"category",
     "SELECT c.id, c.name, c.id, 0 FROM categories c JOIN fields f ON f.id = c.field_id "
     "WHERE f.region_id = :r AND c.deleted_at IS NULL"},
    {"direction",
     "SELECT y.id, y.direction, c.id, y.fiscal_year FROM category_years y "
     "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
     "WHERE f.region_id = :r AND c.deleted_at IS NULL"},
    {"topic",
     "SELECT t.id, t.text, c.id, y.fiscal_year FROM category_year_topics t "
     "JOIN category_years y ON y.id = t.category_year_id "
     "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
     "WHERE f.region_id = :r AND c.deleted_at IS NULL"},
    {"initiative",
     "SELECT i.id, i.text, c.id, y.fiscal_year FROM initiatives i "
     "JOIN category_years y ON y.id = i.category_year_id "
     "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
     "WHERE f.region_id = :r AND i.deleted_at IS NULL"},
    {"action",
     "SELECT a.id, a.text, c.id, y.fiscal_year FROM actions a "
     "JOIN category_years y ON y.id = a.category_year_id "
     "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
     "WHERE f.region_id = :r AND a.deleted_at IS NULL"},
    {"photo",
     "SELECT p.id, p.caption, c.id, y.fiscal_year FROM action_photos p "
     "JOIN actions a ON a.id = p.action_id JOIN category_years y ON y.id = a.category_year_id "
     "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
     "WHERE f.region_id = :r AND a.deleted_at IS NULL"},
    {"kpi",
     "SELECT k.id, k.name, c.id, 0 FROM kpis k JOIN categories c ON c.id = k.category_id "
     "JOIN fields f ON f.id = c.field_id WHERE f.region_id = :r AND c.deleted_at IS NULL"},
    {"kpi_note",
     "SELECT z.id, z.note, c.id, z.fiscal_year FROM kpi_actuals z JOIN kpis k ON k.id = z.kpi_id "
     "JOIN categories c ON c.id = k.category_id JOIN fields f ON f.id = c.field_id "
     "WHERE f.region_id = :r AND z.note <> '' AND c.deleted_at IS NULL"},
    {"progress",
     "SELECT p.id, p.result, c.id, y.fiscal_year FROM progress_records p "
     "JOIN actions a ON a.id = p.action_id JOIN category_years y ON y.id = a.category_year_id "
     "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
     "WHERE f.region_id = :r AND p.result <> '' AND a.deleted_at IS NULL AND c.deleted_at IS NULL"},
    {"evaluation",
     "SELECT e.id, e.comment, c.id, y.fiscal_year FROM evaluations e "
     "JOIN actions a ON a.id = e.action_id JOIN category_years y ON y.id = a.category_year_id "
     "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
     "WHERE f.region_id = :r AND e.comment <> '' AND a.deleted_at IS NULL AND c.deleted_at IS "
     "NULL"},
    // The council's texts have no enclosing category (0).
    {"opinion",
     "SELECT o.id, o.body, 0, o.fiscal_year FROM opinions o WHERE o.region_id = :r "
     "AND o.published = 0"},
    {"minutes",
     "SELECT r.id, r.body, 0, m.fiscal_year, m.id FROM meeting_remarks r JOIN meetings m ON m.id "
     "= r.meeting_id WHERE m.region_id = :r AND m.minutes_status = 'published'"},
    {"minutes_draft",
     "SELECT r.id, r.body, 0, m.fiscal_year, m.id FROM meeting_remarks r JOIN meetings m ON m.id "
     "= r.meeting_id WHERE m.region_id = :r AND m.minutes_status <> 'published'"},
    // The year's schedule: the titles of public events, and of the region's internal work.
    {"milestone",
     "SELECT s.id, s.title, 0, s.fiscal_year FROM schedule_milestones s WHERE s.region_id = :r "
     "AND s.deleted_at IS NULL AND s.kind IN ('council', 'publication')"},
    {"milestone_internal",
     "SELECT s.id, s.title, 0, s.fiscal_year FROM schedule_milestones s WHERE s.region_id = :r "
     "AND s.deleted_at IS NULL AND s.kind NOT IN ('council', 'publication')"},
    {"opinion_published",
     "SELECT o.id, o.body, 0, o.fiscal_year FROM opinions o WHERE o.region_id = :r "
     "AND o.published = 1"},
    {"meeting", "SELECT m.id, m.title, 0, m.fiscal_year FROM meetings m WHERE m.region_id = :r"},
    {"agenda",
     "SELECT g.id, g.title, 0, m.fiscal_year, m.id FROM meeting_agenda_items g "
     "JOIN meetings m ON m.id = g.meeting_id WHERE m.region_id = :r"},
    // A material is public under the rule of its download (core::material_open_to_public).
    {"material",
     "SELECT x.id, x.title, 0, m.fiscal_year, m.id FROM meeting_materials x "
     "JOIN meetings m ON m.id = x.meeting_id WHERE m.region_id = :r AND x.deleted_at IS NULL "
     "AND x.is_public = 1 AND m.status = 'minutes_published'"},
    {"material_internal",
     "SELECT x.id, x.title, 0, m.fiscal_year, m.id FROM meeting_materials x "
     "JOIN meetings m ON m.id = x.meeting_id WHERE m.region_id = :r AND x.deleted_at IS NULL "
     "AND NOT (x.is_public = 1 AND m.status = 'minutes_published')"},
    // The subcommittee workspace: shown on the page of the thread's field.
    {"thread",
     "SELECT t.id, t.title, 0, 0, t.field_id FROM subcommittee_threads t WHERE t.region_id = :r"},
    {"thread_post",
     "SELECT p.id, p.body, 0, 0, t.field_id FROM subcommittee_posts p "
     "JOIN subcommittee_threads t ON t.id = p.thread_id WHERE t.region_id = :r"},
};

constexpr bool sources_follow_kinds() {
  if (std::size(kSources) != std::size(kSearchKinds)) return false;
  for (std::size_t i = 0; i < std::size(kSources); ++i) {
    if (kSources[i].kind != kSearchKinds[i].kind) return false;
  }
  return true;
}
static_assert(sources_follow_kinds(), "kSources must list kSearchKinds in order");

// Documents to insert, column by column (SOCI bulk binding).
struct Documents {
  std::vector<long long> region_id;
  std::vector<std::string> kind;
  std::vector<int> kind_rank;
  std::vector<long long> record_id;
  std::vector<std::string> field;
  std::vector<long long> category_id;
  std::vector<int> fiscal_year;
  std::vector<long long> page_id;
  std::vector<std::string> text;
  std::vector<std::string> normalized;
};

}  // namespace

std::string normalize_for_search(std::string_view text) {
  return normalize_mapped(text).normalized;
}

std::string normalize_query(std::string_view query) {
  std::string q = normalize_for_search(query);
  constexpr std::string_view kSpace = " \t\n\r\f\v";
  const auto first = q.find_first_not_of(kSpace);
  if (first == std::string::npos) return {};
  const auto last = q.find_last_not_of(kSpace);
  return q.substr(first, last - first + 1);
}

namespace {

// The alias of each source's own record in its statement (kSources order).
// The council's texts lie in no category: a category refresh skips them (kInCategory).
constexpr std::string_view kOwnAlias[] = {"f", "c", "y", "t", "i", "a", "p", "k",
                                          "z", "p", "e", "o", "r", "r", "s", "s",
                                          "o", "m", "g", "x", "x", "t", "p"};
constexpr bool kInCategory[] = {false, true,  true,  true,  true,  true,  true,  true,
                                true,  true,  true,  false, false, false, false, false,
                                false, false, false, false, false, false, false};
static_assert(std::size(kOwnAlias) == std::size(kSources));
static_assert(std::size(kInCategory) == std::size(kSources));

// Appends the documents of source `k` for region `region_id`; `filter`, when not empty, is
// an extra condition with one placeholder bound to `scope_id`.
void collect(soci::session& sql, std::size_t k, long long region_id, const std::string& filter,
             long long scope_id, Documents& docs) {
  const std::string stmt = std::string(kSources[k].sql) + filter;
  auto add = [&](const soci::row& row) {
    std::string text = as_text(row, 1);
    std::string normalized = normalize_for_search(text);
    if (normalized.find_first_not_of(" \t\n\r\f\v") == std::string::npos) return;
    docs.region_id.push_back(region_id);
    docs.kind.emplace_back(kSearchKinds[k].kind);
    docs.kind_rank.push_back(static_cast<int>(k) + 1);
    docs.record_id.push_back(as_int(row, 0));
    docs.field.emplace_back(kSearchKinds[k].field);
    docs.category_id.push_back(as_int(row, 2));
    docs.fiscal_year.push_back(static_cast<int>(as_int(row, 3)));
    docs.page_id.push_back(row.size() > 4 ? as_int(row, 4) : 0);
    docs.text.push_back(std::move(text));
    docs.normalized.push_back(std::move(normalized));
  };
  if (filter.empty()) {
    soci::rowset<soci::row> rs = (sql.prepare << stmt, soci::use(region_id));
    for (const auto& row : rs) add(row);
  } else {
    // The narrowed statements run in every write: prepared once per session.
    cached_rows(sql, stmt, add, region_id, scope_id);
  }
}

constexpr const char* kInsertDocument =
    "INSERT INTO search_documents (region_id, kind, kind_rank, record_id, field, category_id, "
    "fiscal_year, page_id, text, normalized) VALUES (:r, :k, :kr, :id, :f, :c, :fy, :pg, :t, "
    ":n)";

std::size_t insert(soci::session& sql, Documents& docs) {
  if (docs.text.empty()) return 0;  // SOCI refuses empty bulk vectors
  if (docs.text.size() <= 8) {
    // A write's few documents: one prepared statement per session, row by row.
    for (std::size_t i = 0; i < docs.text.size(); ++i) {
      cached_exec(sql, kInsertDocument, docs.region_id[i], docs.kind[i], docs.kind_rank[i],
                  docs.record_id[i], docs.field[i], docs.category_id[i], docs.fiscal_year[i],
                  docs.page_id[i], docs.text[i], docs.normalized[i]);
    }
    return docs.text.size();
  }
  sql << "INSERT INTO search_documents (region_id, kind, kind_rank, record_id, field, "
         "category_id, fiscal_year, page_id, text, normalized) "
         "VALUES (:r, :k, :kr, :id, :f, :c, :fy, :pg, :t, :n)",
      soci::use(docs.region_id), soci::use(docs.kind), soci::use(docs.kind_rank),
      soci::use(docs.record_id), soci::use(docs.field), soci::use(docs.category_id),
      soci::use(docs.fiscal_year), soci::use(docs.page_id), soci::use(docs.text),
      soci::use(docs.normalized);
  return docs.text.size();
}

std::size_t source_index(std::string_view kind) {
  for (std::size_t k = 0; k < std::size(kSources); ++k) {
    if (kSources[k].kind == kind) return k;
  }
  throw std::invalid_argument("unknown search kind: " + std::string(kind));
}

// The documents of one record: its own (and, for a KPI, its notes').
void refresh_record(soci::session& sql, long long region_id, std::size_t k, long long id,
                    Documents& docs) {
  // By kind_rank, so that the index search_documents_order finds the row.
  const int rank = static_cast<int>(k) + 1;
  cached_exec(sql,
              "DELETE FROM search_documents WHERE region_id = :r AND kind_rank = :k AND "
              "record_id = :id",
              region_id, rank, id);
  collect(sql, k, region_id, " AND " + std::string(kOwnAlias[k]) + ".id = :id", id, docs);
}

// Every document of category `category_id` (all kinds but "field").
void refresh_category(soci::session& sql, long long region_id, long long category_id,
                      Documents& docs) {
  sql << "DELETE FROM search_documents WHERE region_id = :r AND category_id = :c "
         "AND kind <> 'field'",
      soci::use(region_id), soci::use(category_id);
  for (std::size_t k = 1; k < std::size(kSources); ++k) {
    if (!kInCategory[k]) continue;
    collect(sql, k, region_id, " AND c.id = :c", category_id, docs);
  }
}

}  // namespace

std::size_t SearchIndex::rebuild(soci::session& sql, const std::string& region_slug) {
  long long region_id = 0;
  sql << "SELECT id FROM regions WHERE slug = :s", soci::use(region_slug), soci::into(region_id);
  if (!sql.got_data()) return 0;
  sql << "DELETE FROM search_documents WHERE region_id = :r", soci::use(region_id);

  Documents docs;
  for (std::size_t k = 0; k < std::size(kSources); ++k) collect(sql, k, region_id, "", 0, docs);
  return insert(sql, docs);
}

void SearchIndex::update(soci::session& sql, long long region_id,
                         const std::vector<SearchRef>& refs) {
  Documents docs;
  std::vector<long long> categories;  // refreshed whole, once each
  std::vector<std::pair<std::size_t, long long>> records;
  auto add_category = [&](long long c) {
    if (std::find(categories.begin(), categories.end(), c) == categories.end())
      categories.push_back(c);
  };
  // A record indexed under one of two kinds by its visibility (see SearchRef): drop the
  // documents of both kinds in `in_scope` (one placeholder, bound to `scope_id`) and collect
  // both, narrowed by `filter` (bound to `scope_id`).
  auto refresh_pair = [&](std::string_view kind1, std::string_view kind2,
                          const std::string& in_scope, const std::string& filter,
                          long long scope_id) {
    const std::size_t k1 = source_index(kind1);
    const std::size_t k2 = source_index(kind2);
    const int r1 = static_cast<int>(k1) + 1;
    const int r2 = static_cast<int>(k2) + 1;
    sql << "DELETE FROM search_documents WHERE region_id = :r AND kind_rank IN (:a, :b) AND " +
               in_scope,
        soci::use(region_id), soci::use(r1), soci::use(r2), soci::use(scope_id);
    collect(sql, k1, region_id, filter, scope_id, docs);
    collect(sql, k2, region_id, filter, scope_id, docs);
  };
  // The documents of `child` whose records lie in `in_scope`, collected again by `filter`.
  auto refresh_children = [&](std::string_view child, const std::string& in_scope,
                              const std::string& filter, long long scope_id) {
    const std::size_t k = source_index(child);
    const int rank = static_cast<int>(k) + 1;
    sql << "DELETE FROM search_documents WHERE region_id = :r AND kind_rank = :k AND " + in_scope,
        soci::use(region_id), soci::use(rank), soci::use(scope_id);
    collect(sql, k, region_id, filter, scope_id, docs);
  };
  const std::pair<std::string_view, std::string_view> kPairs[] = {
      {"minutes", "minutes_draft"},
      {"opinion", "opinion_published"},
      {"material", "material_internal"}};
  for (const auto& ref : refs) {
    const std::size_t k = source_index(ref.kind);
    const std::string_view kind = kSearchKinds[k].kind;
    if (kind == "meeting") {
      // Its title, and what it holds: publishing or withdrawing the minutes moves its
      // remarks and materials; replaced agenda items lose their documents (an agenda item
      // that no longer exists can be in no other meeting).
      records.emplace_back(k, ref.id);
      refresh_pair("minutes", "minutes_draft",
                   "record_id IN (SELECT id FROM meeting_remarks WHERE meeting_id = :m)",
                   " AND m.id = :m", ref.id);
      refresh_pair("material", "material_internal",
                   "record_id IN (SELECT id FROM meeting_materials WHERE meeting_id = :m)",
                   " AND m.id = :m", ref.id);
      refresh_children("agenda",
                       "(record_id IN (SELECT id FROM meeting_agenda_items WHERE meeting_id = "
                       ":m) OR record_id NOT IN (SELECT id FROM meeting_agenda_items))",
                       " AND m.id = :m", ref.id);
      continue;
    }
    if (kind == "thread") {
      records.emplace_back(k, ref.id);
      refresh_children("thread_post",
                       "record_id IN (SELECT id FROM subcommittee_posts WHERE thread_id = :t)",
                       " AND t.id = :t", ref.id);
      continue;
    }
    bool paired = false;
    for (const auto& [a, b] : kPairs) {
      if (kind != a && kind != b) continue;
      const std::string alias(kOwnAlias[k]);
      refresh_pair(a, b, "record_id = :id", " AND " + alias + ".id = :id", ref.id);
      paired = true;
    }
    if (paired) continue;
    if (kind == "category") {
      add_category(ref.id);
    } else if (kind == "direction" || kind == "action") {
      // Their children (topics, initiatives, actions; photos, progress, evaluations) are
      // indexed under the same category: refresh it whole.
      long long c = 0;
      if (kind == "direction") {
        sql << "SELECT category_id FROM category_years WHERE id = :id", soci::use(ref.id),
            soci::into(c);
      } else {
        sql << "SELECT y.category_id FROM actions a JOIN category_years y "
               "ON y.id = a.category_year_id WHERE a.id = :id",
            soci::use(ref.id), soci::into(c);
      }
      if (sql.got_data()) {
        add_category(c);
      } else {
        records.emplace_back(k, ref.id);  // gone: drop its own document
      }
    } else if (kind == "kpi") {
      // The KPI's name and its actuals' notes (it may have moved to another category).
      const int note_rank = static_cast<int>(source_index("kpi_note")) + 1;
      sql << "DELETE FROM search_documents WHERE region_id = :r AND kind_rank = :k AND "
             "record_id IN (SELECT id FROM kpi_actuals WHERE kpi_id = :id)",
          soci::use(region_id), soci::use(note_rank), soci::use(ref.id);
      records.emplace_back(k, ref.id);
      const std::size_t n = source_index("kpi_note");
      collect(sql, n, region_id, " AND k.id = :k", ref.id, docs);
    } else {
      records.emplace_back(k, ref.id);
    }
  }
  for (long long c : categories) refresh_category(sql, region_id, c, docs);
  for (const auto& [k, id] : records) {
    refresh_record(sql, region_id, k, id, docs);
  }
  // A record refreshed on its own may also lie in a refreshed category: keep one document.
  Documents unique;
  std::set<std::pair<std::string, long long>> seen;
  for (std::size_t i = 0; i < docs.text.size(); ++i) {
    if (!seen.emplace(docs.kind[i], docs.record_id[i]).second) continue;
    unique.region_id.push_back(docs.region_id[i]);
    unique.kind.push_back(docs.kind[i]);
    unique.kind_rank.push_back(docs.kind_rank[i]);
    unique.record_id.push_back(docs.record_id[i]);
    unique.field.push_back(docs.field[i]);
    unique.category_id.push_back(docs.category_id[i]);
    unique.fiscal_year.push_back(docs.fiscal_year[i]);
    unique.page_id.push_back(docs.page_id[i]);
    unique.text.push_back(std::move(docs.text[i]));
    unique.normalized.push_back(std::move(docs.normalized[i]));
  }
  insert(sql, unique);
}

std::size_t SearchIndex::rebuild_all(soci::session& sql) {
  std::vector<std::string> slugs;
  {
    soci::rowset<soci::row> rs = (sql.prepare << "SELECT slug FROM regions ORDER BY slug");
    for (const auto& row : rs) slugs.push_back(as_text(row, 0));
  }
  std::size_t total = 0;
  for (const auto& slug : slugs) total += rebuild(sql, slug);
  return total;
}

std::vector<SearchHit> SearchIndex::search(const std::string& region_slug, std::string_view query,
                                           int limit, const std::vector<std::string_view>& kinds) {
  const std::string q = normalize_query(query);
  if (q.empty() || limit < 1) return {};
  const int n = std::min(limit, kMaxLimit);

  std::string from = "search_documents d";
  std::string match = "strpos(d.normalized, :q) > 0";
  std::string pattern = q;
  if (db_.engine() == Engine::kSqlite) {
    if (code_points(q) >= 3) {
      // One FTS5 phrase: the query's trigrams in sequence, i.e. a substring match. Inside
      // a string FTS5 syntax has no meaning; a double quote is written twice.
      from = "search_fts JOIN search_documents d ON d.id = search_fts.rowid";
      match = "search_fts MATCH :q";
      pattern = "\"";
      for (char c : q) pattern += c == '"' ? std::string("\"\"") : std::string(1, c);
      pattern += '"';
    } else {
      // Trigrams cannot match 1–2 code points; LIKE on a trigram table misses multibyte
      // patterns in SQLite 3.40. instr() compares code points exactly, like strpos().
      match = "instr(d.normalized, :q) > 0";
    }
  }
  // The kinds are written into the statement only as the constants of kSearchKinds.
  std::string kind_filter;
  for (const auto& k : kSearchKinds) {
    if (std::find(kinds.begin(), kinds.end(), k.kind) == kinds.end()) continue;
    kind_filter += (kind_filter.empty() ? "" : ", ") + ("'" + std::string(k.kind) + "'");
  }
  if (!kinds.empty()) {
    if (kind_filter.empty()) return {};
    kind_filter = " AND d.kind IN (" + kind_filter + ")";
  }
  const std::string stmt =
      "SELECT d.kind, d.record_id, d.field, d.category_id, d.fiscal_year, "
      "d.text, d.page_id FROM " +
      from + " JOIN regions r ON r.id = d.region_id WHERE r.slug = :s AND " + match + kind_filter +
      " ORDER BY d.kind_rank, d.record_id, d.field LIMIT :n";
  std::vector<SearchHit> hits;
  db_.with_session([&](soci::session& sql) {
    // Placeholders bind by position: :s, :q, :n.
    soci::rowset<soci::row> rs =
        (sql.prepare << stmt, soci::use(region_slug), soci::use(pattern), soci::use(n));
    for (const auto& row : rs) {
      SearchHit hit;
      hit.kind = as_text(row, 0);
      hit.record_id = as_int(row, 1);
      hit.field = as_text(row, 2);
      hit.category_id = as_int(row, 3);
      hit.fiscal_year = static_cast<int>(as_int(row, 4));
      hit.page_id = as_int(row, 6);
      make_snippet(as_text(row, 5), q, hit);
      hits.push_back(std::move(hit));
    }
  });
  return hits;
}

bool SearchIndex::region_exists(const std::string& region_slug) {
  int n = 0;
  db_.with_session([&](soci::session& sql) {
    sql << "SELECT COUNT(*) FROM regions WHERE slug = :s", soci::use(region_slug), soci::into(n);
  });
  return n > 0;
}

}  // namespace kyosei::storage
