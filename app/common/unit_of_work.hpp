#pragma once
// The one write path of the use cases. A UnitOfWork is one database transaction that one
// or more use cases run in (a workbook import runs many); it ends with one epilogue:
// every region the unit changed gets its change counter advanced (read caches reload) and
// its search documents refreshed, once per region, before the commit: only the documents
// of the records the unit named (changed(region, slug, ref)), or the whole region's when a
// use case did not name them. Audit entries are appended in the same transaction as the
// change they describe, at the end of the epilogue (so that the audit chain, which every
// region shares, is held only for the append and the commit).
//
// A use case that must refuse throws Abort (via `fail`): the whole unit rolls back, and a
// refused write that must stay on record (a 412, a period lock) is audited afterwards in a
// transaction of its own. A unique-key violation becomes 409 Conflict.
//
// Thread safety: a UnitOfWork belongs to the thread that runs it; the Database serialises
// writers (run_region_unit: writers of one region; run_unit: all writers).

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/common/database.hpp"
#include "storage/search/search.hpp"

namespace kyosei::app {

// Rolls the unit back with `error`; `rejected`, when set, is audited after the rollback.
struct Abort {
  Error error;
  std::optional<storage::AuditEntry> rejected;
};
[[noreturn]] inline void fail(Error error, std::optional<storage::AuditEntry> rejected = {}) {
  throw Abort{std::move(error), std::move(rejected)};
}

class UnitOfWork {
 public:
  UnitOfWork(storage::Database& db, storage::Session& session, const Clock& clock)
      : db_(db), session_(session), clock_(clock) {}
  UnitOfWork(const UnitOfWork&) = delete;
  UnitOfWork& operator=(const UnitOfWork&) = delete;

  // The transaction, for storage/ functions.
  storage::Session& session() const { return session_; }
  storage::Database& database() const { return db_; }
  const Clock& clock() const { return clock_; }

  // Region `region_id` (slug `slug`) changed in ways the unit does not name: the epilogue
  // advances its change counter and rebuilds all its search documents.
  void changed(long long region_id, const std::string& slug);
  // The record `ref` of the region changed (created, edited or deleted): the epilogue
  // advances the change counter and refreshes only the documents `ref` can affect.
  void changed(long long region_id, const std::string& slug, storage::SearchRef ref);
  // The region changed, but no searchable text did (e.g. a status, a file, a lock): the
  // epilogue advances the change counter only.
  void changed_unindexed(long long region_id, const std::string& slug);

  // Appends `entry` to the audit trail in this transaction (at the end of the epilogue).
  void audit(storage::AuditEntry entry);

  // The epilogue; run_unit calls it once, just before the commit.
  void finish();

 private:
  storage::Database& db_;
  storage::Session& session_;
  const Clock& clock_;
  struct Changed {
    long long region_id = 0;
    std::string slug;
    bool whole = false;  // rebuild every document
    std::vector<storage::SearchRef> refs;
  };
  Changed& mark(long long region_id, const std::string& slug);
  std::vector<Changed> changed_;
  std::vector<storage::AuditEntry> audit_;
};

// Runs `fn(UnitOfWork&)` (returning T) as one write transaction with the epilogue.
// Returns fn's value, or the Error of an Abort or a duplicate key (nothing written but the
// refusal's audit entry). Other exceptions propagate after the rollback. run_unit excludes
// every other writer; run_region_unit, for a unit that changes region `slug` only, excludes
// only writers of the same region on PostgreSQL (Database::write_region).
template <typename T, typename Fn>
std::variant<T, Error> run_unit(storage::Database& db, const Clock& clock, Fn&& fn);
template <typename T, typename Fn>
std::variant<T, Error> run_region_unit(storage::Database& db, const Clock& clock,
                                       const std::string& slug, Fn&& fn);

namespace detail {
// Writes the audit entry of a refused unit in its own transaction.
void audit_refusal(storage::Database& db, storage::AuditEntry entry);
// The 409 of a unique-key violation.
Error duplicate_key_error();
}  // namespace detail

template <typename T, typename Fn>
std::variant<T, Error> run_unit(storage::Database& db, const Clock& clock, Fn&& fn) {
  return run_region_unit<T>(db, clock, std::string(), std::forward<Fn>(fn));
}

template <typename T, typename Fn>
std::variant<T, Error> run_region_unit(storage::Database& db, const Clock& clock,
                                       const std::string& slug, Fn&& fn) {
  std::optional<T> out;
  const auto body = [&](storage::Session& session) {
    UnitOfWork unit(db, session, clock);
    out.emplace(fn(unit));
    unit.finish();
  };
  try {
    if (slug.empty()) {
      db.write(body);
    } else {
      db.write_region(slug, body);
    }
  } catch (Abort& a) {
    if (a.rejected) {
      detail::audit_refusal(db, std::move(*a.rejected));
      a.error.audited = true;
    }
    return std::move(a.error);
  } catch (const storage::DuplicateKey&) {
    return detail::duplicate_key_error();
  }
  return std::move(*out);
}

}  // namespace kyosei::app
