// Every town's workbook of a round as one zip (GET …/rounds/{id}/workbooks?format=zip): the
// bound on the workbooks' bytes together is applied (409 naming it, no zip), on both engines.
// The route uses the production bound (64 MiB, which the demo's nine workbooks are far
// below); the use case takes the bound as a parameter so that it can be proved here.

#include "app/documents/town_workbook.hpp"

#include <gtest/gtest.h>

#include <string>

#include "app/plan/datasets.hpp"
#include "storage/common/test_support.hpp"

namespace kyosei::app::documents {
namespace {

const std::string kDemo = std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml";
const std::string kSlug = "minami-sorachi";

Principal secretariat() {
  Principal p;
  p.signed_in = true;
  p.second_factor_done = true;
  p.login = "sec";
  p.display_name = "sec";
  p.roles.push_back({kSlug, std::string(kRoleSecretariat), "", {}});
  return p;
}

void the_bound_is_applied(const std::string& engine) {
  storage::testing::TestDatabase tdb(engine);
  if (!tdb.skip_reason().empty()) GTEST_SKIP() << tdb.skip_reason();
  ASSERT_EQ(load_dataset(tdb.db(), kDemo, {}).status, LoadReport::Status::kLoaded);
  Progress progress(tdb.db());
  const auto today = today_in_japan();
  ASSERT_TRUE(std::holds_alternative<int>(progress.load_demo(kSlug, 2025, "test")));
  const auto rounds = progress.rounds(kSlug, today);
  ASSERT_TRUE(std::holds_alternative<boost::json::object>(rounds));
  const std::string round =
      std::to_string(std::get<boost::json::object>(rounds).at("rounds").at(0).at("id").as_int64());
  const auto who = secretariat();

  // Under the production bound: a zip of the nine towns' workbooks.
  auto whole = round_workbooks_zip(progress, kSlug, "南空知定住自立圏", round, today, who);
  ASSERT_TRUE(std::holds_alternative<std::string>(whole));
  const auto& zip = std::get<std::string>(whole);
  ASSERT_EQ(zip.rfind("PK", 0), 0u);
  EXPECT_LT(zip.size(), kMaxRoundZipBytes);

  // A bound of one byte, and one the first town's workbook (夕張市, the first in code order)
  // fits but not the second: the bound is on the workbooks together, not each.
  auto first = progress.tasks(kSlug, round, "01209", today, &who);
  ASSERT_TRUE(std::holds_alternative<boost::json::object>(first));
  const std::size_t one =
      town_workbook_xlsx(std::get<boost::json::object>(first), kSlug, "南空知定住自立圏").size();
  for (const std::size_t bound : {std::size_t{1}, one + 1024}) {
    auto over = round_workbooks_zip(progress, kSlug, "南空知定住自立圏", round, today, who, bound);
    ASSERT_TRUE(std::holds_alternative<Error>(over)) << bound;
    const auto& e = std::get<Error>(over);
    EXPECT_EQ(e.code, Errc::kConflict);
    EXPECT_NE(e.detail_ja.find(size_words(bound)), std::string::npos) << e.detail_ja;
    EXPECT_NE(e.detail_ja.find("市町ごとにダウンロード"), std::string::npos) << e.detail_ja;
  }
}

TEST(RoundWorkbooksZip, TheBoundIsApplied) { the_bound_is_applied("sqlite"); }
TEST(RoundWorkbooksZipPostgres, TheBoundIsApplied) { the_bound_is_applied("postgres"); }

TEST(RoundWorkbooksZip, SizeWords) {
  EXPECT_EQ(size_words(kMaxRoundZipBytes), "64 MiB");
  EXPECT_EQ(size_words(1), "1 KiB");
  EXPECT_EQ(size_words(2048), "2 KiB");
  EXPECT_EQ(size_words(std::size_t{3} * 1024 * 1024 + 1), "3073 KiB");
}

}  // namespace
}  // namespace kyosei::app::documents
