#pragma once
// Messages of accounts, sessions, the second factor and permissions (see
// core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_ACCESS_MESSAGES(X)                                                              \
  X(forbidden, "この操作を行う権限がありません", "your role does not allow this")                     \
  X(unauthenticated, "ログインしてください", "sign in first")                                       \
  X(sign_in_failed, "ログインIDまたはパスワードが違います", "wrong login or password")                  \
  X(enrol_totp_first, "二要素認証（TOTP）の登録が必要です", "enrol a TOTP second factor first")        \
  X(enter_code, "確認コードを入力してください", "enter your one-time code")                           \
  X(too_many_attempts, "失敗が続いたため、しばらく受け付けません", "too many failed attempts; try again later") \
  X(wrong_code, "確認コードが違います", "wrong one-time code")                                       \
  X(no_second_factor, "二要素認証が登録されていません", "no second factor is enrolled")                 \
  X(enrol_first, "先に登録してください", "enrol first")                                              \
  X(wrong_current_password, "現在のパスワードが違います", "the current password is wrong")              \
  X(wrong_current_password_field, "現在のパスワードが違います", "wrong current password")              \
  X(reauth_needed, "現在のパスワードか確認コードが必要です",                                           \
    "give the current password or a current one-time code")                                    \
  X(reauth_needed_field, "現在のパスワードか確認コード（code）を指定してください",                       \
    "the current password, or a one-time code in /code")                                       \
  X(start_enrolment_first, "先に登録を開始してください", "start the enrolment first")                 \
  X(grant, "役割 {}: {}", "grant {}: {}")                                                         \
  X(unknown_role, "役割「{}」はありません", "unknown role '{}'")                                      \
  X(grant_twice, "同じ役割が2回指定されています", "the same grant is given twice")                     \
  X(editor_needs_municipality, "市町担当には市町の団体コードが必要です",                                 \
    "a municipality editor needs a municipality code (REGION:ROLE:CODE)")                      \
  X(not_a_municipality, "団体コード「{}」はこの圏域の市町ではありません",                               \
    "'{}' is not a municipality of the region")                                                \
  X(role_takes_no_municipality, "この役割に市町は指定できません",                                      \
    "this role takes no municipality (a subcommittee member takes field ids)")                 \
  X(member_needs_fields, "部会員には分野の ID が必要です",                                            \
    "a subcommittee member needs field ids (REGION:subcommittee_member:ID[,ID…])")             \
  X(not_a_field, "分野 {} はこの圏域にありません", "field {} is not a field of the region")             \
  X(role_takes_no_fields, "この役割に分野は指定できません", "only a subcommittee member takes fields")   \
  X(login_length, "ログインIDは1〜64文字です", "login must be 1-64 characters")                       \
  X(login_taken, "ログインID「{}」は使われています", "login '{}' is taken")                            \
  X(no_user, "ユーザー「{}」はいません", "no user '{}'")                                              \
  X(password_too_short, "パスワードは12文字以上にしてください", "the password must have at least 12 characters") \
  X(password_too_long, "パスワードは128文字以内にしてください", "the password must have at most 128 characters") \
  X(password_digits_only, "数字だけのパスワードは使えません", "the password must not be digits only")   \
  X(password_has_login, "ログイン名を含むパスワードは使えません", "the password must not contain the login name")
// clang-format on
KYOSEI_MESSAGES(access, KYOSEI_ACCESS_MESSAGES)
