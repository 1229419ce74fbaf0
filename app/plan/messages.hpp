#pragma once
// Messages of the plan use cases: the editing API and the vision queries
// (see core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_PLAN_MESSAGES(X)                                                                \
  X(no_region, "圏域「{}」はありません", "no region '{}'")                                           \
  X(region_missing, "圏域が見つかりません", "region not found")                                     \
  X(outside_plan_period, "{} は計画期間（{}〜{}）の外です",                                            \
    "fiscal year {} is outside the plan period {}-{}")                                        \
  X(must_be_string, "文字列で指定してください", "must be a string")                                  \
  X(must_be_one_of, "次のいずれかです: {}", "must be one of: {}")                                   \
  X(must_be_code, "団体コード（5桁の文字列）で指定してください", "must be a five-digit code string")      \
  X(must_be_integer, "整数で指定してください", "must be an integer")                                 \
  X(integer_required, "整数で指定してください", "required integer")                                  \
  X(must_be_bool, "true か false で指定してください", "must be true or false")                       \
  X(must_be_date, "YYYY-MM-DD の実在する日付で指定してください", "must be a real date YYYY-MM-DD")     \
  X(must_be_numbers, "数値の配列で指定してください", "must be an array of numbers")                    \
  X(must_be_codes, "団体コードの配列で指定してください", "must be an array of codes")                    \
  X(must_be_topics, "空でない文字列の配列で指定してください", "must be an array of non-empty strings")    \
  X(unknown_field, "不明な項目です", "unknown field")                                              \
  X(cannot_change, "この項目は変更できません", "this field cannot be changed")                        \
  X(required, "入力が必要です", "required")                                                        \
  X(not_in_region, "この圏域にない参照先です", "not a record of this region")                          \
  X(reference_elsewhere, "参照先がこの圏域にありません", "a referenced record is not in this region")    \
  X(not_a_category, "この圏域のカテゴリではありません", "not a category of this region")                 \
  X(fiscal_year_out_of_range, "年度が範囲外です", "fiscal year out of range")                          \
  X(initiative_other_year, "主な取組みは同じカテゴリ・同じ年度のものを指定してください",                      \
    "the initiative must belong to the action's category and fiscal year")                    \
  X(stage_choice, "候補・協議中・実施・終了のいずれかです", "must be candidate, discussing, active or ended") \
  X(stage_choice_with_codes,                                                                   \
    "候補・協議中・実施・終了（candidate / discussing / active / ended）のいずれかです",               \
    "must be candidate, discussing, active or ended")                                         \
  X(fiscal_year_integer, "年度（整数）で指定してください", "must be an integer fiscal year")             \
  X(fiscal_year_required, "年度（整数）が必要です", "a fiscal year (integer) is required")             \
  X(problem_at, "{}（{}）", "{} ({})")                                                          \
  X(still_in_use, "まだ使われているため削除できません（{}）。先にそれらを削除・変更してください",              \
    "still in use by {}: delete or change those first")                                       \
  X(used_by_categories, "カテゴリ {}件", "{} categories")                                          \
  X(used_by_initiatives, "主な取組み {}件", "{} main initiatives")                                  \
  X(used_by_actions, "具体的取組 {}件", "{} actions")                                              \
  X(used_by_kpis, "成果指標（KPI） {}件", "{} KPIs")                                                \
  X(used_by_agreement_links, "具体的取組（協定の参照） {}件", "{} actions (agreement links)")            \
  X(used_by_participations, "具体的取組（参加市町） {}件", "{} actions (as a participant)")             \
  X(used_by_leads, "具体的取組（幹事市町） {}件", "{} actions (as the lead)")                           \
  X(used_by_kpi_actuals, "KPI の実績値 {}件", "{} KPI actuals")                                      \
  X(used_by_agreements, "協定 {}件", "{} agreements")                                              \
  X(all_take_part, "この取組は全市町が参加する取組です。個別の市町は外せません"                                 \
    "（先に all_participate を false にして参加市町を指定してください）",                                \
    "every municipality takes part in this action (all_participate): one cannot leave it; "  \
    "set all_participate to false and list the participants first")                           \
  X(all_take_part_field, "全市町参加の取組です", "all municipalities take part")
// clang-format on
KYOSEI_MESSAGES(plan, KYOSEI_PLAN_MESSAGES)
