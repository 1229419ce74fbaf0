#pragma once
// `kyosei backup` and `kyosei restore` (issue 14): every table of a running database, read
// in one consistent snapshot (storage/common/backup), as a `kyosei-backup/1` file; and that
// file written into an empty database of either engine in one transaction. The file is
// JSON lines: a header, then per table a line naming it and its columns followed by one
// JSON array per row, then an end line with the counts and the SHA-256 of everything
// before it (a cut or altered file is refused before anything is written).

#include <iosfwd>
#include <string>
#include <variant>

#include "app/common/error.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

struct BackupResult {
  std::size_t tables = 0;
  long long rows = 0;
  std::string sha256;  // hex, of the file before its end line
};

BackupResult write_backup(storage::Database& db, std::ostream& out, const std::string& created_at);

// The target must be migrated and hold no rows (Errc::kConflict otherwise); a file that
// is not a whole kyosei-backup/1 file is Errc::kBadRequest naming the line.
std::variant<BackupResult, Error> restore_backup(storage::Database& db, std::istream& in);

}  // namespace kyosei::app
