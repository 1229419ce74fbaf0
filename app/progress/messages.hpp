#pragma once
// Messages of the progress use cases: records, evaluations, evidence, rounds, period
// locks and the sample data (see core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_PROGRESS_MESSAGES(X)                                                            \
  X(round_not_found, "照会 {} はありません", "round {} not found")                                \
  X(municipality_not_found, "構成市町 {} はありません", "member municipality {} not found")         \
  X(action_not_found, "取組 {} はありません", "action {} not found")                              \
  X(evidence_not_found, "証拠ファイル {} はありません", "evidence file {} not found")               \
  X(operation_not_found, "操作 {} はありません", "operation {} not found")                        \
  X(required, "入力が必要です", "required")                                                      \
  X(must_be_string, "文字列で指定してください", "must be a string")                                \
  X(count_not_whole, "0以上の整数で指定してください", "must be a whole number of 0 or more")          \
  X(count_out_of_range, "0以上、1兆以下の整数で指定してください", "must be between 0 and 10^12")      \
  X(unknown_field, "不明な項目です", "unknown field")                                            \
  X(town_in_year, "{}の{}", "{} of {}")                                                        \
  X(period_confirmed, "の報告は確定済みです。事務局が再開するまで変更できません",                       \
    "the period is confirmed and locked until the secretariat reopens it")                    \
  X(period_submitted, "提出済みです。事務局が差し戻すまで変更できません",                             \
    "submitted: changes wait until the secretariat returns it")                               \
  X(out_of_plan, "{}は計画期間（{}〜{}）の外です", "FY{} is outside the plan period {}-{}")          \
  X(not_member_code, "構成市町の団体コードではありません", "not a member municipality's code")        \
  X(member_code_expected, "構成市町の団体コード（5桁）", "a member municipality's five-digit code")  \
  X(not_taking_part, "はこの取組に参加していません", "this municipality does not take part in the action") \
  X(bad_status, "予定・実施中・実施済・延期・中止（planned, in_progress, done, postponed, cancelled）のいずれかです", \
    "one of planned, in_progress, done, postponed, cancelled")                                \
  X(bad_grade, "圏域の評価区分（{}）のいずれかです", "one of the region's grades: {}")              \
  X(bad_next_direction, "継続・拡充・見直し・終了（continue, expand, review, end）のいずれかです",     \
    "one of continue, expand, review, end")                                                   \
  X(progress_first, "先に取組状況を登録してください", "enter the progress record before adding evidence") \
  X(bad_file_name, "ファイル名（200バイト以内、/ \\ や制御文字なし）を指定してください",                \
    "give a file name (up to 200 bytes, no slashes or control characters)")                   \
  X(empty_file, "ファイルが空です", "the file is empty")                                         \
  X(file_too_large, "ファイルは8MiBまでです", "files are limited to 8 MiB")                       \
  X(file_type_refused, "この種類のファイルは登録できません（内容の判定: {}）。{} のみです",             \
    "this kind of file is not accepted (content looks like {}); allowed: {}")                 \
  X(unknown_type, "不明", "unknown")                                                           \
  X(fiscal_year_required, "年度が必要です（例: 2025 または \"R7\"）",                              \
    "the fiscal year is required (e.g. 2025 or \"R7\")")                                       \
  X(bad_fiscal_year, "年度の形式が違います", "not a fiscal year")                                 \
  X(bad_deadline, "YYYY-MM-DD の実在する日付です", "must be a real date YYYY-MM-DD")              \
  X(deadline_past, "締切が過去の日付です", "the deadline is in the past")                          \
  X(bad_id_list, "整数の配列で指定してください", "must be an array of integers")                    \
  X(not_positive, "正の整数です", "must be a positive integer")                                   \
  X(not_region_field, "この圏域の分野ではありません", "not a field of this region")                  \
  X(not_region_kpi, "この圏域の成果指標ではありません", "not a KPI of this region")                  \
  X(secretariat_only, "差戻し・確定・再開は事務局が行います", "only the secretariat returns, confirms or reopens") \
  X(not_in_state, "「{}」の報告にはこの操作はできません", "not possible while the submission is {}")  \
  X(missing_progress, "取組状況が未入力です: {}", "no progress record yet: {}")                     \
  X(missing_actual, "成果指標の実績が未入力です: {}", "no actual yet: {}")                          \
  X(cannot_submit, "未入力の項目があるため提出できません", "cannot submit: some items are still missing") \
  X(rounds_exist, "この圏域にはすでに照会があります（サンプルは空の圏域にだけ入れます）",               \
    "the region already has rounds; sample data goes only into an empty one")
// clang-format on
KYOSEI_MESSAGES(progress, KYOSEI_PROGRESS_MESSAGES)
