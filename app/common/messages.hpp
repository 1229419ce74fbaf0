#pragma once
// Messages shared by every feature's use cases (see core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_COMMON_MESSAGES(X)                                                              \
  X(invalid_input, "入力内容に誤りがあります（{}件）", "{} problem(s) in the input")                \
  X(not_found, "{} が見つかりません", "{} not found")                                              \
  X(region_not_found, "圏域「{}」はありません", "there is no region '{}'")                          \
  X(duplicate_key, "同じ名前（キー）のものが既にあります（削除済みのものも名前を保持します）",             \
    "a record with the same key exists (deleted records keep their key)")                     \
  X(no_record_yet, "まだ登録されていません（If-Match は不要）", "there is no record yet: send no If-Match") \
  X(if_match_required, "If-Match に現在の版を指定してください", "send If-Match with the current version") \
  X(someone_saved_first, "他の人が先に更新しました（現在の版 {}）",                                 \
    "someone else saved first (current version {})")                                          \
  X(control_characters, "制御文字は使えません", "control characters are not allowed")              \
  X(too_many_bytes, "{}バイト以内にしてください", "at most {} bytes")                                \
  X(required, "入力が必要です", "must not be empty")
// clang-format on
KYOSEI_MESSAGES(common, KYOSEI_COMMON_MESSAGES)

#include "app/common/error.hpp"

namespace kyosei::app {

// An Error whose detail is `m` in both languages, filled with `args`.
template <typename... A>
Error error_of(Errc code, const Message& m, const A&... args) {
  return Error{code, m.ja(args...), m.en(args...), {}};
}
// A FieldError at `pointer` saying `m`.
template <typename... A>
FieldError field_error(std::string pointer, const Message& m, const A&... args) {
  return FieldError{std::move(pointer), m.ja(args...), m.en(args...)};
}
// 422 with the field problems.
inline Error invalid(std::vector<FieldError> fields) {
  const std::string n = std::to_string(fields.size());
  return Error{Errc::kValidationFailed, msg::common::invalid_input.ja(n),
               msg::common::invalid_input.en(n), std::move(fields)};
}
// 404 for a missing region.
inline Error region_not_found(const std::string& slug) {
  return error_of(Errc::kRegionNotFound, msg::common::region_not_found, slug);
}

}  // namespace kyosei::app
