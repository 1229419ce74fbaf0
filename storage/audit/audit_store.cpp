#include "storage/audit/audit_store.hpp"

#include <fmt/chrono.h>
#include <soci/soci.h>
#include <sodium.h>

#include <algorithm>

#include "storage/common/hash.hpp"
#include "storage/common/row_util.hpp"

namespace kyosei::storage {
namespace {

// Length-prefixed fields: no separator inside a value can forge another entry.
void field(std::string& out, const std::string& v) {
  out += std::to_string(v.size());
  out.push_back(':');
  out += v;
  out.push_back(';');
}

AuditEntry from_row(const soci::row& row) {
  AuditEntry e;
  RowReader(row) >> e.id >> e.at >> e.actor >> e.remote >> e.region_slug >> e.action >>
      e.record_type >> e.record_id >> e.before_json >> e.after_json >> e.prev_hash >> e.hash;
  return e;
}

constexpr const char* kColumns =
    "id, at, actor, remote, region_slug, action, record_type, record_id, before_json, after_json, "
    "prev_hash, hash";

const std::string kGenesis(64, '0');

}  // namespace

std::string audit_now() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(now)),
                     static_cast<int>(ms.count()));
}

std::string audit_hash(const AuditEntry& e) {
  std::string s;
  field(s, std::to_string(e.id));
  for (const auto* v : {&e.at, &e.actor, &e.remote, &e.region_slug, &e.action, &e.record_type,
                        &e.record_id, &e.before_json, &e.after_json, &e.prev_hash}) {
    field(s, *v);
  }
  return sha256_hex(s);
}

void append_audit(soci::session& sql, AuditEntry e) {
  long long last_id = 0;
  std::string last_hash;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", soci::into(last_id, ind),
      soci::into(last_hash);
  if (!sql.got_data() || ind == soci::i_null) {
    last_id = 0;
    last_hash = kGenesis;
  }
  e.id = last_id + 1;
  e.prev_hash = last_hash;
  if (e.at.empty()) e.at = audit_now();
  e.hash = audit_hash(e);
  sql << "INSERT INTO audit_log (id, at, actor, remote, region_slug, action, record_type, "
         "record_id, before_json, after_json, prev_hash, hash) VALUES (:id, :at, :ac, :re, :rs, "
         ":a, :rt, :ri, :b, :af, :p, :h)",
      soci::use(e.id), soci::use(e.at), soci::use(e.actor), soci::use(e.remote),
      soci::use(e.region_slug), soci::use(e.action), soci::use(e.record_type),
      soci::use(e.record_id), soci::use(e.before_json), soci::use(e.after_json),
      soci::use(e.prev_hash), soci::use(e.hash);
  // The anchor moves with every entry, in the same transaction: removing entries from the
  // end of the chain (which leaves a valid chain) no longer matches it.
  sql << "UPDATE audit_anchor SET entries = :n, last_hash = :h WHERE id = 1", soci::use(e.id),
      soci::use(e.hash);
}

std::vector<AuditEntry> list_audit(soci::session& sql, const AuditFilter& f) {
  std::string where = " WHERE 1 = 1";
  // Every filter is bound; an empty one is written so that it matches everything.
  where += " AND (:rs = '' OR region_slug = :rs2)";
  where += " AND (:rt = '' OR record_type = :rt2)";
  where += " AND (:ri = '' OR record_id = :ri2)";
  where += " AND (:ac = '' OR actor = :ac2)";
  where += " AND (:fr = '' OR at >= :fr2)";
  where += " AND (:to = '' OR at < :to2)";
  where += " AND (:bi = 0 OR id < :bi2)";
  const int limit = std::clamp(f.limit, 1, 1000);
  std::vector<AuditEntry> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << (std::string("SELECT ") + kColumns + " FROM audit_log" + where +
                       " ORDER BY id DESC LIMIT " + std::to_string(limit)),
       soci::use(f.region_slug), soci::use(f.region_slug), soci::use(f.record_type),
       soci::use(f.record_type), soci::use(f.record_id), soci::use(f.record_id), soci::use(f.actor),
       soci::use(f.actor), soci::use(f.from), soci::use(f.from), soci::use(f.to), soci::use(f.to),
       soci::use(f.before_id), soci::use(f.before_id));
  for (const auto& row : rs) out.push_back(from_row(row));
  return out;
}

AuditVerification verify_audit(soci::session& sql) {
  AuditVerification v;
  std::string prev = kGenesis;
  long long expected_id = 1;
  soci::rowset<soci::row> rs =
      sql.prepare << (std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY id");
  for (const auto& row : rs) {
    const AuditEntry e = from_row(row);
    ++v.entries;
    if (e.id != expected_id) {
      v = {false, v.entries, e.id, "entry " + std::to_string(expected_id) + " is missing"};
      return v;
    }
    if (e.prev_hash != prev) {
      v = {false, v.entries, e.id, "prev_hash does not match the previous entry"};
      return v;
    }
    if (audit_hash(e) != e.hash) {
      v = {false, v.entries, e.id, "content does not match its hash (altered)"};
      return v;
    }
    prev = e.hash;
    ++expected_id;
  }
  long long anchored = -1;
  std::string anchored_hash;
  soci::indicator ind = soci::i_null;
  sql << "SELECT entries, last_hash FROM audit_anchor WHERE id = 1", soci::into(anchored, ind),
      soci::into(anchored_hash);
  if (!sql.got_data() || ind == soci::i_null) {
    return {false, v.entries, v.entries + 1, "the audit anchor is missing (removed)"};
  }
  if (anchored != v.entries) {
    return {false, v.entries, std::min(anchored, v.entries) + 1,
            "the anchor records " + std::to_string(anchored) + " entries but " +
                std::to_string(v.entries) + " are present (" +
                (anchored > v.entries ? "entries removed from the end"
                                      : "entries added outside Kyosei") +
                ")"};
  }
  if (v.entries > 0 && anchored_hash != prev) {
    return {false, v.entries, v.entries, "the last entry does not match the anchor's hash"};
  }
  return v;
}

}  // namespace kyosei::storage
