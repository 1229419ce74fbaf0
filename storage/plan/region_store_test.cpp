// Contract tests for RegionStore: the same suite runs on SQLite and on PostgreSQL.

#include "storage/plan/region_store.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "exchange/plan/dataset.hpp"
#include "storage/common/contract_fixture.hpp"
#include "storage/common/migrations.hpp"

namespace kyosei::storage {
namespace {

core::Region demo() { return testing::demo_region(exchange::read_dataset_file); }

class RegionStoreContract : public testing::ContractTest {};

TEST_P(RegionStoreContract, MigrateIsIdempotent) {
  auto again = migrate(tdb_->db());
  EXPECT_TRUE(again.applied.empty());
  EXPECT_EQ(again.from_version, latest_schema_version());
}

TEST_P(RegionStoreContract, SavedRegionLoadsBackIdentical) {
  RegionStore store(tdb_->db());
  const auto region = demo();
  auto res = store.save(region, RegionStore::SaveMode::kCreateOnly);
  EXPECT_TRUE(res.saved);
  EXPECT_FALSE(res.existed);
  auto loaded = store.load("minami-sorachi");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, region);
  EXPECT_EQ(exchange::write_dataset(*loaded), exchange::write_dataset(region));
}

TEST_P(RegionStoreContract, UnknownSlugLoadsNothing) {
  RegionStore store(tdb_->db());
  EXPECT_FALSE(store.load("nowhere"));
  EXPECT_FALSE(store.summary("nowhere"));
  EXPECT_TRUE(store.list().empty());
}

TEST_P(RegionStoreContract, CreateOnlyLeavesExistingRegionAlone) {
  RegionStore store(tdb_->db());
  auto region = demo();
  store.save(region, RegionStore::SaveMode::kCreateOnly);
  auto changed = region;
  changed.name = "別の名前";
  auto res = store.save(changed, RegionStore::SaveMode::kCreateOnly);
  EXPECT_FALSE(res.saved);
  EXPECT_TRUE(res.existed);
  EXPECT_EQ(store.load(region.slug)->name, region.name);
}

TEST_P(RegionStoreContract, ReplaceSwapsContentAndAdvancesChangeCounter) {
  RegionStore store(tdb_->db());
  auto region = demo();
  store.save(region, RegionStore::SaveMode::kCreateOnly);
  const auto before = store.summary(region.slug)->change_seq;
  region.policy_areas[0].fields[0].categories[0].years[0].direction = "新しい連携方向";
  auto res = store.save(region, RegionStore::SaveMode::kReplace);
  EXPECT_TRUE(res.saved);
  EXPECT_TRUE(res.existed);
  EXPECT_EQ(*store.load(region.slug), region);
  EXPECT_GT(store.summary(region.slug)->change_seq, before);
}

TEST_P(RegionStoreContract, FailedReplaceLeavesPreviousState) {
  RegionStore store(tdb_->db());
  const auto region = demo();
  store.save(region, RegionStore::SaveMode::kCreateOnly);
  auto broken = region;
  // Two categories with one name in one field break a UNIQUE constraint half way through.
  auto& cats = broken.policy_areas[2].fields[4].categories;
  cats.push_back(cats[0]);
  EXPECT_ANY_THROW(store.save(broken, RegionStore::SaveMode::kReplace));
  auto loaded = store.load(region.slug);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded, region);
}

TEST_P(RegionStoreContract, ListSummarisesRegions) {
  RegionStore store(tdb_->db());
  auto region = demo();
  store.save(region, RegionStore::SaveMode::kCreateOnly);
  region.slug = "another";
  region.name = "別の圏域";
  store.save(region, RegionStore::SaveMode::kCreateOnly);
  auto all = store.list();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].slug, "another");
  EXPECT_EQ(all[1].slug, "minami-sorachi");
  EXPECT_EQ(all[1].municipality_count, 9);
  EXPECT_EQ(all[1].plan_from, 2025);
  EXPECT_EQ(all[1].plan_to, 2029);
}

TEST_P(RegionStoreContract, DeletingARegionCascades) {
  RegionStore store(tdb_->db());
  store.save(demo(), RegionStore::SaveMode::kCreateOnly);
  int actions = -1;
  tdb_->db().with_session([&](soci::session& sql) {
    sql << "DELETE FROM regions";
    sql << "SELECT COUNT(*) FROM actions", soci::into(actions);
  });
  EXPECT_EQ(actions, 0);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, RegionStoreContract, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(Postgres, RegionStoreContract, ::testing::Values("postgres"));

}  // namespace
}  // namespace kyosei::storage
