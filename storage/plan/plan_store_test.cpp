// Contract tests for the editing API's row store (plan_store): the same suite runs on
// SQLite and on PostgreSQL, over the demo region.

#include "storage/plan/plan_store.hpp"

#include <gtest/gtest.h>

#include "exchange/plan/dataset.hpp"
#include "storage/common/contract_fixture.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei::storage {
namespace {

class PlanStoreContract : public testing::ContractTest {
 protected:
  void SetUp() override {
    ContractTest::SetUp();
    if (IsSkipped()) return;
    auto r =
        exchange::read_dataset_file(std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml");
    ASSERT_TRUE(r.region);
    region_ = *r.region;
    RegionStore(tdb_->db()).save(region_, RegionStore::SaveMode::kCreateOnly);
  }
  // Runs `f(session, region id)` in one write transaction.
  template <typename F>
  void in_region(F&& f) {
    tdb_->db().write([&](Session& sql) {
      auto r = find_region(sql, "minami-sorachi");
      ASSERT_TRUE(r);
      f(sql, r->id);
    });
  }
  core::Region region_;
};

TEST_P(PlanStoreContract, RegionLookup) {
  tdb_->db().with_session([&](Session& sql) {
    EXPECT_FALSE(find_region(sql, "nowhere"));
    ASSERT_TRUE(find_region(sql, "minami-sorachi"));
    EXPECT_TRUE(find_region(sql, "minami-sorachi")->published);
    EXPECT_TRUE(region_published(sql, "minami-sorachi"));
  });
}

TEST_P(PlanStoreContract, RowsAreReadByKeyAndInPositionOrder) {
  in_region([&](Session& sql, long long rid) {
    const std::vector<PlanColumn> cols = {{"code", false}, {"name", false}};
    auto rows = list_rows(sql, PlanTable::kMunicipalities, cols, rid);
    ASSERT_EQ(rows.size(), region_.municipalities.size());
    EXPECT_EQ(rows[0].cells[0].s, region_.municipalities[0].code);
    auto one = find_row(sql, PlanTable::kMunicipalities, cols, rid, region_.municipalities[1].code);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->cells[1].s, region_.municipalities[1].name);
    EXPECT_FALSE(find_row(sql, PlanTable::kFields, {{"name", false}}, rid, "12x"));
    auto actions = list_rows(sql, PlanTable::kActions, {{"text", false}}, rid);
    ASSERT_FALSE(actions.empty());
    EXPECT_TRUE(actions[0].category_year);
  });
}

TEST_P(PlanStoreContract, InsertUpdateAndMarkDeleted) {
  in_region([&](Session& sql, long long rid) {
    auto areas = list_rows(sql, PlanTable::kPolicyAreas, {{"code", false}}, rid);
    ASSERT_FALSE(areas.empty());
    const PlanColumn area{"policy_area_id", true};
    const PlanColumn name{"name", false};
    const long long id =
        insert_row(sql, PlanTable::kFields, rid,
                   {{area, Cell{true, areas[0].id}}, {name, Cell{false, 0, "試験"}}});
    auto row = find_row(sql, PlanTable::kFields, {area, name}, rid, std::to_string(id));
    ASSERT_TRUE(row);
    EXPECT_EQ(row->cells[0].i, areas[0].id);
    EXPECT_EQ(row->cells[1].s, "試験");
    update_row(sql, PlanTable::kFields, id, {{name, Cell{false, 0, "改名"}}});
    auto after = find_row(sql, PlanTable::kFields, {area, name}, rid, std::to_string(id));
    ASSERT_TRUE(after);
    EXPECT_EQ(after->version, row->version + 1);
    EXPECT_EQ(after->cells[1].s, "改名");
    EXPECT_TRUE(reference_in_region(sql, "field_id", id, rid));
    EXPECT_TRUE(uses_of(sql, PlanTable::kFields, id, std::to_string(id), rid).empty());
    mark_deleted(sql, PlanTable::kFields, id, "2026-01-01T00:00:00.000Z", "test");
    EXPECT_FALSE(find_row(sql, PlanTable::kFields, {name}, rid, std::to_string(id)));
    EXPECT_FALSE(reference_in_region(sql, "field_id", id, rid));
  });
}

TEST_P(PlanStoreContract, AFieldInUseNamesItsCategories) {
  in_region([&](Session& sql, long long rid) {
    auto fields = list_rows(sql, PlanTable::kFields, {{"name", false}}, rid);
    ASSERT_FALSE(fields.empty());
    auto uses = uses_of(sql, PlanTable::kFields, fields[0].id, std::to_string(fields[0].id), rid);
    ASSERT_EQ(uses.size(), 1u);
    EXPECT_EQ(uses[0].first, PlanUse::kCategories);
    EXPECT_GT(uses[0].second, 0);
  });
}

TEST_P(PlanStoreContract, CategoryStagesAndYears) {
  in_region([&](Session& sql, long long rid) {
    auto categories = list_rows(sql, PlanTable::kCategories, {{"name", false}}, rid);
    ASSERT_FALSE(categories.empty());
    const long long cid = categories[0].id;
    EXPECT_EQ(category_region(sql, cid), rid);
    EXPECT_FALSE(category_stages(sql, cid).empty());
    add_category_stage(sql, cid, "ended", 2040);
    EXPECT_EQ(category_stages(sql, cid).back().from_fiscal_year, 2040);
    EXPECT_TRUE(remove_category_stage(sql, cid, 2040));
    EXPECT_FALSE(remove_category_stage(sql, cid, 2040));

    EXPECT_FALSE(find_category_year(sql, cid, 1990));
    const long long yid = insert_category_year(sql, cid, 1990);
    EXPECT_EQ(find_category_year(sql, cid, 1990), yid);
    set_year_direction(sql, yid, "方向");
    replace_year_topics(sql, yid, {"一", "二"});
    bump_category_year(sql, yid);
    auto year = load_category_year(sql, yid);
    ASSERT_TRUE(year);
    EXPECT_EQ(year->fiscal_year, 1990);
    EXPECT_EQ(year->direction, "方向");
    EXPECT_EQ(year->topics, (std::vector<std::string>{"一", "二"}));
    EXPECT_EQ(category_year_ids(sql, cid).front(), yid);
  });
}

TEST_P(PlanStoreContract, ActionParticipants) {
  in_region([&](Session& sql, long long rid) {
    auto actions = list_rows(sql, PlanTable::kActions, {{"text", false}}, rid);
    ASSERT_FALSE(actions.empty());
    const long long aid = actions[0].id;
    const auto& towns = region_.municipalities;
    replace_participants(sql, aid, {towns[0].code, towns[1].code});
    add_participant(sql, aid, towns[2].code);
    EXPECT_TRUE(has_participant(sql, aid, towns[2].code));
    remove_participant(sql, aid, towns[0].code);
    EXPECT_EQ(action_participants(sql, aid),
              (std::vector<std::string>{towns[1].code, towns[2].code}));
    EXPECT_FALSE(initiative_of_other_year(sql, aid));
  });
}

INSTANTIATE_TEST_SUITE_P(Sqlite, PlanStoreContract, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(Postgres, PlanStoreContract, ::testing::Values("postgres"));

}  // namespace
}  // namespace kyosei::storage
