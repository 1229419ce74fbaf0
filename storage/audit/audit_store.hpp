#pragma once
// The append-only, hash-chained audit trail. Each entry's hash covers its own content and
// the previous entry's hash, so altering or removing any entry breaks the chain from there.
// `audit_anchor` (one row: entry count and last hash, written by every append in the same
// transaction) catches entries removed from the end, which leaves a valid chain.
// Database triggers refuse UPDATE/DELETE on audit_log and an anchor going back (migration 5);
// someone with direct database access can drop them, which verify_audit then exposes.

#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace kyosei::storage {

struct AuditEntry {
  long long id = 0;
  std::string at;  // UTC, ISO 8601
  std::string actor;
  std::string remote;
  std::string region_slug;
  std::string action;       // create / update / delete / sign-in / …
  std::string record_type;  // e.g. "category_year"
  std::string record_id;
  std::string before_json;  // "" when not applicable
  std::string after_json;
  std::string prev_hash;
  std::string hash;
};

struct AuditFilter {
  std::string region_slug;
  std::string record_type;
  std::string record_id;
  std::string actor;
  std::string from;  // inclusive, compared as ISO text
  std::string to;    // exclusive
  int limit = 100;
  long long before_id = 0;  // page backwards from this id (0 = newest)
};

// Now, as the audit trail writes times: UTC, ISO 8601 with milliseconds.
std::string audit_now();

// The hash of an entry given its content and prev_hash (hex SHA-256).
std::string audit_hash(const AuditEntry& entry);

// Appends within the caller's transaction. REQUIRES: the caller holds the database's write
// lock (see write_transaction), so that no other append interleaves.
void append_audit(soci::session& sql, AuditEntry entry);

std::vector<AuditEntry> list_audit(soci::session& sql, const AuditFilter& filter);

struct AuditVerification {
  bool ok = true;
  long long entries = 0;
  long long first_bad_id = 0;  // when !ok
  std::string reason;
};
AuditVerification verify_audit(soci::session& sql);

}  // namespace kyosei::storage
