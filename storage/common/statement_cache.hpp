#pragma once
// Prepared statements kept per pooled session (issue 10; ADR 0009): the hot write path runs
// the same ~20 statements in every write, and SOCI's `session <<` prepares each anew (on
// SQLite the parse and plan cost about as much as running it; on PostgreSQL a `prepare`
// costs a round trip to create and one to drop the statement). A cached statement is a
// `soci::statement` prepared once per session with its parameters and its result row bound
// to storage the cache owns; each use assigns the parameters, executes and reads every row.
//
//   cached_rows(sql, "SELECT … WHERE id = :i", [&](const soci::row& r) { … }, id);
//   cached_exec(sql, "UPDATE … WHERE id = :i", value, id);
//
// Only sessions of a Database's pool have a cache (Database registers them and drops their
// statements before it closes them); any other session runs the statement uncached, the
// same way. Parameters: long long, int, std::string, and Nullable (an optional integer).
// On SQLite a statement that fails, or whose row callback throws, is dropped from the cache
// (finalised; the next use prepares it again), so no statement is left half-read. On
// PostgreSQL it stays: its rows are already on the client, the server-side statement
// outlives the failed transaction, and dropping it would send a DEALLOCATE into the
// aborted transaction. Every row is read to the
// end, so a cached SQLite statement never holds a read transaction open between uses.
// Thread safety: a session is used by one thread at a time (as SOCI requires); the registry
// of sessions is guarded.

#include <soci/soci.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <typeinfo>
#include <utility>

namespace kyosei::storage {

// An optional integer parameter (NULL when empty).
struct Nullable {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  Nullable() = default;
  explicit Nullable(const std::optional<long long>& v) {
    if (v) {
      value = *v;
      ind = soci::i_ok;
    }
  }
};

namespace detail {

struct CachedBase {
  virtual ~CachedBase() = default;
  virtual const std::type_info& params_type() const = 0;
};

template <class... P>
struct Cached final : CachedBase {
  std::tuple<P...> params;
  soci::row row;
  std::optional<soci::statement> st;
  bool has_row = false;
  const std::type_info& params_type() const override { return typeid(std::tuple<P...>); }
};

// The cache of `sql` (nullptr when `sql` is not a registered pooled session).
class SessionStatements;
SessionStatements* statements_of(soci::session& sql);
bool keeps_failed(const SessionStatements& cache);  // PostgreSQL
CachedBase* find_cached(SessionStatements& cache, const std::string& query);
void store_cached(SessionStatements& cache, const std::string& query,
                  std::unique_ptr<CachedBase> entry);
void drop_cached(SessionStatements& cache, const std::string& query);

// Bound by position: an empty name. (A named empty string rather than SOCI's default
// argument, a temporary that GCC 12 wrongly reports as maybe uninitialised.)
inline const std::string& by_position() {
  static const std::string none;
  return none;
}
inline auto bind_use(long long& v) { return soci::use(v, by_position()); }
inline auto bind_use(int& v) { return soci::use(v, by_position()); }
inline auto bind_use(std::string& v) { return soci::use(v, by_position()); }
inline auto bind_use(Nullable& v) { return soci::use(v.value, v.ind, by_position()); }

template <class Entry, std::size_t... I>
void prepare(soci::session& sql, const std::string& query, Entry& e, bool with_row,
             std::index_sequence<I...> /*unused*/) {
  if (with_row) {
    e.st.emplace(
        (((sql.prepare << query), soci::into(e.row)), ..., bind_use(std::get<I>(e.params))));
  } else {
    e.st.emplace(((sql.prepare << query), ..., bind_use(std::get<I>(e.params))));
  }
  e.has_row = with_row;
}

template <class Each, class... P>
void run_cached(soci::session& sql, const std::string& query, bool with_row, Each& each,
                const P&... params) {
  using Entry = Cached<std::decay_t<P>...>;
  SessionStatements* cache = statements_of(sql);
  std::unique_ptr<Entry> owned;
  Entry* e = nullptr;
  if (cache != nullptr) {
    CachedBase* found = find_cached(*cache, query);
    if (found != nullptr && found->params_type() == typeid(std::tuple<std::decay_t<P>...>)) {
      e = static_cast<Entry*>(found);
    }
  }
  if (e == nullptr) {
    owned = std::make_unique<Entry>();
    owned->params = std::tuple<std::decay_t<P>...>(params...);
    prepare(sql, query, *owned, with_row, std::index_sequence_for<P...>{});
    e = owned.get();
  } else {
    e->params = std::tuple<std::decay_t<P>...>(params...);
  }
  try {
    if (with_row) {
      bool got = e->st->execute(true);
      while (got) {
        each(e->row);
        got = e->st->fetch();
      }
    } else {
      e->st->execute(true);
    }
  } catch (...) {
    if (cache != nullptr) {
      if (keeps_failed(*cache)) {
        if (owned) store_cached(*cache, query, std::move(owned));
      } else if (!owned) {
        drop_cached(*cache, query);
      }
    }
    throw;
  }
  if (cache != nullptr && owned) store_cached(*cache, query, std::move(owned));
}

}  // namespace detail

// Runs `query` (with `params` bound in order) as a statement prepared once per session and
// calls `each(row)` for every row it returns.
template <class Each, class... P>
void cached_rows(soci::session& sql, const std::string& query, Each each, const P&... params) {
  detail::run_cached(sql, query, true, each, params...);
}

// Runs a statement that returns no rows (INSERT, UPDATE, DELETE), prepared once per session.
template <class... P>
void cached_exec(soci::session& sql, const std::string& query, const P&... params) {
  auto none = [](const soci::row&) {};
  detail::run_cached(sql, query, false, none, params...);
}

// Database calls these for the sessions of its pool.
void register_statement_cache(soci::session& sql);
void drop_statement_cache(soci::session& sql);

}  // namespace kyosei::storage
