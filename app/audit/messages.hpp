#pragma once
// Messages of the audit trail's use cases (see core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_AUDIT_MESSAGES(X)                                                               \
  X(bad_record_type, "記録の種類は英小文字と _ です（例: action）",                                  \
    "a record type is lower-case letters and _ (e.g. action)")                                 \
  X(bad_text_filter, "200文字以内で、制御文字は使えません", "at most 200 characters, no control characters") \
  X(bad_time, "日付（2025-04-01）か UTC の日時（2025-04-01T09:00:00Z）です",                          \
    "a date (2025-04-01) or a UTC time (2025-04-01T09:00:00Z)")                                \
  X(to_not_after_from, "to は from より後にしてください", "to must be later than from")              \
  X(bad_limit, "limit は1〜1000の整数です", "limit must be 1-1000")                                 \
  X(bad_limit_field, "1〜1000の整数", "an integer 1-1000")                                         \
  X(bad_before, "before は1以上の整数です", "before must be a positive integer")                    \
  X(bad_before_field, "1以上の整数", "a positive integer")
// clang-format on
KYOSEI_MESSAGES(audit, KYOSEI_AUDIT_MESSAGES)
