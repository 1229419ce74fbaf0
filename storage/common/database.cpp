#include "storage/common/database.hpp"

#include <libpq-fe.h>
#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <stdexcept>

#include "storage/common/statement_cache.hpp"

namespace kyosei::storage {
namespace {

// SOCI hands its connect string to libpq after splitting it into key=value pairs, which a
// URI does not survive; libpq's own parser turns the URI into that form.
bool uri_to_keywords(std::string_view url, std::string& out, std::string& error) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(std::string(url).c_str(), &err);
  if (opts == nullptr) {
    error = "malformed PostgreSQL URL";
    if (err != nullptr) {
      error += std::string(": ") + err;
      PQfreemem(err);
    }
    return false;
  }
  out.clear();
  for (auto* o = opts; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    std::string v;
    for (const char* c = o->val; *c != '\0'; ++c) {
      if (*c == '\'' || *c == '\\') v.push_back('\\');
      v.push_back(*c);
    }
    out += (out.empty() ? "" : " ") + std::string(o->keyword) + "='" + v + "'";
  }
  PQconninfoFree(opts);
  return true;
}

}  // namespace

bool parse_db_url(std::string_view url, DbUrl& out, std::string& error) {
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);  // sqlite://relative or sqlite:///abs
    if (path.empty()) {
      error = "sqlite URL needs a file path, e.g. sqlite:var/kyosei.db";
      return false;
    }
    if (path.find(' ') != std::string::npos || path.find('"') != std::string::npos) {
      error = "sqlite path must not contain spaces or quotes";
      return false;
    }
    out.engine = Engine::kSqlite;
    out.backend = "sqlite3";
    out.path = path;
    out.connect_string = "db=" + path + " timeout=30";
    return true;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    out.engine = Engine::kPostgres;
    out.backend = "postgresql";
    out.path.clear();
    return uri_to_keywords(url, out.connect_string, error);
  }
  error = "database URL must start with sqlite: or postgresql://";
  return false;
}

namespace {

// True for an engine error that reports a unique or primary key violation.
bool unique_violation(const soci::soci_error& e) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    return pg->sqlstate() == "23505";  // unique_violation
  }
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    // SQLITE_CONSTRAINT (19) covers NOT NULL, CHECK and foreign keys too; SQLite names the
    // kind only in its message ("UNIQUE constraint failed: …").
    const std::string what = e.what();
    return (lite->result() & 0xff) == 19 && (what.find("UNIQUE constraint") != std::string::npos ||
                                             what.find("PRIMARY KEY") != std::string::npos);
  }
  return false;
}

[[noreturn]] void rethrow_typed(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const soci::soci_error& e) {
    if (unique_violation(e)) throw DuplicateKey(e.what());
    throw;
  }
}

}  // namespace

namespace {
// Opens the pool's sessions with Kyosei's settings and gives each its statement cache.
void open_sessions(soci::connection_pool& pool, std::size_t size, const DbUrl& url) {
  for (std::size_t i = 0; i < size; ++i) {
    soci::session& s = pool.at(i);
    if (url.engine == Engine::kSqlite) {
      s.open(*soci::factory_sqlite3(), url.connect_string);
      s << "PRAGMA foreign_keys = ON";
      if (url.path != ":memory:") {
        s << "PRAGMA journal_mode = WAL";
        s << "PRAGMA synchronous = NORMAL";
      }
    } else {
      s.open(*soci::factory_postgresql(), url.connect_string);
      s << "SET client_min_messages TO WARNING";
    }
    register_statement_cache(s);
  }
}
}  // namespace

Database::Database(DbUrl url, std::size_t pool_size)
    : url_(std::move(url)), pool_size_(pool_size == 0 ? 1 : pool_size) {
  pool_ = std::make_unique<soci::connection_pool>(pool_size_);
  try {
    open_sessions(*pool_, pool_size_, url_);
  } catch (...) {
    for (std::size_t i = 0; i < pool_size_; ++i) drop_statement_cache(pool_->at(i));
    throw;
  }
}

Database::~Database() {
  // The cached statements are finalised while their sessions are still open.
  for (std::size_t i = 0; i < pool_size_; ++i) drop_statement_cache(pool_->at(i));
}

std::unique_ptr<Database> Database::open(std::string_view url, std::size_t pool_size) {
  DbUrl parsed;
  std::string error;
  if (!parse_db_url(url, parsed, error)) throw std::runtime_error(error);
  if (parsed.engine == Engine::kSqlite && parsed.path == ":memory:") pool_size = 1;
  try {
    return std::unique_ptr<Database>(new Database(parsed, pool_size));
  } catch (const soci::soci_error& e) {
    throw std::runtime_error(std::string("cannot open database: ") + e.get_error_message());
  }
}

void Database::with_session(const std::function<void(soci::session&)>& f) {
  const std::size_t pos = pool_->lease();
  struct Release {
    soci::connection_pool& pool;
    std::size_t pos;
    ~Release() { pool.give_back(pos); }
  } release{*pool_, pos};
  f(pool_->at(pos));
}

namespace {
// Advisory locks (PostgreSQL) are per database, not per schema: their keys are scoped to
// the schema Kyosei's tables live in (current_schema()), so two Kyosei databases in schemas
// of one PostgreSQL database — the tests run many at once — never wait for each other's
// locks. The gate that write() takes exclusively and region writers share; the audit chain;
// the class of region keys (with a 32-bit hash of the key).
constexpr const char* kWriteGate = "hashtext(current_schema() || ':write-gate'), 0";
constexpr const char* kAuditChain = "hashtext(current_schema() || ':audit-chain'), 0";
constexpr const char* kRegionClass = "hashtext(current_schema() || ':region')";

// FNV-1a, folded to a signed 32-bit value (pg_advisory_xact_lock(int4, int4)); a collision
// only makes two regions wait for each other.
int region_lock_key(const std::string& key) {
  std::uint32_t h = 2166136261U;
  for (const char c : key) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619U;
  }
  return static_cast<int>(static_cast<std::int32_t>(h));
}
}  // namespace

void Database::transaction(soci::session& sql, const std::function<void(soci::session&)>& f) {
  try {
    f(sql);
    if (url_.engine == Engine::kSqlite) {
      cached_exec(sql, "COMMIT");
    } else {
      sql << "COMMIT";
    }
    write_generation_.fetch_add(1, std::memory_order_acq_rel);
  } catch (...) {
    try {
      sql << "ROLLBACK";
    } catch (...) {
      // The connection is gone; the server rolled back already.
    }
    rethrow_typed(std::current_exception());
  }
}

void Database::write(const std::function<void(soci::session&)>& f) {
  std::lock_guard lock(write_mutex_);
  with_session([&](soci::session& sql) {
    if (url_.engine == Engine::kSqlite) {
      cached_exec(sql, "BEGIN IMMEDIATE");
    } else {
      sql << "BEGIN";
      cached_exec(sql, std::string("SELECT pg_advisory_xact_lock(") + kWriteGate + ")");
      cached_exec(sql, std::string("SELECT pg_advisory_xact_lock(") + kAuditChain + ")");
    }
    transaction(sql, f);
  });
}

void Database::write_region(const std::string& region_key,
                            const std::function<void(soci::session&)>& f) {
  if (url_.engine == Engine::kSqlite) {
    write(f);
    return;
  }
  const int key = region_lock_key(region_key);
  with_session([&](soci::session& sql) {
    sql << "BEGIN";
    try {
      cached_exec(sql, std::string("SELECT pg_advisory_xact_lock_shared(") + kWriteGate + ")");
      cached_exec(sql, std::string("SELECT pg_advisory_xact_lock(") + kRegionClass + ", :k)", key);
    } catch (...) {
      try {
        sql << "ROLLBACK";
      } catch (...) {
      }
      throw;
    }
    transaction(sql, f);
  });
}

void Database::lock_write_gate(soci::session& sql) {
  if (url_.engine == Engine::kSqlite) return;
  sql << "SELECT pg_advisory_xact_lock(" << kWriteGate << ")";
}

void Database::lock_audit_chain(soci::session& sql) {
  if (url_.engine == Engine::kSqlite) return;
  cached_exec(sql, std::string("SELECT pg_advisory_xact_lock(") + kAuditChain + ")");
}

}  // namespace kyosei::storage
