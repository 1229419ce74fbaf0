#pragma once
// Connections to the embedded SQLite database or to PostgreSQL, through SOCI.
// URL forms: "sqlite:PATH" (relative or absolute; "sqlite::memory:" for tests) and
// "postgresql://user@host:port/dbname?…" (libpq URI).
// Thread safety: Database is safe to share; each session obtained from it is used by
// one thread at a time (SOCI sessions are not thread-safe).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

namespace soci {
class session;
class connection_pool;
}  // namespace soci

namespace kyosei::storage {

// An open database session (a SOCI session). Outside storage/ it is an opaque handle that
// use cases pass back to storage functions: only storage/ includes SOCI and writes SQL
// (the layering check in scripts/check-layers.sh enforces both).
using Session = soci::session;

// Typed database errors: storage/ classifies what the engines report, so that no layer
// above has to read an engine's message text.
// A unique key (or primary key) already holds the value written.
class DuplicateKey : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Engine { kSqlite, kPostgres };

struct DbUrl {
  Engine engine = Engine::kSqlite;
  std::string backend;         // SOCI backend name
  std::string connect_string;  // SOCI connect string
  std::string path;            // SQLite file path (empty for PostgreSQL)
};

// Parses a database URL; on failure returns nullopt-like empty backend and sets `error`.
bool parse_db_url(std::string_view url, DbUrl& out, std::string& error);

class Database {
 public:
  // Opens `pool_size` connections (≥1). Throws std::runtime_error with a readable message
  // when the URL is malformed or the database cannot be reached.
  static std::unique_ptr<Database> open(std::string_view url, std::size_t pool_size = 1);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Engine engine() const { return url_.engine; }
  const DbUrl& url() const { return url_; }

  // Borrows a session for the duration of `f`. Blocks while all sessions are in use.
  void with_session(const std::function<void(soci::session&)>& f);

  // Runs `f` as one write transaction: committed when `f` returns, rolled back when it
  // throws. This form excludes every other writer for its whole length (one at a time per
  // process; on PostgreSQL also across processes by advisory locks; on SQLite by BEGIN
  // IMMEDIATE): dataset loads, accounts and sessions, refusal audits. A unique-key
  // violation inside `f` reaches the caller as DuplicateKey (after the rollback); other
  // database errors propagate unchanged.
  void write(const std::function<void(soci::session&)>& f);

  // The same for a transaction that changes one region only (`region_key`, its slug).
  // On PostgreSQL, writers of different regions run at the same time: each holds a
  // transaction-level advisory lock on its region key (and a shared lock that write()
  // takes exclusively), and only the audit append at the end is serialised, by
  // lock_audit_chain(). On SQLite, which has one writer, it is write().
  void write_region(const std::string& region_key, const std::function<void(soci::session&)>& f);

  // Inside a write transaction, before appending to the audit chain: waits until no other
  // transaction can append (PostgreSQL: an advisory lock held to the commit), which keeps
  // the chain linear. write() holds it from the start; on SQLite it does nothing.
  void lock_audit_chain(soci::session& sql);
  // Inside a transaction: waits until no other write runs and keeps them out until the
  // commit (PostgreSQL: the gate write() takes; the migrations take it too). Does nothing on
  // SQLite, where BEGIN IMMEDIATE already does this.
  void lock_write_gate(soci::session& sql);

  // Counts the write transactions this process committed. Lets read caches skip the
  // database when nothing was written here (other processes' writes are seen by polling).
  std::uint64_t write_generation() const {
    return write_generation_.load(std::memory_order_acquire);
  }

 private:
  Database(DbUrl url, std::size_t pool_size);
  void transaction(soci::session& sql, const std::function<void(soci::session&)>& f);
  DbUrl url_;
  std::size_t pool_size_;
  std::unique_ptr<soci::connection_pool> pool_;
  std::mutex write_mutex_;
  std::atomic<std::uint64_t> write_generation_{0};
};

}  // namespace kyosei::storage
