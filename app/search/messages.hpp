#pragma once
// Messages of the search use case (see core/common/message.hpp).

#include "core/common/message.hpp"

// clang-format off
#define KYOSEI_SEARCH_MESSAGES(X)                                                              \
  X(query_missing, "検索語（q）を指定してください", "give a search term in q")                       \
  X(query_empty, "検索語が空です", "the search term is empty")                                     \
  X(bad_limit, "limit は1〜500の整数です", "limit must be 1-500")                                   \
  X(bad_limit_field, "1〜500の整数", "an integer 1-500")
// clang-format on
KYOSEI_MESSAGES(search, KYOSEI_SEARCH_MESSAGES)
