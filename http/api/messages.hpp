#pragma once
// Messages of the HTTP API's own checks: query parameters, request bodies, the region slug
// in the path, CSRF (see core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_API_MESSAGES(X)                                                                 \
  X(unknown_param, "不明なパラメータ「{}」です", "unknown query parameter '{}'")                    \
  X(unknown_param_field, "このパラメータは使えません", "this parameter is not accepted here")         \
  X(repeated_param, "パラメータ「{}」が複数あります", "query parameter '{}' is given more than once") \
  X(repeated_param_field, "1回だけ指定してください", "give it once")                                \
  X(bad_slug, "圏域の識別子は英小文字・数字・ハイフンです",                                              \
    "a region slug is lower-case letters, digits and hyphens")                                 \
  X(json_content_type, "Content-Type は application/json にしてください",                          \
    "send Content-Type: application/json")                                                     \
  X(json_too_large, "送信データが上限（{}バイト）を超えています", "the JSON body exceeds {} bytes")     \
  X(json_malformed, "JSON を解釈できません（{}）", "malformed JSON or invalid UTF-8: {}")            \
  X(json_malformed_field, "JSON の書き方を確認してください", "check the JSON syntax and encoding")    \
  X(json_not_object, "JSON オブジェクトで送信してください", "the body must be a JSON object")          \
  X(invalid_input, "入力内容に誤りがあります", "the input has problems")                            \
  X(required_string, "必須の文字列です", "required string")                                        \
  X(unknown_field, "不明な項目です", "unknown field")                                               \
  X(a_string, "文字列で指定してください", "a string")                                                \
  X(code_as_string, "6桁の確認コードを文字列で指定してください", "a 6-digit code as a string")         \
  X(cross_site, "別のサイトからの操作は受け付けません", "cross-site requests are refused")             \
  X(csrf_token, "X-CSRF-Token ヘッダが必要です", "the X-CSRF-Token header is missing or wrong")
// clang-format on
KYOSEI_MESSAGES(api, KYOSEI_API_MESSAGES)
