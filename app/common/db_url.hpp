#pragma once
// The database URL as the operator gives it (`--db`, KYOSEI_DB): what the commands do with
// it before and after opening the database (app::Services::open).

#include <string>
#include <string_view>

#include "storage/common/database.hpp"

namespace kyosei::app {

// Creates the parent folder of a SQLite database file, so that a first run just works.
// Nothing for PostgreSQL, "sqlite::memory:" or a malformed URL (opening reports that).
void create_sqlite_folder(std::string_view db_url);

// How logs name the database: the SQLite file's path, or "postgresql" (never the URL,
// which may carry a password).
std::string database_label(const storage::Database& db);

// Whether the engine takes one write transaction at a time (SQLite): the server then runs
// writes on a writer thread of their own (ADR 0009).
bool one_writer(const storage::Database& db);

}  // namespace kyosei::app
