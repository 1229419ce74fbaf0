#pragma once
// The audit trail as the API lists it: the filters are checked here, the rows come from
// storage/audit (the hash-chained, append-only log; see storage/audit/audit_store.hpp).

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/common/error.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

using AuditEntry = storage::AuditEntry;

// The list's query as the caller gave it: each parameter absent or its text.
struct AuditQuery {
  std::string region_slug;
  std::optional<std::string> record_type;  // a-z and _ (≤ 40)
  std::optional<std::string> kind;         // a kind of record (audit_kinds()), e.g. "kpi"
  std::optional<std::string> record_id;    // 1–200 characters, no control characters
  std::optional<std::string> actor;        // likewise
  std::optional<std::string> from;         // YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.fff]]Z
  std::optional<std::string> to;           // likewise, later than from (exclusive)
  std::optional<std::string> limit;        // 1–1000 (default 100)
  std::optional<std::string> before;       // an entry id ≥ 1: page backwards from it
};

// The kinds of record the trail can be filtered by, each a group of record types in human
// words (成果指標 = the definitions and the actuals).
struct AuditKind {
  std::string code;
  std::vector<std::string> record_types;
};
const std::vector<AuditKind>& audit_kinds();
// The kind a record type belongs to ("" when none).
std::string audit_kind_of(const std::string& record_type);

// An entry in human words: who by name, and the record by its name (issue 11). Machine
// words stay in the entry itself (actor login, record type and id) for filters and exports.
struct AuditDescription {
  std::string actor_kind;          // user / operator (the command line) / system / anonymous
  std::string actor_name;          // a user's display name ("" when unknown or not a user)
  std::string kind;                // audit_kind_of(record_type)
  std::string record_name;         // the record's own name (a KPI, an action, a round, a user…)
  std::optional<int> fiscal_year;  // the year the record is of, when its id names one
  std::string town;                // the town's name, when its id names one
};

// Thread-safe.
class AuditLog {
 public:
  explicit AuditLog(storage::Database& db) : db_(db) {}

  // The region's entries matching the query, newest first. A bad parameter is 400
  // (Errc::kBadRequest) naming it, checked in the order of AuditQuery's members.
  std::variant<std::vector<AuditEntry>, Error> list(const AuditQuery& query);
  // The entries of region `slug` in human words, in the same order.
  std::vector<AuditDescription> describe(const std::string& slug,
                                         const std::vector<AuditEntry>& entries);

 private:
  storage::Database& db_;
};

}  // namespace kyosei::app
