#pragma once
// Messages of the KPI use cases: actual entry and KPI definitions (see
// core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_KPI_MESSAGES(X)                                                                 \
  X(kpi_not_found, "成果指標 {} はありません", "no KPI {}")                                        \
  X(invalid_input, "入力内容に誤りがあります", "the input has problems")                            \
  X(needs_municipality, "市町ごとの合計値の指標です。市町の団体コードを指定してください",                 \
    "this KPI sums the towns' values: give the municipality")                                 \
  X(no_town_values, "この指標は市町別の値を持ちません", "this KPI has no per-town values")            \
  X(unknown_field, "不明な項目です", "unknown field")                                            \
  X(value_as_text, "値を文字列（例: \"123.4\"）で指定してください",                                   \
    "give the value as a string, e.g. \"123.4\"")                                              \
  X(must_be_string, "文字列で指定してください", "must be a string")                                \
  X(problem_at, "{}（{}）", "{} ({})")                                                          \
  X(point_shape, "{\"fiscal_year\": 2024, \"value\": \"12.5\"} の形で指定してください",             \
    "give {\"fiscal_year\": 2024, \"value\": \"12.5\"}")                                       \
  X(fiscal_year_expected, "年度（例: 2024 または \"R6\"）を指定してください",                        \
    "give a fiscal year (e.g. 2024 or \"R6\")")                                                \
  X(required, "必須です", "required")                                                          \
  X(must_be_bool, "true か false で指定してください", "must be true or false")                      \
  X(bad_category_id, "カテゴリのID（整数）です", "a category id (integer)")                         \
  X(bad_direction, "higher・lower・maintain（増加・減少・維持）のいずれかです",                        \
    "one of higher, lower, maintain")                                                         \
  X(yearly_shape, "[{\"fiscal_year\", \"value\"}, …] の配列です", "an array of {fiscal_year, value}") \
  X(duplicate_year, "同じ年度が重複しています", "the same fiscal year appears twice")                \
  X(bad_places, "0〜6の整数か null です", "an integer 0-6, or null")                              \
  X(not_region_category, "この圏域のカテゴリではありません", "not a category of this region")          \
  X(reason_required, "基準値・目標値を変更するときは理由が必要です",                                   \
    "changing the baseline or a target needs a reason")
// clang-format on
KYOSEI_MESSAGES(kpi, KYOSEI_KPI_MESSAGES)
