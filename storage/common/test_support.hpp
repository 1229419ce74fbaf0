#pragma once
// Test databases for the contract suites: a fresh SQLite file, or a fresh schema in the
// PostgreSQL database named by KYOSEI_TEST_PG_URL. Dropped again by the destructor.

#include <memory>
#include <string>

#include "storage/common/database.hpp"

namespace kyosei::storage::testing {

class TestDatabase {
 public:
  // engine: "sqlite" or "postgres". For postgres without KYOSEI_TEST_PG_URL, `skip_reason()`
  // is set, unless KYOSEI_REQUIRE_PG=1, in which case construction fails the test.
  explicit TestDatabase(const std::string& engine, std::size_t pool_size = 2);
  ~TestDatabase();

  const std::string& skip_reason() const { return skip_reason_; }
  const std::string& url() const { return url_; }
  Database& db() { return *db_; }
  std::unique_ptr<Database> open_again(std::size_t pool_size = 1) const;

 private:
  std::string engine_;
  std::string url_;
  std::string schema_;
  std::string path_;
  std::string skip_reason_;
  std::unique_ptr<Database> db_;
};

}  // namespace kyosei::storage::testing
