#include "core/council/schedule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace kyosei::core {
namespace {

TEST(Schedule, KindsRoundTripAndOnlyPublicEventsArePublic) {
  for (auto k : kAllMilestoneKinds) {
    EXPECT_EQ(milestone_kind_from(code(k)), k);
    EXPECT_EQ(milestone_kind_from(label(k)), k);
  }
  EXPECT_EQ(milestone_kind_from("照会の締切"), MilestoneKind::kInquiryDeadline);
  EXPECT_FALSE(milestone_kind_from("meeting"));
  std::set<MilestoneKind> pub;
  for (auto k : kAllMilestoneKinds)
    if (public_milestone_kind(k)) pub.insert(k);
  EXPECT_EQ(pub, (std::set<MilestoneKind>{MilestoneKind::kCouncil, MilestoneKind::kPublication}));
}

TEST(Schedule, OverdueMeansPlannedBeforeTodayAndNotDone) {
  EXPECT_TRUE(milestone_overdue("2025-09-20", "", "2025-09-21"));
  EXPECT_FALSE(milestone_overdue("2025-09-20", "", "2025-09-20"));  // due today
  EXPECT_FALSE(milestone_overdue("2025-09-20", "2025-09-22", "2025-10-01"));
  EXPECT_FALSE(milestone_overdue("", "", "2025-10-01"));
}

TEST(Schedule, CycleTemplateRunsFromJulyToMarchInDateOrder) {
  const auto t = cycle_template(2025);
  ASSERT_EQ(t.size(), 14u);
  EXPECT_EQ(t.front().planned_on, "2025-07-15");
  EXPECT_EQ(t.back().planned_on, "2026-03-31");
  EXPECT_EQ(t.back().kind, MilestoneKind::kPublication);
  std::vector<std::string> dates;
  for (const auto& m : t) {
    dates.push_back(m.planned_on);
    EXPECT_EQ(fiscal_year_of(*parse_date(m.planned_on)), 2025) << m.planned_on;
  }
  std::vector<std::string> sorted = dates;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(dates, sorted);
  // Every kind appears; 意見集約 three times (×3 as in the deck).
  for (auto k : kAllMilestoneKinds)
    EXPECT_TRUE(std::any_of(t.begin(), t.end(), [&](const auto& m) { return m.kind == k; }))
        << code(k);
  EXPECT_EQ(std::count_if(t.begin(), t.end(),
                          [](const auto& m) { return m.kind == MilestoneKind::kOpinionRound; }),
            3);
  // February's last day follows leap years (FY2027's February is 2028, a leap year).
  const auto leap = cycle_template(2027);
  EXPECT_TRUE(std::any_of(leap.begin(), leap.end(),
                          [](const auto& m) { return m.planned_on == "2028-02-29"; }));
}

}  // namespace
}  // namespace kyosei::core
