#include "storage/audit/audit_store.hpp"

#include <fmt/chrono.h>
#include <soci/soci.h>
#include <sodium.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "storage/common/hash.hpp"
#include "storage/common/row_util.hpp"
#include "storage/common/statement_cache.hpp"

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

std::mutex keys_mutex;
std::shared_ptr<const std::vector<AuditKey>> keys_in_use =
    std::make_shared<const std::vector<AuditKey>>();

std::shared_ptr<const std::vector<AuditKey>> current_keys() {
  std::lock_guard lock(keys_mutex);
  return keys_in_use;
}

// The seal of one entry and of the anchor; the prefixes keep the two kinds apart.
std::string entry_mac(const AuditKey& key, long long id, const std::string& hash) {
  return hmac_sha256_hex(key.secret, "entry;" + std::to_string(id) + ";" + hash);
}

std::string anchor_mac(const AuditKey& key, long long entries, const std::string& last_hash,
                       long long sealed_from) {
  return hmac_sha256_hex(key.secret, "anchor;" + std::to_string(entries) + ";" + last_hash + ";" +
                                         std::to_string(sealed_from));
}

const AuditKey* find_key(const std::vector<AuditKey>& keys, const std::string& id) {
  for (const auto& k : keys) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

struct Anchor {
  bool present = false;
  long long entries = 0;
  std::string last_hash;
  long long sealed_from = 0;
  std::string key_id;
  std::string mac;
};

Anchor read_anchor(soci::session& sql) {
  Anchor a;
  soci::rowset<soci::row> rs =
      sql.prepare << "SELECT entries, last_hash, sealed_from, key_id, mac FROM audit_anchor "
                     "WHERE id = 1";
  for (const auto& row : rs) {
    a.present = true;
    RowReader(row) >> a.entries >> a.last_hash >> a.sealed_from >> a.key_id >> a.mac;
  }
  return a;
}

}  // namespace

void set_audit_keys(std::vector<AuditKey> keys) {
  auto next = std::make_shared<const std::vector<AuditKey>>(std::move(keys));
  std::lock_guard lock(keys_mutex);
  keys_in_use = std::move(next);
}

std::vector<AuditKey> audit_keys() { return *current_keys(); }

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
  // The chain's last entry and the anchor's first sealed entry, in one statement (the anchor
  // row may be missing, e.g. removed by someone: verify reports that; the entry is still
  // chained to the last one).
  long long last_id = 0;
  std::string last_hash = kGenesis;
  long long sealed_from = 0;
  cached_rows(sql,
              "SELECT l.id, l.hash, (SELECT sealed_from FROM audit_anchor WHERE id = 1) FROM "
              "(SELECT 1 AS one) AS o LEFT JOIN (SELECT id, hash FROM audit_log ORDER BY id DESC "
              "LIMIT 1) AS l ON 1 = 1",
              [&](const soci::row& row) {
                if (row.get_indicator(0) != soci::i_null) {
                  last_id = as_int(row, 0);
                  last_hash = as_text(row, 1);
                }
                sealed_from = as_int(row, 2);
              });
  e.id = last_id + 1;
  e.prev_hash = last_hash;
  if (e.at.empty()) e.at = audit_now();
  e.hash = audit_hash(e);
  cached_exec(sql,
              "INSERT INTO audit_log (id, at, actor, remote, region_slug, action, record_type, "
              "record_id, before_json, after_json, prev_hash, hash) VALUES (:id, :at, :ac, :re, "
              ":rs, :a, :rt, :ri, :b, :af, :p, :h)",
              e.id, e.at, e.actor, e.remote, e.region_slug, e.action, e.record_type, e.record_id,
              e.before_json, e.after_json, e.prev_hash, e.hash);
  // The anchor moves with every entry, in the same transaction: removing entries from the
  // end of the chain (which leaves a valid chain) no longer matches it.
  const auto keys = current_keys();
  if (keys->empty()) {
    cached_exec(sql, "UPDATE audit_anchor SET entries = :n, last_hash = :h WHERE id = 1", e.id,
                e.hash);
    return;
  }
  // Sealed: the entry's seal and the anchor's, under the current (first) key.
  const AuditKey& key = keys->front();
  const std::string mac = entry_mac(key, e.id, e.hash);
  cached_exec(sql, "INSERT INTO audit_seals (entry_id, key_id, mac) VALUES (:i, :k, :m)", e.id,
              key.id, mac);
  // The first entry of a new chain starts the seals; a chain left unsealed by a migration
  // without a key stays so, and verify reports it.
  if (sealed_from == 0 && e.id == 1) sealed_from = 1;
  const std::string amac = anchor_mac(key, e.id, e.hash, sealed_from);
  cached_exec(sql,
              "UPDATE audit_anchor SET entries = :n, last_hash = :h, sealed_from = :f, key_id = "
              ":k, mac = :m WHERE id = 1",
              e.id, e.hash, sealed_from, key.id, amac);
}

void seal_existing_chain(soci::session& sql) {
  const auto keys = current_keys();
  if (keys->empty()) return;
  const Anchor a = read_anchor(sql);
  if (!a.present || a.sealed_from != 0) return;
  const AuditKey& key = keys->front();
  const long long from = a.entries + 1;
  const std::string last = a.entries == 0 ? std::string() : a.last_hash;
  const std::string amac = anchor_mac(key, a.entries, last, from);
  sql << "UPDATE audit_anchor SET sealed_from = :f, key_id = :k, mac = :m WHERE id = 1",
      soci::use(from), soci::use(key.id), soci::use(amac);
}

std::vector<AuditEntry> list_audit(soci::session& sql, const AuditFilter& f) {
  std::string where = " WHERE 1 = 1";
  // Every filter is bound; an empty one is written so that it matches everything.
  where += " AND (:rs = '' OR region_slug = :rs2)";
  where += " AND (:rt = '' OR record_type = :rt2)";
  // One of a list: ",a,b," contains ",record_type," ('_' in a type matched literally).
  where +=
      " AND (:rl = '' OR (',' || :rl2 || ',') LIKE ('%,' || REPLACE(record_type, '_', '!_') ||"
      " ',%') ESCAPE '!')";
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
       soci::use(f.record_type), soci::use(f.record_types), soci::use(f.record_types),
       soci::use(f.record_id), soci::use(f.record_id), soci::use(f.actor), soci::use(f.actor),
       soci::use(f.from), soci::use(f.from), soci::use(f.to), soci::use(f.to),
       soci::use(f.before_id), soci::use(f.before_id));
  for (const auto& row : rs) out.push_back(from_row(row));
  return out;
}

AuditVerification verify_audit(soci::session& sql) {
  AuditVerification v;
  const auto keys = current_keys();
  const Anchor anchor = read_anchor(sql);
  v.keys_checked = !keys->empty();
  v.sealed_from = anchor.sealed_from;
  auto fail = [&](long long id, std::string reason) {
    v.ok = false;
    v.first_bad_id = id;
    v.reason = std::move(reason);
    return v;
  };
  std::string prev = kGenesis;
  long long expected_id = 1;
  soci::rowset<soci::row> rs =
      sql.prepare << "SELECT l.id, l.at, l.actor, l.remote, l.region_slug, l.action, "
                     "l.record_type, l.record_id, l.before_json, l.after_json, l.prev_hash, "
                     "l.hash, s.key_id, s.mac FROM audit_log l LEFT JOIN audit_seals s ON "
                     "s.entry_id = l.id ORDER BY l.id";
  for (const auto& row : rs) {
    const AuditEntry e = from_row(row);
    const std::string seal_key = as_text(row, 12);
    const std::string seal_mac = as_text(row, 13);
    ++v.entries;
    if (e.id != expected_id) {
      return fail(e.id, "entry " + std::to_string(expected_id) + " is missing");
    }
    if (e.prev_hash != prev) return fail(e.id, "prev_hash does not match the previous entry");
    if (audit_hash(e) != e.hash) return fail(e.id, "content does not match its hash (altered)");
    if (v.keys_checked) {
      const bool must_be_sealed = anchor.sealed_from > 0 && e.id >= anchor.sealed_from;
      if (must_be_sealed && seal_mac.empty()) {
        return fail(e.id, "the entry has no seal (written without the audit key)");
      }
      if (!must_be_sealed && !seal_mac.empty()) {
        return fail(e.id, "a seal before the first sealed entry (the anchor was reset)");
      }
      if (!seal_mac.empty()) {
        const AuditKey* key = find_key(*keys, seal_key);
        if (key == nullptr) {
          return fail(e.id, "sealed with key \"" + seal_key + "\", which is not configured");
        }
        if (entry_mac(*key, e.id, e.hash) != seal_mac) {
          return fail(e.id, "the seal does not match (rewritten without the audit key)");
        }
        ++v.sealed;
      }
    }
    prev = e.hash;
    ++expected_id;
  }
  if (!anchor.present) return fail(v.entries + 1, "the audit anchor is missing (removed)");
  if (anchor.entries != v.entries) {
    return fail(std::min(anchor.entries, v.entries) + 1,
                "the anchor records " + std::to_string(anchor.entries) + " entries but " +
                    std::to_string(v.entries) + " are present (" +
                    (anchor.entries > v.entries ? "entries removed from the end"
                                                : "entries added outside Kyosei") +
                    ")");
  }
  if (v.entries > 0 && anchor.last_hash != prev) {
    return fail(v.entries, "the last entry does not match the anchor's hash");
  }
  if (v.keys_checked) {
    if (anchor.sealed_from == 0) {
      if (v.entries > 0) return fail(1, "the audit trail is not sealed (its seals were removed?)");
      return v;
    }
    const AuditKey* key = find_key(*keys, anchor.key_id);
    if (key == nullptr) {
      return fail(v.entries, "the anchor is sealed with key \"" + anchor.key_id +
                                 "\", which is not configured");
    }
    const std::string last = v.entries == 0 ? std::string() : anchor.last_hash;
    if (anchor_mac(*key, anchor.entries, last, anchor.sealed_from) != anchor.mac) {
      return fail(v.entries, "the anchor's seal does not match (rewritten without the audit key)");
    }
  }
  return v;
}

}  // namespace kyosei::storage
