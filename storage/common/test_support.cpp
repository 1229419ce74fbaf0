#include "storage/common/test_support.hpp"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

namespace kyosei::storage::testing {
namespace {
std::atomic<int> counter{0};

std::string keywords(const std::string& url) {
  DbUrl parsed;
  std::string error;
  if (!parse_db_url(url, parsed, error)) throw std::runtime_error(error);
  return parsed.connect_string;
}

std::string unique_suffix() { return std::to_string(::getpid()) + "_" + std::to_string(counter++); }
}  // namespace

TestDatabase::TestDatabase(const std::string& engine, std::size_t pool_size) : engine_(engine) {
  if (engine == "sqlite") {
    path_ = (std::filesystem::temp_directory_path() / ("kyosei_test_" + unique_suffix() + ".db"))
                .string();
    url_ = "sqlite:" + path_;
  } else {
    const char* base = std::getenv("KYOSEI_TEST_PG_URL");
    if (base == nullptr || *base == '\0') {
      const char* require = std::getenv("KYOSEI_REQUIRE_PG");
      if (require != nullptr && std::string(require) == "1") {
        ADD_FAILURE() << "KYOSEI_REQUIRE_PG=1 but KYOSEI_TEST_PG_URL is not set";
      }
      skip_reason_ = "KYOSEI_TEST_PG_URL is not set (scripts/test.sh starts a PostgreSQL cluster)";
      return;
    }
    schema_ = "t_" + unique_suffix();
    {
      soci::session admin(*soci::factory_postgresql(), keywords(base));
      admin << "SET client_min_messages TO WARNING";
      admin << ("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
      admin << ("CREATE SCHEMA " + schema_);
    }
    std::string b = base;
    url_ =
        b + (b.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
  }
  db_ = Database::open(url_, pool_size);
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!path_.empty()) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
  }
  if (!schema_.empty()) {
    try {
      soci::session admin(*soci::factory_postgresql(), keywords(std::getenv("KYOSEI_TEST_PG_URL")));
      admin << "SET client_min_messages TO WARNING";
      admin << ("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    } catch (const std::exception&) {
      // The cluster is thrown away after the run anyway.
    }
  }
}

std::unique_ptr<Database> TestDatabase::open_again(std::size_t pool_size) const {
  return Database::open(url_, pool_size);
}

}  // namespace kyosei::storage::testing
