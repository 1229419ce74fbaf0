#pragma once
// The one write path of the use cases. A UnitOfWork is one database transaction that one
// or more use cases run in (a workbook import runs many); it ends with one epilogue:
// every region the unit changed gets its change counter advanced (read caches reload) and
// its search documents refreshed, once per region, before the commit. Audit entries are
// appended in the same transaction as the change they describe.
//
// A use case that must refuse throws Abort (via `fail`): the whole unit rolls back, and a
// refused write that must stay on record (a 412, a period lock) is audited afterwards in a
// transaction of its own. A unique-key violation becomes 409 Conflict.
//
// Thread safety: a UnitOfWork belongs to the thread that runs it; the Database serialises
// writers.

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/common/database.hpp"

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

  // Region `region_id` (slug `slug`) changed: the epilogue advances its change counter and
  // refreshes its search documents.
  void changed(long long region_id, const std::string& slug);

  // Appends `entry` to the audit trail in this transaction.
  void audit(storage::AuditEntry entry);

  // The epilogue; run_unit calls it once, just before the commit.
  void finish();

 private:
  storage::Database& db_;
  storage::Session& session_;
  const Clock& clock_;
  std::vector<std::pair<long long, std::string>> changed_;
};

// Runs `fn(UnitOfWork&)` (returning T) as one write transaction with the epilogue.
// Returns fn's value, or the Error of an Abort or a duplicate key (nothing written but the
// refusal's audit entry). Other exceptions propagate after the rollback.
template <typename T, typename Fn>
std::variant<T, Error> run_unit(storage::Database& db, const Clock& clock, Fn&& fn);

namespace detail {
// Writes the audit entry of a refused unit in its own transaction.
void audit_refusal(storage::Database& db, storage::AuditEntry entry);
// The 409 of a unique-key violation.
Error duplicate_key_error();
}  // namespace detail

template <typename T, typename Fn>
std::variant<T, Error> run_unit(storage::Database& db, const Clock& clock, Fn&& fn) {
  std::optional<T> out;
  try {
    db.write([&](storage::Session& session) {
      UnitOfWork unit(db, session, clock);
      out.emplace(fn(unit));
      unit.finish();
    });
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
