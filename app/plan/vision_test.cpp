#include "app/plan/vision.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "app/plan/datasets.hpp"
#include "storage/common/migrations.hpp"
#include "storage/common/test_support.hpp"
#include "storage/plan/edition_store.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {
namespace {

const std::string kDemo = std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml";

class VisionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = load_dataset(tdb_.db(), kDemo, {});
    ASSERT_EQ(r.status, LoadReport::Status::kLoaded);
  }
  storage::testing::TestDatabase tdb_{"sqlite"};
  storage::RegionStore store_{tdb_.db()};
  VisionQueries queries_{store_};
};

std::vector<std::string> names(const std::vector<CategoryElsewhere>& list) {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (const auto& c : list) out.push_back(c.category->name);
  return out;
}

TEST_F(VisionTest, Fy2025HasNineFieldsTwelveCategories) {
  auto v = std::get<VisionInYear>(queries_.vision("minami-sorachi", "2025"));
  EXPECT_EQ(v.fiscal_year, 2025);
  EXPECT_EQ(v.field_count, 9);
  EXPECT_EQ(v.category_count, 12);
  EXPECT_EQ(names(v.discussing),
            (std::vector<std::string>{"障がい者福祉", "学校教育", "環境・衛生", "道路インフラ"}));
  EXPECT_EQ(v.candidates.size(), 9u);
  ASSERT_TRUE(v.discussing[0].next);
  EXPECT_EQ(v.discussing[0].next->from_fiscal_year, 2026);
  EXPECT_EQ(v.discussing[0].year->topics.size(), 3u);
}

TEST_F(VisionTest, Fy2026HasTwelveFieldsSixteenCategories) {
  auto v = std::get<VisionInYear>(queries_.vision("minami-sorachi", "R8"));
  EXPECT_EQ(v.fiscal_year, 2026);
  EXPECT_EQ(v.field_count, 12);
  EXPECT_EQ(v.category_count, 16);
  EXPECT_TRUE(v.discussing.empty());
  EXPECT_EQ(v.candidates.size(), 9u);
}

TEST_F(VisionTest, BadYearsAndRegionsAreExpectedErrors) {
  auto bad = queries_.vision("minami-sorachi", "R7x");
  ASSERT_TRUE(std::holds_alternative<Error>(bad));
  EXPECT_EQ(std::get<Error>(bad).code, Errc::kInvalidFiscalYear);
  auto out = queries_.vision("minami-sorachi", "2031");
  ASSERT_TRUE(std::holds_alternative<Error>(out));
  EXPECT_EQ(std::get<Error>(out).code, Errc::kFiscalYearOutOfRange);
  EXPECT_NE(std::get<Error>(out).detail_ja.find("計画期間"), std::string::npos);
  auto none = queries_.vision("nowhere", "2025");
  ASSERT_TRUE(std::holds_alternative<Error>(none));
  EXPECT_EQ(std::get<Error>(none).code, Errc::kRegionNotFound);
}

TEST_F(VisionTest, CacheFollowsTheChangeCounter) {
  auto first = std::get<RegionSnapshot>(queries_.region("minami-sorachi"));
  auto again = std::get<RegionSnapshot>(queries_.region("minami-sorachi"));
  EXPECT_EQ(first.region.get(), again.region.get());  // served from the cache
  auto changed = *first.region;
  changed.name = "改名した圏域";
  store_.save(changed, storage::RegionStore::SaveMode::kReplace);
  auto after = std::get<RegionSnapshot>(queries_.region("minami-sorachi"));
  EXPECT_EQ(after.region->name, "改名した圏域");
  EXPECT_GT(after.change_seq, first.change_seq);
}

// After a change, readers that ask for the region at the same time share one load.
TEST_F(VisionTest, ConcurrentReadersAfterAChangeLoadOnce) {
  auto first = std::get<RegionSnapshot>(queries_.region("minami-sorachi"));
  store_.save(*first.region, storage::RegionStore::SaveMode::kReplace);
  std::atomic<int> ready{0};
  std::vector<const core::Region*> seen(8);
  std::vector<std::thread> readers;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    readers.emplace_back([&, i] {
      ++ready;
      while (ready.load() < 8) std::this_thread::yield();
      seen[i] = std::get<RegionSnapshot>(queries_.region("minami-sorachi")).region.get();
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_NE(seen[0], first.region.get());
  for (const auto* r : seen) EXPECT_EQ(r, seen[0]);
}

// Loading a region that exists saves the file as its draft revision (ADR 0016) and leaves
// the live plan as it is; --replace replaces it.
TEST_F(VisionTest, LoadOfAnExistingRegionMakesADraftUnlessReplace) {
  auto again = load_dataset(tdb_.db(), kDemo, {});
  EXPECT_EQ(again.status, LoadReport::Status::kDraft);
  // The draft stands on the live plan: a replacement is refused while it exists, nothing
  // written, and goes through with discard_draft, which removes the draft (its audit entry:
  // CliTest.LoadOfAnExistingRegionMakesADraftAndPrintsItsTable).
  const auto has_draft = [&] {
    bool found = false;
    tdb_.db().with_session([&](storage::Session& sql) {
      const auto rid = storage::region_id_of(sql, "minami-sorachi");
      found = rid && storage::draft_summary(sql, *rid).has_value();
    });
    return found;
  };
  ASSERT_TRUE(has_draft());
  auto refused = load_dataset(tdb_.db(), kDemo, {.replace = true, .before_commit = {}});
  EXPECT_EQ(refused.status, LoadReport::Status::kDraftPending);
  EXPECT_TRUE(refused.draft_pending);
  EXPECT_TRUE(has_draft());
  auto dry =
      load_dataset(tdb_.db(), kDemo, {.replace = true, .dry_run = true, .before_commit = {}});
  EXPECT_EQ(dry.status, LoadReport::Status::kDryRun);
  EXPECT_TRUE(dry.draft_pending);
  auto replaced =
      load_dataset(tdb_.db(), kDemo, {.replace = true, .discard_draft = true, .before_commit = {}});
  EXPECT_EQ(replaced.status, LoadReport::Status::kReplaced);
  EXPECT_TRUE(replaced.draft_discarded);
  EXPECT_FALSE(has_draft());
  auto later = load_dataset(tdb_.db(), kDemo, {.replace = true, .before_commit = {}});
  EXPECT_EQ(later.status, LoadReport::Status::kReplaced);
  EXPECT_FALSE(later.draft_discarded);
}

}  // namespace
}  // namespace kyosei::app
