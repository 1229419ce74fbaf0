#pragma once
// Versioned schema migrations. Each migration is applied once, in its own transaction,
// and recorded in schema_migrations. The same SQL serves both engines except for the
// identity column type, written {ID} in the migration text.

#include <string>
#include <vector>

#include "storage/common/database.hpp"

namespace kyosei::storage {

struct MigrationStatus {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;  // names of migrations applied by this call
};

// Brings the schema to the newest version. Safe to call when already current.
MigrationStatus migrate(Database& db);

// The newest version this build knows.
int latest_schema_version();

}  // namespace kyosei::storage
