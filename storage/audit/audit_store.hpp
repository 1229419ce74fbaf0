#pragma once
// The append-only, hash-chained audit trail. Each entry's hash covers its own content and
// the previous entry's hash, so altering or removing any entry breaks the chain from there.
// `audit_anchor` (one row: entry count and last hash, written by every append in the same
// transaction) catches entries removed from the end, which leaves a valid chain.
// Database triggers refuse UPDATE/DELETE on audit_log and an anchor going back (migration 5);
// someone with direct database access can drop them, which verify_audit then exposes.
// Seals (ADR 0008): with an audit key configured, every entry also gets an HMAC-SHA-256 of
// its hash (table audit_seals, with the key's id) and the anchor an HMAC of its count, last
// hash and first sealed entry. The key lives outside the database, so someone who can
// rewrite the rows and recompute the plain chain and anchor still cannot forge the seals.

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
  std::string record_types;  // a comma-separated list of record types (a kind), or ""
  std::string record_id;
  std::string actor;
  std::string from;  // inclusive, compared as ISO text
  std::string to;    // exclusive
  int limit = 100;
  long long before_id = 0;  // page backwards from this id (0 = newest)
};

// A key for the seals: `id` names it in every seal (rotation: several keys verify, the
// first one seals new entries); `secret` is raw bytes (32 from the key file).
struct AuditKey {
  std::string id;
  std::string secret;
};

// The process-wide audit keys, set once at start-up (before any thread appends); empty =
// no key: entries are appended unsealed and verify_audit checks the plain chain only.
void set_audit_keys(std::vector<AuditKey> keys);
std::vector<AuditKey> audit_keys();

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
  long long sealed = 0;        // entries whose seal was checked
  long long sealed_from = 0;   // first sealed entry (0: none sealed)
  bool keys_checked = false;   // false when no key was configured (plain chain only)
  long long first_bad_id = 0;  // when !ok
  std::string reason;
};
// Walks the chain; with keys configured (set_audit_keys) it also checks every seal from the
// first sealed entry on and the anchor's seal.
AuditVerification verify_audit(soci::session& sql);

// Seals the present chain as it is (the anchor's seal only; earlier entries stay checked by
// the plain chain): run once when migration 7 is applied with a key configured. No-op when
// no key is configured or the chain is sealed already.
void seal_existing_chain(soci::session& sql);

}  // namespace kyosei::storage
