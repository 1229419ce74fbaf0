#include "app/common/db_url.hpp"

#include <filesystem>

namespace kyosei::app {

void create_sqlite_folder(std::string_view db_url) {
  storage::DbUrl parsed;
  std::string error;
  if (storage::parse_db_url(db_url, parsed, error) && parsed.engine == storage::Engine::kSqlite &&
      parsed.path != ":memory:") {
    const auto parent = std::filesystem::path(parsed.path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
}

bool one_writer(const storage::Database& db) { return db.engine() == storage::Engine::kSqlite; }

std::string database_label(const storage::Database& db) {
  return db.engine() == storage::Engine::kSqlite ? db.url().path : std::string("postgresql");
}

}  // namespace kyosei::app
