#pragma once
// Messages of the region's validation rules (core/plan/validation.cpp; see
// core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_PLAN_RULES_MESSAGES(X)                                                          \
  X(required, "入力が必要です", "must not be empty")                                                \
  X(year_out_of_range, "年度 {} は範囲外です", "fiscal year {} is out of range")                       \
  X(slug_format, "英小文字・数字・ハイフンのみ（64文字まで）で指定してください",                              \
    "use lower-case letters, digits and hyphens only (at most 64)")                            \
  X(plan_ends_before_start, "計画期間の終わりが始まりより前です", "the plan period ends before it starts") \
  X(no_municipalities, "構成市町村がありません", "the region has no municipalities")                   \
  X(bad_code, "団体コード「{}」が正しくありません（5桁、または検査数字付き6桁）",                              \
    "local government code '{}' is invalid (5 digits, or 6 with a valid check digit)")        \
  X(duplicate_code, "団体コード {} が重複しています", "local government code {} appears twice")           \
  X(duplicate_municipality_name, "市町村名「{}」が重複しています", "municipality name '{}' appears twice") \
  X(central_count, "中心市はちょうど1つ必要です（現在 {}）", "exactly one central city is required (found {})") \
  X(not_a_member, "団体コード {} は構成市町村にありません", "municipality {} is not a member of the region") \
  X(agreement_kind, "協定の種類は formation（形成協定）か other です",                                   \
    "agreement kind must be 'formation' or 'other'")                                          \
  X(duplicate_agreement, "協定名「{}」が重複しています", "agreement title '{}' appears twice")            \
  X(formation_partner, "形成協定には相手の市町が必要です", "a formation agreement needs its partner municipality") \
  X(resolved_after_signed, "議決日が締結日より後です", "the council resolution is dated after the signing") \
  X(policy_area_code, "政策分野コード「{}」は living / network / management のいずれかです",            \
    "policy area code '{}' must be living, network or management")                            \
  X(duplicate_policy_area, "政策分野 {} が重複しています", "policy area {} appears twice")              \
  X(duplicate_field, "分野「{}」が重複しています", "field '{}' appears twice")                          \
  /* Japanese: (field, category); English: (category, field). */                              \
  X(duplicate_category, "分野「{}」にカテゴリ「{}」が重複しています", "category '{}' appears twice in field '{}'") \
  X(duplicate_year, "{}年度が重複しています", "fiscal year {} appears twice")                          \
  X(year_before_category, "{}年度はカテゴリがまだ存在しません（stages を確認）",                            \
    "the category does not exist yet in fiscal year {} (check its stages)")                   \
  X(no_stage, "段階（候補・協議中・実施・終了）が1つ以上必要です",                                          \
    "at least one stage (candidate, discussing, active, ended) is required")                  \
  /* Japanese: the stages' labels; English: their codes. */                                   \
  X(stage_backwards, "「{}」から「{}」へは戻れません（候補→協議中→実施→終了の順）",                          \
    "cannot go from {} to {} (order: candidate, discussing, active, ended)")                  \
  X(stage_start_order, "「{}」の開始年度は「{}」（{}年度）より後でなければなりません",                         \
    "{} must start after {} ({})")                                                            \
  X(duplicate_participant, "参加市町 {} が重複しています", "participant {} appears twice")              \
  X(all_and_list, "全市町と個別の参加市町を同時には指定できません",                                         \
    "give either all municipalities or a list, not both")                                     \
  X(lead_not_participating, "幹事市町 {} が参加市町に含まれていません",                                   \
    "lead municipality {} does not take part in the action")                                  \
  X(viewpoint_range, "視点は1〜6（❶〜➏）です", "viewpoints are 1 to 6")                              \
  X(duplicate_viewpoint, "視点 {} が重複しています", "viewpoint {} appears twice")                      \
  X(unknown_agreement, "協定「{}」は登録されていません", "agreement '{}' is not defined in the region")   \
  X(viewpoint_number_range, "視点の番号は1〜6です", "viewpoint numbers are 1 to 6")                     \
  X(schedule_kind,                                                                             \
    "種類「{}」は subcommittee / council / opinions / reflection / collection / other のいずれかです", \
    "kind '{}' must be subcommittee, council, opinions, reflection, collection or other")      \
  X(month_range, "月は1〜12です", "month must be 1 to 12")                                          \
  X(to_month_before_from, "終了月が開始月より前です（年度は4月始まり）",                                     \
    "to_month comes before from_month in the fiscal year (April first)")
// clang-format on
KYOSEI_MESSAGES(plan_rules, KYOSEI_PLAN_RULES_MESSAGES)
