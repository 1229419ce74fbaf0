#pragma once
// Messages of the dataset file reader (exchange/plan/dataset.cpp; see
// core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_DATASET_MESSAGES(X)                                                             \
  X(expected_mapping, "キーと値の組（マップ）が必要です", "expected a mapping of keys to values")         \
  X(unknown_key, "不明なキー「{}」（使えるキー: {}）", "unknown key '{}' (allowed: {})")                 \
  X(duplicate_key, "キー「{}」が重複しています", "key '{}' appears twice")                              \
  X(expected_list, "リスト（- で始まる項目）が必要です", "expected a list")                              \
  X(key_required, "「{}」が必要です", "'{}' is required")                                          \
  X(expected_text, "文字列が必要です", "expected a text value")                                     \
  X(expected_integer, "整数が必要です", "expected a whole number")                                  \
  X(integer_got, "整数が必要です（「{}」）", "expected a whole number, got '{}'")                       \
  X(between, "{}〜{} の範囲で指定してください", "must be between {} and {}")                            \
  X(fiscal_year_required, "「{}」（年度）が必要です", "'{}' (fiscal year) is required")                 \
  X(expected_fiscal_year, "年度が必要です（例: 2025, R7）", "expected a fiscal year (e.g. 2025, R7)")    \
  X(bad_date, "日付「{}」は YYYY-MM-DD の実在する日付で指定してください",                                   \
    "date '{}' must be a real date written YYYY-MM-DD")                                       \
  X(not_allowed, "「{}」は使えません（{}）", "'{}' is not allowed ({})")                              \
  X(unknown_municipality, "市町村「{}」は municipalities にありません",                                \
    "municipality '{}' is not listed under municipalities")                                   \
  X(unsupported_format, "形式「{}」は読めません（{} のみ）", "format '{}' is not supported (only {})")   \
  X(must_be_bool, "true か false で指定してください", "must be true or false")                        \
  X(participants_form, "参加市町は「全市町」か市町村のリストで指定してください",                               \
    "participants must be 'all' (全市町) or a list of municipalities")                          \
  X(invalid_utf8, "UTF-8 として読めないバイトがあります", "the file is not valid UTF-8 here")             \
  X(malformed_yaml, "YAML の書き方が正しくありません: {}", "malformed YAML: {}")                        \
  X(unreadable_yaml, "YAML を読めません: {}", "cannot read YAML: {}")                                \
  X(cannot_open, "ファイルを開けません", "cannot open the file")
// clang-format on
KYOSEI_MESSAGES(dataset, KYOSEI_DATASET_MESSAGES)
