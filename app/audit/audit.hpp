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
  std::optional<std::string> record_id;    // 1–200 characters, no control characters
  std::optional<std::string> actor;        // likewise
  std::optional<std::string> from;         // YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.fff]]Z
  std::optional<std::string> to;           // likewise, later than from (exclusive)
  std::optional<std::string> limit;        // 1–1000 (default 100)
  std::optional<std::string> before;       // an entry id ≥ 1: page backwards from it
};

// Thread-safe.
class AuditLog {
 public:
  explicit AuditLog(storage::Database& db) : db_(db) {}

  // The region's entries matching the query, newest first. A bad parameter is 400
  // (Errc::kBadRequest) naming it, checked in the order of AuditQuery's members.
  std::variant<std::vector<AuditEntry>, Error> list(const AuditQuery& query);

 private:
  storage::Database& db_;
};

}  // namespace kyosei::app
