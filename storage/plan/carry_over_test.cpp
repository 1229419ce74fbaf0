// Contract tests: a replacement keeps operational records (ADR 0008), on both engines.

#include "storage/plan/carry_over.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "exchange/plan/dataset.hpp"
#include "storage/common/contract_fixture.hpp"
#include "storage/common/row_util.hpp"

namespace kyosei::storage {
namespace {

core::Region demo() { return testing::demo_region(exchange::read_dataset_file); }

class CarryOverContract : public testing::ContractTest {
 protected:
  // Ids of the live actions of the region, in plan order.
  std::vector<long long> live_actions() {
    std::vector<long long> ids;
    tdb_->db().with_session([&](soci::session& sql) {
      soci::rowset<soci::row> rs =
          sql.prepare << "SELECT a.id FROM actions a JOIN category_years y ON y.id = "
                         "a.category_year_id JOIN categories c ON c.id = y.category_id JOIN "
                         "fields f ON f.id = c.field_id JOIN policy_areas pa ON pa.id = "
                         "f.policy_area_id JOIN regions r ON r.id = f.region_id "
                         "WHERE r.slug = 'minami-sorachi' AND a.deleted_at IS NULL AND "
                         "c.deleted_at IS NULL AND f.deleted_at IS NULL ORDER BY pa.position, "
                         "f.position, c.position, y.fiscal_year, a.position";
      for (const auto& row : rs) ids.push_back(as_int(row, 0));
    });
    return ids;
  }
  long long count(const std::string& query) {
    long long n = -1;
    tdb_->db().with_session([&](soci::session& sql) { sql << query, soci::into(n); });
    return n;
  }
  void add_progress(long long action, const std::string& town, const std::string& result) {
    tdb_->db().with_session([&](soci::session& sql) {
      sql << "INSERT INTO progress_records (action_id, municipality_code, status, result) "
             "VALUES (:a, :m, 'done', :r)",
          soci::use(action), soci::use(town), soci::use(result);
    });
  }
  // Progress records reachable through live plan items.
  long long visible_progress() {
    return count(
        "SELECT COUNT(*) FROM progress_records p JOIN actions a ON a.id = p.action_id JOIN "
        "category_years y ON y.id = a.category_year_id JOIN categories c ON c.id = "
        "y.category_id JOIN fields f ON f.id = c.field_id WHERE a.deleted_at IS NULL AND "
        "c.deleted_at IS NULL AND f.deleted_at IS NULL");
  }
};

TEST_P(CarryOverContract, ReplaceMovesRecordsToTheSameItems) {
  RegionStore store(tdb_->db());
  const auto region = demo();
  store.save(region, RegionStore::SaveMode::kCreateOnly);
  const auto before = live_actions();
  ASSERT_GE(before.size(), 3u);
  add_progress(before[0], "01210", "first");
  add_progress(before[2], "01423", "third");
  auto changed = region;
  changed.name = "名前だけ変更";
  store.save(changed, RegionStore::SaveMode::kReplace);
  const auto after = live_actions();
  ASSERT_EQ(after.size(), before.size());
  EXPECT_NE(after[0], before[0]);  // new rows
  EXPECT_EQ(count("SELECT COUNT(*) FROM progress_records"), 2);
  EXPECT_EQ(visible_progress(), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM progress_records WHERE action_id = " +
                  std::to_string(after[2]) + " AND result = 'third'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM regions"), 1);  // the parked old rows are gone
  EXPECT_EQ(*store.load(region.slug), changed);
}

TEST_P(CarryOverContract, RemovedItemsWithRecordsAreKeptSoftDeletedAndComeBack) {
  RegionStore store(tdb_->db());
  const auto region = demo();
  store.save(region, RegionStore::SaveMode::kCreateOnly);
  const auto ids = live_actions();
  add_progress(ids[0], "01210", "kept");
  std::vector<ItemRecords> items;
  std::string field;
  tdb_->db().with_session([&](soci::session& sql) {
    items = items_with_records(sql, region.slug);
    sql << "SELECT f.name FROM actions a JOIN category_years y ON y.id = a.category_year_id "
           "JOIN categories c ON c.id = y.category_id JOIN fields f ON f.id = c.field_id "
           "WHERE a.id = :a",
        soci::use(ids[0]), soci::into(field);
  });
  long long actions_with_records = 0;
  for (const auto& item : items) {
    if (item.kind == ItemRecords::Kind::kAction) {
      ++actions_with_records;
      EXPECT_EQ(item.id, ids[0]);
      EXPECT_EQ(item.progress, 1);
      EXPECT_TRUE(item.live);
    }
  }
  EXPECT_EQ(actions_with_records, 1);
  // The field of the action with the record is gone from the new version.
  auto smaller = region;
  bool removed = false;
  for (auto& area : smaller.policy_areas) {
    std::erase_if(area.fields, [&](const core::Field& f) {
      removed = removed || f.name == field;
      return f.name == field;
    });
  }
  ASSERT_TRUE(removed) << field;
  store.save(smaller, RegionStore::SaveMode::kReplace, {});
  EXPECT_EQ(*store.load(region.slug), smaller);  // no read shows the kept copy
  EXPECT_EQ(count("SELECT COUNT(*) FROM progress_records WHERE result = 'kept'"), 1);
  EXPECT_EQ(visible_progress(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM actions WHERE deleted_at IS NOT NULL"), 1);
  // Loading the full version again brings the record back to the live action.
  store.save(region, RegionStore::SaveMode::kReplace);
  EXPECT_EQ(*store.load(region.slug), region);
  EXPECT_EQ(visible_progress(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM progress_records p JOIN actions a ON a.id = p.action_id "
                  "WHERE a.id = " +
                  std::to_string(live_actions()[0]) + " AND p.result = 'kept'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM actions WHERE deleted_at IS NOT NULL"), 0);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, CarryOverContract, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(Postgres, CarryOverContract, ::testing::Values("postgres"));

}  // namespace
}  // namespace kyosei::storage
