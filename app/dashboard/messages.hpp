#pragma once
// Texts of the dashboard read model (see core/common/message.hpp). The dashboard shows
// the Japanese text; the English one is for the catalogue's reviewers and future use.

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_DASHBOARD_MESSAGES(X)                                                           \
  X(sample_note, "成果指標の数値はサンプル（デモ用の架空の値）を含みます",                              \
    "the KPI figures include samples (invented values for the demo)")                          \
  X(not_reported, "未報告", "not reported")
// clang-format on
KYOSEI_MESSAGES(dashboard, KYOSEI_DASHBOARD_MESSAGES)
