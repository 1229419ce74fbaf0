#pragma once
// The rows of every table of Kyosei's schema, read in one consistent snapshot and written
// back into an empty, migrated database (issue 14: `kyosei backup` / `kyosei restore`).
// The file format around these rows is app/common/backup.cpp's; this is the SQL side.

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "storage/common/database.hpp"

namespace kyosei::storage {

// One value: NULL, an integer or a text (Kyosei's schema has no other column types;
// files are base64 texts).
using BackupValue = std::variant<std::monostate, long long, std::string>;

struct BackupTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<BackupValue>> rows;  // ordered by the first column, then the rest
};

// Every table except schema_migrations (and SQLite's full-text index, which triggers
// rebuild), in an order in which each table's references come before it. Runs in one
// read transaction (PostgreSQL: REPEATABLE READ, READ ONLY), so the tables are one
// snapshot while writers go on. `each` is called once per table.
void read_all_tables(Database& db, const std::function<void(const BackupTable&)>& each);

// The names of the tables read_all_tables reads, in its order.
std::vector<std::string> backup_table_names(Database& db);

// Rows already in the tables (schema_migrations and the audit anchor's seeded row aside);
// restore refuses a database where this is not 0.
long long count_user_rows(Database& db);

// Inserts the tables' rows in one write transaction; then moves the identity sequences
// (PostgreSQL) past the restored ids and the audit anchor to the restored trail. Columns the
// target does not have → std::runtime_error naming them (nothing is written).
void write_all_tables(Database& db, const std::vector<BackupTable>& tables);

}  // namespace kyosei::storage
