#pragma once
// The council's year as dated milestones (issue 12, item 6): the kinds of milestone, which of
// them the public may see, when one is overdue, and the cycle template that lays out a fiscal
// year from July to March as the deck's page 1 does (部会 through the year, three 懇談会 each
// followed by an 意見集約, the 照会 deadlines, the evaluation, the revision and its
// publication). docs/council.md ("The year's schedule"). Pure and thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/fiscal_year.hpp"

namespace kyosei::core {

// 部会 / 懇談会 / 意見集約 / 照会の締切 / 評価 / 改訂 / 公表
enum class MilestoneKind {
  kSubcommittee,
  kCouncil,
  kOpinionRound,
  kInquiryDeadline,
  kEvaluation,
  kRevision,
  kPublication
};
inline constexpr MilestoneKind kAllMilestoneKinds[] = {
    MilestoneKind::kSubcommittee,    MilestoneKind::kCouncil,    MilestoneKind::kOpinionRound,
    MilestoneKind::kInquiryDeadline, MilestoneKind::kEvaluation, MilestoneKind::kRevision,
    MilestoneKind::kPublication};
// subcommittee / council / opinion_round / inquiry_deadline / evaluation / revision /
// publication
std::string_view code(MilestoneKind k);
std::string_view label(
    MilestoneKind k);  // 部会 / 懇談会 / 意見集約 / 照会の締切 / 評価 / 改訂 / 公表
std::optional<MilestoneKind> milestone_kind_from(std::string_view code_or_label);

// The events the public may know the dates of: the 懇談会 (its sessions are public, with
// 傍聴) and the publication of the revised vision. Every other kind is the region's internal
// work (members only); a milestone's note and owner are never public.
bool public_milestone_kind(MilestoneKind k);

// Overdue: planned before `today` and not done. Dates are YYYY-MM-DD (compared as text).
bool milestone_overdue(const std::string& planned_on, const std::string& done_on,
                       const std::string& today);

// One milestone of the cycle template.
struct TemplateMilestone {
  MilestoneKind kind = MilestoneKind::kCouncil;
  std::string title;
  std::string planned_on;  // YYYY-MM-DD inside the fiscal year
};

// The default cycle of a fiscal year, July to March, in date order:
//   7月  第1回部会, 前年度の取組状況・KPI実績の照会締切
//   8月  前年度の取組の評価・検証
//   9月  第1回懇談会, 第1回意見集約（締切）
//   10月 第2回部会
//   11月 第2回懇談会, 第2回意見集約（締切）
//   12月 次年度の取組の照会締切
//   1月  第3回部会
//   2月  第3回懇談会, 第3回意見集約（締切）
//   3月  共生ビジョンの改訂（反映）, 改訂版の公表
std::vector<TemplateMilestone> cycle_template(int fiscal_year);

// The viewpoints for considering a cooperation initiative (連携取組の検討の視点 ❶–➏, the
// deck's page 2): a subcommittee's assessment scores each from 0 to 3.
inline constexpr int kViewpoints = 6;

// The last day of a month (28–31).
int days_in_month(int year, int month);

}  // namespace kyosei::core
