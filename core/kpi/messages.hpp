#pragma once
// Messages of the KPI rules: problems of KPI definitions, actuals and grade bands (see
// core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_KPI_RULES_MESSAGES(X)                                                           \
  X(year_out_of_range, "年度 {} は範囲外です", "fiscal year {} is out of range")                   \
  X(too_many_places, "小数点以下の桁数が指標の桁数（{}桁）を超えています",                             \
    "has more decimal places than the KPI's {}")                                               \
  X(required, "入力が必要です", "must not be empty")                                             \
  X(target_before_baseline, "目標年度は基準年度より後にしてください",                                  \
    "the target year must come after the baseline year")                                       \
  X(bad_places, "小数点以下の桁数は0〜6で指定してください", "decimal places must be 0 to 6")           \
  X(higher_below_baseline, "増加を目指す指標の目標値が基準値を下回っています",                          \
    "a higher-is-better KPI's target is below its baseline")                                   \
  X(lower_above_baseline, "減少を目指す指標の目標値が基準値を上回っています",                           \
    "a lower-is-better KPI's target is above its baseline")                                    \
  X(yearly_outside_period, "年度目標は基準年度の翌年度から目標年度までの年度に設定してください",          \
    "a yearly target must fall after the baseline year and no later than the target year")    \
  X(final_yearly_differs, "目標年度の年度目標は最終目標値と同じにしてください",                          \
    "the yearly target of the target year must equal the final target")                        \
  X(summed_needs_town, "合算する指標の実績には市町村を指定してください",                                \
    "a summed KPI's actual must name its municipality")                                        \
  X(not_member, "市町村コード「{}」は圏域の構成市町村ではありません",                                   \
    "municipality code '{}' is not a member of the region")                                    \
  X(unsummed_with_town, "合算しない指標の実績に市町村は指定できません",                                 \
    "an actual of a KPI that is not summed must not name a municipality")                      \
  X(duplicate_actual, "同じ年度の実績が重複しています", "duplicate actual for the same fiscal year")  \
  X(duplicate_town_actual, "同じ年度・市町村の実績が重複しています",                                    \
    "duplicate actual for the same fiscal year and municipality")                              \
  X(sum_out_of_range, "市町村の合計が扱える範囲を超えています",                                        \
    "the sum over the municipalities is out of range")                                         \
  X(no_bands, "評価区分を1つ以上設定してください", "at least one grade band is needed")               \
  X(reserved_grade, "「—」は実績なしの表示のため使えません", "'—' is reserved for years without an actual") \
  X(duplicate_grade, "評価「{}」が重複しています", "grade '{}' is used twice")                       \
  X(minimum_not_below, "下限は上の区分より小さくしてください",                                          \
    "each minimum must be below the one of the band above")
// clang-format on
KYOSEI_MESSAGES(kpi_rules, KYOSEI_KPI_RULES_MESSAGES)
