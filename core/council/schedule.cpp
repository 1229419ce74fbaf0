#include "core/council/schedule.hpp"

#include <cstdio>

#include "core/common/labels.hpp"

namespace kyosei::core {
namespace {

constexpr EnumNames<MilestoneKind, 7> kKinds{{{{"subcommittee", "部会"},
                                               {"council", "懇談会"},
                                               {"opinion_round", "意見集約"},
                                               {"inquiry_deadline", "照会の締切"},
                                               {"evaluation", "評価"},
                                               {"revision", "改訂"},
                                               {"publication", "公表"}}}};

}  // namespace

KYOSEI_ENUM_NAMES(MilestoneKind, milestone_kind_from, kKinds)

bool public_milestone_kind(MilestoneKind k) {
  return k == MilestoneKind::kCouncil || k == MilestoneKind::kPublication;
}

bool milestone_overdue(const std::string& planned_on, const std::string& done_on,
                       const std::string& today) {
  return done_on.empty() && !planned_on.empty() && planned_on < today;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[(month - 1) % 12];
}

std::vector<TemplateMilestone> cycle_template(int fiscal_year) {
  // Month of the fiscal year (7 … 12, then 1 … 3 of the next calendar year), day (0 = the
  // month's last day).
  struct Step {
    MilestoneKind kind;
    const char* title;
    int month;
    int day;
  };
  using K = MilestoneKind;
  static constexpr Step kSteps[] = {
      {K::kSubcommittee, "第1回分野別担当者部会", 7, 15},
      {K::kInquiryDeadline, "前年度の取組状況・KPI実績の照会締切", 7, 0},
      {K::kEvaluation, "前年度の取組の評価・検証", 8, 0},
      {K::kCouncil, "第1回共生ビジョン懇談会", 9, 20},
      {K::kOpinionRound, "第1回意見集約（締切）", 9, 0},
      {K::kSubcommittee, "第2回分野別担当者部会", 10, 15},
      {K::kCouncil, "第2回共生ビジョン懇談会", 11, 20},
      {K::kOpinionRound, "第2回意見集約（締切）", 11, 0},
      {K::kInquiryDeadline, "次年度の取組の照会締切", 12, 15},
      {K::kSubcommittee, "第3回分野別担当者部会", 1, 20},
      {K::kCouncil, "第3回共生ビジョン懇談会", 2, 15},
      {K::kOpinionRound, "第3回意見集約（締切）", 2, 0},
      {K::kRevision, "共生ビジョンの改訂（反映）", 3, 20},
      {K::kPublication, "改訂版の公表", 3, 0},
  };
  std::vector<TemplateMilestone> out;
  for (const auto& s : kSteps) {
    const int year = s.month >= 4 ? fiscal_year : fiscal_year + 1;
    const int day = s.day == 0 ? days_in_month(year, s.month) : s.day;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, s.month, day);
    out.push_back({s.kind, s.title, date});
  }
  return out;
}

}  // namespace kyosei::core
